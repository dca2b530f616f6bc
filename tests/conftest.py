from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from ci_guard import pytest_make_collect_report, pytest_runtest_makereport  # noqa: F401  (hooks)
from grouping import named_lessons
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


# scripts/test.sh runs the suite on several workers (pytest-xdist, «--dist loadgroup»), then
# the tests marked ``serial`` alone. The tests of one lesson use its object names, labels and
# host ports, so they share one group (one worker, one after another); so do lessons whose
# objects or default host ports meet. Any other test stays with the rest of its file, which
# was written to run in order.
LESSON_GROUPS = {
    # hello-world, the basico names and ubuntu:latest meet in the first three lessons' tests
    "primeros-pasos": "inicio",
    "basico": "inicio",
    "hub": "inicio",
    # these three publish host port 8000 by default
    "ml": "puerto-8000",
    "uv": "puerto-8000",
    "multi": "puerto-8000",
}


# Swarm mode (init, leave) reconfigures the engine's networking for every container: while
# the orquestacion tests joined and left, a Compose service on another worker failed to
# resolve its neighbour's name («cache: Name or service not known»). Those run alone.
ENGINE_WIDE = {"orquestacion"}

# pytest-xdist hands out groups in the order they are collected (scripts/test.sh passes
# --no-loadscope-reorder): the two longest first (about 450 and 200 s of a CI run), or one of
# them starting late would be the whole tail. Each worker also gets
# a second group queued at once: the short ones of tests/cli come next.
LONGEST_FIRST = ("puerto-8000", "inicio")


def lessons_of(item: pytest.Item) -> set[str]:
    """The shipped lessons a test works with: its ``lesson_id``/``lesson`` parameter, else
    its closest ``lessons(...)`` mark."""
    callspec = getattr(item, "callspec", None)
    params = callspec.params if callspec is not None else {}
    for key in ("lesson_id", "lesson"):
        if key in params:
            return {getattr(params[key], "id", params[key])}
    mark = item.get_closest_marker("lessons")
    return set(mark.args) if mark is not None else set()


def group_of(item: pytest.Item) -> str:
    groups = {LESSON_GROUPS.get(lesson, lesson) for lesson in lessons_of(item)}
    if len(groups) > 1:
        raise pytest.UsageError(f"{item.nodeid} works with lessons of different groups: {sorted(groups)}")
    return groups.pop() if groups else item.path.stem


def unmarked(item: pytest.Item, shipped: set[str]) -> set[str]:
    """The shipped lessons an engine test of the parallel pass names in its code but not in
    its group (tests/grouping.py). A test parametrized by lesson picks its objects by that
    parameter, so the other lessons it names (in conditions) do not count."""
    function = getattr(item, "function", None)
    if (
        function is None
        or item.get_closest_marker("serial")
        or "engines" not in getattr(item, "fixturenames", ())
    ):
        return set()
    params = getattr(getattr(item, "callspec", None), "params", {})
    if "lesson_id" in params or "lesson" in params:
        return set()
    group = group_of(item)
    return {
        lesson for lesson in named_lessons(function, shipped) if LESSON_GROUPS.get(lesson, lesson) != group
    }


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A test is an engine test exactly when it asks for the real engine (the ``engines``
    fixture, directly or through another fixture): the mark follows from what the test does,
    so it cannot drift. (tests/unit/test_engine_marks.py checks the other half: without an
    engine, every other test still passes.) Every test also gets its group (see above)."""
    for item in items:
        if "engines" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.engine)
        item.add_marker(pytest.mark.xdist_group(group_of(item)))
        if group_of(item) in ENGINE_WIDE:
            item.add_marker(pytest.mark.serial)
    shipped = set(load_catalog(outline=True).ids())
    forgot = {item.nodeid: sorted(lessons) for item in items if (lessons := unmarked(item, shipped))}
    if forgot:
        listed = "; ".join(f"{nodeid}: {lessons}" for nodeid, lessons in sorted(forgot.items()))
        raise pytest.UsageError(
            "engine tests that name shipped lessons outside their group (add "
            f"pytest.mark.lessons(...) or mark them serial): {listed}"
        )
    if getattr(config.option, "loadgroup", False):  # a pytest-xdist worker, «--dist loadgroup»
        first = {group: rank for rank, group in enumerate(LONGEST_FIRST)}
        items.sort(key=lambda item: first.get(group_of(item), len(first)))  # stable


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
