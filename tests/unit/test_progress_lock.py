"""Two dockerlab processes saving steps at the same time (``check`` in one terminal,
``start`` in another): every step of both ends up in the file."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dockerlab.tutor.progress import PASSED, ProgressStore

WRITER = """
import sys, time
from pathlib import Path
from dockerlab.tutor.progress import PASSED, ProgressStore

path, who, count, go = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
store = ProgressStore.open(path)  # both open the file before either writes
while not go.exists():
    time.sleep(0.001)
for i in range(count):
    store.record("concurrente", f"{who}-{i:03d}", PASSED)
    for notice in store.drain_notices():
        print(notice, file=sys.stderr)
"""

STEPS = 40


def test_two_processes_recording_steps_at_once_lose_none(tmp_path: Path) -> None:
    path, go = tmp_path / "progress.json", tmp_path / "go"
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), who, str(STEPS), str(go)],
            stderr=subprocess.PIPE,
            text=True,
        )
        for who in ("check", "start")
    ]
    time.sleep(1.0)  # both are importing and opening; then they start together
    go.write_text("")
    for writer in writers:
        _, errors = writer.communicate(timeout=120)
        assert writer.returncode == 0 and errors == "", errors
    steps = json.loads(path.read_text())["lessons"]["concurrente"]["steps"]
    expected = {f"{who}-{i:03d}" for who in ("check", "start") for i in range(STEPS)}
    assert set(steps) == expected, f"{len(expected - set(steps))} steps lost"


def test_a_lock_held_too_long_is_a_spanish_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from filelock import FileLock

    monkeypatch.setattr("dockerlab.tutor.progress.LOCK_TIMEOUT", 0.2)
    store = ProgressStore.open(tmp_path / "progress.json")
    with FileLock(tmp_path / "progress.json.lock"):  # another dockerlab, stuck mid-save
        store.record("x", "a", PASSED)
    [notice] = store.drain_notices()
    assert "otro dockerlab lo tiene bloqueado" in notice and "DOCKERLAB_HOME" in notice
    assert store.status_of("x", "a") == PASSED  # kept in memory
