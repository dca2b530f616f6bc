"""The learner's workspace and the lesson data as an installed package finds them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from dockerlab.course.catalog import load_catalog
from dockerlab.errors import ExitCode
from dockerlab.tutor import workspace

ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dockerlab", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
        stdin=subprocess.DEVNULL,
    )


def test_missing_lesson_data_is_exit_4_in_spanish(tmp_path: Path) -> None:
    done = cli("list", env={"DOCKERLAB_LESSONS": str(tmp_path)})
    assert done.returncode == ExitCode.LESSON, done.stdout
    assert "No encuentro ninguna lección" in done.stderr and "Traceback" not in done.stderr


def test_list_shows_the_workspace_copy_as_one_cd_line(tmp_path: Path) -> None:
    folder = tmp_path / "mis ejemplos"
    done = cli("list", "basico", "--plain", env={"DOCKERLAB_WORKSPACE": str(folder), "COLUMNS": "40"})
    assert done.returncode == 0, done.stderr
    assert f'cd "{folder / "basico"}"' in done.stdout.splitlines()  # whole, quoted, unwrapped
    listed = json.loads(cli("list", "--json", env={"DOCKERLAB_WORKSPACE": str(folder)}).stdout)
    by_id = {lesson["id"]: lesson for lesson in listed["lessons"]}
    assert by_id["basico"]["workdir"] == str(folder / "basico")
    assert not folder.exists()  # listing never copies anything


def test_place_copies_once_and_keeps_the_learners_edits(tmp_path: Path) -> None:
    lesson = load_catalog().get("basico")
    placed, copied = workspace.place(lesson)
    assert placed.workdir == tmp_path / "ejemplos" / "basico"  # DOCKERLAB_WORKSPACE of conftest
    assert "Dockerfile" in copied
    dockerfile = placed.workdir / "Dockerfile"
    dockerfile.write_text("FROM busybox\n# mi cambio\n", "utf-8")
    (placed.workdir / "archivo_prueba.txt").unlink()
    _, copied = workspace.place(lesson)
    assert copied == ["archivo_prueba.txt"]  # what was missing comes back…
    assert dockerfile.read_text("utf-8").endswith("# mi cambio\n")  # …an edit is kept
    workspace.reset(lesson)
    assert dockerfile.read_bytes() == (ROOT / "examples" / "basico" / "Dockerfile").read_bytes()


def test_chosen_workspace_is_remembered(tmp_path: Path) -> None:
    chosen = tmp_path / "otra"
    env = {"DOCKERLAB_WORKSPACE": ""}
    assert cli("workspace", "--set", str(chosen), env=env).returncode == 0
    shown = cli("workspace", env=env)
    assert f'cd "{chosen}"' in shown.stdout.splitlines()


def test_reset_without_terminal_needs_yes(tmp_path: Path) -> None:
    workspace.place(load_catalog().get("basico"))
    done = cli("workspace", "--reset", "basico")
    assert done.returncode == ExitCode.NEEDS_TTY and "--yes" in done.stderr
    assert cli("workspace", "--reset", "basico", "--yes").returncode == 0
