"""Terminal codes from pip, uv, compose or a server never reach dockerlab's output."""

from __future__ import annotations

import json

import pytest

from dockerlab.events import Output
from dockerlab.plaintext import visible_text

ESC = "\x1b"


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        # pip's yellow warning, as the classic builder streams it
        (
            f"{ESC}[33mWARNING: Running pip as the 'root' user{ESC}[0m",
            "WARNING: Running pip as the 'root' user",
        ),
        (f"{ESC}[1;31mERROR:{ESC}[0m no matching distribution", "ERROR: no matching distribution"),
        # a progress bar redrawn in place: only the last drawing is what the learner would see
        ("   0% |          |\r  50% |#####     |\r 100% |##########|", " 100% |##########|"),
        ("Descargando…\r\n", "Descargando…\n"),
        # a hyperlink (OSC 8, ended by ESC \\ or by BEL) keeps its text
        (f"{ESC}]8;;https://pypi.org{ESC}\\pypi.org{ESC}]8;;{ESC}\\", "pypi.org"),
        (f"{ESC}]0;window title\x07listo", "listo"),
        (f"{ESC}[2K{ESC}[1Gbuilding {ESC}7x{ESC}8", "building x"),
        ("bell\x07 and backspace\x08", "bell and backspace"),
        ("tabs\tstay\nand newlines too", "tabs\tstay\nand newlines too"),
        ("ñ, ü y ✓ no son códigos", "ñ, ü y ✓ no son códigos"),
    ],
)
def test_visible_text(raw: str, shown: str) -> None:
    assert visible_text(raw) == shown


def test_output_events_never_carry_escape_codes() -> None:
    event = Output(f"{ESC}[32mSuccessfully installed fastapi{ESC}[0m", "build")
    assert event.text == "Successfully installed fastapi"
    assert ESC not in json.dumps(event.to_dict())
    assert visible_text(event.text) == event.text  # cleaning twice changes nothing


def test_output_that_arrives_in_pieces_is_shown_in_whole_lines() -> None:
    """Found walking uv: the legacy builder streamed uv's «+ anyio==4.16.0» in pieces and each
    piece became a line of its own («anyio», «==4», «.», «16.», «0»)."""
    from dockerlab.plaintext import WholeLines

    lines = WholeLines()
    pieces = [" + annotated-types==0.8.0\n + anyio", "==4", ".", "16.", "0\n +", " click==8.5.1"]
    shown = [line for piece in pieces for line in lines.feed(piece)] + lines.flush()
    assert shown == [" + annotated-types==0.8.0", " + anyio==4.16.0", " + click==8.5.1"]
    assert lines.flush() == []
    assert lines.feed("Descargando\r 50%\r100%\n") == ["100%"]
