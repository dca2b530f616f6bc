"""The failing cases of issue 19, as a learner produces them: the real ``docker`` CLI creates
the mistake, then a shipped lesson's own step (its checks, with this run's names and ports)
is verified through the runner. Shared by tests/engine/test_fast_verdicts.py and the
benchmark (benchmarks/bench_verdicts.py), which prints each case's time to verdict.

Every object created here carries ``io.dockerlab.lesson=pruebas-veredicto`` and a per-run
name, so nothing of anybody else's is touched.
"""

from __future__ import annotations

import dataclasses
import os
import socket
import subprocess
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from helpers import DEBIAN_CLI

from dockerlab.course.catalog import load_file
from dockerlab.course.settings import apply
from dockerlab.engine.labels import LABEL_LESSON
from dockerlab.engine.provider import EngineProvider
from dockerlab.events import Event
from dockerlab.model import Lesson, Spec
from dockerlab.tutor.runner import Runner, Verdict

OWN = "pruebas-veredicto"
RUN = uuid.uuid4().hex[:8]
LESSONS = Path(__file__).resolve().parents[2] / "lessons"
EXAMPLES = LESSONS.parent / "examples"
PYTHON = "python:3.12-slim"

# Answers 403 unless the request carries «Authorization: token otro-token»: a Jupyter started
# without «-e JUPYTER_TOKEN=…» (it made up a token of its own).
JUPYTER_LIKE = r"""
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        ok = self.headers.get("Authorization") == "token otro-token"
        body = b'{"started": "2026"}' if ok else b"Forbidden"
        self.send_response(200 if ok else 403)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

ThreadingHTTPServer(("0.0.0.0", 8888), Handler).serve_forever()
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def docker(*args: str, cwd: Path | None = None) -> str:
    """The learner's ``docker``; a build goes through BuildKit, as on a current Docker (the
    examples' Dockerfiles use cache mounts, which the legacy builder refuses)."""
    program, env = "docker", None
    if args and args[0] == "build" and DEBIAN_CLI.exists():
        program, env = str(DEBIAN_CLI), {**os.environ, "DOCKER_BUILDKIT": "1"}
    done = subprocess.run([program, *args], cwd=cwd, capture_output=True, text=True, timeout=600, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _renamed(value: Any, names: dict[str, str]) -> Any:
    if isinstance(value, str):
        for old, new in names.items():
            value = value.replace(old, new)
        return value
    if isinstance(value, dict):
        return {k: _renamed(v, names) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_renamed(v, names) for v in value)
    return value


def shipped_step(lesson_file: str, step_id: str, settings: dict[str, Any], names: dict[str, str]) -> Lesson:
    """A one-step lesson: the shipped step with this run's settings and object names (its
    checks unchanged otherwise), labelled as ours and working in a temporary folder."""
    shipped = apply(load_file(LESSONS / lesson_file), settings)
    step = shipped.step(step_id)
    checks = tuple(Spec(s.kind, _renamed(dict(s.params), names)) for s in step.checks)
    mine = dataclasses.replace(
        step,
        number=1,
        checks=checks,
        command=_renamed(step.command, names),
        hints=_renamed(step.hints, names),
    )
    return dataclasses.replace(
        shipped, id=OWN, steps=(mine,), settings=(), workdir=None, values={}, template=None
    )


@dataclasses.dataclass
class Case:
    title: str
    lesson: Lesson
    cleanup: Callable[[], None]

    def verify(self, engines: EngineProvider) -> tuple[float, Verdict, list[Event]]:
        events: list[Event] = []
        runner = Runner(self.lesson, None, engines, events.append)
        started = time.monotonic()
        verdict = runner.check(self.lesson.steps[0])
        return time.monotonic() - started, verdict, events


def _remove(*containers: str) -> Callable[[], None]:
    def remove() -> None:
        for name in containers:
            subprocess.run(["docker", "rm", "-f", name], capture_output=True, timeout=60)

    return remove


def _wait_listening(port: int, path: str = "/") -> None:
    import urllib.request

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.build_opener(urllib.request.ProxyHandler({})).open(
                f"http://127.0.0.1:{port}{path}", timeout=2
            )
            return
        except OSError as exc:
            if getattr(exc, "code", None):  # an HTTP error is an answer
                return
            time.sleep(0.2)
    raise AssertionError(f"nothing answered on {port}")


def fastapi_wrong_container_port(tmp: Path) -> Case:
    """«docker run … -p 127.0.0.1:PORT:8000 fastapi_app»: the API listens on 80 inside."""
    name, port = f"dl_fastapi_cont_{RUN}", free_port()
    docker(
        "run", "-d", "--name", name, "--label", f"{LABEL_LESSON}={OWN}",
        "-p", f"127.0.0.1:{port}:8000", PYTHON, "python", "-m", "http.server", "80",
    )  # fmt: skip
    lesson = shipped_step("40-fastapi.yaml", "ejecutar", {"port": port}, {"fastapi_cont": name})
    return Case("fastapi: -p equipo:8000 (la API escucha en el 80)", lesson, _remove(name))


def jupyter_without_token(tmp: Path) -> Case:
    """The jupyter step's command typed without «-e JUPYTER_TOKEN=…»."""
    name, port = f"dl_jupyter_lab_{RUN}", free_port()
    (tmp / "work").mkdir(exist_ok=True)
    docker(
        "run", "-d", "--name", name, "--label", f"{LABEL_LESSON}={OWN}",
        "-p", f"127.0.0.1:{port}:8888", "-v", f"{tmp / 'work'}:/home/jovyan/work",
        PYTHON, "python", "-u", "-c", JUPYTER_LIKE,
    )  # fmt: skip
    _wait_listening(port)
    lesson = shipped_step("60-jupyter.yaml", "ejecutar", {"port": port}, {"jupyter_lab": name})
    lesson = dataclasses.replace(lesson, source=tmp / "jupyter.yaml")  # ./work is tmp/work
    return Case("jupyter: sin -e JUPYTER_TOKEN (403)", lesson, _remove(name))


def ml_wrong_body(tmp: Path) -> Case:
    """The ml «editar» step with a typo in the edit: 200, but the wrong message."""
    name, port = f"dl_ml_{RUN}", free_port()
    site = tmp / "sitio"
    site.mkdir(exist_ok=True)
    (site / "index.html").write_text('{"mensaje": "Modelo iris actualisado"}')
    docker(
        "run", "-d", "--name", name, "--label", f"{LABEL_LESSON}={OWN}",
        "-p", f"127.0.0.1:{port}:80", "-v", f"{site}:/srv:ro",
        PYTHON, "python", "-m", "http.server", "80", "-d", "/srv",
    )  # fmt: skip
    _wait_listening(port)
    lesson = shipped_step("50-ml.yaml", "editar", {"port": port}, {})
    return Case("ml: 200 con otro mensaje (errata)", lesson, _remove(name))


def ml_compose_not_up(tmp: Path) -> Case:
    """The ml «levantar» step verified before «docker compose up» (or from another folder)."""
    lesson = shipped_step("50-ml.yaml", "levantar", {"port": free_port()}, {"ml": f"dlml{RUN}"})
    return Case("ml: compose sin levantar", lesson, lambda: None)


CASES = (fastapi_wrong_container_port, jupyter_without_token, ml_wrong_body, ml_compose_not_up)
