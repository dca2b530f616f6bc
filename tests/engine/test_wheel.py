"""The package as a learner installs it: a wheel in a fresh environment, run from anywhere.

Builds the sdist and the wheel (from the sdist, as ``python -m build`` does), installs the
wheel (not editable) into a new virtual environment, and runs a lesson with ``--auto`` from
another folder with a fresh HOME: the lesson works in the learner's workspace under that HOME
and nothing inside site-packages changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from dockerlab.engine.provider import EngineProvider

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.engine, pytest.mark.lessons("basico")]


def tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def test_wheel_runs_a_lesson_from_anywhere(tmp_path: Path, engines: EngineProvider) -> None:
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "-q", "-o", str(dist), str(ROOT)], check=True, timeout=600)
    wheel = next(dist.glob("dockerlab_es-*.whl"))
    assert next(dist.glob("dockerlab_es-*.tar.gz"))

    tracked = subprocess.run(
        ["git", "ls-files", "lessons", "examples"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    with zipfile.ZipFile(wheel) as archive:
        shipped = sorted(
            name.removeprefix("dockerlab/_data/")
            for name in archive.namelist()
            if name.startswith("dockerlab/_data/") and not name.endswith("/")
        )
    assert shipped == sorted(tracked)  # exactly the tracked lessons and examples

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True, timeout=600)
    home, elsewhere = tmp_path / "home", tmp_path / "otra-carpeta"
    home.mkdir()
    elsewhere.mkdir()
    site = Path(
        subprocess.run(
            [str(python), "-c", "import dockerlab, pathlib; print(pathlib.Path(dockerlab.__file__).parent)"],
            cwd=elsewhere,  # not the checkout, whose dockerlab/ would be imported instead
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    assert "site-packages" in site.parts and ROOT not in site.parents
    before = tree(site)
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOCKERLAB_")}
    env.update(HOME=str(home), NO_COLOR="1")
    env.pop("XDG_DATA_HOME", None)
    done = subprocess.run(
        [str(env_dir / "bin" / "dockerlab"), "lesson", "basico", "--auto", "--plain"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    copy = home / "dockerlab-ejemplos" / "basico"
    assert f'cd "{copy}"' in done.stdout
    assert tree(copy) == tree(ROOT / "examples" / "basico")
    assert tree(site) == before  # nothing under site-packages was written
    assert list(elsewhere.iterdir()) == []  # nor the folder it was started from
    assert engines.get().labelled("basico").empty()


def test_uv_tool_install_of_the_wheel_runs_from_anywhere(tmp_path: Path) -> None:
    """The way the README tells learners to install: ``uv tool install`` (its own
    environment, a ``dockerlab`` command on PATH), then commands from any folder."""
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "-q", "--wheel", "-o", str(dist), str(ROOT)], check=True, timeout=600
    )
    wheel = next(dist.glob("dockerlab_es-*.whl"))
    home, elsewhere = tmp_path / "home", tmp_path / "otra-carpeta"
    home.mkdir()
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DOCKERLAB_", "XDG_", "UV_"))}
    env.update(
        HOME=str(home),
        NO_COLOR="1",
        UV_TOOL_DIR=str(tmp_path / "tools"),
        UV_TOOL_BIN_DIR=str(tmp_path / "bin"),
    )
    subprocess.run(
        [sys.executable, "-m", "uv", "tool", "install", "--compile-bytecode", str(wheel)],
        env=env,
        cwd=elsewhere,
        check=True,
        timeout=600,
        capture_output=True,
    )
    command = tmp_path / "bin" / "dockerlab"
    listed = subprocess.run(
        [str(command), "list", "basico", "--plain"], env=env, cwd=elsewhere, capture_output=True, text=True
    )
    assert listed.returncode == 0, listed.stderr
    assert f'cd "{home / "dockerlab-ejemplos" / "basico"}"' in listed.stdout  # the workspace is theirs
    started = subprocess.run(
        [str(command), "start"],
        env=env,
        cwd=elsewhere,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert started.returncode == 6 and "terminal" in started.stderr  # start: a clear word, no traceback
    assert list(elsewhere.iterdir()) == []
