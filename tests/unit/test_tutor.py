"""The guided path driven by a scripted prompter (and questionary through a pipe)."""

from __future__ import annotations

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from dockerlab.course.catalog import Catalog
from dockerlab.engine.provider import EngineProvider
from dockerlab.events import CheckFinished, Event, HintShown, StepFinished
from dockerlab.model import Question, Step
from dockerlab.tutor.progress import ProgressStore
from dockerlab.tutor.runner import Runner
from dockerlab.tutor.walk import (
    HINT,
    QUIT,
    SKIP,
    SOLVE,
    VERIFY,
    MenuItem,
    menu_items,
    suggested_lesson,
    walk_lesson,
)
from dockerlab.ui.prompts import QuestionaryPrompter, action_labels


class ScriptedPrompter:
    def __init__(self, actions: list[str], answers: list[str]) -> None:
        self.actions = actions
        self.answers = answers
        self.asked: list[str] = []

    def choose_lesson(self, items: list[MenuItem], default: str | None) -> str | None:
        return None

    def choose_action(self, step: Step, has_question: bool) -> str:
        self.asked.append(step.id)
        return self.actions.pop(0)

    def ask(self, question: Question) -> str | None:
        return self.answers.pop(0)


def test_hint_wrong_answer_right_answer_skip_and_quit_then_resume(catalog: Catalog) -> None:
    lesson = catalog.get("primeros-pasos")
    events: list[Event] = []
    store = ProgressStore.open()
    runner = Runner(lesson, store, EngineProvider(), events.append)
    prompter = ScriptedPrompter(
        [HINT, VERIFY, VERIFY, SKIP, QUIT],
        ["Un disco duro virtual por contenedor", "El kernel del sistema operativo anfitrión"],
    )
    assert walk_lesson(runner, prompter) is False
    assert any(isinstance(e, HintShown) for e in events)
    verdicts = [e.passed for e in events if isinstance(e, CheckFinished)]
    assert verdicts == [False, True]
    finished = [e.status for e in events if isinstance(e, StepFinished)]
    assert finished == ["failed", "passed", "skipped"]
    assert prompter.asked == ["contenedor-vs-vm"] * 3 + ["piezas", "version"]
    # the next session resumes at the first step not done: «version»
    again = Runner(lesson, ProgressStore.open(), EngineProvider(), events.append)
    assert again.resume_step().id == "version"
    items = menu_items(catalog, ProgressStore.open())
    assert items[0].mark == "◐" and suggested_lesson(items) == "primeros-pasos"


@pytest.mark.engine
def test_solve_for_me_verifies_against_the_engine(catalog: Catalog, engines: EngineProvider) -> None:
    lesson = catalog.get("primeros-pasos")
    events: list[Event] = []
    runner = Runner(lesson, ProgressStore.open(), engines, events.append)
    prompter = ScriptedPrompter([SOLVE] * 4, [])
    try:
        assert walk_lesson(runner, prompter, lesson.step("version")) is True
    finally:
        runner.cleanup()
    # version, hola-mundo and limpiar (the hello-world container removed again)
    assert [e.status for e in events if isinstance(e, StepFinished)] == ["passed", "passed", "passed"]
    assert menu_items(catalog, ProgressStore.open())[0].done == 3


def test_questionary_menu_with_arrow_keys() -> None:
    items = [
        MenuItem("primeros-pasos", "Primeros pasos", 4, 4),
        MenuItem("basico", "Tu primera imagen", 1, 10),
    ]
    with create_pipe_input() as pipe:
        pipe.send_text("\x1b[B\r")  # arrow down, Enter
        prompter = QuestionaryPrompter(input=pipe, output=DummyOutput())
        assert prompter.choose_lesson(items, "primeros-pasos") == "basico"
    with create_pipe_input() as pipe:
        pipe.send_text("\x1b[B\x1b[B\x1b[B\x1b[B\r")
        prompter = QuestionaryPrompter(input=pipe, output=DummyOutput())
        step = catalog_step()
        assert prompter.choose_action(step, False) == QUIT


def catalog_step() -> Step:
    return Step(id="x", number=1, title="X", explain="x")


def test_the_step_menu_is_worded_for_what_the_step_asks() -> None:
    def first_two(step: Step, question: bool) -> list[str]:
        return [label for label, _ in action_labels(step, question)[:2]]

    typed = Step(id="x", number=1, title="X", explain="x", command="docker images")
    elsewhere = Step(id="x", number=1, title="X", explain="Edita app/main.py")
    assert first_two(typed, False) == ["Ya lo ejecuté — verificar", "Ejecútalo por mí"]
    assert first_two(elsewhere, False) == ["Ya lo hice — verificar", "Hazlo por mí"]
    assert first_two(typed, True) == ["Responder", "Respóndela por mí"]
    assert [value for _, value in action_labels(elsewhere, False)] == [VERIFY, SOLVE, HINT, SKIP, QUIT]
