"""Exit codes and terminal conventions, as the README's table promises."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from dockerlab.errors import ExitCode
from dockerlab.ui.output import OutputMode, make_output, no_color

DOCKERLAB = str(Path(sys.executable).parent / "dockerlab")


@pytest.mark.parametrize("args", [["list"], ["list", "--json"], ["--help"], ["list", "basico", "--plain"]])
def test_a_closed_pipe_is_not_a_failed_check(args: list[str], tmp_path: Path) -> None:
    """``dockerlab list | head -0``: the reader is gone before dockerlab writes."""
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run(
            [DOCKERLAB, *args],
            stdout=write,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            env=dict(os.environ, DOCKERLAB_HOME=str(tmp_path)),
            timeout=60,
            check=False,
        )
    finally:
        os.close(write)
    assert done.returncode == 141, done.stderr
    assert done.returncode != ExitCode.CHECK_FAILED
    assert b"Traceback" not in done.stderr and b"Exception ignored" not in done.stderr


def colours(text: str) -> set[str]:
    """The colour codes in ``text``'s SGR sequences (bold or dim are not colours)."""
    codes = {c for seq in re.findall(r"\x1b\[([0-9;]*)m", text) for c in seq.split(";")}
    return {c for c in codes if c.isdigit() and (30 <= int(c) <= 49 or 90 <= int(c) <= 107)}


def run_in_terminal(env: dict[str, str], *args: str) -> str:
    child = pexpect.spawn(DOCKERLAB, list(args), env=env, encoding="utf-8", timeout=60, dimensions=(40, 100))
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    return str(child.before)


@pytest.mark.parametrize(("value", "coloured"), [("", True), ("1", False), (None, True)])
def test_only_a_non_empty_no_color_turns_colours_off(
    value: str | None, coloured: bool, tmp_path: Path
) -> None:
    env = dict(os.environ, DOCKERLAB_HOME=str(tmp_path), TERM="xterm-256color")
    env.pop("NO_COLOR", None)
    if value is not None:
        env["NO_COLOR"] = value
    assert bool(colours(run_in_terminal(env, "--help"))) is coloured
    # «list» draws its table with a frame in rich mode, without one in plain mode
    assert ("┃" in run_in_terminal(env, "list")) is coloured


def test_no_color_follows_the_convention(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "")
    assert not no_color()
    monkeypatch.setenv("NO_COLOR", "0")  # any non-empty value, even «0»
    assert no_color()
    monkeypatch.delenv("NO_COLOR")
    assert not no_color()


def test_output_modes_from_the_flags() -> None:
    assert OutputMode.from_flags(json=True, plain=True) is OutputMode.JSON
    assert OutputMode.from_flags(plain=True) is OutputMode.PLAIN
    assert OutputMode.from_flags() is OutputMode.RICH
    assert make_output(OutputMode.PLAIN).console.no_color
    assert make_output(OutputMode.JSON).console.stderr  # the JSON alone goes to stdout


def test_debug_shows_the_traceback_and_without_it_there_is_none(tmp_path: Path) -> None:
    env = dict(os.environ, DOCKERLAB_HOME=str(tmp_path))
    plain = subprocess.run(
        [DOCKERLAB, "list", "no-existe"], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert plain.returncode == ExitCode.LESSON
    assert "Traceback" not in plain.stderr and "No existe la lección" in plain.stderr
    debug = subprocess.run(
        [DOCKERLAB, "--debug", "list", "no-existe"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert debug.returncode != 0
    assert "Traceback" in debug.stderr and "No existe la lección" in debug.stderr


def test_help_in_a_terminal_is_drawn_in_panels_and_plain_through_a_pipe(tmp_path: Path) -> None:
    env = dict(os.environ, DOCKERLAB_HOME=str(tmp_path), TERM="xterm-256color")
    env.pop("NO_COLOR", None)
    shown = run_in_terminal(env, "lesson", "--help")
    drawn = re.sub(r"\x1b\[[0-9;]*m", "", shown)
    for title in ("Argumentos", "Opciones"):
        assert f"╭─ {title} " in drawn
    assert "\x1b[" in shown and "Muestra esta ayuda y sale." in shown
    piped = subprocess.run(
        [DOCKERLAB, "lesson", "--help"], capture_output=True, text=True, env=env, timeout=60, check=True
    ).stdout
    assert "Argumentos:\n  ID " in piped and "╭" not in piped and "\x1b[" not in piped
