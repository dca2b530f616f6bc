"""The Typer commands: parse, call one function, render, return an exit code."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from dockerlab import __version__
from dockerlab.cli.completion import lesson_ids
from dockerlab.cli.spanish import SpanishCommand, new_app
from dockerlab.errors import ExitCode, NeedsTerminal

app = new_app(
    name="dockerlab",
    help="Aprende Docker haciendo: lecciones guiadas en español que comprueban tu trabajo "
    "en tu propio motor Docker.",
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["--help", "-h"]},
    pretty_exceptions_enable=False,
)
JsonOpt = Annotated[bool, typer.Option("--json", help="Salida en líneas JSON (para scripts).")]
PlainOpt = Annotated[bool, typer.Option("--plain", help="Texto sin colores ni recuadros.")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dockerlab {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Muestra la versión y sale.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Muestra la traza completa de los "
                                        "errores (para informar de un fallo).")] = False,
) -> None:
    """Tutor interactivo de Docker. Empieza con [bold]dockerlab start[/]."""
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())


def _require_tty(what: str) -> None:
    if not sys.stdin.isatty():
        raise NeedsTerminal(
            f"«{what}» es interactivo y necesita una terminal, pero la entrada no es una terminal.",
            "Ábrelo en una terminal normal; para scripts usa «dockerlab lesson ID --auto» o "
            "«dockerlab check».")


@app.command(cls=SpanishCommand)
def start() -> None:
    """Empieza o continúa el curso: comprueba tu entorno y abre el menú de lecciones."""
    _require_tty("dockerlab start")
    from dockerlab.cli.session import guided_start

    guided_start()


@app.command(cls=SpanishCommand)
def lesson(
    lesson_id: Annotated[str, typer.Argument(metavar="ID", autocompletion=lesson_ids,
                                             help="id de la lección o ruta a un "
                                             "archivo .yaml")],
    from_step: Annotated[str | None, typer.Option("--from", metavar="PASO",
                                                  help="Empieza en este paso (id o número).")]
    = None,
    auto: Annotated[bool, typer.Option("--auto", help="Sin preguntas: dockerlab resuelve cada "
                                       "paso y lo verifica.")] = False,
    json_out: JsonOpt = False,
    plain: PlainOpt = False,
    allow_shell: Annotated[bool, typer.Option(
        "--allow-shell", help="Permite que la lección ejecute comandos en tu máquina (se "
        "muestran antes de empezar).")] = False,
    assignments: Annotated[list[str] | None, typer.Option(
        "--set", metavar="NOMBRE=VALOR", help="Cambia un ajuste de la lección, p. ej. "
        "--set port=8080 (repetible).")] = None,
) -> None:
    """Haz una lección concreta (interactiva, o entera con --auto)."""
    from dockerlab.cli.session import run_lesson

    if not auto:
        if json_out:
            raise NeedsTerminal("--json solo tiene sentido con --auto (sin preguntas).",
                                "Usa «dockerlab lesson ID --auto --json».")
        _require_tty("dockerlab lesson")
    raise typer.Exit(run_lesson(lesson_id, from_step, auto, json_out, plain, allow_shell,
                                 assignments or []))


@app.command("list", cls=SpanishCommand)
def list_(
    lesson_id: Annotated[str | None, typer.Argument(metavar="[ID]", autocompletion=lesson_ids,
                                                    help="Muestra los pasos de "
                                                    "esta lección.")] = None,
    json_out: JsonOpt = False,
    plain: PlainOpt = False,
) -> None:
    """Lista las lecciones con su progreso, o los pasos de una lección."""
    from dockerlab.cli.session import show_list

    show_list(lesson_id, json_out, plain)


@app.command(cls=SpanishCommand)
def check(
    lesson_id: Annotated[str | None, typer.Argument(metavar="[ID]", autocompletion=lesson_ids,
                                                    help="Lección (por defecto, "
                                                    "la que tienes en curso).")] = None,
    step: Annotated[str | None, typer.Argument(metavar="[PASO]", help="Paso, por id o número "
                                               "(por defecto, el actual).")] = None,
    answer: Annotated[str | None, typer.Option("--answer", help="Tu respuesta, en los pasos "
                                               "con pregunta.")] = None,
    json_out: JsonOpt = False,
    plain: PlainOpt = False,
) -> None:
    """Verifica un paso sin preguntas (sale con 0 si está bien, 1 si no)."""
    from dockerlab.cli.session import check_step

    raise typer.Exit(check_step(lesson_id, step, answer, json_out, plain))


@app.command(cls=SpanishCommand)
def doctor(json_out: JsonOpt = False, plain: PlainOpt = False) -> None:
    """Revisa tu entorno: motor Docker, cliente, Compose y carpeta de progreso."""
    from dockerlab.cli.session import show_doctor

    raise typer.Exit(show_doctor(json_out, plain))


@app.command(cls=SpanishCommand)
def progress(
    json_out: JsonOpt = False,
    csv_out: Annotated[bool, typer.Option("--csv", help="Un paso por fila, en CSV.")] = False,
    plain: PlainOpt = False,
) -> None:
    """Muestra tu progreso en cada lección (--json o --csv para exportarlo)."""
    from dockerlab.cli.session import show_progress

    show_progress(json_out, plain, csv_out)


@app.command(cls=SpanishCommand)
def reset(
    lesson_id: Annotated[str | None, typer.Argument(metavar="[ID]", help="Solo esta lección.",
                                                    autocompletion=lesson_ids)]
    = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="No pedir confirmación.")] = False,
) -> None:
    """Borra tu progreso (de todo el curso o de una lección)."""
    from dockerlab.catalog import load_catalog
    from dockerlab.progress import ProgressStore

    if lesson_id is not None:
        load_catalog().get(lesson_id)  # unknown ids are an error, not a silent no-op
    what = f"de la lección «{lesson_id}»" if lesson_id else "de todo el curso"
    if not yes:
        if not sys.stdin.isatty():
            raise NeedsTerminal(f"Para borrar tu progreso {what} sin terminal, añade --yes.")
        if not typer.confirm(f"¿Borrar tu progreso {what}?", default=False):
            typer.echo("No he borrado nada.")
            raise typer.Exit(ExitCode.OK)
    ProgressStore.open().reset(lesson_id)
    typer.echo(f"Progreso {what} borrado.")



# Command groups that live in their own modules register themselves on import.
from dockerlab.cli import cmd_instructor  # noqa: E402,F401,I001
from dockerlab.cli import cmd_workshop  # noqa: E402, F401
from dockerlab.cli import cmd_explain  # noqa: E402,F401
