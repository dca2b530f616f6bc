"""What the command_output check says it expects: a learner reads it after every verify,
so a script the check runs is described in words, never dumped (found walking fastapi:
«Esperaba: «python -c 'import time, urllib.request / for _ in range(60): …» filled the
screen at 55 columns)."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

import yaml

from dockerlab.kinds.execs import expected_output

ROOT = Path(__file__).resolve().parents[2]


def test_a_short_command_is_shown_as_typed() -> None:
    said = expected_output(["cat", "/tmp/visita.txt"], "«mi_servidor»", 0, "estuve dentro", "")
    assert said == "«cat /tmp/visita.txt» en «mi_servidor» termina con código 0 e imprime «estuve dentro»"


def test_a_description_replaces_the_command() -> None:
    said = expected_output(["python", "-c", "a\nb"], "«web»", 0, "Hola", "desde dentro, la API responde")
    assert said == "desde dentro, la API responde (en «web», con «Hola»)"


def _command_outputs() -> list[tuple[str, str, dict[str, Any]]]:
    found = []
    for path in sorted(ROOT.glob("lessons/*.yaml")):
        lesson = yaml.safe_load(path.read_text(encoding="utf-8"))
        for step in lesson["steps"]:
            for check in step.get("checks") or ():
                if "command_output" in check:
                    found.append((lesson["id"], step["id"], check["command_output"]))
    return found


def test_every_shipped_script_check_is_described_in_words() -> None:
    """A script, a quoted quote or a command longer than a line: the learner gets words."""
    assert _command_outputs()
    for lesson, step, params in _command_outputs():
        shown = shlex.join(str(arg) for arg in params["command"])
        if "\n" in shown or "'\"'\"'" in shown or len(shown) > 60:
            assert params.get("description"), (lesson, step)
