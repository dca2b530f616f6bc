"""Fixtures for the engine tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from helpers import pulled

from dockerlab.engine.provider import EngineProvider

from .survivors import Survivors


@pytest.fixture(scope="module")
def survivors(engines: EngineProvider, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Survivors]:
    engine = engines.get()
    pulled(engine, "busybox")
    objects = Survivors()
    for name in (objects.running, objects.stopped):
        assert engine.container(name) is None, f"«{name}» already exists: not ours to touch"
    try:  # what was made before a failure goes too: all of it carries this run's mark
        objects.create(engine, tmp_path_factory.mktemp("ajena"))
        yield objects
    finally:
        objects.remove(engine)
