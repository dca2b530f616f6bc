"""Choosing and building the output for a command: rich, plain or JSON lines."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from enum import Enum
from functools import cached_property
from typing import TYPE_CHECKING

from dockerlab.ui.terminal import no_color, plain_wanted

if TYPE_CHECKING:  # rich is imported when something is drawn: «list --json» draws nothing
    from rich.console import Console

    from dockerlab.ui.presenters import Presenter


class OutputMode(Enum):
    """How a command talks: rich for people, plain for pipes and screen readers, JSON for scripts."""

    RICH = "rich"
    PLAIN = "plain"
    JSON = "json"

    @classmethod
    def from_flags(cls, json: bool = False, plain: bool = False) -> OutputMode:
        """The mode asked for with ``--json`` / ``--plain`` (``--json`` wins)."""
        if json:
            return cls.JSON
        return cls.PLAIN if plain else cls.RICH


@dataclass(frozen=True)
class Output:
    mode: OutputMode

    @cached_property
    def console(self) -> Console:
        """Where people's messages go: stderr in JSON mode (stdout carries the JSON alone)."""
        from rich.console import Console

        if self.mode is OutputMode.JSON:
            return Console(stderr=True)
        if self.mode is OutputMode.PLAIN:
            return Console(
                no_color=True, highlight=False, emoji=False, force_terminal=False, color_system=None
            )
        return Console()

    def presenter(self) -> Presenter:
        # Imported on demand: list, progress and doctor never show lesson events, and the rich
        # presenter's Markdown, syntax highlighting and progress bars cost ≈ 100 ms to import.
        from dockerlab.ui.presenters import JsonPresenter, PlainPresenter

        if self.mode is OutputMode.JSON:
            return JsonPresenter(sys.stdout)
        if self.mode is OutputMode.PLAIN:
            return PlainPresenter(self.console)
        from dockerlab.ui.rich_presenter import RichPresenter

        return RichPresenter(self.console)


def make_output(mode: OutputMode = OutputMode.RICH) -> Output:
    """The output for ``mode``; RICH still falls back to plain where colours cannot show."""
    if mode is OutputMode.RICH and plain_wanted():
        return Output(OutputMode.PLAIN)
    return Output(mode)


def error_console() -> Console:
    from rich.console import Console

    plain = not sys.stderr.isatty() or no_color()
    return Console(stderr=True, no_color=plain, highlight=False, color_system=None if plain else "auto")
