from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from dockerlab.errors import ProgressError
from dockerlab.model import Lesson, Step
from dockerlab.tutor.progress import FAILED, PASSED, SKIPPED, ProgressStore, StepRecord


def lesson(lesson_id: str, *step_ids: str) -> Lesson:
    steps = tuple(Step(s, n, s.title(), "") for n, s in enumerate(step_ids, 1))
    return Lesson(lesson_id, lesson_id.title(), "", steps, Path(f"{lesson_id}.yaml"))


def files(folder: Path) -> list[str]:
    """What dockerlab left in ``folder``, without the lock file (it stays, empty, on purpose)."""
    return sorted(name for name in os.listdir(folder) if not name.endswith(".lock"))


def test_progress_is_saved_per_step_and_resumes(dockerlab_home: Path) -> None:
    store = ProgressStore.open()
    assert store.path == dockerlab_home / "progress.json"
    store.record("basico", "construir", PASSED)
    store.record("basico", "listar", FAILED)
    again = ProgressStore.open()
    assert again.status_of("basico", "construir") == PASSED
    basico = lesson("basico", "construir", "listar", "ejecutar")
    assert again.current_step(basico) == basico.step("listar")
    assert again.done_count(basico) == 1
    again.record("basico", "listar", SKIPPED)
    assert again.finished(lesson("basico", "construir", "listar"))
    assert not again.finished(basico)
    data = json.loads(store.path.read_text())
    assert data["format_version"] == 1
    assert data["lessons"]["basico"]["steps"]["listar"]["failures"] == 1


def test_a_failure_after_success_keeps_the_step_done() -> None:
    store = ProgressStore.open()
    store.record("x", "a", PASSED)
    store.record("x", "a", FAILED)
    assert store.status_of("x", "a") == PASSED
    [row] = store.records()
    assert row == StepRecord("x", "a", PASSED, 2, 1, row.at) and row.at


def test_writes_are_atomic_no_temp_files_left(dockerlab_home: Path) -> None:
    store = ProgressStore.open()
    for i in range(5):
        store.record("x", f"s{i}", PASSED)
    assert files(dockerlab_home) == ["progress.json"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{ esto no es json", "corrupto"),
        ('{"format_version": 99, "lessons": {}}', "v99"),
        ('["lista"]', "corrupto"),
    ],
)
def test_bad_progress_is_backed_up_and_reported(dockerlab_home: Path, content: str, reason: str) -> None:
    dockerlab_home.mkdir()
    (dockerlab_home / "progress.json").write_text(content)
    store = ProgressStore.open()
    assert store.lessons() == []
    assert store.notices and "guardé como" in store.notices[0]
    backups = [p for p in dockerlab_home.iterdir() if reason in p.name]
    assert len(backups) == 1 and backups[0].read_text() == content
    store.record("x", "a", PASSED)
    assert ProgressStore.open().status_of("x", "a") == PASSED


def test_unreadable_progress_goes_on_in_memory_and_is_never_overwritten(tmp_path: Path) -> None:
    """A progress.json we cannot read (here: a folder; root reads any file) stays untouched."""
    path = tmp_path / "progress.json"
    path.mkdir()
    (path / "dentro.txt").write_text("no tocar")
    store = ProgressStore.open(path)
    assert store.memory_only
    [notice] = store.drain_notices()
    assert "No puedo leer tu progreso" in notice and "solo hasta que cierres" in notice
    store.record("x", "a", PASSED)  # no exception: kept in memory
    assert store.status_of("x", "a") == PASSED
    assert store.drain_notices() == []  # said once
    assert (path / "dentro.txt").read_text() == "no tocar"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["progress.json"]
    with pytest.raises(ProgressError, match="No puedo guardar tu progreso"):
        store.reset()  # an explicit reset must not pretend it worked


def test_unwritable_folder_warns_once_and_keeps_progress_in_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "no-es-carpeta"  # a file where the folder should be: even root fails
    blocker.write_text("")
    opened = ProgressStore.open(blocker / "progress.json")
    assert opened.memory_only and "No puedo leer" in opened.drain_notices()[0]
    store = ProgressStore(blocker / "progress.json")
    store.record("x", "a", PASSED)  # the write fails: a warning, not an error
    store.record("x", "b", FAILED)
    [notice] = store.drain_notices()
    assert "No puedo guardar tu progreso" in notice and "DOCKERLAB_HOME" in notice
    assert store.memory_only
    x = lesson("x", "a", "b")
    assert store.status_of("x", "a") == PASSED and store.current_step(x) == x.step("b")
    with pytest.raises(ProgressError, match="No puedo guardar tu progreso"):
        store.reset("x")  # strict: «dockerlab reset» reports it


def test_corrupt_file_that_cannot_be_moved_aside_is_left_alone(dockerlab_home: Path) -> None:
    dockerlab_home.mkdir()
    path = dockerlab_home / "progress.json"
    path.write_text("{ dañado")
    now = time.time()
    for offset in range(4):  # every backup name the next seconds could use is taken
        stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now + offset))
        taken = dockerlab_home / f"progress.json.corrupto-{stamp}"
        taken.mkdir()
        (taken / "ocupado").write_text("")
    store = ProgressStore.open()
    assert store.memory_only and "tampoco puedo apartarlo" in store.drain_notices()[0]
    store.record("x", "a", PASSED)
    assert path.read_text() == "{ dañado"


def test_ctrl_c_while_saving_leaves_the_old_file_and_no_temp_file(
    dockerlab_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = ProgressStore.open()
    store.record("x", "a", PASSED)
    before = store.path.read_text()

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("dockerlab.atomic.json.dump", interrupted)
    with pytest.raises(KeyboardInterrupt):
        store.record("x", "b", PASSED)
    assert store.path.read_text() == before
    assert files(dockerlab_home) == ["progress.json"]


def test_reset_one_lesson_or_all() -> None:
    store = ProgressStore.open()
    store.record("a", "1", PASSED)
    store.record("b", "1", PASSED)
    store.reset("a")
    assert store.status_of("a", "1") == "" and store.status_of("b", "1") == PASSED
    store.reset()
    assert ProgressStore.open().lessons() == []


def test_hand_edited_counters_do_not_break_exports(dockerlab_home: Path) -> None:
    dockerlab_home.mkdir()
    (dockerlab_home / "progress.json").write_text(
        '{"format_version": 1, "lessons": {"x": {"steps": {"a": {"status": "passed", "attempts": "dos"},'
        ' "b": "roto"}}, "y": {"steps": []}}}'
    )
    store = ProgressStore.open()
    assert store.records() == [StepRecord("x", "a", PASSED, 0, 0, "")]
    assert store.status_of("y", "a") == "" and store.lessons() == ["x", "y"]
    store.record("x", "a", FAILED)
    assert store.records()[0].attempts == 1 and store.records()[0].failures == 1
