"""The guided path driven by a scripted prompter (and questionary through a pipe)."""

from __future__ import annotations

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from dockerlab.course.catalog import Catalog
from dockerlab.engine.gateway import Engine
from dockerlab.engine.provider import EngineProvider
from dockerlab.errors import EngineUnavailable
from dockerlab.events import CheckFinished, Event, HintShown, Notice, StepFinished
from dockerlab.model import Question, Step
from dockerlab.tutor.menu import MenuItem, menu_items, suggested_lesson
from dockerlab.tutor.progress import SKIPPED, ProgressStore
from dockerlab.tutor.runner import Runner
from dockerlab.tutor.walk import (
    HINT,
    QUIT,
    SKIP,
    SOLVE,
    VERIFY,
    run_menu,
    unmet_requirements,
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

    def confirm_removal(self, name: str) -> str | None:
        return None  # keep everything


def test_hint_wrong_answer_right_answer_skip_and_quit_then_resume(mini_catalog: Catalog) -> None:
    lesson = mini_catalog.get("preguntas")
    events: list[Event] = []
    store = ProgressStore.open()
    runner = Runner(lesson, store, EngineProvider(), events.append)
    prompter = ScriptedPrompter([HINT, VERIFY, VERIFY, SKIP, QUIT], ["Verde", "Azul"])
    assert walk_lesson(runner, prompter) is False
    assert [e.text for e in events if isinstance(e, HintShown)] == ["No es el color de la hierba."]
    verdicts = [e.passed for e in events if isinstance(e, CheckFinished)]
    assert verdicts == [False, True]
    finished = [e.status for e in events if isinstance(e, StepFinished)]
    assert finished == ["failed", "passed", "skipped"]
    assert prompter.asked == ["primera"] * 3 + ["segunda", "tercera"]
    # the next session resumes at the first step not done: «tercera»
    again = Runner(lesson, ProgressStore.open(), EngineProvider(), events.append)
    assert again.resume_step().id == "tercera"
    items = menu_items(mini_catalog, ProgressStore.open())
    assert items[0].mark == "◐" and suggested_lesson(items) == "preguntas"


@pytest.mark.lessons("primeros-pasos")  # its hello-world containers carry that lesson's label
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


class MenuPrompter(ScriptedPrompter):
    def __init__(self, lessons: list[str]) -> None:
        super().__init__([QUIT] * len(lessons), [])
        self.lessons = lessons

    def choose_lesson(self, items: list[MenuItem], default: str | None) -> str | None:
        return self.lessons.pop(0) if self.lessons else None


def no_engine() -> Engine:
    raise EngineUnavailable("Sin motor en esta prueba.", "")


def advice(catalog: Catalog, store: ProgressStore, lesson_id: str) -> list[Notice]:
    events: list[Event] = []
    engines = EngineProvider(no_engine)
    run_menu(catalog, store, MenuPrompter([lesson_id]), lambda le: Runner(le, store, engines, events.append))
    return [e for e in events if isinstance(e, Notice) and "da por sabido" in e.message]


def test_a_lesson_chosen_before_what_it_requires_gets_advice(catalog: Catalog) -> None:
    store = ProgressStore.open()
    basico = catalog.get("basico")
    assert basico.requires == ("primeros-pasos",)
    assert unmet_requirements(basico, catalog, store) == [catalog.get("primeros-pasos")]
    [notice] = advice(catalog, store, "basico")
    assert "«Primeros pasos con Docker»" in notice.message and "Puedes seguir igualmente" in notice.fix
    for step in catalog.get("primeros-pasos").steps:
        store.record("primeros-pasos", step.id, SKIPPED)
    assert unmet_requirements(basico, catalog, store) == []
    assert advice(catalog, store, "basico") == []
    assert advice(catalog, store, "primeros-pasos") == []  # requires nothing
