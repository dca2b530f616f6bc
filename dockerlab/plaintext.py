"""Text from programs that think they write to a terminal, made fit for any output.

pip, uv, compose and many servers colour their output, redraw progress bars with carriage
returns and emit hyperlinks. dockerlab shows that output in panels, in plain text for pipes
and in JSON lines, where those codes would be garbage (or, worse, drive the learner's
terminal), so every output line goes through :func:`visible_text` first.
"""

from __future__ import annotations

import re

# CSI (colours, cursor moves), OSC (titles, hyperlinks; ended by BEL or ESC \) and the
# two-character escapes (ESC 7, ESC M…).
_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[ -~])")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def visible_text(text: str) -> str:
    """What a terminal would leave on screen, without colours: escape sequences dropped and,
    on a line redrawn with carriage returns, only its last drawing. Tabs and newlines stay."""
    text = _ESCAPES.sub("", text)
    if "\r" in text:
        text = "\n".join(_last_drawing(line) for line in text.split("\n"))
    return _CONTROLS.sub("", text)


def _last_drawing(line: str) -> str:
    drawings = [part for part in line.split("\r") if part]
    return drawings[-1] if drawings else ""


def visible_lines(text: str) -> list[str]:
    """:func:`visible_text`, one line each (a carriage return does not start a line here:
    it redraws the one it is in)."""
    return visible_text(text).splitlines()


class WholeLines:
    """Output that arrives in pieces (a build's stream cuts lines anywhere) shown in whole
    lines: a piece without a newline waits for the rest of its line."""

    def __init__(self) -> None:
        self._pending = ""

    def feed(self, text: str) -> list[str]:
        done, newline, self._pending = (self._pending + text).rpartition("\n")
        return visible_lines(done) if newline else []

    def flush(self) -> list[str]:
        rest, self._pending = self._pending, ""
        return visible_lines(rest)


def cd_command(path: str) -> str:
    """``cd "PATH"``, quoted so the learner can copy it into bash, zsh, PowerShell or cmd
    even with spaces in the path; single quotes where double ones would expand ``$`` or a
    backtick (bash and PowerShell both read single quotes literally)."""
    if any(char in path for char in '$`"'):
        return "cd '" + path.replace("'", "''") + "'"
    return f'cd "{path}"'


WORKDIR_LABEL = "Carpeta de trabajo (entra en ella en la terminal donde escribes los comandos):"
