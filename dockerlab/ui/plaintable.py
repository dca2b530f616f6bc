"""Tables as plain text, for pipes, ``NO_COLOR`` and screen readers, without importing rich.

The layout is rich's grid without borders: a title line, a header line, one space before
each column and two between them; a cell too long for its column folds onto more lines,
on spaces where it can. The widest column shrinks first, until the table fits.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Sequence


def width() -> int:
    """The terminal's width (``COLUMNS`` first), 80 when there is no terminal."""
    return shutil.get_terminal_size((80, 24)).columns


def _fit(natural: list[int], room: int) -> list[int]:
    """Column widths that add up to at most ``room``: the widest column gives up a character
    at a time, down to one (short columns, such as a count or a state, stay whole)."""
    widths = list(natural)
    while sum(widths) > room and max(widths) > 1:
        widths[widths.index(max(widths))] -= 1
    return widths


def _lines(text: str, size: int) -> list[str]:
    wrapped = [
        part
        for line in text.splitlines() or [""]
        for part in textwrap.wrap(line, size, break_long_words=True, break_on_hyphens=False) or [""]
    ]
    return wrapped or [""]


def column_widths(headers: Sequence[str], rows: Sequence[Sequence[str]], columns: int = 0) -> list[int]:
    """How wide each column is drawn in a table ``columns`` wide (the terminal's by default)."""
    room = (columns or width()) - 2 * len(headers)  # one space either side of every cell
    table = [headers, *rows]
    natural = [max(len(line) for row in table for line in _lines(row[i], 10**6)) for i in range(len(headers))]
    # folded to its width, a column can turn out narrower: it keeps only what its lines need
    return [
        max(len(line) for row in table for line in _lines(row[i], size))
        for i, size in enumerate(_fit(natural, max(room, len(headers))))
    ]


def render(title: str, headers: Sequence[str], rows: Sequence[Sequence[str]], columns: int = 0) -> str:
    """The table as text, ``columns`` wide at most (the terminal's width by default)."""
    widths = column_widths(headers, rows, columns)
    out = [title]
    for row in [headers, *rows]:
        cells = [_lines(text, size) for text, size in zip(row, widths, strict=True)]
        for n in range(max(len(c) for c in cells)):
            parts = [(c[n] if n < len(c) else "").ljust(size) for c, size in zip(cells, widths, strict=True)]
            out.append((" " + "  ".join(parts)).rstrip())
    return "\n".join(out)
