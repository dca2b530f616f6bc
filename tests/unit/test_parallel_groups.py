"""scripts/test.sh runs the suite on several pytest-xdist workers and counts on one thing:
the tests of one group (tests/conftest.py: a lesson, or a file) run on one worker, one after
another. A tiny project of its own, run the same way, proves the installed pytest and
pytest-xdist still do that."""

from __future__ import annotations

import os
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


SUITE_CONFTEST = """\
import importlib.util

spec = importlib.util.spec_from_file_location("suite_conftest", {path!r})
suite = importlib.util.module_from_spec(spec)
spec.loader.exec_module(suite)
pytest_collection_modifyitems = suite.pytest_collection_modifyitems
engines = suite.engines
"""
NAMES_BASICO = """\
import pytest

{mark}
def test_runs_basicos_container(engines):
    name = "mi_contenedor"
    lesson = "basico"
    build = {{"dockerfile": "Dockerfile"}}  # a key, not the lesson «dockerfile»
"""


def collect(folder: Path, mark: str) -> subprocess.CompletedProcess[str]:
    """Collect, with the suite's own grouping, one engine test that names basico."""
    tests = Path(__file__).resolve().parents[1]
    (folder / "conftest.py").write_text(SUITE_CONFTEST.format(path=str(tests / "conftest.py")))
    (folder / "test_nombra.py").write_text(NAMES_BASICO.format(mark=mark))
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--collect-only", "-q", str(folder)],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(tests)},
    )


def test_an_engine_test_that_names_a_lesson_outside_its_group_stops_the_run(tmp_path: Path) -> None:
    forgot = collect(tmp_path, "")
    assert forgot.returncode == 4, forgot.stdout + forgot.stderr
    assert "test_nombra.py::test_runs_basicos_container: ['basico']" in forgot.stderr
    assert "dockerfile" not in forgot.stderr.split("test_runs_basicos_container")[-1]
    marked = collect(tmp_path, '@pytest.mark.lessons("basico")')
    assert marked.returncode == 0, marked.stdout + marked.stderr
    alone = collect(tmp_path, "@pytest.mark.serial")
    assert alone.returncode == 0, alone.stdout + alone.stderr
