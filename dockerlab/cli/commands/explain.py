"""«dockerlab explain»: the learner pastes a Docker error and gets it explained in Spanish."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from dockerlab.cli.options import JsonOpt, PlainOpt
from dockerlab.cli.spanish import SpanishCommand, new_app
from dockerlab.errors import ExitCode, UsageError

commands = new_app()

if TYPE_CHECKING:
    from rich.console import Console

    from dockerlab.engine.explain import Explanation
    from dockerlab.engine.gateway import Engine
    from dockerlab.ui.output import OutputMode

MAX_INPUT = 1_000_000  # characters read from standard input
ENGINE_TIMEOUT = 5  # seconds: the facts are a bonus, the explanation must not wait for them


@commands.command(cls=SpanishCommand)
def explain(
    text: Annotated[
        str | None,
        typer.Argument(
            metavar="TEXTO",
            help="El mensaje de error, entre comillas. Sin él se lee de la "
            "entrada: «docker run … 2>&1 | dockerlab explain».",
        ),
    ] = None,
    list_all: Annotated[
        bool, typer.Option("--list", help="Lista todos los errores que sé explicar.")
    ] = False,
    no_engine: Annotated[
        bool, typer.Option("--no-engine", help="Explica solo con el texto, sin consultar tu motor Docker.")
    ] = False,
    json_out: JsonOpt = False,
    plain: PlainOpt = False,
) -> None:
    """Explica en español un error de Docker que te salió y cómo arreglarlo."""
    from dockerlab.ui.output import OutputMode, make_output

    output = make_output(OutputMode.from_flags(json_out, plain))
    if list_all:
        _show_catalogue(output.console, output.mode)
        raise typer.Exit(ExitCode.OK)
    message = _read_message(text)
    from dockerlab.engine.explain import explain_text
    from dockerlab.engine.provider import EngineProvider

    engines = None if no_engine else EngineProvider(_connect)
    try:
        found = explain_text(message, engines)
    finally:
        if engines is not None:
            engines.reset()
    if output.mode is OutputMode.JSON:
        sys.stdout.write(json.dumps(found.to_dict(), ensure_ascii=False) + "\n")
    else:
        _show(output.console, found, output.mode is OutputMode.RICH)
    raise typer.Exit(ExitCode.OK if found.recognised else ExitCode.CHECK_FAILED)


def _connect() -> Engine:
    from dockerlab.engine.gateway import Engine

    return Engine.connect(timeout=ENGINE_TIMEOUT)


def _read_message(text: str | None) -> str:
    if text is None:
        if sys.stdin is None or sys.stdin.isatty():
            raise UsageError(
                "Dime qué mensaje explicar.",
                "Pégalo entre comillas: dockerlab explain 'docker: Error response "
                "from daemon: …', o pásalo por una tubería: docker run … 2>&1 | "
                "dockerlab explain",
            )
        text = sys.stdin.read(MAX_INPUT)
    if not text.strip():
        raise UsageError(
            "El mensaje está vacío: no hay nada que explicar.",
            "Copia el error completo que te dio Docker y vuelve a probar.",
        )
    return text


def _show(console: Console, found: Explanation, rich: bool) -> None:
    if not rich:
        if found.recognised:
            lines = [
                f"Error reconocido: {found.title} ({found.code})",
                f"Qué pasa: {found.message}",
                *(f"- {fact}" for fact in found.facts),
                f"Cómo arreglarlo: {found.fix}",
            ]
        else:
            lines = [found.message, f"Consejo: {found.fix}"]
        for line in lines:
            console.print(line, markup=False, highlight=False, soft_wrap=True)
        return
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    body: list[Text] = [Text(found.message)]
    body += [Text("• " + fact, style="cyan") for fact in found.facts]
    label = "Cómo arreglarlo: " if found.recognised else "Consejo: "
    body.append(Text.assemble("\n", (label, "bold"), found.fix))
    title = f"✗ {found.title}" if found.recognised else "? No lo reconozco"
    console.print(
        Panel(
            Group(*body),
            title=title,
            title_align="left",
            border_style="red" if found.recognised else "yellow",
        )
    )


def _show_catalogue(console: Console, mode: OutputMode) -> None:
    from dockerlab.engine.diagnosis import ENTRIES
    from dockerlab.ui.output import OutputMode

    if mode is OutputMode.JSON:
        rows = [{"code": e.code, "title": e.title, "detected": e.detected} for e in ENTRIES]
        sys.stdout.write(json.dumps({"schema": 1, "failures": rows}, ensure_ascii=False) + "\n")
        return
    if mode is OutputMode.PLAIN:
        for entry in ENTRIES:
            console.print(
                f"{entry.code}: {entry.title} — {entry.detected}",
                markup=False,
                highlight=False,
                soft_wrap=True,
            )
        return
    from rich.table import Table

    table = Table(
        "código",
        "error",
        "cómo lo detecto",
        title=f"{len(ENTRIES)} errores que sé explicar",
        title_justify="left",
    )
    for entry in ENTRIES:
        table.add_row(entry.code, entry.title, entry.detected)
    console.print(table)
