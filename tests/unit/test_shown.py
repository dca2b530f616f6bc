"""The build command a step shows follows the learner's own «docker build»: the lesson's
command where it builds with BuildKit, DOCKER_BUILDKIT=1 in front on a client older than 23,
the Dockerfile without cache mounts where only the classic builder is there."""

from __future__ import annotations

import pytest

from dockerlab.course.catalog import Catalog
from dockerlab.engine.builder import BUILDKIT, BUILDX, LEGACY, Builder
from dockerlab.model import Step
from dockerlab.tutor.shown import for_this_machine

NO_BUILDX = Builder(LEGACY, "tu cliente «docker» 28 no tiene el complemento buildx")


@pytest.fixture
def pip_step(catalog: Catalog) -> Step:
    step = catalog.get("uv").step("construir-pip")
    assert step.command == "docker build -f Dockerfile.pip -t uv_demo_pip ."
    return step


def test_buildx_shows_the_lessons_command(pip_step: Step) -> None:
    assert for_this_machine(pip_step, Builder(BUILDX), {}) == (pip_step.command, "")


def test_an_old_client_gets_buildkit_asked_for_in_front(pip_step: Step) -> None:
    command, why = for_this_machine(pip_step, Builder(BUILDKIT), {}, "linux")
    assert command == "DOCKER_BUILDKIT=1 docker build -f Dockerfile.pip -t uv_demo_pip ."
    assert "anterior a la versión 23" in why and "montajes de caché" in why
    # already asked for in the learner's environment: the lesson's command as it is
    assert for_this_machine(pip_step, Builder(BUILDKIT), {"DOCKER_BUILDKIT": "1"}, "linux") == (
        pip_step.command,
        "",
    )
    # «VAR=1 command» is not Windows syntax: the Dockerfile without mounts there
    command, why = for_this_machine(pip_step, Builder(BUILDKIT), {}, "win32")
    assert command == "docker build -f Dockerfile.pip.clasico -t uv_demo_pip ."
    assert "DOCKER_BUILDKIT=1" in why


def test_only_the_classic_builder_gets_the_dockerfile_without_mounts(pip_step: Step) -> None:
    command, why = for_this_machine(pip_step, NO_BUILDX, {})
    assert command == "docker build -f Dockerfile.pip.clasico -t uv_demo_pip ."
    assert "construye con Dockerfile.pip.clasico, la misma imagen" in why
    assert why.endswith("Motivo: tu cliente «docker» 28 no tiene el complemento buildx.")
    for builder in (Builder(BUILDX), Builder(BUILDKIT)):  # the learner asked for the classic one
        command, why = for_this_machine(pip_step, builder, {"DOCKER_BUILDKIT": "0"})
        assert command.startswith("docker build -f Dockerfile.pip.clasico ") and "DOCKER_BUILDKIT=0" in why


def test_steps_without_a_classic_variant_never_change(catalog: Catalog) -> None:
    for lesson_id, step_id in (("basico", "construir"), ("uv", "ejecutar"), ("dockerfile", "multietapa")):
        step = catalog.get(lesson_id).step(step_id)
        for builder in (Builder(BUILDX), Builder(BUILDKIT), NO_BUILDX):
            assert for_this_machine(step, builder, {"DOCKER_BUILDKIT": "0"}, "linux") == (step.command, "")
