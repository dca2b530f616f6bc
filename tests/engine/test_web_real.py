"""The ``http`` and ``port_published`` checks and the ``http_request`` action against servers
in real containers: the checks find who publishes a port through the real engine."""

from __future__ import annotations

import json
import socket
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from dockerlab.engine.gateway import Engine
from dockerlab.engine.labels import LABEL_LESSON
from dockerlab.engine.provider import EngineProvider
from dockerlab.errors import DockerlabError
from dockerlab.events import Event, Waiting
from dockerlab.kinds.all import evaluate
from dockerlab.kinds.base import CheckResult
from dockerlab.kinds.context import StepContext
from dockerlab.kinds.web import fetch, http_request
from dockerlab.model import Lesson, Step

pytestmark = [pytest.mark.serial]  # measures waits

OWN = "pruebas-web"
LABELS = {LABEL_LESSON: OWN}
RUN = uuid.uuid4().hex[:8]  # container names of this run: nobody else's are touched
PYTHON = "python:3.12-slim"

# The app a lesson would publish: JSON on «/», a token on «/privado», a crash on «/roto»,
# PUT stores the body (read back with «docker exec … cat»). ``argv[1]``: seconds before listening.
SERVER = r"""
import json, sys, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CREATED = "/tmp/created.json"
created = {}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, status, body, kind="application/json"):
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/":
            self.reply(200, json.dumps({"mensaje": "hola", "extra": {"a": 1, "b": 2}}))
        elif self.path == "/privado":
            ok = self.headers.get("Authorization") == "token t"
            self.reply(200 if ok else 403, '{"ok": true}' if ok else "Forbidden", "text/plain")
        elif self.path == "/roto":
            self.reply(500, "Traceback (most recent call last): ZeroDivisionError", "text/plain")
        else:
            self.reply(404, '{"detail":"Not Found"}')

    def do_PUT(self):
        length = int(self.headers.get("Content-Length") or 0)
        created[self.path] = json.loads(self.rfile.read(length))
        with open(CREATED, "w") as out:
            json.dump(created, out)
        self.reply(201, '{"created": true}')


time.sleep(float(sys.argv[1]))
ThreadingHTTPServer(("0.0.0.0", 8000), Handler).serve_forever()
"""


@dataclass(frozen=True)
class Server:
    name: str
    port: int  # on 127.0.0.1 of this machine


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(engine: Engine, name: str, port: int, delay: float = 0) -> None:
    engine.run(
        PYTHON,
        name=name,
        labels=LABELS,
        command=["python3", "-u", "-c", SERVER, str(delay)],
        ports={"8000/tcp": ("127.0.0.1", port)},
    )


def sleeper(engine: Engine, name: str, ports: dict[str, Any] | None = None) -> None:
    engine.run("busybox", name=name, labels=LABELS, command=["sleep", "600"], ports=ports)


@pytest.fixture(scope="module")
def engine(engines: EngineProvider) -> Iterator[Engine]:
    engine = engines.get()
    for image in (PYTHON, "busybox"):
        if engine.image(image) is None:
            list(engine.pull(image))
    try:
        yield engine
    finally:
        engine.remove_labelled(OWN)


@pytest.fixture(scope="module")
def server(engine: Engine) -> Iterator[Server]:
    """One server container for the module, ready when handed out."""
    running = Server(f"dl_web_api_{RUN}", free_port())
    start_server(engine, running.name, running.port)
    try:
        deadline = time.monotonic() + 30
        while fetch(f"http://127.0.0.1:{running.port}/", timeout=2).status != 200:
            assert time.monotonic() < deadline, engine.logs(running.name)
            time.sleep(0.2)
        yield running
    finally:
        engine.remove_container(running.name, force=True)


def context(engines: EngineProvider, events: list[Event]) -> StepContext:
    step = Step("paso", 1, "Paso", "x")
    lesson = Lesson(OWN, "Web", "", (step,), Path("web.yaml"))
    return StepContext(lesson, step, engines, events.append)


def check(engines: EngineProvider, events: list[Event], **params: Any) -> CheckResult:
    return evaluate(context(engines, events), "http", params)


def test_json_subset_and_text(server: Server, engines: EngineProvider) -> None:
    events: list[Event] = []
    url = f"http://127.0.0.1:{server.port}/"
    result = check(engines, events, url=url, json={"mensaje": "hola", "extra": {"a": 1}})
    assert result.passed and "hola" in result.found
    assert check(engines, events, url=url, contains='"mensaje"').passed
    wrong = check(engines, events, url=url, json={"mensaje": "adiós"}, timeout=0)
    assert not wrong.passed and 'HTTP 200: {"mensaje": "hola"' in wrong.found
    assert "otro contenido" in wrong.hint


def test_status_and_headers(server: Server, engines: EngineProvider) -> None:
    events: list[Event] = []
    url = f"http://127.0.0.1:{server.port}/privado"
    assert check(engines, events, url=url, status=403).passed
    assert check(engines, events, url=url, headers={"Authorization": "token t"}).passed
    refused = check(engines, events, url=url, timeout=0)
    assert not refused.passed and refused.found == "HTTP 403: Forbidden" and "token" in refused.hint


def test_failures_report_status_and_a_body_excerpt(server: Server, engines: EngineProvider) -> None:
    events: list[Event] = []
    broken = check(engines, events, url=f"http://127.0.0.1:{server.port}/roto", timeout=0)
    assert broken.found.startswith("HTTP 500: Traceback") and "docker logs" in broken.hint
    missing = check(engines, events, url=f"http://127.0.0.1:{server.port}/nada", timeout=0)
    assert "404" in missing.found and "ruta" in missing.hint


def test_nobody_listening_and_no_container_fails_at_once(engines: EngineProvider) -> None:
    events: list[Event] = []
    started = time.monotonic()
    result = check(engines, events, url=f"http://127.0.0.1:{free_port()}/", timeout=60)
    assert time.monotonic() - started < 5
    assert not result.passed and result.found.startswith("sin respuesta")
    assert "Ningún contenedor" in result.hint
    assert not any(isinstance(e, Waiting) for e in events)


def test_waits_visibly_while_a_published_server_starts(engine: Engine, engines: EngineProvider) -> None:
    name, port = f"dl_web_tarde_{RUN}", free_port()
    start_server(engine, name, port, delay=2.5)  # published at once, listening 2.5 s later
    events: list[Event] = []
    try:
        result = check(engines, events, url=f"http://127.0.0.1:{port}/", timeout=20)
    finally:
        engine.remove_container(name, force=True)
    assert result.passed
    waits = [e for e in events if isinstance(e, Waiting)]
    assert waits and all(w.limit == 20 and w.elapsed < 20 for w in waits)


def test_the_wait_is_bounded(engine: Engine, engines: EngineProvider) -> None:
    name, port = f"dl_web_mudo_{RUN}", free_port()
    sleeper(engine, name, {"80/tcp": ("127.0.0.1", port)})  # publishes, never answers
    events: list[Event] = []
    try:
        started = time.monotonic()
        result = check(engines, events, url=f"http://127.0.0.1:{port}/", timeout=2)
        took = time.monotonic() - started
    finally:
        engine.remove_container(name, force=True)
    assert 2 <= took < 5
    assert not result.passed and f"«{name}» publica el puerto" in result.hint


def test_http_request_action_sends_json_and_fails_in_spanish(
    server: Server, engine: Engine, engines: EngineProvider
) -> None:
    ctx = context(engines, [])
    http_request(ctx, f"http://127.0.0.1:{server.port}/api/cosa", "PUT", {"X": "1"}, {"type": "notebook"}, "")
    code, stored = engine.exec(server.name, ["cat", "/tmp/created.json"])
    assert code == 0, stored
    assert json.loads(stored)["/api/cosa"] == {"type": "notebook"}
    with pytest.raises(DockerlabError, match="no funcionó: HTTP 404"):
        http_request(ctx, f"http://127.0.0.1:{server.port}/nada", "GET", None, None, "")


def published(engines: EngineProvider, name: str, **params: Any) -> CheckResult:
    return evaluate(context(engines, []), "port_published", {"container": name, "port": 80, **params})


def test_port_published_says_who_can_reach_it(engine: Engine, engines: EngineProvider) -> None:
    everyone, local, bare, stopped = (f"dl_web_{role}_{RUN}" for role in ("todos", "local", "sin", "parado"))
    wide, near = free_port(), free_port()
    other = near + 1 if near < 65535 else near - 1
    try:
        sleeper(engine, everyone, {"80/tcp": wide})  # -p WIDE:80, every interface
        sleeper(engine, local, {"80/tcp": ("127.0.0.1", near)})
        sleeper(engine, bare)
        engine.run("busybox", name=stopped, labels=LABELS, command=["true"])
        assert engine.wait(stopped, 30) == 0

        result = published(engines, everyone, host_port=wide)
        assert result.passed and result.found == (
            f"0.0.0.0:{wide} y :::{wide} (en todas las interfaces: visible desde tu red)"
        )
        assert published(engines, local).found == f"127.0.0.1:{near} (solo desde tu equipo)"
        wrong = published(engines, local, host_port=other)
        assert (
            not wrong.passed
            and wrong.found == f"publicaste el {near} de tu equipo hacia el 80 del contenedor"
        )
        assert f"«-p 127.0.0.1:{other}:80»" in wrong.hint and f"«docker rm -f {local}»" in wrong.hint
        unpublished = published(engines, bare)
        assert (
            not unpublished.passed and unpublished.found == f"«{bare}» no publica ningún puerto en tu equipo"
        )
        assert "no se cambia después" in unpublished.hint and "«-p 127.0.0.1:80:80»" in unpublished.hint
        assert "no está en marcha" in published(engines, stopped, host_port=wide).found
        assert not published(engines, f"dl_web_nadie_{RUN}").passed
    finally:
        for name in (everyone, local, bare, stopped):
            if engine.container(name) is not None:
                engine.remove_container(name, force=True)
