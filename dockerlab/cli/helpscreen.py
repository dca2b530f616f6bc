"""A command's help screen, drawn from the click objects' public attributes.

Usage line, description, then «Argumentos», «Opciones» and «Comandos»: in rich panels on a
terminal that shows colours, as plain indented text for pipes, ``NO_COLOR``, ``TERM=dumb``
and screen readers (the same rule as every other output; rich is not even imported then).
"""

from __future__ import annotations

import inspect
import re
import shutil
import textwrap
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dockerlab.ui.terminal import plain_wanted

if TYPE_CHECKING:
    from rich.panel import Panel

SHORT_HELP_LIMIT = 200  # characters of a command's help in the group's list (wrapped later)
REQUIRED = "[obligatorio]"
_MARKUP = re.compile(r"\[/?(?:bold|dim|italic|underline|cyan|red|green|yellow|blue|magenta)?\]")


@dataclass
class Screen:
    usage: str
    description: str
    sections: list[tuple[str, list[tuple[str, str, str]]]] = field(default_factory=list)
    epilog: str = ""


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


def screen(command: Any, ctx: Any) -> Screen:
    """What the help says, before it is drawn."""
    text = inspect.cleandoc(command.help or "").partition("\f")[0]
    found = Screen(usage_line(command, ctx), text, epilog=inspect.cleandoc(command.epilog or ""))
    params = [p for p in command.get_params(ctx) if not getattr(p, "hidden", False)]
    arguments = [(argument_name(p), "", _help_of(p)) for p in params if p.param_type_name == "argument"]
    options = [_option_row(p) for p in params if p.param_type_name == "option"]
    for title, rows in (
        ("Argumentos", arguments),
        ("Opciones", options),
        ("Comandos", _commands(command, ctx)),
    ):
        if rows:
            found.sections.append((title, rows))
    return found


def render_help(command: Any, ctx: Any) -> str:
    shown = screen(command, ctx)
    return render_plain(shown) if plain_wanted() else render_rich(shown)


def _help_of(param: Any) -> str:
    text = " ".join(inspect.cleandoc(getattr(param, "help", None) or "").split())
    return f"{text} {REQUIRED}".strip() if param.required else text


def _option_row(param: Any) -> tuple[str, str, str]:
    names = sorted([*param.opts, *param.secondary_opts], key=lambda n: (not n.startswith("--"), n))
    takes_value = not (getattr(param, "is_flag", False) or getattr(param, "count", False))
    return ", ".join(names), (param.metavar or "VALOR") if takes_value else "", _help_of(param)


def _commands(command: Any, ctx: Any) -> list[tuple[str, str, str]]:
    rows = []
    for name in getattr(command, "list_commands", lambda _ctx: [])(ctx):
        sub = command.get_command(ctx, name)
        if sub is not None and not sub.hidden:
            rows.append((name, "", sub.get_short_help_str(limit=SHORT_HELP_LIMIT)))
    return rows


def render_plain(shown: Screen) -> str:
    width = max(40, min(shutil.get_terminal_size().columns, 100))
    out = [shown.usage, ""]
    for paragraph in _MARKUP.sub("", shown.description).split("\n\n"):
        if paragraph.strip():
            out += [*textwrap.wrap(" ".join(paragraph.split()), width=width), ""]
    for title, rows in shown.sections:
        out.append(f"{title}:")
        left = max(len(_left(name, metavar)) for name, metavar, _ in rows)
        for name, metavar, text in rows:
            lines = textwrap.wrap(_MARKUP.sub("", text), width=max(20, width - left - 4)) or [""]
            out.append(f"  {_left(name, metavar).ljust(left)}  {lines[0]}".rstrip())
            out += [" " * (left + 4) + line for line in lines[1:]]
        out.append("")
    if shown.epilog:
        out += [_MARKUP.sub("", shown.epilog), ""]
    return "\n".join(out)


def _left(name: str, metavar: str) -> str:
    return f"{name} {metavar}".strip()


def render_rich(shown: Screen) -> str:
    from rich.console import Console, Group, RenderableType
    from rich.text import Text

    parts: list[RenderableType] = [Text(shown.usage, style="bold"), Text()]
    if shown.description:
        paragraphs = [Text.from_markup(p.strip()) for p in shown.description.split("\n\n")]
        parts += [Text("\n\n").join(paragraphs), Text()]
    parts += [_panel(title, rows) for title, rows in shown.sections]
    if shown.epilog:
        parts.append(Text(shown.epilog))
    console = Console(highlight=False)
    with console.capture() as captured:
        console.print(Group(*parts))
    return captured.get()


def _panel(title: str, rows: list[tuple[str, str, str]]) -> Panel:
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(no_wrap=True, style="bold cyan")
    grid.add_column(no_wrap=True, style="bold yellow")
    grid.add_column(ratio=1)
    for name, metavar, text in rows:
        help_text = Text.from_markup(text.removesuffix(REQUIRED))
        if text.endswith(REQUIRED):
            help_text.append(REQUIRED, style="red")
        grid.add_row(name, metavar, help_text)
    return Panel(grid, title=title, title_align="left", border_style="dim")
