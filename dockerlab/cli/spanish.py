"""Spanish help screens and usage errors on top of Typer's public API.

Typer and click speak English. dockerlab's commands and groups are our own subclasses of
``typer.core.TyperCommand`` / ``TyperGroup`` (passed with ``cls=``, as Typer documents), and
they draw their help themselves (:mod:`dockerlab.cli.helpscreen`). Usage errors reach
:func:`dockerlab.cli.run` as click exceptions and are reworded here from their public
attributes and messages; a message we do not recognise gets a general Spanish sentence
rather than Click's English.
"""

from __future__ import annotations

import re
import sys
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

HELP_TEXT = "Muestra esta ayuda y sale."
OPTIONS_METAVAR = "[OPCIONES]"

# Click's usage errors are subclasses of ClickException; Typer exposes one of them
# (BadParameter) publicly, and the rest share its bases.
CLICK_EXCEPTION: type[Exception] = next(
    cls for cls in typer.BadParameter.__mro__ if cls.__name__ == "ClickException"
)


class _Spanish:
    """Help and usage lines in Spanish; mixed into our command and group classes."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        from dockerlab.cli.helpscreen import render_help

        formatter.write(render_help(self, ctx))

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        from dockerlab.cli.helpscreen import usage_line

        formatter.write(usage_line(self, ctx) + "\n")

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_TEXT  # our own command's option object, built for it
            # A flag that is not given is False: with Typer 0.29's default (None) the value
            # goes through Typer's Pydantic-based conversion, whose import costs ≈ 100 ms.
            option.default = False
            option.callback = _show_help
        return option


def _show_help(ctx: Any, param: Any, value: Any) -> None:
    """``--help``: printed on our own stdout, which tolerates narrow encodings (click's echo
    would re-encode it as UTF-8 behind the terminal's back)."""
    if not value or ctx.resilient_parsing:
        return
    sys.stdout.write(ctx.get_help() + "\n")
    ctx.exit()


class SpanishCommand(_Spanish, TyperCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["options_metavar"] = OPTIONS_METAVAR
        super().__init__(*args, **kwargs)


class SpanishGroup(_Spanish, TyperGroup):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["options_metavar"] = OPTIONS_METAVAR
        kwargs["subcommand_metavar"] = "COMANDO [ARGUMENTOS]..."
        super().__init__(*args, **kwargs)


def new_app(**kwargs: Any) -> typer.Typer:
    """A Typer app whose commands speak Spanish. Typer's own ``--install-completion`` and
    ``--show-completion`` are left out: ``dockerlab completion`` replaces them."""
    return typer.Typer(cls=SpanishGroup, add_completion=False, **kwargs)


def is_usage_error(exc: BaseException) -> bool:
    return isinstance(exc, CLICK_EXCEPTION)


def _quoted(text: str) -> str:
    """«name» from click's 'name', "name" or name."""
    return "«" + text.strip().strip("'\"") + "»"


def _alternatives(names: list[str]) -> str:
    quoted = [_quoted(n) for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " o " + quoted[-1]


def _names(text: str) -> list[str]:
    return [n for n in re.split(r"[,\s]+", text) if n]


def _no_such_option(exc: Any) -> str | None:
    name = getattr(exc, "option_name", None)
    if not isinstance(name, str):
        return None
    possibilities = list(getattr(exc, "possibilities", None) or [])
    message = str(getattr(exc, "message", ""))
    if not possibilities:  # click versions that say «Did you mean» keep the names only in the text
        found = re.search(r"Did you mean (\S+?)\?", message)
        possibilities = [found.group(1)] if found else []
    text = f"No existe la opción {_quoted(name)}."
    if possibilities:
        text += f" ¿Querías decir {_alternatives(sorted(possibilities))}?"
    return text


def _invalid_value(where: str, detail: str) -> str:
    value = re.search(r"'([^']*)'", detail) or re.search(r'"([^"]*)"', detail)
    wanted = ""
    if re.search(r"\b(number|float|int|integer|decimal)\b", detail, flags=re.IGNORECASE):
        wanted = " Se esperaba un número."
    shown = f": {_quoted(value.group(1))}" if value else ""
    return f"Valor no válido para {_quoted(where)}{shown}.{wanted}"


def _extra(found: re.Match[str]) -> str:
    words = found.group(1).split()
    if len(words) == 1:
        return f"Sobra un argumento: {_quoted(words[0])}."
    return "Sobran argumentos: " + ", ".join(_quoted(w) for w in words) + "."


def _no_command(found: re.Match[str]) -> str:
    text = f"No existe el comando {_quoted(found.group(1))}."
    if found.group(2):
        return text + f" ¿Querías decir {_alternatives(_names(found.group(2)))}?"
    return text


_MESSAGES: list[tuple[str, Any]] = [
    (r"No such command (.+?)\.(?: Did you mean (.+)\?)?$", _no_command),
    (r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)$", _extra),
    (r"Missing argument (.+?)\.?$", lambda m: f"Falta el argumento {_quoted(m.group(1))}."),
    (r"Missing option (.+?)\.?$", lambda m: f"Falta la opción {_quoted(m.group(1))}."),
    (r"Missing parameter: (.+?)\.?$", lambda m: f"Falta el valor de {_quoted(m.group(1))}."),
    (r"Missing command\.?$", lambda m: "Falta el comando."),
    (
        r"Option (.+?) requires (?:an argument|(\d+) arguments)\.?$",
        lambda m: (
            f"La opción {_quoted(m.group(1))} necesita "
            + (f"{m.group(2)} valores." if m.group(2) else "un valor.")
        ),
    ),
    (r"Option (.+?) does not take a value\.?$", lambda m: f"La opción {_quoted(m.group(1))} no lleva valor."),
    (r"Invalid value for (.+?): (.*)$", lambda m: _invalid_value(m.group(1), m.group(2))),
    (r"Invalid value: (.*)$", lambda m: _invalid_value("un argumento", m.group(1))),
]

GENERAL = "La orden no es válida."


def usage_error_message(exc: BaseException) -> str:
    """A usage error from click, said in Spanish."""
    if type(exc).__name__ == "NoSuchOption":
        said = _no_such_option(exc)
        if said:
            return said
    format_message = getattr(exc, "format_message", None)
    message = str(format_message() if callable(format_message) else exc).strip()
    for pattern, say in _MESSAGES:
        found = re.match(pattern, message, flags=re.DOTALL)
        if found:
            return str(say(found))
    return GENERAL


def show_usage_error(exc: BaseException) -> None:
    """The command's usage line, where to find help, and the error in a red panel."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    from dockerlab.cli.helpscreen import usage_line
    from dockerlab.ui.output import error_console

    ctx = getattr(exc, "ctx", None)
    lines: list[Text] = []
    if ctx is not None:
        lines.append(Text(usage_line(ctx.command, ctx)))
        helps = list(getattr(ctx, "help_option_names", None) or ["--help"])
        lines.append(Text(f"Prueba «{ctx.command_path} {helps[0]}» para ver la ayuda.", style="dim"))
    console = error_console()
    if lines:
        console.print(Group(*lines))
    console.print(
        Panel(
            Text(usage_error_message(exc)),
            title="Error",
            title_align="left",
            border_style="red",
        )
    )
