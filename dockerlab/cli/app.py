"""The Typer application: the root options, and every command group in one explicit list."""

import sys
from typing import Annotated

import typer

from dockerlab import __version__
from dockerlab.cli.commands import completion, explain, instructor, learner, workshop
from dockerlab.cli.spanish import new_app

app = new_app(
    name="dockerlab",
    help="Aprende Docker haciendo: lecciones guiadas en español que comprueban tu trabajo "
    "en tu propio motor Docker.",
    context_settings={"help_option_names": ["--help", "-h"]},
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dockerlab {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Muestra la versión y sale.")
    ] = False,
    debug: Annotated[
        bool,
        typer.Option("--debug", help="Muestra la traza completa de los errores (para informar de un fallo)."),
    ] = False,
) -> None:
    """Tutor interactivo de Docker. Empieza con [bold]dockerlab start[/]."""
    if ctx.invoked_subcommand is None:
        sys.stdout.write(ctx.get_help() + "\n")


app.add_typer(learner.commands)
app.add_typer(instructor.commands)
app.add_typer(workshop.commands)
app.add_typer(workshop.workshop_app, name="workshop")
app.add_typer(explain.commands)
app.add_typer(completion.commands)
