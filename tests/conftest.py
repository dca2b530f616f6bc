from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from dockerlab.course.catalog import Catalog, load_catalog
from dockerlab.engine.provider import EngineProvider
from dockerlab.errors import EngineUnavailable

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def dockerlab_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own progress folder; nobody's real progress is touched."""
    home = tmp_path / "home"
    monkeypatch.setenv("DOCKERLAB_HOME", str(home))
    # the lessons work in a copy of their example folders, made here (tutor/workspace.py)
    monkeypatch.setenv("DOCKERLAB_WORKSPACE", str(tmp_path / "ejemplos"))
    return home


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="session")
def engines() -> Iterator[EngineProvider]:
    """A real Docker engine. Outside CI a missing engine skips; under CI=true it fails."""
    provider = EngineProvider()
    try:
        provider.get()
    except EngineUnavailable as exc:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"CI=true but no Docker engine answers: {exc.message}")
        pytest.skip(f"no Docker engine: {exc.message}")
    yield provider
    provider.reset()
