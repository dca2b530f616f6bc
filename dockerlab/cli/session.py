"""Glue between the commands and the runner: build the pieces, run, pick the exit code."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from dockerlab.course.catalog import Catalog, load_catalog
from dockerlab.engine.provider import EngineProvider
from dockerlab.envelope import envelope
from dockerlab.errors import ExitCode
from dockerlab.model import Lesson
from dockerlab.tutor.progress import ProgressStore
from dockerlab.ui.output import Output, OutputMode, make_output

if TYPE_CHECKING:  # the runner (actions, checks, diagnosis) is imported by the commands using it
    from dockerlab.tutor.runner import Runner


def _store(output: Output) -> ProgressStore:
    store = ProgressStore.open()
    if store.notices:  # the presenters' imports are only paid when there is something to say
        from dockerlab.events import Notice

        presenter = output.presenter()
        for notice in store.drain_notices():
            presenter.handle(Notice("warning", notice))
    return store


def _echo_json(data: object) -> None:
    from dockerlab.ui.jsonout import write_document

    write_document(data)


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
    _remember_file(store, lesson)
    presenter = output.presenter()
    from dockerlab.tutor.runner import Runner

    # --auto never waits for the learner, even in a terminal
    tty = sys.stdin.isatty() and not auto
    runner = Runner(lesson, store, EngineProvider(), presenter.handle, tty=tty, allow_shell=allow_shell)
    if allow_shell:
        from dockerlab.events import Notice
        from dockerlab.kinds.host import host_commands

        for command in host_commands(lesson):
            presenter.handle(Notice("warning", f"Esta lección ejecutará en tu máquina: {command}"))
    try:
        if auto:
            return ExitCode.OK if runner.auto(first) else ExitCode.CHECK_FAILED
        from dockerlab.tutor.walk import walk_lesson
        from dockerlab.ui.prompts import QuestionaryPrompter

        walk_lesson(runner, QuestionaryPrompter(), first)
        return ExitCode.OK
    finally:
        presenter.close()


def _remember_file(store: ProgressStore, lesson: Lesson) -> None:
    """A lesson from a file (not one of the course's) is listed by progress from now on."""
    if lesson.id not in load_catalog(outline=True).ids():
        store.remember_file(lesson.id, str(lesson.source), lesson.title, [s.id for s in lesson.steps])


def _file_lessons(store: ProgressStore, catalog: Catalog) -> list[Lesson]:
    """The lessons done from files, loaded again from where they were (if still valid), read
    as deep as ``catalog`` was (an outline only to show them: :mod:`dockerlab.course.catalog`)."""
    from pathlib import Path

    from dockerlab.course.catalog import check_file

    shipped = set(catalog.ids())
    found = []
    for lesson_id, source in store.file_lessons().items():
        lesson = check_file(Path(source), catalog.outline)[0] if lesson_id not in shipped else None
        if lesson is not None and lesson.id == lesson_id:
            found.append(lesson)
    return found


def _current(store: ProgressStore, lessons: list[Lesson]) -> Lesson:
    """The lesson touched most recently that is not finished, else the first unfinished."""

    def unfinished(lesson: Lesson) -> bool:
        return not store.finished(lesson)

    recent = sorted(
        (lesson for lesson in lessons if unfinished(lesson)),
        key=lambda lesson: store.last_touched(lesson.id),
        reverse=True,
    )
    return recent[0] if recent else lessons[0]


def check_step(ref: str | None, step_ref: str | None, answer: str | None, mode: OutputMode) -> int:
    output = make_output(mode)
    catalog = load_catalog()
    store = _store(output)
    lesson = catalog.get(ref) if ref else _current(store, catalog.lessons + _file_lessons(store, catalog))
    _remember_file(store, lesson)
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
    from dockerlab.tutor.menu import menu_items

    output = make_output(mode)
    catalog = load_catalog(outline=True)
    store = _store(output)
    if ref is None:
        items = menu_items(catalog, store)
        if mode is OutputMode.JSON:
            _echo_json(
                envelope(
                    {
                        "lessons": [
                            {
                                "id": i.lesson_id,
                                "title": i.title,
                                "steps": i.total,
                                "done": i.done,
                                "summary": catalog.get(i.lesson_id).summary,
                                "workdir": _workdir(catalog.get(i.lesson_id)),
                            }
                            for i in items
                        ],
                    }
                )
            )
            return
        from dockerlab.ui.tables import lessons_table

        lessons_table(output, items, {le.id: le.summary for le in catalog.lessons})
        return
    lesson = catalog.get(ref)
    if mode is OutputMode.JSON:
        _echo_json(
            envelope(
                {
                    "lesson": lesson.id,
                    "title": lesson.title,
                    "workdir": _workdir(lesson),
                    "steps": [
                        {
                            "number": s.number,
                            "id": s.id,
                            "title": s.title,
                            "command": s.command,
                            "inside": list(s.inside),
                            "status": store.status_of(lesson.id, s.id) or "pending",
                        }
                        for s in lesson.steps
                    ],
                }
            )
        )
        return
    from dockerlab.ui.tables import steps_table

    steps_table(output, lesson, store)


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
    catalog = load_catalog(outline=True)
    store = _store(output)
    if mode is OutputMode.JSON:
        _echo_json(
            envelope({"learner": learner_name(), "progress_file": str(store.path), "lessons": store.export()})
        )
        return
    if csv_out:
        import csv

        writer = csv.writer(sys.stdout)
        writer.writerow(["learner", "lesson", "step", "status", "attempts", "failures", "at"])
        for row in store.records():
            writer.writerow(
                [learner_name(), row.lesson, row.step, row.status, row.attempts, row.failures, row.at]
            )
        return
    progress_table(output, catalog.lessons + _file_lessons(store, catalog), store)


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


def _workdir(lesson: Lesson) -> str | None:
    """The folder the learner works in for ``lesson`` (their workspace copy), if any."""
    from dockerlab.tutor.workspace import folder_for

    folder = folder_for(lesson)
    return str(folder) if folder is not None else None
