"""A step whose Dockerfile needs BuildKit names its classic twin when the learner's Docker
may build without BuildKit (found walking uv on a Docker without buildx: «the --mount
option requires BuildKit», and the check's advice was to run the same command again)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dockerlab.engine.provider import EngineProvider
from dockerlab.kinds import buildtrace
from dockerlab.kinds.buildtrace import BuildTrace, classic_alternative, verdict
from dockerlab.kinds.context import StepContext
from dockerlab.model import Lesson, Spec, Step

BUILD = Spec(
    "build",
    {"tag": "uv_demo_pip", "dockerfile": "Dockerfile.pip", "classic_dockerfile": "Dockerfile.pip.clasico"},
)


def _ctx(tmp_path: Path, *solve: Spec) -> StepContext:
    step = Step(
        "construir-pip",
        1,
        "Construir",
        "x",
        command="docker build -f Dockerfile.pip -t uv_demo_pip .",
        solve=solve,
    )
    lesson = Lesson("uv", "uv", "", (step,), tmp_path / "uv.yaml", workdir=tmp_path)
    return StepContext(lesson, step, EngineProvider())


def test_the_classic_twin_is_the_shown_command_with_its_dockerfile(tmp_path: Path) -> None:
    assert (
        classic_alternative(_ctx(tmp_path, BUILD).step)
        == "docker build -f Dockerfile.pip.clasico -t uv_demo_pip ."
    )
    assert classic_alternative(_ctx(tmp_path, Spec("build", {"tag": "x"})).step) == ""


def test_without_buildkit_the_hint_names_the_classic_dockerfile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(buildtrace, "classic_may_hide", lambda: True)
    result = verdict(_ctx(tmp_path, BUILD), "uv_demo_pip:latest", "la imagen", BuildTrace(False))
    assert "«--mount» necesita BuildKit" in result.hint
    assert "«docker build -f Dockerfile.pip.clasico -t uv_demo_pip .»" in result.hint
    # a build that left a trace failing (the walk saw both): the same advice
    result = verdict(_ctx(tmp_path, BUILD), "uv_demo_pip:latest", "la imagen", BuildTrace(True))
    assert "empezó pero falló" in result.found
    assert "«docker build -f Dockerfile.pip.clasico -t uv_demo_pip .»" in result.hint
    monkeypatch.setattr(buildtrace, "classic_may_hide", lambda: False)
    result = verdict(_ctx(tmp_path, BUILD), "uv_demo_pip:latest", "la imagen", BuildTrace(False))
    assert "clasico" not in result.hint
