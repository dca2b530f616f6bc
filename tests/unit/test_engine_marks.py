"""The «engine» mark is true both ways. tests/conftest.py marks a test exactly when it asks
for the real engine (the ``engines`` fixture); here, every test in tests/engine without that
mark runs in a real pytest process whose DOCKER_HOST points at a socket with no engine, under
CI=true (so a skip would fail too): each must still pass, or it touches Docker unmarked.
(The same check for the whole suite: ``DOCKER_HOST=unix:///nada CI=true pytest -m "not engine"``.)"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def test_unmarked_engine_folder_tests_pass_without_an_engine(tmp_path: Path) -> None:
    env = dict(os.environ, CI="true", DOCKER_HOST=f"unix://{tmp_path}/sin-motor.sock")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not engine", "engine"],
        cwd=TESTS,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    summary = done.stdout.splitlines()[-1]
    assert done.returncode == 0, done.stdout[-3000:]
    assert " passed" in summary and "skipped" not in summary, summary


def test_engine_tests_are_the_ones_that_ask_for_the_engine() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "--collect-only", "-m", "engine", "engine"],
        cwd=TESTS,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    marked = {line.split("[")[0] for line in done.stdout.splitlines() if "::" in line}
    # a few that need the engine, and a few that do not, by name
    assert "tests/engine/test_selftest.py::test_a_step_skipped_before_and_after_counts_as_offline" in marked
    assert "tests/engine/test_errors.py::test_name_conflict" in marked
    assert "tests/engine/test_lessons_kinds.py::test_edit_then_restore_is_byte_for_byte" not in marked
    assert "tests/engine/test_failures.py::test_engine_endpoint_problems" not in marked
