"""Instructor commands for lesson files and workshops: validate, selftest, workshop."""

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from dockerlab.cli.options import JsonOpt, PlainOpt
from dockerlab.cli.spanish import SpanishCommand, new_app
from dockerlab.envelope import envelope
from dockerlab.errors import ExitCode, NeedsTerminal
from dockerlab.ui.jsonout import write_document

commands = new_app()

if TYPE_CHECKING:
    from dockerlab.model import Lesson

workshop_app = new_app(help="Talleres: una lista de lecciones en orden, con sus ajustes.")
AllowShell = Annotated[
    bool,
    typer.Option(
        "--allow-shell",
        help="Permite que la lección ejecute comandos en tu máquina (se muestran antes de empezar).",
    ),
]


def _show_host_commands(lessons: "list[Lesson]", allow: bool) -> None:
    from dockerlab.kinds.host import host_commands

    commands = [c for lesson in lessons for c in host_commands(lesson)]
    if commands and allow:
        typer.echo("Con --allow-shell estas lecciones ejecutarán en tu máquina:", err=True)
        for command in commands:
            typer.echo(f"  $ {command}", err=True)


@commands.command(cls=SpanishCommand)
def validate(
    paths: Annotated[
        list[Path],
        typer.Argument(metavar="RUTA...", help="Archivos de lección (.yaml) o carpetas que los contienen."),
    ],
    json_out: JsonOpt = False,
) -> None:
    """Valida archivos de lección: cada error con archivo, línea y campo."""

    from dockerlab.course.catalog import check_file, lesson_files
    from dockerlab.kinds.host import host_commands

    files = [f for p in paths for f in (lesson_files(p) if p.is_dir() else [p])]
    checked = [check_file(f) for f in files]
    problems = [problem for _, found in checked for problem in found]
    shell = {str(lesson.source): host_commands(lesson) for lesson, _ in checked if lesson is not None}
    shell = {source: commands for source, commands in shell.items() if commands}
    if json_out:
        write_document(
            envelope(
                {
                    "files": [str(f) for f in files],
                    "problems": [
                        {"file": str(p.file), "line": p.line, "field": p.field, "message": p.message}
                        for p in problems
                    ],
                    "needs_allow_shell": shell,
                }
            )
        )
    else:
        for problem in problems:
            typer.echo(str(problem))
        for source, commands in shell.items():
            typer.echo(_needs_shell(source, commands))
        bad = len({p.file for p in problems})
        typer.echo(
            f"{len(files)} archivo(s) revisado(s): "
            + (f"{bad} con errores ({len(problems)} en total)." if problems else "todo correcto.")
        )
    raise typer.Exit(ExitCode.LESSON if problems or not files else ExitCode.OK)


@commands.command(cls=SpanishCommand)
def selftest(
    ref: Annotated[str, typer.Argument(metavar="RUTA|ID", help="Lección a probar.")],
    json_out: JsonOpt = False,
    plain: PlainOpt = False,
    allow_shell: AllowShell = False,
) -> None:
    """Autoprueba de una lección: cada verificación falla antes de su paso y pasa después."""

    from dockerlab.course.catalog import load_catalog
    from dockerlab.engine.provider import EngineProvider
    from dockerlab.tutor.selftest import selftest as run_selftest
    from dockerlab.ui.output import OutputMode, make_output
    from dockerlab.ui.selftest_view import selftest_dict, selftest_table

    lesson = load_catalog().get(ref)
    _refuse_without_shell([lesson], allow_shell)
    _show_host_commands([lesson], allow_shell)
    output = make_output(OutputMode.from_flags(json_out, plain))
    report = run_selftest(lesson, EngineProvider(), allow_shell=allow_shell)
    if output.mode is OutputMode.JSON:
        write_document(selftest_dict(report))
    else:
        selftest_table(output.console, report)
    raise typer.Exit(ExitCode.OK if report.ok else ExitCode.CHECK_FAILED)


@workshop_app.command("validate", cls=SpanishCommand)
def workshop_validate(
    path: Annotated[Path, typer.Argument(metavar="TALLER.yaml", help="Archivo del taller.")],
) -> None:
    """Comprueba un archivo de taller y todas sus lecciones."""
    from dockerlab.course.catalog import load_catalog
    from dockerlab.course.workshop import check_workshop
    from dockerlab.kinds.host import host_commands

    workshop, problems = check_workshop(path, load_catalog())
    for problem in problems:
        typer.echo(str(problem))
    if workshop is None:
        typer.echo(f"El taller tiene {len(problems)} error(es).")
        raise typer.Exit(ExitCode.LESSON)
    typer.echo(f"Taller «{workshop.title}»: {len(workshop.entries)} lecciones, todo correcto.")
    for number, entry in enumerate(workshop.entries, start=1):
        extra = ", ".join(f"{k}={v}" for k, v in entry.settings.items())
        typer.echo(f"  {number}. {entry.lesson.id} — {entry.lesson.title}" + (f" ({extra})" if extra else ""))
    for entry in workshop.entries:
        commands = host_commands(entry.lesson)
        if commands:
            typer.echo(_needs_shell(f"Lección «{entry.lesson.id}»", commands))


@workshop_app.command("run", cls=SpanishCommand)
def workshop_run(
    path: Annotated[Path, typer.Argument(metavar="TALLER.yaml", help="Archivo del taller.")],
    auto: Annotated[
        bool,
        typer.Option("--auto", help="Demostración en vivo: cada paso se muestra, se resuelve y se verifica."),
    ] = False,
    pause: Annotated[
        float | None, typer.Option("--pause", metavar="SEGUNDOS", help="Pausa entre pasos con --auto.")
    ] = None,
    key: Annotated[
        bool,
        typer.Option("--key", help="Con --auto, espera a que pulses Enter entre pasos (para presentar)."),
    ] = False,
    json_out: JsonOpt = False,
    plain: PlainOpt = False,
    allow_shell: AllowShell = False,
) -> None:
    """Recorre un taller: lección a lección (o como demostración con --auto)."""
    from dockerlab.course.catalog import load_catalog
    from dockerlab.course.workshop import load_workshop
    from dockerlab.engine.provider import EngineProvider
    from dockerlab.tutor.progress import ProgressStore
    from dockerlab.tutor.runner import Runner
    from dockerlab.ui.output import OutputMode, make_output

    workshop = load_workshop(path, load_catalog())
    if (not auto or key) and not sys.stdin.isatty():
        raise NeedsTerminal(
            "Este modo del taller es interactivo y necesita una terminal.",
            "Usa «dockerlab workshop run TALLER.yaml --auto» en scripts.",
        )
    lessons = [_with_settings(entry.lesson, entry.settings) for entry in workshop.entries]
    _refuse_without_shell(lessons, allow_shell)
    _show_host_commands(lessons, allow_shell)
    output = make_output(OutputMode.from_flags(json_out, plain))
    presenter = output.presenter()
    store = ProgressStore.open()
    engines = EngineProvider()
    wait = workshop.pause if pause is None else pause

    def between(_step: object) -> None:
        if key:
            input("Presiona Enter para el siguiente paso… ")
        elif wait:
            time.sleep(wait)

    ok = True
    try:
        for lesson in lessons:
            runner = Runner(lesson, store, engines, presenter.handle, tty=not auto, allow_shell=allow_shell)
            if auto:
                if not runner.auto(after_step=between):
                    ok = False
                    break
            else:
                from dockerlab.tutor.walk import walk_lesson
                from dockerlab.ui.prompts import QuestionaryPrompter

                if not walk_lesson(runner, QuestionaryPrompter()):
                    break
    finally:
        presenter.close()
    raise typer.Exit(ExitCode.OK if ok else ExitCode.CHECK_FAILED)


def _needs_shell(what: str, commands: list[str]) -> str:
    listed = "; ".join(commands)
    return (
        f"{what}: aviso: necesita --allow-shell (ejecuta en la máquina del alumno: {listed}). "
        "Sin ese permiso, «lesson --auto», «selftest» y «workshop run» se niegan a ejecutarlo."
    )


def _refuse_without_shell(lessons: "list[Lesson]", allow: bool) -> None:
    """Say before the first lesson runs, not when the workshop reaches it, that one of its
    lessons runs host commands and the flag is missing."""
    from dockerlab.errors import LessonError
    from dockerlab.kinds.host import host_commands

    needing = [lesson.id for lesson in lessons if host_commands(lesson)]
    if needing and not allow:
        raise LessonError(
            f"Estas lecciones ejecutan comandos en tu máquina: {', '.join(needing)}.",
            "Revisa qué comandos son («dockerlab validate ARCHIVO» o «dockerlab workshop "
            "validate TALLER.yaml» los listan) y, si estás de acuerdo, repite con --allow-shell.",
        )


def _with_settings(lesson: "Lesson", settings: dict[str, object]) -> "Lesson":
    from dockerlab.course.settings import apply

    return apply(lesson, settings) if settings else lesson
