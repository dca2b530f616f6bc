"""Commands a learner can copy at any width (issue 11): each step's command is printed whole,
outside any border, and only the terminal folds it; titles are shortened with «…», menu
choices fold at spaces. Read in tmux (its own socket), as a person sees the screen."""

from __future__ import annotations

import os
import re
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import CI

from dockerlab.course.catalog import Catalog
from dockerlab.engine.provider import EngineProvider

from .test_terminal_modes import Tmux, broken_rows

pytestmark = [pytest.mark.terminal, pytest.mark.lessons("basico")]
MENU = "¿Qué quieres hacer?"
LEFTOVER = "¿Qué hago con él?"


def pane(home: Path, columns: int, *args: str) -> Tmux:
    env = {
        "DOCKERLAB_HOME": str(home),
        "DOCKERLAB_WORKSPACE": str(home / "ejemplos"),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    }
    for key in ("DOCKER_HOST", "DOCKER_CONTEXT", "HOME", "DOCKER_CONFIG"):
        if key in os.environ:
            env[key] = os.environ[key]
    return Tmux([sys.executable, "-m", "dockerlab", *args], env, columns=columns, rows=60)


def joined(tmux: Tmux) -> list[str]:
    """The screen with the terminal's own soft wraps undone (what a copy gives)."""
    return tmux.tmux("capture-pane", "-p", "-J", "-t", "t", "-S", "-", "-E", "-").splitlines()


def at_the_menu(tmux: Tmux) -> list[str]:
    """Wait for the step's menu; an object left by someone else is kept, never removed."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        rows = tmux.screen()
        if any(MENU in row for row in rows):
            return rows
        if sum(LEFTOVER in row for row in rows) > sum("No toco" in row for row in rows):
            tmux.keys("Enter")  # «Seguir sin borrarlo»
        time.sleep(0.3)
    raise AssertionError("\n".join(tmux.screen()[-40:]))


def shape(text: str) -> str:
    return re.sub(r"\d+", "N", text.strip())  # a port moved to a free one is still the command


@pytest.fixture
def tmux_ok(engines: EngineProvider) -> Iterator[None]:
    if shutil.which("tmux") is None:
        if CI:
            pytest.fail("CI=true but tmux is not installed (.ci/engine.sh installs it)")
        pytest.skip("tmux is not installed")
    yield


def command_seen(tmux: Tmux, command: str, inside: tuple[str, ...] = ()) -> bool:
    """The command whole under its label, then (if any) the commands to type inside the
    container it opens, each whole on its own line."""
    rows = joined(tmux)
    lines = command.strip().splitlines()
    expected = lines + (["Dentro del contenedor, escribe:", *inside] if inside else [])
    for index, row in enumerate(rows):
        if row.strip() == "Escribe en tu terminal:":
            shown = rows[index + 1 : index + 1 + len(expected)]
            if [shape(r) for r in shown] == [shape(line) for line in expected]:
                return True
    return False


@pytest.mark.parametrize("columns", [40, 55, 80])
def test_the_long_command_is_one_copyable_line(columns: int, dockerlab_home: Path, tmux_ok: None) -> None:
    command = "docker run --name mi_contenedor_bash -it mi_imagen_prueba bash"
    inside = ("ls -l /app", "cat /app/archivo_prueba.txt", "exit")
    tmux = pane(dockerlab_home, columns, "lesson", "basico", "--from", "shell")
    try:
        rows = at_the_menu(tmux)
        assert command_seen(tmux, command, inside), "\n".join(joined(tmux))
        assert not broken_rows(rows, columns), "\n".join(rows)
        assert all(len(row.rstrip()) <= columns for row in rows)
        title = next(row for row in rows if row.startswith("Paso "))
        assert "…" in title or title.rstrip().endswith("─"), title
    finally:
        tmux.close()


def test_titles_get_an_ellipsis_and_menus_fold_at_spaces(dockerlab_home: Path, tmux_ok: None) -> None:
    tmux = pane(dockerlab_home, 40, "start")
    try:
        rows = tmux.wait_for("¿Qué lección quieres hacer?")
        rows = tmux.wait_for("Salir")
        menu = rows[next(i for i, row in enumerate(rows) if "¿Qué lección" in row) :]
        ml = next(i for i, row in enumerate(menu) if "machine" in row)
        # the ml entry folds at a space and keeps its count
        assert any("(0/7)" in row for row in menu[ml : ml + 3]), "\n".join(menu)
        for row in menu[1:]:
            words = row.split()
            assert all(len(w) > 1 or w in "»○◐✓y" for w in words[-1:]), row  # no cut word
        tmux.keys("Enter")  # primeros-pasos
        rows = at_the_menu(tmux)
        title = next(row for row in rows if row.startswith("Paso "))
        assert "…" in title and "virtuale─" not in title, title
        assert not broken_rows(rows, 40), "\n".join(rows)
    finally:
        tmux.close()


@pytest.mark.parametrize("lesson_id", ["primeros-pasos", "basico", "hub"])
def test_every_command_of_the_lesson_is_copyable_at_55(
    lesson_id: str, catalog: Catalog, dockerlab_home: Path, tmux_ok: None
) -> None:
    lesson = catalog.get(lesson_id)
    for step in lesson.steps:
        if not step.command:
            continue
        tmux = pane(dockerlab_home, 55, "lesson", lesson_id, "--from", step.id)
        try:
            at_the_menu(tmux)
            assert command_seen(tmux, step.command, step.inside), (step.id, "\n".join(joined(tmux)))
        finally:
            tmux.close()


@pytest.mark.lessons("dockerfile")
def test_lines_to_paste_into_a_file_are_whole_and_outside_any_border(
    dockerlab_home: Path, tmux_ok: None
) -> None:
    """dockerfile's step 2 asks to paste four Dockerfile lines: at 55 columns the long one is
    folded only by the terminal (one line when copied) and no border comes with them."""
    tmux = pane(dockerlab_home, 55, "lesson", "dockerfile", "--from", "2")
    try:
        at_the_menu(tmux)
        rows = [row.rstrip() for row in joined(tmux)]
        start = rows.index("WORKDIR /app")
        assert rows[start : start + 4] == [
            "WORKDIR /app",
            "COPY requirements.txt .",
            "RUN pip install --no-cache-dir -r requirements.txt",
            "COPY . .",
        ], "\n".join(rows)
        assert not any(row.startswith(("│", "╭", "╰")) for row in rows), "\n".join(rows)
    finally:
        tmux.close()


def test_a_typed_answer_question_folds_at_spaces_at_55(dockerlab_home: Path, tmux_ok: None) -> None:
    """Found walking basico: «? ¿Qué dirección IP tiene mi_servidor? (el valor de «IP» / «Address»)»
    was cut mid-word by the terminal; the question folds at spaces like the menus do."""
    tmux = pane(dockerlab_home, 55, "lesson", "basico", "--from", "inspeccionar")
    try:
        at_the_menu(tmux)
        tmux.keys("Enter")  # Responder
        tmux.wait_for("? ¿Qué dirección IP")
        time.sleep(0.5)
        rows = tmux.screen()
        asked = rows[max(i for i, row in enumerate(rows) if row.startswith("? ¿Qué dirección IP")) :]
        assert not any(row.rstrip().endswith("«IP") for row in asked), "\n".join(asked)
        assert all(len(row.rstrip()) < 55 for row in asked), "\n".join(asked)
        tmux.keys("C-c")
    finally:
        tmux.close()
