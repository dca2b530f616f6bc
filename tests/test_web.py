"""The HTTP check and action against a real local HTTP server (no engine needed)."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from dockerlab.checks import evaluate
from dockerlab.context import EngineProvider, StepContext
from dockerlab.engine.types import ContainerInfo
from dockerlab.errors import DockerlabError
from dockerlab.events import Event, Waiting
from dockerlab.model import Lesson, Step
from dockerlab.web import http_request, subset


class Handler(BaseHTTPRequestHandler):
    created: ClassVar[dict[str, Any]] = {}

    def log_message(self, *args: Any) -> None:
        pass

    def reply(self, status: int, body: str, kind: str = "application/json") -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        if self.path == "/":
            self.reply(200, json.dumps({"mensaje": "hola", "extra": {"a": 1, "b": 2}}))
        elif self.path == "/privado":
            ok = self.headers.get("Authorization") == "token t"
            self.reply(200 if ok else 403, '{"ok": true}' if ok else "Forbidden", "text/plain")
        elif self.path == "/roto":
            self.reply(500, "Traceback (most recent call last): ZeroDivisionError", "text/plain")
        else:
            self.reply(404, '{"detail":"Not Found"}')

    def do_PUT(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        Handler.created[self.path] = json.loads(self.rfile.read(length))
        self.reply(201, '{"created": true}')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve(port: int) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def server() -> Iterator[int]:
    port = free_port()
    running = serve(port)
    yield port
    running.shutdown()
    running.server_close()


class FakeEngine:
    def __init__(self, published: int | None = None) -> None:
        self.published = published

    def containers(self, **filters: Any) -> list[ContainerInfo]:
        if self.published is None:
            return []
        return [ContainerInfo("c", "api", "api", "", "running", 0, {},
                              {"80/tcp": [f"127.0.0.1:{self.published}"]})]


def context(events: list[Event], published: int | None = None) -> StepContext:
    step = Step("paso", 1, "Paso", "x")
    lesson = Lesson("web", "Web", "", (step,), Path("web.yaml"))
    return StepContext(lesson, step, EngineProvider(lambda: FakeEngine(published)),  # type: ignore[arg-type,return-value]
                       events.append)


def check(events: list[Event], published: int | None = None, **params: Any) -> Any:
    return evaluate(context(events, published), "http", params)


def test_json_subset_and_text(server: int) -> None:
    events: list[Event] = []
    url = f"http://127.0.0.1:{server}/"
    result = check(events, url=url, json={"mensaje": "hola", "extra": {"a": 1}})
    assert result.passed and "hola" in result.found
    assert check(events, url=url, contains='"mensaje"').passed
    wrong = check(events, url=url, json={"mensaje": "adiós"}, timeout=0)
    assert not wrong.passed and 'HTTP 200: {"mensaje": "hola"' in wrong.found
    assert "otro contenido" in wrong.hint


def test_status_and_headers(server: int) -> None:
    events: list[Event] = []
    url = f"http://127.0.0.1:{server}/privado"
    assert check(events, url=url, status=403).passed
    assert check(events, url=url, headers={"Authorization": "token t"}).passed
    refused = check(events, url=url, timeout=0)
    assert not refused.passed and refused.found == "HTTP 403: Forbidden" and "token" in refused.hint


def test_failures_report_status_and_a_body_excerpt(server: int) -> None:
    events: list[Event] = []
    broken = check(events, url=f"http://127.0.0.1:{server}/roto", timeout=0)
    assert broken.found.startswith("HTTP 500: Traceback") and "docker logs" in broken.hint
    missing = check(events, url=f"http://127.0.0.1:{server}/nada", timeout=0)
    assert "404" in missing.found and "ruta" in missing.hint


def test_nobody_listening_and_no_container_fails_at_once() -> None:
    events: list[Event] = []
    started = time.monotonic()
    result = check(events, url=f"http://127.0.0.1:{free_port()}/", timeout=60)
    assert time.monotonic() - started < 5
    assert not result.passed and result.found.startswith("sin respuesta")
    assert "Ningún contenedor" in result.hint
    assert not any(isinstance(e, Waiting) for e in events)


def test_waits_visibly_while_a_published_server_starts() -> None:
    port = free_port()
    events: list[Event] = []
    late: list[ThreadingHTTPServer] = []
    timer = threading.Timer(2.5, lambda: late.append(serve(port)))
    timer.start()
    try:
        result = check(events, published=port, url=f"http://127.0.0.1:{port}/", timeout=20)
    finally:
        timer.join()
        for running in late:
            running.shutdown()
            running.server_close()
    assert result.passed
    waits = [e for e in events if isinstance(e, Waiting)]
    assert waits and all(w.limit == 20 and w.elapsed < 20 for w in waits)


def test_the_wait_is_bounded() -> None:
    port = free_port()
    events: list[Event] = []
    started = time.monotonic()
    result = check(events, published=port, url=f"http://127.0.0.1:{port}/", timeout=2)
    assert 2 <= time.monotonic() - started < 5
    assert not result.passed and "«api» publica el puerto" in result.hint


def test_http_request_action_sends_json_and_fails_in_spanish(server: int) -> None:
    events: list[Event] = []
    ctx = context(events)
    http_request(ctx, f"http://127.0.0.1:{server}/api/cosa", "PUT", {"X": "1"},
                 {"type": "notebook"}, "")
    assert Handler.created["/api/cosa"] == {"type": "notebook"}
    with pytest.raises(DockerlabError, match="no funcionó: HTTP 404"):
        http_request(ctx, f"http://127.0.0.1:{server}/nada", "GET", None, None, "")


def test_subset() -> None:
    assert subset({"a": {"b": 1}}, {"a": {"b": 1, "c": 2}, "d": 3})
    assert not subset({"a": [1]}, {"a": [1, 2]})
    assert not subset({"a": 1}, [1])


class OneContainer:
    def __init__(self, info: ContainerInfo | None) -> None:
        self.info = info

    def container(self, name: str) -> ContainerInfo | None:
        return self.info


def published(info: ContainerInfo | None, **params: Any) -> Any:
    step = Step("paso", 1, "Paso", "x")
    lesson = Lesson("web", "Web", "", (step,), Path("web.yaml"))
    ctx = StepContext(lesson, step, EngineProvider(lambda: OneContainer(info)))  # type: ignore[arg-type,return-value]
    return evaluate(ctx, "port_published", {"container": "api", "port": 80, **params})


def api(status: str = "running", **ports: list[str]) -> ContainerInfo:
    return ContainerInfo("c", "api", "api", "", status, 0, {}, {"80/tcp": ports.get("p", [])})


def test_port_published_says_who_can_reach_it() -> None:
    everyone = published(api(p=["0.0.0.0:80", ":::80"]), host_port=80)
    assert everyone.passed and everyone.found == (
        "0.0.0.0:80 y :::80 (en todas las interfaces: visible desde tu red)")
    assert published(api(p=["127.0.0.1:8080"])).found == "127.0.0.1:8080 (solo desde tu equipo)"
    wrong = published(api(p=["127.0.0.1:8081"]), host_port=8080)
    assert not wrong.passed and "-p 8080:80" in wrong.hint
    unpublished = published(api())
    assert not unpublished.passed and "no se puede añadir después" in unpublished.hint
    assert "no está en marcha" in published(api("exited"), host_port=80).found
    assert not published(None).passed
