"""Text that fits a narrow terminal without cutting words: titles shortened with an
ellipsis, menu choices wrapped at word boundaries."""

from __future__ import annotations

import shutil
import textwrap

from rich.cells import cell_len


def ellipsize(text: str, width: int) -> str:
    """``text`` in at most ``width`` cells, shortened at a word with «…» when it does not fit."""
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    words, kept = text.split(" "), ""
    for word in words:
        candidate = f"{kept} {word}" if kept else word
        if cell_len(candidate) + 1 > width:
            break
        kept = candidate
    if not kept:  # a single long word: cut it, but say so
        kept = text
        while cell_len(kept) + 1 > width:
            kept = kept[:-1]
    return kept.rstrip(" ·,:;") + "…"


def wrap(text: str, width: int, indent: int) -> str:
    """``text`` folded at spaces to ``width`` cells; later lines start ``indent`` spaces in,
    under the first one (a menu choice after its pointer)."""
    if width <= indent + 8 or cell_len(text) <= width:
        return text
    lines = textwrap.wrap(text, width=width, subsequent_indent=" " * indent, break_long_words=False)
    return "\n".join(lines)


def columns() -> int:
    """The terminal's width now (80 when it cannot be told)."""
    return shutil.get_terminal_size((80, 24)).columns
