"""A stand-in for Docker Hub's search API (v1) on 127.0.0.1, which the real engine queries
when a search term names it (``docker search 127.0.0.1:PORT/ubuntu``): the engine treats
loopback registries as plain-HTTP ones, so search is judged end to end without internet."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlsplit

ROWS: list[dict[str, object]] = [
    {
        "name": "ubuntu",
        "description": "Ubuntu",
        "star_count": 17000,
        "is_official": True,
        "is_automated": False,
    },
    {
        "name": "alguien/ubuntu",
        "description": "",
        "star_count": 3,
        "is_official": False,
        "is_automated": False,
    },
]


class _Index(BaseHTTPRequestHandler):
    asked: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        type(self).asked.append(url.path)
        if url.path == "/v1/_ping":
            self._reply(
                b"true", {"X-Docker-Registry-Version": "0.6.0", "X-Docker-Registry-Standalone": "true"}
            )
        elif url.path == "/v1/search":
            query = parse_qs(url.query).get("q", [""])[0]
            found = [r for r in ROWS if query in str(r["name"])]
            self._reply(
                json.dumps({"query": query, "num_results": len(found), "results": found}).encode(), {}
            )
        else:
            self.send_error(404)

    def _reply(self, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


class SearchIndex:
    def __init__(self, address: str, asked: list[str]) -> None:
        self.address = address  # 127.0.0.1:PORT
        self.asked = asked  # every path the engine requested


@contextmanager
def search_index() -> Iterator[SearchIndex]:
    _Index.asked = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Index)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield SearchIndex(f"127.0.0.1:{server.server_address[1]}", _Index.asked)
    finally:
        server.shutdown()
        server.server_close()
