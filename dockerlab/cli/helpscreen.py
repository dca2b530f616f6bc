"""A command's help screen, drawn with rich from the click objects' public attributes.

Usage line, description, then panels «Argumentos», «Opciones» and «Comandos». Only the
rich pieces a help screen needs are imported (no Markdown, no syntax highlighting).
"""

from __future__ import annotations

import inspect
from typing import Any

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from dockerlab.ui.output import no_color

NAME_STYLE = "bold cyan"
METAVAR_STYLE = "bold yellow"
REQUIRED = "[obligatorio]"
SHORT_HELP_LIMIT = 200  # characters of a command's help in the group's list (rich wraps it)


def argument_name(param: Any) -> str:
    """``ID`` for a required argument, ``[ID]`` for an optional one, ``RUTA...`` for many."""
    name = str(param.metavar or param.name.upper())
    if param.nargs == -1 and not name.endswith("..."):
        name += "..."
    return name if param.required else f"[{name}]"


def usage_line(command: Any, ctx: Any) -> str:
    pieces = [command.options_metavar] if command.options_metavar else []
    pieces += [argument_name(p) for p in command.get_params(ctx) if p.param_type_name == "argument"]
    subcommands = getattr(command, "subcommand_metavar", None)
    if subcommands:
        pieces.append(subcommands)
    return " ".join(["Uso:", ctx.command_path, *pieces])


def render_help(command: Any, ctx: Any) -> str:
    """The whole help screen as text, with colour codes when the terminal shows colours."""
    console = Console(highlight=False, no_color=no_color())
    parts: list[RenderableType] = [Text(usage_line(command, ctx), style="bold"), Text()]
    description = _description(command)
    if description is not None:
        parts += [description, Text()]
    params = [p for p in command.get_params(ctx) if not getattr(p, "hidden", False)]
    arguments = [_argument_row(p) for p in params if p.param_type_name == "argument"]
    options = [_option_row(p) for p in params if p.param_type_name == "option"]
    for title, rows in (
        ("Argumentos", arguments),
        ("Opciones", options),
        ("Comandos", _commands(command, ctx)),
    ):
        if rows:
            parts.append(_panel(title, rows))
    if command.epilog:
        parts.append(Text(inspect.cleandoc(command.epilog)))
    with console.capture() as captured:
        console.print(Group(*parts))
    return captured.get()


def _description(command: Any) -> Text | None:
    if not command.help:
        return None
    text = inspect.cleandoc(command.help).partition("\f")[0]
    return Text("\n\n").join(Text.from_markup(paragraph.strip()) for paragraph in text.split("\n\n"))


def _help_of(param: Any) -> Text:
    text = Text.from_markup(inspect.cleandoc(getattr(param, "help", None) or ""))
    if param.required:
        text.append(" " + REQUIRED, style="red")
    return text


def _argument_row(param: Any) -> tuple[Text, Text, Text]:
    return Text(argument_name(param), style=NAME_STYLE), Text(), _help_of(param)


def _option_row(param: Any) -> tuple[Text, Text, Text]:
    names = ", ".join(sorted([*param.opts, *param.secondary_opts], key=lambda n: (not n.startswith("--"), n)))
    takes_value = not (getattr(param, "is_flag", False) or getattr(param, "count", False))
    metavar = (param.metavar or "VALOR") if takes_value else ""
    return Text(names, style=NAME_STYLE), Text(metavar, style=METAVAR_STYLE), _help_of(param)


def _commands(command: Any, ctx: Any) -> list[tuple[Text, Text, Text]]:
    rows = []
    for name in getattr(command, "list_commands", lambda _ctx: [])(ctx):
        sub = command.get_command(ctx, name)
        if sub is None or sub.hidden:
            continue
        rows.append(
            (
                Text(name, style=NAME_STYLE),
                Text(),
                Text.from_markup(sub.get_short_help_str(limit=SHORT_HELP_LIMIT)),
            )
        )
    return rows


def _panel(title: str, rows: list[tuple[Text, Text, Text]]) -> Panel:
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    for row in rows:
        grid.add_row(*row)
    return Panel(grid, title=title, title_align="left", border_style="dim")
