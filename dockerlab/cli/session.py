"""Glue between the commands and the runner: build the pieces, run, pick the exit code."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

from dockerlab.course.catalog import load_catalog
from dockerlab.engine.provider import EngineProvider
from dockerlab.errors import ExitCode
from dockerlab.events import Notice
from dockerlab.model import Lesson
from dockerlab.tutor.progress import ProgressStore
from dockerlab.ui.output import Output, OutputMode, make_output

if TYPE_CHECKING:  # the runner (actions, checks, diagnosis) is imported by the commands using it
    from dockerlab.tutor.runner import Runner


def _store(output: Output) -> ProgressStore:
    store = ProgressStore.open()
    if store.notices:  # the presenters' imports are only paid when there is something to say
        presenter = output.presenter()
        for notice in store.drain_notices():
            presenter.handle(Notice("warning", notice))
    return store


def _echo_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def guided_start() -> None:
    from dockerlab.classroom.doctor import run_doctor
    from dockerlab.tutor.runner import Runner
    from dockerlab.tutor.walk import run_menu
    from dockerlab.ui.prompts import QuestionaryPrompter
    from dockerlab.ui.tables import doctor_summary

    output = make_output()
    console = output.console
    catalog = load_catalog()
    store = _store(output)
    console.print(
        "[bold]¡Bienvenido a dockerlab![/] Aprenderás Docker haciéndolo de verdad: "
        "cada paso se comprueba en tu propio motor Docker.\n"
    )
    engines = EngineProvider()
    report = run_doctor(engines)
    doctor_summary(console, report)
    if report.error is not None:
        raise report.error
    console.print()
    presenter = output.presenter()

    def make_runner(lesson: Lesson) -> Runner:
        return Runner(lesson, store, engines, presenter.handle, tty=True)

    try:
        run_menu(catalog, store, QuestionaryPrompter(), make_runner)
    finally:
        presenter.close()
    console.print("¡Hasta pronto! Tu progreso está guardado; vuelve con «dockerlab start».")


def run_lesson(
    ref: str,
    from_step: str | None,
    auto: bool,
    mode: OutputMode,
    allow_shell: bool = False,
    assignments: list[str] | None = None,
) -> int:
    output = make_output(mode)
    lesson = load_catalog().get(ref)
    if assignments:
        from dockerlab.course.settings import apply_assignments

        lesson = apply_assignments(lesson, assignments)
    first = lesson.step(from_step) if from_step else None
    store = _store(output)
    presenter = output.presenter()
    from dockerlab.tutor.runner import Runner

    runner = Runner(lesson, store, EngineProvider(), presenter.handle, tty=sys.stdin.isatty())
    runner.allow_shell = allow_shell
    if allow_shell:
        from dockerlab.kinds.host import host_commands

        for command in host_commands(lesson):
            presenter.handle(Notice("warning", f"Esta lección ejecutará en tu máquina: {command}"))
    try:
        if auto:
            runner.tty = False  # --auto never waits for the learner, even in a terminal
            return ExitCode.OK if runner.auto(first) else ExitCode.CHECK_FAILED
        from dockerlab.tutor.walk import walk_lesson
        from dockerlab.ui.prompts import QuestionaryPrompter

        walk_lesson(runner, QuestionaryPrompter(), first)
        return ExitCode.OK
    finally:
        presenter.close()


def _current(store: ProgressStore, lessons: list[Lesson]) -> Lesson:
    """The lesson touched most recently that is not finished, else the first unfinished."""

    def unfinished(lesson: Lesson) -> bool:
        return store.resume_point(lesson.id, [s.id for s in lesson.steps]) is not None

    recent = sorted(
        (lesson for lesson in lessons if unfinished(lesson)),
        key=lambda lesson: str(store.data["lessons"].get(lesson.id, {}).get("updated", "")),
        reverse=True,
    )
    return recent[0] if recent else lessons[0]


def check_step(ref: str | None, step_ref: str | None, answer: str | None, mode: OutputMode) -> int:
    output = make_output(mode)
    catalog = load_catalog()
    store = _store(output)
    lesson = catalog.get(ref) if ref else _current(store, catalog.lessons)
    presenter = output.presenter()
    from dockerlab.tutor.runner import Runner

    runner = Runner(lesson, store, EngineProvider(), presenter.handle)
    step = lesson.step(step_ref) if step_ref else runner.resume_step()
    if answer is not None:
        runner.answer(step, answer)
    if output.mode is not OutputMode.JSON:
        output.console.print(f"Verifico «{lesson.id}», paso {step.number}: {step.title}", highlight=False)
    verdict = runner.verify(step)
    if not verdict.failed and output.mode is not OutputMode.JSON:
        following = lesson.next_step(step)
        output.console.print(
            f"Siguiente: paso {following.number}, {following.title} («dockerlab list {lesson.id}»)."
            if following
            else "¡Era el último paso de la lección!",
            highlight=False,
        )
    return ExitCode.CHECK_FAILED if verdict.failed else ExitCode.OK


def show_list(ref: str | None, mode: OutputMode) -> None:
    from dockerlab.tutor.walk import menu_items
    from dockerlab.ui.tables import lessons_table, steps_table

    output = make_output(mode)
    catalog = load_catalog()
    store = _store(output)
    if ref is None:
        items = menu_items(catalog, store)
        if mode is OutputMode.JSON:
            _echo_json(
                {
                    "schema": 1,
                    "lessons": [
                        {
                            "id": i.lesson_id,
                            "title": i.title,
                            "steps": i.total,
                            "done": i.done,
                            "summary": catalog.get(i.lesson_id).summary,
                        }
                        for i in items
                    ],
                }
            )
            return
        lessons_table(output.console, items, {le.id: le.summary for le in catalog.lessons})
        return
    lesson = catalog.get(ref)
    if mode is OutputMode.JSON:
        _echo_json(
            {
                "schema": 1,
                "lesson": lesson.id,
                "title": lesson.title,
                "steps": [
                    {
                        "number": s.number,
                        "id": s.id,
                        "title": s.title,
                        "command": s.command,
                        "status": store.step_status(lesson.id, s.id) or "pending",
                    }
                    for s in lesson.steps
                ],
            }
        )
        return
    steps_table(output.console, lesson, store)


def learner_name() -> str:
    """Who this progress belongs to, for class reports (DOCKERLAB_LEARNER or the OS user)."""
    import getpass
    import os

    try:
        return os.environ.get("DOCKERLAB_LEARNER") or getpass.getuser()
    except (KeyError, OSError):
        return "alumno"


def show_progress(mode: OutputMode, csv_out: bool = False) -> None:
    from dockerlab.ui.tables import progress_table

    # CSV goes to stdout like JSON, so the notices go to stderr as in JSON mode
    output = make_output(OutputMode.JSON if csv_out else mode)
    catalog = load_catalog()
    store = _store(output)
    if mode is OutputMode.JSON:
        _echo_json({"schema": 1, "learner": learner_name(), "progress_file": str(store.path), **store.data})
        return
    if csv_out:
        import csv

        writer = csv.writer(sys.stdout)
        writer.writerow(["learner", "lesson", "step", "status", "attempts", "failures", "at"])
        for lesson_id, entry in store.data["lessons"].items():
            for step_id, step in entry.get("steps", {}).items():
                writer.writerow(
                    [
                        learner_name(),
                        lesson_id,
                        step_id,
                        step.get("status", ""),
                        step.get("attempts", 0),
                        step.get("failures", 0),
                        step.get("at", ""),
                    ]
                )
        return
    progress_table(output.console, catalog.lessons, store)


def show_doctor(mode: OutputMode) -> int:
    from dockerlab.classroom.doctor import run_doctor
    from dockerlab.ui.tables import doctor_summary

    output = make_output(mode)
    report = run_doctor(EngineProvider())
    if mode is OutputMode.JSON:
        _echo_json(report.to_dict())
    else:
        doctor_summary(output.console, report)
    if report.error is not None:
        return int(report.error.exit_code)
    return ExitCode.OK if report.ok else ExitCode.CHECK_FAILED
