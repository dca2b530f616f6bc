"""A damaged, newer or unwritable progress file, through the real command line: reported,
backed up where possible, and the learner goes on (never a crash, never a lost file)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from helpers import dockerlab

from dockerlab.errors import ExitCode

ANSWER = "El kernel del sistema operativo anfitrión"


def check_first_step(home: Path) -> subprocess.CompletedProcess[str]:
    return dockerlab("check", "primeros-pasos", "contenedor-vs-vm", "--answer", ANSWER, home=home)


def test_unwritable_progress_folder_warns_and_the_step_still_passes(tmp_path: Path) -> None:
    blocker = tmp_path / "archivo"
    blocker.write_text("no soy una carpeta")
    done = check_first_step(blocker / "dockerlab")
    assert done.returncode == ExitCode.OK, done.stdout + done.stderr
    assert "Paso superado" in done.stdout
    assert "No puedo leer tu progreso" in done.stdout and "DOCKERLAB_HOME" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr
    assert blocker.read_text() == "no soy una carpeta"


@pytest.mark.parametrize(
    ("content", "reason", "says"),
    [
        ("{ esto no es json", "corrupto", "estaba dañado"),
        ('{"format_version": 7, "lessons": {}}', "v7", "versión más nueva"),
        (b"\xff\xfe\x00basura".decode("latin-1"), "corrupto", "estaba dañado"),
    ],
)
def test_bad_progress_is_backed_up_and_the_learner_goes_on(
    tmp_path: Path, content: str, reason: str, says: str
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "progress.json").write_text(content, encoding="latin-1")
    done = check_first_step(home)
    assert done.returncode == ExitCode.OK, done.stdout + done.stderr
    assert says in done.stdout and "Traceback" not in done.stderr
    backups = [p for p in home.iterdir() if p.name.startswith(f"progress.json.{reason}-")]
    assert len(backups) == 1
    assert backups[0].read_text(encoding="latin-1") == content
    saved = json.loads((home / "progress.json").read_text())
    assert saved["lessons"]["primeros-pasos"]["steps"]["contenedor-vs-vm"]["status"] == "passed"
    again = dockerlab("progress", "--json", home=home)
    assert again.returncode == 0 and says not in again.stdout + again.stderr  # said once


def test_reset_on_an_unreadable_file_is_an_error_not_a_lie(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "progress.json").mkdir(parents=True)
    done = dockerlab("reset", "--yes", home=home)
    assert done.returncode == ExitCode.PROGRESS
    assert "No puedo guardar tu progreso" in done.stderr and "borrado" not in done.stdout
