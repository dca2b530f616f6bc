"""«dockerlab explain»: the learner pastes a Docker error and gets it explained in Spanish."""

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from dockerlab.cli.options import JsonOpt, PlainOpt
from dockerlab.cli.spanish import SpanishCommand, new_app
from dockerlab.envelope import envelope
from dockerlab.errors import ExitCode, UsageError

commands = new_app()

if TYPE_CHECKING:
    from rich.console import Console

    from dockerlab.engine.explain import Explanation
    from dockerlab.engine.gateway import Engine
    from dockerlab.ui.output import OutputMode

MAX_INPUT = 4_000_000  # bytes kept from standard input: its end, where the error is
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
        _write_json(found.to_dict())
    else:
        _show(output.console, found, output.mode is OutputMode.RICH)
    raise typer.Exit(ExitCode.OK if found.recognised else ExitCode.CHECK_FAILED)


def _connect() -> "Engine":
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
        text = _decode(_read_stdin())
    else:
        # Bytes that were not valid in the terminal's encoding arrive as lone surrogates.
        text = _decode(text.encode("utf-8", "surrogateescape"))
    if not text.strip():
        raise UsageError(
            "El mensaje está vacío: no hay nada que explicar.",
            "Copia el error completo que te dio Docker y vuelve a probar.",
        )
    return text


def _read_stdin() -> bytes:
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:  # a text stream without bytes (tests, embedded)
        return sys.stdin.read().encode("utf-8", "surrogateescape")
    data = b""
    while chunk := stream.read(1 << 20):
        data = (data + chunk)[-MAX_INPUT:]
    return data


def _decode(data: bytes) -> str:
    """Any bytes as text: UTF-8, with what is not UTF-8 (a Latin-1 «ñ»…) replaced by «�»."""
    return data.decode("utf-8", errors="replace")


def _write_json(data: object) -> None:
    from dockerlab.ui.jsonout import write_document

    write_document(data)


def _others(found: "Explanation") -> list[str]:
    if not found.others:
        return []
    return ["En el mismo texto también veo:"] + [
        f"  · {other.title} ({other.code}): «{other.line}»" for other in found.others
    ]


def _show(console: "Console", found: "Explanation", rich: bool) -> None:
    if not rich:
        if found.recognised:
            lines = [
                f"{'Aviso' if found.warning else 'Error'} reconocido: {found.title} ({found.code})",
                f"Qué pasa: {found.message}",
                *(f"- {fact}" for fact in found.facts),
                f"Cómo arreglarlo: {found.fix}",
                *_others(found),
            ]
        else:
            lines = [found.message, *(f"- {fact}" for fact in found.facts), f"Consejo: {found.fix}"]
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
    others = _others(found)
    if others:
        body.append(Text("\n" + "\n".join(others), style="dim"))
    if not found.recognised:
        title, border = "? No lo reconozco", "yellow"
    elif found.warning:
        title, border = f"⚠ {found.title}", "yellow"
    else:
        title, border = f"✗ {found.title}", "red"
    console.print(Panel(Group(*body), title=title, title_align="left", border_style=border))


def _show_catalogue(console: "Console", mode: "OutputMode") -> None:
    from dockerlab.engine.diagnosis import ENTRIES
    from dockerlab.ui.output import OutputMode

    if mode is OutputMode.JSON:
        rows = [{"code": e.code, "title": e.title, "detected": e.detected} for e in ENTRIES]
        _write_json(envelope({"failures": rows}))
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
