"""What the terminal can show, decided without importing rich (a plain help screen needs
nothing more)."""

from __future__ import annotations

import os
import sys


def no_color() -> bool:
    """The NO_COLOR convention (no-color.org): only a non-empty value turns colours off."""
    return bool(os.environ.get("NO_COLOR"))


def plain_wanted() -> bool:
    """Plain text instead of colours and boxes: a pipe, ``NO_COLOR`` or ``TERM=dumb``."""
    return not sys.stdout.isatty() or no_color() or os.environ.get("TERM") == "dumb"
