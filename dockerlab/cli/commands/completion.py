"""«dockerlab completion»: the shell completion script, printed or installed."""

from pathlib import Path
from typing import Annotated

import typer

from dockerlab.cli.spanish import SpanishCommand, new_app
from dockerlab.errors import UsageError

commands = new_app()


@commands.command(cls=SpanishCommand)
def completion(
    shell: Annotated[
        str | None,
        typer.Argument(metavar="SHELL", help="bash, zsh o fish (por defecto, la de la variable SHELL)."),
    ] = None,
    install: Annotated[
        bool,
        typer.Option("--install", help="Lo instala para que funcione en las terminales que abras después."),
    ] = False,
) -> None:
    """Autocompletado con Tab: muestra el script para tu shell o lo instala con --install."""
    from dockerlab.cli import completion as scripts

    chosen = shell or scripts.detect_shell()
    if chosen not in scripts.SCRIPTS:
        known = ", ".join(scripts.SCRIPTS)
        raise UsageError(
            f"No conozco la shell «{chosen}»." if chosen else "No sé qué shell usas.",
            f"Indícala: dockerlab completion SHELL, con SHELL una de {known}.",
        )
    if not install:
        typer.echo(scripts.SCRIPTS[chosen], nl=False)
        return
    path = scripts.install(chosen, Path.home())
    typer.secho(f"Autocompletado para {chosen} instalado en {path}", fg="green")
    typer.echo("Funciona en las terminales que abras a partir de ahora.")
