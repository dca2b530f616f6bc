"""Slow starts and bounded waits on the real engine, through the tutor's own walk: a server in
a container that starts late is waited for visibly (Waiting events, within the bound) and the
step passes; one that never answers ends the wait at the bound as a failed step with a Spanish
explanation naming the container, and the tutor goes on. (A kind that raises a timeout: see
tests/unit/test_step_errors.py.)"""

from __future__ import annotations

import socket
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import pulled

from dockerlab.course.catalog import load_file
from dockerlab.engine.gateway import Engine
from dockerlab.engine.labels import LABEL_LESSON
from dockerlab.engine.provider import EngineProvider
from dockerlab.events import CheckFinished, Event, StepFinished, Waiting
from dockerlab.model import Question, Step
from dockerlab.tutor.menu import MenuItem
from dockerlab.tutor.progress import FAILED, PASSED, ProgressStore
from dockerlab.tutor.runner import Runner
from dockerlab.tutor.walk import QUIT, VERIFY, walk_lesson

pytestmark = [pytest.mark.serial]  # measures waits

OWN = "pruebas-espera"
NAME = f"dl_espera_{uuid.uuid4().hex[:8]}"


class Prompter:
    def __init__(self, script: list[str]) -> None:
        self.script = script

    def choose_lesson(self, items: list[MenuItem], default: str | None) -> str | None:
        return None

    def choose_action(self, step: Step, has_question: bool) -> str:
        return self.script.pop(0)

    def ask(self, question: Question) -> str | None:
        return None

    def confirm_removal(self, name: str) -> str | None:
        return None


@pytest.fixture
def engine(engines: EngineProvider) -> Iterator[Engine]:
    engine = engines.get()
    pulled(engine, "busybox")
    try:
        yield engine
    finally:
        engine.remove_labelled(OWN)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start(engine: Engine, port: int, script: str) -> None:
    """A container that publishes ``port`` at once and runs ``script`` (busybox sh)."""
    engine.run(
        "busybox",
        name=NAME,
        labels={LABEL_LESSON: OWN},
        command=["sh", "-c", script],
        ports={"80/tcp": ("127.0.0.1", port)},
    )


def verify(tmp_path: Path, engines: EngineProvider, port: int, timeout: int) -> tuple[list[Event], float]:
    """The learner chooses «verificar» once, then «Salir»: the events and how long it took."""
    path = tmp_path / "espera.yaml"
    path.write_text(f"""\
format_version: 1
id: {OWN}
title: Un servidor que tarda
steps:
  - id: esperar
    title: Esperar
    explain: Espera a un servidor.
    checks: [{{http: {{url: "http://127.0.0.1:{port}/", timeout: {timeout}}}}}]
""")
    events: list[Event] = []
    runner = Runner(load_file(path), ProgressStore.open(), engines, events.append)
    started = time.monotonic()
    walk_lesson(runner, Prompter([VERIFY, QUIT]))  # «Salir» is only reached if the step failed
    return events, time.monotonic() - started


def test_a_server_that_starts_late_is_waited_for(
    tmp_path: Path, engine: Engine, engines: EngineProvider
) -> None:
    port = free_port()
    # the port is published at once; the web server listens only after 5 s (a slow start)
    start(engine, port, "mkdir -p /www && echo listo > /www/index.html && sleep 5 && httpd -f -p 80 -h /www")
    events, took = verify(tmp_path, engines, port, timeout=30)
    [result] = [e for e in events if isinstance(e, CheckFinished)]
    assert result.passed, result
    waits = [e for e in events if isinstance(e, Waiting)]
    assert len(waits) >= 2, waits  # reported while it waited (every ~2 s)
    assert all(w.limit == 30 and w.elapsed < 30 for w in waits)
    assert [w.elapsed for w in waits] == sorted(w.elapsed for w in waits)
    assert 4 <= took < 30
    assert [e.status for e in events if isinstance(e, StepFinished)] == [PASSED]


def test_a_server_that_never_answers_ends_the_wait_at_its_bound(
    tmp_path: Path, engine: Engine, engines: EngineProvider
) -> None:
    port = free_port()
    start(engine, port, "sleep 600")  # publishes the port, nothing ever listens
    events, took = verify(tmp_path, engines, port, timeout=6)
    assert 6 <= took < 15  # bounded
    waits = [e for e in events if isinstance(e, Waiting)]
    assert len(waits) >= 2 and all(w.limit == 6 for w in waits)
    [result] = [e for e in events if isinstance(e, CheckFinished)]
    assert not result.passed and result.found.startswith("sin respuesta")
    assert f"«{NAME}» publica el puerto {port}" in result.hint and "docker logs" in result.hint
    assert [e.status for e in events if isinstance(e, StepFinished)] == [FAILED]
    assert ProgressStore.open().status_of(OWN, "esperar") == FAILED
