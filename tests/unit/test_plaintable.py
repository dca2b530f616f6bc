"""Plain tables (dockerlab/ui/plaintable.py): within the width, nothing lost, short columns whole."""

from __future__ import annotations

import pytest

from dockerlab.ui.plaintable import column_widths, render

HEADERS = ("", "id", "título", "pasos", "de qué trata")
ROWS = [
    ("○", "primeros-pasos", "Primeros pasos con Docker", "0/5", "Qué es un contenedor y hello-world."),
    ("◐", "orquestacion", "Réplicas y actualizaciones con swarm", "3/12", "Activa el modo swarm " * 4),
    ("✓", "uv", "uv y Docker", "16/16", "docker build --mount=type=cache,target=/root/.cache/uv ."),
]


def read_back(table: str, widths: list[int]) -> list[str]:
    """Each column's text of a one-row table with one-line headers, read from the drawn
    lines (spaces dropped)."""
    starts = [1 + sum(widths[:i]) + 2 * i for i in range(len(widths))]
    lines = table.splitlines()[2:]  # after the title and the header
    return [
        "".join("".join(line[s : s + w].split()) for line in lines)
        for s, w in zip(starts, widths, strict=True)
    ]


@pytest.mark.parametrize("width", [30, 40, 55, 80, 120, 200])
def test_every_line_fits_and_every_cell_reads_back_whole(width: int) -> None:
    table = render("Lecciones", HEADERS, ROWS, columns=width)
    lines = table.splitlines()
    assert lines[0] == "Lecciones"
    assert all(len(line) <= width for line in lines), table
    assert all(line == line.rstrip() for line in lines)  # no trailing spaces to copy
    short = ("", "a", "b", "c", "d")  # one-line headers: the row starts on the third line
    for row in ROWS:
        widths = column_widths(short, [row], width)
        drawn = render("Lecciones", short, [row], columns=width)
        assert read_back(drawn, widths) == ["".join(cell.split()) for cell in row], drawn


def test_the_widest_columns_give_way_first() -> None:
    widths = column_widths(HEADERS, ROWS, 80)
    assert widths[:2] == [1, len("primeros-pasos")] and widths[3] == len("pasos")
    assert sum(widths) + 2 * len(widths) <= 80
    wide = render("Lecciones", HEADERS, ROWS, columns=300)
    assert len(wide.splitlines()) == 1 + 1 + len(ROWS)  # title, header, one line per row


def test_multiline_cells_and_empty_cells() -> None:
    table = render("T", ("a", "b"), [("uno\ndos", ""), ("", "tres")], columns=40)
    assert table.splitlines() == ["T", " a    b", " uno", " dos", "      tres"]
