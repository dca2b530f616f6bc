from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from dockerlab.errors import ProgressError
from dockerlab.progress import FAILED, PASSED, SKIPPED, ProgressStore


def test_progress_is_saved_per_step_and_resumes(dockerlab_home: Path) -> None:
    store = ProgressStore.open()
    assert store.path == dockerlab_home / "progress.json"
    store.record("basico", "construir", PASSED)
    store.record("basico", "listar", FAILED)
    again = ProgressStore.open()
    assert again.step_status("basico", "construir") == PASSED
    assert again.resume_point("basico", ["construir", "listar", "ejecutar"]) == "listar"
    again.record("basico", "listar", SKIPPED)
    assert again.resume_point("basico", ["construir", "listar"]) is None
    data = json.loads(store.path.read_text())
    assert data["format_version"] == 1
    assert data["lessons"]["basico"]["steps"]["listar"]["failures"] == 1


def test_a_failure_after_success_keeps_the_step_done() -> None:
    store = ProgressStore.open()
    store.record("x", "a", PASSED)
    store.record("x", "a", FAILED)
    assert store.step_status("x", "a") == PASSED
    assert store.data["lessons"]["x"]["steps"]["a"]["failures"] == 1


def test_writes_are_atomic_no_temp_files_left(dockerlab_home: Path) -> None:
    store = ProgressStore.open()
    for i in range(5):
        store.record("x", f"s{i}", PASSED)
    assert sorted(os.listdir(dockerlab_home)) == ["progress.json"]


@pytest.mark.parametrize(("content", "reason"), [
    ("{ esto no es json", "corrupto"),
    ('{"format_version": 99, "lessons": {}}', "v99"),
    ('["lista"]', "corrupto"),
])
def test_bad_progress_is_backed_up_and_reported(dockerlab_home: Path, content: str,
                                               reason: str) -> None:
    dockerlab_home.mkdir()
    (dockerlab_home / "progress.json").write_text(content)
    store = ProgressStore.open()
    assert store.data["lessons"] == {}
    assert store.notices and "guardé como" in store.notices[0]
    backups = [p for p in dockerlab_home.iterdir() if reason in p.name]
    assert len(backups) == 1 and backups[0].read_text() == content
    store.record("x", "a", PASSED)
    assert ProgressStore.open().step_status("x", "a") == PASSED


def test_unwritable_progress_is_a_spanish_error(tmp_path: Path) -> None:
    blocker = tmp_path / "no-es-carpeta"
    blocker.write_text("")
    with pytest.raises(ProgressError, match="No puedo leer tu progreso"):
        ProgressStore.open(blocker / "progress.json")
    readonly = ProgressStore(blocker / "progress.json", {"format_version": 1, "lessons": {}})
    with pytest.raises(ProgressError, match="No puedo guardar tu progreso"):
        readonly.record("x", "a", PASSED)


def test_reset_one_lesson_or_all() -> None:
    store = ProgressStore.open()
    store.record("a", "1", PASSED)
    store.record("b", "1", PASSED)
    store.reset("a")
    assert store.step_status("a", "1") == "" and store.step_status("b", "1") == PASSED
    store.reset()
    assert ProgressStore.open().data["lessons"] == {}
