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


def test_every_volume_a_lesson_compose_file_declares_is_guarded() -> None:
    """Compose names a volume «project_volume» and takes over one the learner already has
    of that name; each lesson that runs a compose file lists those names in
    ``compose_volumes`` so dockerlab.course.volumenames.guard protects them."""
    import yaml

    from dockerlab.course.catalog import load_catalog
    from dockerlab.tutor.workspace import shipped_example

    checked = 0
    for lesson in load_catalog(outline=True).lessons:
        folder = shipped_example(lesson)
        compose = folder / "compose.yaml" if folder is not None else None
        if compose is None or not compose.is_file():
            continue
        data = yaml.safe_load(compose.read_text(encoding="utf-8"))
        project = data.get("name", folder.name)
        declared = {
            spec.get("name") if isinstance(spec, dict) and spec.get("name") else f"{project}_{key}"
            for key, spec in (data.get("volumes") or {}).items()
        }
        assert set(lesson.compose_volumes) == declared, lesson.id
        checked += bool(declared)
    assert checked >= 1  # multi declares one
