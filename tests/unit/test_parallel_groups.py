"""scripts/test.sh runs the suite on several pytest-xdist workers and counts on one thing:
the tests of one group (tests/conftest.py: a lesson, or a file) run on one worker, one after
another. A tiny project of its own, run the same way, proves the installed pytest and
pytest-xdist still do that."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

CONFTEST = """\
import pytest

@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    for item in items:
        item.add_marker(pytest.mark.xdist_group(item.name.split("_")[1]))
"""
TESTS = "".join(f"def test_{group}_{n}():\n    pass\n\n" for group in ("uno", "dos") for n in range(4))


def test_a_group_runs_on_one_worker(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text(CONFTEST)
    (tmp_path / "test_grupos.py").write_text(TESTS)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-n", "2", "--dist", "loadgroup", "-v"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    ran = re.findall(r"\[(gw\d)\] .*PASSED test_grupos\.py::test_(\w+?)_\d", done.stdout)
    assert len(ran) == 8, done.stdout
    workers = {group: {worker for worker, name in ran if name == group} for group in ("uno", "dos")}
    assert all(len(used) == 1 for used in workers.values()), workers
