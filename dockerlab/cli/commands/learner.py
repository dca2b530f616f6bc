"""Learner commands: start, lesson, list, check, doctor, progress, reset."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from dockerlab.cli.completion import lesson_ids
from dockerlab.cli.options import JsonOpt, PlainOpt
from dockerlab.cli.spanish import SpanishCommand, new_app
from dockerlab.errors import ExitCode, LessonError, NeedsTerminal

commands = new_app()


def _require_tty(what: str) -> None:
    if not sys.stdin.isatty():
        raise NeedsTerminal(
            f"«{what}» es interactivo y necesita una terminal, pero la entrada no es una terminal.",
            "Ábrelo en una terminal normal; para scripts usa «dockerlab lesson ID --auto» o "
            "«dockerlab check».",
        )


@commands.command(cls=SpanishCommand)
def start() -> None:
    """Empieza o continúa el curso: comprueba tu entorno y abre el menú de lecciones."""
    _require_tty("dockerlab start")
    from dockerlab.cli.session import guided_start

    guided_start()


@commands.command(cls=SpanishCommand)
def lesson(
    lesson_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", autocompletion=lesson_ids, help="id de la lección o ruta a un archivo .yaml"
        ),
    ],
    from_step: Annotated[
        str | None, typer.Option("--from", metavar="PASO", help="Empieza en este paso (id o número).")
    ] = None,
    auto: Annotated[
        bool, typer.Option("--auto", help="Sin preguntas: dockerlab resuelve cada paso y lo verifica.")
    ] = False,
    json_out: JsonOpt = False,
    plain: PlainOpt = False,
    allow_shell: Annotated[
        bool,
        typer.Option(
            "--allow-shell",
            help="Permite que la lección ejecute comandos en tu máquina (se muestran antes de empezar).",
        ),
    ] = False,
    assignments: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="NOMBRE=VALOR",
            help="Cambia un ajuste de la lección, p. ej. --set port=8080 (repetible).",
        ),
    ] = None,
) -> None:
    """Haz una lección concreta (interactiva, o entera con --auto)."""
    from dockerlab.cli.session import run_lesson
    from dockerlab.ui.output import OutputMode

    if not auto:
        if json_out:
            raise NeedsTerminal(
                "--json solo tiene sentido con --auto (sin preguntas).",
                "Usa «dockerlab lesson ID --auto --json».",
            )
        _require_tty("dockerlab lesson")
    raise typer.Exit(
        run_lesson(
            lesson_id, from_step, auto, OutputMode.from_flags(json_out, plain), allow_shell, assignments or []
        )
    )


@commands.command("list", cls=SpanishCommand)
def list_(
    lesson_id: Annotated[
        str | None,
        typer.Argument(metavar="ID", autocompletion=lesson_ids, help="Muestra los pasos de esta lección."),
    ] = None,
    json_out: JsonOpt = False,
    plain: PlainOpt = False,
) -> None:
    """Lista las lecciones con su progreso, o los pasos de una lección."""
    from dockerlab.cli.session import show_list
    from dockerlab.ui.output import OutputMode

    show_list(lesson_id, OutputMode.from_flags(json_out, plain))


@commands.command(cls=SpanishCommand)
def check(
    lesson_id: Annotated[
        str | None,
        typer.Argument(
            metavar="ID", autocompletion=lesson_ids, help="Lección (por defecto, la que tienes en curso)."
        ),
    ] = None,
    step: Annotated[
        str | None, typer.Argument(metavar="PASO", help="Paso, por id o número (por defecto, el actual).")
    ] = None,
    answer: Annotated[
        str | None, typer.Option("--answer", help="Tu respuesta, en los pasos con pregunta.")
    ] = None,
    json_out: JsonOpt = False,
    plain: PlainOpt = False,
) -> None:
    """Verifica un paso sin preguntas (sale con 0 si está bien, 1 si no)."""
    from dockerlab.cli.session import check_step
    from dockerlab.ui.output import OutputMode

    raise typer.Exit(check_step(lesson_id, step, answer, OutputMode.from_flags(json_out, plain)))


@commands.command(cls=SpanishCommand)
def doctor(json_out: JsonOpt = False, plain: PlainOpt = False) -> None:
    """Revisa tu entorno: motor Docker, cliente, Compose y carpeta de progreso."""
    from dockerlab.cli.session import show_doctor
    from dockerlab.ui.output import OutputMode

    raise typer.Exit(show_doctor(OutputMode.from_flags(json_out, plain)))


@commands.command(cls=SpanishCommand)
def progress(
    json_out: JsonOpt = False,
    csv_out: Annotated[bool, typer.Option("--csv", help="Un paso por fila, en CSV.")] = False,
    plain: PlainOpt = False,
) -> None:
    """Muestra tu progreso en cada lección (--json o --csv para exportarlo)."""
    from dockerlab.cli.session import show_progress
    from dockerlab.ui.output import OutputMode

    show_progress(OutputMode.from_flags(json_out, plain), csv_out)


@commands.command(cls=SpanishCommand)
def reset(
    lesson_id: Annotated[
        str | None, typer.Argument(metavar="ID", help="Solo esta lección.", autocompletion=lesson_ids)
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="No pedir confirmación.")] = False,
) -> None:
    """Borra tu progreso (de todo el curso o de una lección)."""
    from dockerlab.course.catalog import load_catalog
    from dockerlab.tutor.progress import ProgressStore

    store = ProgressStore.open()
    if lesson_id is not None and lesson_id not in store.file_lessons():
        lesson_id = load_catalog(outline=True).get(lesson_id).id  # unknown ids are an error, not a no-op
    what = f"de la lección «{lesson_id}»" if lesson_id else "de todo el curso"
    if not yes:
        if not sys.stdin.isatty():
            raise NeedsTerminal(f"Para borrar tu progreso {what} sin terminal, añade --yes.")
        if not typer.confirm(f"¿Borrar tu progreso {what}?", default=False):
            typer.echo("No he borrado nada.")
            raise typer.Exit(ExitCode.OK)
    store.reset(lesson_id)
    typer.echo(f"Progreso {what} borrado.")


@commands.command(cls=SpanishCommand)
def workspace(
    choose: Annotated[
        Path | None,
        typer.Option("--set", metavar="CARPETA", help="Usa esta carpeta para tus copias de los ejemplos."),
    ] = None,
    reset_id: Annotated[
        str | None,
        typer.Option(
            "--reset",
            metavar="ID",
            autocompletion=lesson_ids,
            help="Vuelve a crear la copia de esta lección (pierdes tus cambios en ella).",
        ),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="No pedir confirmación.")] = False,
) -> None:
    """Tu carpeta de trabajo: dónde están tus copias de los archivos de las lecciones."""
    from dockerlab.course.catalog import load_catalog
    from dockerlab.plaintext import cd_command
    from dockerlab.tutor import workspace as ws

    if choose is not None:
        typer.echo(f"Tus lecciones trabajarán en {ws.choose(choose)}")
    if reset_id is not None:
        lesson = load_catalog(outline=True).get(reset_id)
        folder = ws.folder_for(lesson)
        if ws.shipped_example(lesson) is None or folder is None:
            raise LessonError(f"La lección «{reset_id}» no tiene carpeta de ejemplo que volver a crear.")
        if folder.exists() and not yes:
            if not sys.stdin.isatty():
                raise NeedsTerminal(f"Para volver a crear {folder} sin terminal, añade --yes.")
            if not typer.confirm(f"¿Borrar {folder} (con tus cambios) y volver a crearla?", default=False):
                typer.echo("No he tocado nada.")
                raise typer.Exit(ExitCode.OK)
        typer.echo(f"Copia nueva de «{reset_id}» en {ws.reset(lesson)}")
    if choose is None and reset_id is None:
        typer.echo("Tus copias de los ejemplos de las lecciones están en:")
        typer.echo(cd_command(str(ws.workspace_home())))
        typer.echo("Cámbiala con «dockerlab workspace --set CARPETA» o la variable DOCKERLAB_WORKSPACE.")
