"""Without Compose v2 the Compose actions explain how to get it. The actions and checks
themselves run against the real engine and the real ``docker compose`` CLI:
tests/engine/test_compose_real.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from dockerlab.engine.cli import ComposeUnavailable, compose_version
from dockerlab.engine.provider import EngineProvider
from dockerlab.kinds.compose import compose_up
from dockerlab.kinds.context import StepContext
from dockerlab.model import Lesson, Step


def context(tmp_path: Path) -> StepContext:
    step = Step("levantar", 1, "Levantar", "x")
    lesson = Lesson("ml", "ML", "", (step,), tmp_path / "ml.yaml", workdir=tmp_path)
    return StepContext(lesson, step, EngineProvider())  # never connects: Compose is missing


def test_missing_compose_is_explained_in_spanish(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no docker at all
    compose_version.cache_clear()
    try:
        with pytest.raises(ComposeUnavailable) as info:
            compose_up(context(tmp_path), None, True, None, 60)
    finally:
        compose_version.cache_clear()
    assert "docker compose" in info.value.message
    assert "docker-compose-plugin" in info.value.fix and "v1" in info.value.fix
