"""Under CI=true no skip is reachable: the suite's own hooks (tests/ci_guard.py) turn a skip
in a test, in a fixture or at collection into a failure. Proven on a throw-away suite run in
a real pytest process, once with CI=true and once without."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]
SUITE = {
    "conftest.py": "from ci_guard import pytest_make_collect_report, pytest_runtest_makereport\n",
    "test_skips.py": """\
import pytest

@pytest.fixture
def needs_something():
    pytest.skip("no hay motor")

def test_skip_inside():
    pytest.skip("no hay tmux")

@pytest.mark.skipif(True, reason="marcada")
def test_skip_mark():
    pass

def test_skip_in_fixture(needs_something):
    pass

@pytest.mark.xfail(strict=True, reason="falla a propósito")
def test_expected_failure():
    assert False

def test_passes():
    pass
""",
    "test_skipped_module.py": "import pytest\npytest.skip('módulo entero', allow_module_level=True)\n",
}


def run_suite(tmp_path: Path, ci: str | None) -> tuple[int, str]:
    for name, text in SUITE.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci is not None:
        env["CI"] = ci
    env["PYTHONPATH"] = str(TESTS)
    done = subprocess.run(
        [
            *(sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"),
            *("--continue-on-collection-errors", "--rootdir", str(tmp_path), "."),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    return done.returncode, done.stdout


@pytest.mark.parametrize("ci", ["true", "1"])
def test_every_skip_fails_under_ci(tmp_path: Path, ci: str) -> None:
    code, out = run_suite(tmp_path, ci)
    summary = out.splitlines()[-1]
    assert code == 1 and "skipped" not in summary, out
    # a skip in the test body fails it; one in its set-up (a mark, a fixture) or at
    # collection is an error: either way the run is red and says why
    assert "1 failed, 1 passed, 1 xfailed, 3 errors" in summary, out
    for reason in ("no hay tmux", "marcada", "no hay motor", "módulo entero"):
        assert f"may not skip there: {reason}" in out


def test_skips_stay_skips_outside_ci(tmp_path: Path) -> None:
    code, out = run_suite(tmp_path, None)
    assert code == 0 and "1 passed, 4 skipped, 1 xfailed" in out.splitlines()[-1], out
