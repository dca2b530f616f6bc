"""dockerlab in the terminals learners really have: narrow, colourless, or a pipe.

The narrow case runs in tmux, which renders the screen like a terminal emulator does, so
the test reads what a person would see; the others read the raw bytes.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest
from helpers import CI, DOWN, ENTER, spawn

from dockerlab.engine.provider import EngineProvider

pytestmark = [pytest.mark.terminal, pytest.mark.lessons("primeros-pasos")]
SGR = re.compile(r"\x1b\[([0-9;]*)m")
COLOUR = re.compile(r"^(3[0-8]|4[0-8]|9[0-7]|10[0-7])$")


class Tmux:
    """One tmux server of our own (its own socket) running one command in one pane."""

    def __init__(self, command: list[str], env: dict[str, str], columns: int, rows: int) -> None:
        self.socket = f"dockerlab-test-{os.getpid()}-{time.monotonic_ns()}"
        options = [arg for key, value in env.items() for arg in ("-e", f"{key}={value}")]
        self.tmux(
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            "t",
            "-x",
            str(columns),
            "-y",
            str(rows),
            *options,
            *command,
        )
        self.tmux("set-option", "-t", "t", "remain-on-exit", "on")
        self.tmux("set-option", "-t", "t", "history-limit", "5000")

    def tmux(self, *args: str) -> str:
        # An explicit environment: readline (imported by pytest) exports COLUMNS and LINES at
        # the C level, which the tmux server would pass on and rich would believe.
        # -u: UTF-8 whatever the locale of the CI shell (box drawing must survive capture).
        done = subprocess.run(
            ["tmux", "-u", "-L", self.socket, *args],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
            env=dict(os.environ, LC_ALL="C.UTF-8"),
        )
        return done.stdout

    def screen(self) -> list[str]:
        """Every row of the pane's history and screen, as a person sees them."""
        return self.tmux("capture-pane", "-p", "-t", "t", "-S", "-", "-E", "-").splitlines()

    def wait_for(self, text: str, times: int = 1, timeout: float = 90) -> list[str]:
        """Wait until ``text`` shows on ``times`` rows (a prompt asked for the n-th time)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            rows = self.screen()
            if sum(text in row for row in rows) >= times:
                return rows
            time.sleep(0.2)
        raise AssertionError(f"«{text}» never appeared:\n" + "\n".join(self.screen()[-40:]))

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "t", *keys)

    def close(self) -> None:
        subprocess.run(
            ["tmux", "-L", self.socket, "kill-server"],
            capture_output=True,
            check=False,
            timeout=30,
            env=dict(os.environ),
        )


@pytest.fixture
def narrow(dockerlab_home: Path, engines: EngineProvider) -> Iterator[Tmux]:
    if shutil.which("tmux") is None:
        if CI:
            pytest.fail("CI=true but tmux is not installed (.ci/engine.sh installs it)")
        pytest.skip("tmux is not installed")
    env = {
        "DOCKERLAB_HOME": str(dockerlab_home),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    }
    for key in ("DOCKER_HOST", "DOCKER_CONTEXT", "HOME"):
        if key in os.environ:
            env[key] = os.environ[key]
    pane = Tmux([sys.executable, "-m", "dockerlab", "start"], env, columns=60, rows=40)
    try:
        yield pane
    finally:
        pane.close()


def broken_rows(rows: list[str], width: int) -> list[str]:
    """Rows that show a panel drawn wider than the terminal (wrapped borders)."""
    bad = []
    for row in rows:
        text = row.rstrip()
        if text.startswith(("╭", "│", "╰")) and (len(text) != width or text[-1] not in "╮│╯"):
            bad.append(row)
        elif text.startswith("─") and (len(text) != width or text[-1] != "─"):
            bad.append(row)  # a rule is exactly as wide as the terminal; this is a fragment
        elif text.startswith(("╮", "╯")) or text.strip() in ("│", "╮", "╯"):
            bad.append(row)
    return bad


def test_narrow_terminal_renders_without_breakage(narrow: Tmux) -> None:
    narrow.wait_for("¿Qué lección quieres hacer?")
    narrow.keys("Enter")  # the suggested lesson: primeros-pasos
    rows = narrow.wait_for("¿Qué quieres hacer?")
    assert any("Paso 1/" in row for row in rows)
    narrow.keys("Down", "Down", "Enter")  # Pista
    narrow.wait_for("Pista 1/")
    narrow.wait_for("¿Qué quieres hacer?", times=2)
    narrow.keys("Down", "Down", "Down", "Down", "Enter")  # Salir
    rows = narrow.wait_for("Hasta pronto")
    assert all(len(row.rstrip()) <= 60 for row in rows)
    assert not broken_rows(rows, 60), "\n".join(rows)
    assert any(row.startswith("Paso 1/") and row.rstrip().endswith("─") for row in rows)  # the step's rule
    assert any(row.startswith("╭─ Pista 1/") for row in rows)  # the hint's panel, 60 columns wide


def test_no_color_means_no_colour_codes(dockerlab_home: Path, engines: EngineProvider) -> None:
    child = spawn("start", home=dockerlab_home, NO_COLOR="1")
    seen: list[str] = []
    child.logfile_read = _Collect(seen)
    child.expect("¿Qué lección quieres hacer?")
    child.send(ENTER)
    child.expect("¿Qué quieres hacer?")
    child.send(DOWN + DOWN + ENTER)  # Pista
    child.expect("Pista 1/")
    child.expect("¿Qué quieres hacer?")
    child.send(DOWN * 4 + ENTER)  # Salir
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    raw = "".join(seen)
    colours = {m for m in SGR.findall(raw) for p in m.split(";") if COLOUR.match(p)}
    assert not colours, f"colour codes under NO_COLOR: {sorted(colours)}"
    assert "-- Paso 1/" in raw  # the plain presenter: readable without colour or boxes


def test_a_pipe_gets_plain_text_and_no_hang(dockerlab_home: Path, engines: EngineProvider) -> None:
    env = dict(os.environ, DOCKERLAB_HOME=str(dockerlab_home), TERM="xterm-256color")
    command = f"set -o pipefail; {sys.executable} -m dockerlab lesson primeros-pasos --auto | cat"
    try:
        done = subprocess.run(
            ["bash", "-c", command],
            capture_output=True,
            text=True,
            env=env,
            stdin=subprocess.DEVNULL,
            timeout=300,
            check=False,
        )
    finally:
        engines.get().remove_labelled("primeros-pasos")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "\x1b" not in done.stdout + done.stderr
    assert "-- Paso 1/" in done.stdout and "completada" in done.stdout


class _Collect:
    def __init__(self, into: list[str]) -> None:
        self.into = into

    def write(self, data: str) -> None:
        self.into.append(data)

    def flush(self) -> None:
        pass


COLOURFUL_LESSON = """\
format_version: 1
id: pruebas-colores
title: Salida con colores
summary: Un build y un contenedor que escriben códigos de terminal, como pip o uv.
workdir: contexto
steps:
  - id: construir
    title: Construir
    explain: Construye una imagen cuyo RUN escribe en colores.
    command: docker build -t pruebas-colores .
    solve:
      - build: {tag: pruebas-colores, context: .}
    checks:
      - image_exists: {name: pruebas-colores}
  - id: ejecutar
    title: Ejecutar
    explain: Ejecuta un contenedor que escribe en colores.
    command: docker run --name pruebas-colores pruebas-colores
    solve:
      - run: {image: pruebas-colores, name: pruebas-colores}
    checks:
      - container_exited: {name: pruebas-colores, logs_contain: listo}
"""
# printf in the image: a red word, a progress bar redrawn with \\r, a hyperlink (OSC 8)
PRINT = (
    r"printf '\033[31mrojo\033[0m\n 10%%\r100%%\n"
    r"\033]8;;https://x.example\033\\enlace\033]8;;\033\\ listo\n'"
)


@pytest.mark.parametrize("mode", [["--auto", "--json"], ["--auto", "--plain"]])
def test_terminal_codes_from_builds_and_containers_never_reach_the_output(
    mode: list[str], tmp_path: Path, dockerlab_home: Path, engines: EngineProvider
) -> None:
    context = tmp_path / "contexto"
    context.mkdir()
    (context / "Dockerfile").write_text(f'FROM busybox\nRUN {PRINT}\nCMD ["sh", "-c", {json.dumps(PRINT)}]\n')
    lesson = tmp_path / "colores.yaml"
    lesson.write_text(COLOURFUL_LESSON)
    try:
        done = subprocess.run(  # bytes, not text: a \r must not be hidden by newline handling
            [sys.executable, "-m", "dockerlab", "lesson", str(lesson), *mode],
            capture_output=True,
            env=dict(os.environ, DOCKERLAB_HOME=str(dockerlab_home), TERM="xterm-256color"),
            stdin=subprocess.DEVNULL,
            timeout=300,
            check=False,
        )
    finally:
        engines.get().remove_labelled("pruebas-colores")
    shown = (done.stdout + done.stderr).decode()  # bytes: a \r must not be hidden by newlines
    assert done.returncode == 0, shown[-3000:]
    assert "\x1b" not in shown and "\r" not in shown
    if "--json" in mode:  # nor escaped inside JSON strings (\u001b, \r)
        texts = [str(json.loads(line).get("text", "")) for line in done.stdout.decode().splitlines()]
        assert not [t for t in texts if "\x1b" in t or "\r" in t]
        shown = "\n".join(texts)
    # what the learner would have seen on a terminal is all there, twice (build and run)
    for text in ("rojo", "100%", "enlace listo"):
        assert shown.count(text) >= 2, (text, shown[-3000:])
    # the redrawn part of the progress line is gone (the build's «Step» line quotes the
    # printf source, with «%%», so it does not count)
    assert not [line for line in shown.splitlines() if line.strip().startswith("10%")]
