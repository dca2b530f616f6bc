"""Choosing and building the output for a command: rich, plain or JSON lines."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.console import Console

if TYPE_CHECKING:
    from dockerlab.ui.presenters import Presenter


@dataclass(frozen=True)
class Output:
    mode: str  # rich | plain | json
    console: Console

    def presenter(self) -> Presenter:
        # Imported on demand: list, progress and doctor never show lesson events, and the rich
        # presenter's Markdown, syntax highlighting and progress bars cost ≈ 100 ms to import.
        from dockerlab.ui.presenters import JsonPresenter, PlainPresenter

        if self.mode == "json":
            return JsonPresenter(sys.stdout)
        if self.mode == "plain":
            return PlainPresenter(self.console)
        from dockerlab.ui.rich_presenter import RichPresenter

        return RichPresenter(self.console)


def plain_wanted() -> bool:
    return not sys.stdout.isatty() or "NO_COLOR" in os.environ or os.environ.get("TERM") == "dumb"


def make_output(json: bool = False, plain: bool = False) -> Output:
    if json:
        return Output("json", Console(stderr=True))
    if plain or plain_wanted():
        return Output(
            "plain",
            Console(no_color=True, highlight=False, emoji=False, force_terminal=False, color_system=None),
        )
    return Output("rich", Console())


def error_console() -> Console:
    plain = not sys.stderr.isatty() or "NO_COLOR" in os.environ
    return Console(stderr=True, no_color=plain, highlight=False, color_system=None if plain else "auto")
