"""Slow starts and bounded waits: a check or an action that times out (or cannot connect)
is a failed step with a Spanish explanation, never a traceback; the tutor goes on."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from dockerlab.course.catalog import load_file
from dockerlab.engine.provider import EngineProvider
from dockerlab.errors import DockerlabError
from dockerlab.events import CheckFinished, Event, Notice, StepFinished, Waiting
from dockerlab.kinds.all import ACTIONS, CHECKS
from dockerlab.kinds.base import CheckResult, Kind
from dockerlab.model import Lesson, Question, Spec, Step
from dockerlab.tutor.progress import FAILED, ProgressStore
from dockerlab.tutor.runner import Runner
from dockerlab.tutor.walk import QUIT, SOLVE, VERIFY, MenuItem, walk_lesson


def raising(error: BaseException) -> Callable[..., Any]:
    def func(ctx: object, **params: object) -> CheckResult:
        raise error

    return func


def lesson_with(check: str, action: str | None = None) -> Lesson:
    step = Step(
        id="esperar",
        number=1,
        title="Esperar",
        explain="Un servidor que tarda.",
        solve=(Spec(action),) if action else (),
        checks=(Spec(check),),
    )
    return Lesson(id="pruebas-espera", title="Espera", summary="", steps=(step,), source=Path(__file__))


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


@pytest.mark.parametrize(
    ("error", "found"),
    [
        (TimeoutError("timed out"), "se agotó el tiempo de espera"),
        (ConnectionResetError(104, "Connection reset by peer"), "ConnectionResetError"),
        (ConnectionRefusedError(111, "Connection refused"), "ConnectionRefusedError"),
        (
            DockerlabError("El servidor no respondió en 60 s.", "Mira «docker logs web»."),
            "El servidor no respondió en 60 s.",
        ),
    ],
)
def test_a_check_that_times_out_is_a_failed_step(
    monkeypatch: pytest.MonkeyPatch, error: BaseException, found: str
) -> None:
    monkeypatch.setitem(
        CHECKS._kinds, "prueba_espera", Kind("prueba_espera", raising(error), (), "falla esperando")
    )
    events: list[Event] = []
    store = ProgressStore.open()
    runner = Runner(lesson_with("prueba_espera"), store, EngineProvider(), events.append)
    assert walk_lesson(runner, Prompter([VERIFY, QUIT])) is False
    [result] = [e for e in events if isinstance(e, CheckFinished)]
    assert not result.passed and found in result.found and result.hint
    assert [e.status for e in events if isinstance(e, StepFinished)] == [FAILED]
    assert store.status_of("pruebas-espera", "esperar") == FAILED


def test_an_action_that_times_out_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(
        ACTIONS._kinds, "prueba_accion", Kind("prueba_accion", raising(TimeoutError("timed out")), (), "x")
    )
    monkeypatch.setitem(
        CHECKS._kinds, "prueba_ok", Kind("prueba_ok", lambda ctx: CheckResult(True, "x", "x"), (), "x")
    )
    events: list[Event] = []
    runner = Runner(lesson_with("prueba_ok", "prueba_accion"), None, EngineProvider(), events.append)
    assert walk_lesson(runner, Prompter([SOLVE, QUIT])) is False
    errors = [e for e in events if isinstance(e, Notice) and e.level == "error"]
    assert errors and "El paso no pudo terminar: se agotó el tiempo" in errors[0].message


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A program that accepts connections and never answers (a server still starting)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    yield int(server.getsockname()[1])
    server.close()


@pytest.mark.engine
def test_http_check_against_a_server_that_never_answers(
    silent_server: int, tmp_path: Path, engines: EngineProvider
) -> None:
    if "http" not in CHECKS:
        pytest.skip("no http check registered")
    path = tmp_path / "espera.yaml"
    path.write_text(f"""\
format_version: 1
id: pruebas-espera
title: Un servidor que no contesta
steps:
  - id: esperar
    title: Esperar
    explain: Espera a un servidor.
    checks: [{{http: {{url: "http://127.0.0.1:{silent_server}/", timeout: 3}}}}]
""")
    events: list[Event] = []
    runner = Runner(load_file(path), None, engines, events.append)
    start = time.monotonic()
    assert walk_lesson(runner, Prompter([VERIFY, QUIT])) is False
    assert time.monotonic() - start < 30  # bounded
    [result] = [e for e in events if isinstance(e, CheckFinished)]
    assert not result.passed and "sin respuesta" in result.found
    assert all(e.limit == 3 for e in events if isinstance(e, Waiting))
