"""A registry on 127.0.0.1 that serves nothing without a login, as Docker Hub answers for a
repository that does not exist (or is private): the engine itself talks to it, fetches an
anonymous token and is refused, so the refusal it reports is real."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class _NeedsLogin(BaseHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass

    def _reply(self, status: int, body: dict[str, Any], challenge: bool = False) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        if challenge:
            realm = f"http://127.0.0.1:{self.server.server_address[1]}/token"
            self.send_header("WWW-Authenticate", f'Bearer realm="{realm}",service="pruebas"')
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def do_GET(self) -> None:
        if self.path.startswith("/token"):  # anyone gets a token, and it opens nothing
            self._reply(200, {"token": "anonimo", "access_token": "anonimo"})
        elif self.path == "/v2/" and "Authorization" in self.headers:
            self._reply(200, {})
        else:
            denied = {"code": "UNAUTHORIZED", "message": "requested access to the resource is denied"}
            self._reply(401, {"errors": [denied]}, challenge=True)

    do_HEAD = do_GET


@contextmanager
def login_registry() -> Iterator[str]:
    """``127.0.0.1:PORT`` (loopback registries are plain HTTP for the engine)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _NeedsLogin)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
