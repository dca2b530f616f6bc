from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from ci_guard import pytest_make_collect_report, pytest_runtest_makereport  # noqa: F401  (hooks)
from helpers import CI

from dockerlab.course.catalog import Catalog, load_catalog
from dockerlab.engine.provider import EngineProvider
from dockerlab.errors import EngineUnavailable

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
# A developer's shell may have any of these; the tests assume none of them.
UNSET = (
    "NO_COLOR",
    "FORCE_COLOR",
    "CLICOLOR_FORCE",
    "COLUMNS",
    "LINES",
    "LC_ALL",
    "LC_CTYPE",
    "PYTHONIOENCODING",
    "DOCKERLAB_LEARNER",
    "DOCKERLAB_LESSONS",
    "DOCKERLAB_COMPLETE",
    "XDG_CACHE_HOME",  # the user's cache folder then follows each test's own HOME
)
# The docker CLI keeps contexts and plugins under ~/.docker: a test's own HOME must not
# hide them, so the real folder is named once, before any test moves HOME.
DOCKER_CONFIG = os.environ.get("DOCKER_CONFIG") or str(Path.home() / ".docker")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test is an engine test exactly when it asks for the real engine (the ``engines``
    fixture, directly or through another fixture): the mark follows from what the test does,
    so it cannot drift. (tests/unit/test_engine_marks.py checks the other half: without an
    engine, every other test still passes.)"""
    for item in items:
        if "engines" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.engine)


@pytest.fixture(autouse=True)
def dockerlab_home(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Every test gets the environment it was written for: its own progress folder and HOME
    (nobody's real progress is touched), UTF-8, colour and width left to the terminal."""
    home = tmp_path / "home"
    for name in UNSET:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DOCKERLAB_HOME", str(home))
    monkeypatch.setenv("HOME", str(tmp_path_factory.mktemp("usuario")))  # outside tmp_path
    monkeypatch.setenv("DOCKER_CONFIG", DOCKER_CONFIG)
    monkeypatch.setenv("LANG", "C.UTF-8")
    # the lessons work in a copy of their example folders, made here (tutor/workspace.py)
    monkeypatch.setenv("DOCKERLAB_WORKSPACE", str(tmp_path / "ejemplos"))
    return home


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The shipped course."""
    return load_catalog()


@pytest.fixture(scope="session")
def mini_catalog() -> Catalog:
    """Two small lessons of the suite's own (tests/data/catalogo): for tests of the tutor's
    rules that must not change when the shipped lessons' wording does."""
    return load_catalog(DATA / "catalogo")


@pytest.fixture(scope="session")
def engines() -> Iterator[EngineProvider]:
    """A real Docker engine. Outside CI a missing engine skips; under CI=true it fails."""
    provider = EngineProvider()
    try:
        provider.get()
    except EngineUnavailable as exc:
        if CI:
            pytest.fail(f"CI=true but no Docker engine answers: {exc.message}")
        pytest.skip(f"no Docker engine: {exc.message}")
    yield provider
    provider.reset()
