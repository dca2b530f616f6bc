"""A check or an action that raises a timeout or a connection error is a failed step with a
Spanish explanation, never a traceback, and the tutor goes on. No engine here: the kinds are
stand-ins that raise those exceptions, so this proves the runner's handling of them. The real
waits, against containers on the engine, are in tests/engine/test_faults_timeouts.py and
tests/engine/test_web_real.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dockerlab.engine.provider import EngineProvider
from dockerlab.errors import DockerlabError
from dockerlab.events import CheckFinished, Event, Notice, StepFinished
from dockerlab.kinds.all import ACTIONS, CHECKS
from dockerlab.kinds.base import CheckResult, Kind
from dockerlab.model import Lesson, Question, Spec, Step
from dockerlab.tutor.menu import MenuItem
from dockerlab.tutor.progress import FAILED, ProgressStore
from dockerlab.tutor.runner import Runner
from dockerlab.tutor.walk import QUIT, SOLVE, VERIFY, walk_lesson


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
