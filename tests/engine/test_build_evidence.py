"""A build that never happened vs one that failed (issue 11): when the image a build step
expects is missing, the engine's evidence since the step began decides what to say first.

The learner types with the real docker CLI: BuildKit through Debian's 20.10 CLI with
``DOCKER_BUILDKIT=1`` (or ``docker buildx build`` where buildx answers), the legacy builder
through ``DOCKER_BUILDKIT=0``. Each test uses its own image name and label, and removes
only the containers and images carrying that label."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import CI

from dockerlab.course.catalog import load_file
from dockerlab.engine.provider import EngineProvider
from dockerlab.kinds.fresh import SLACK
from dockerlab.model import Lesson
from dockerlab.tutor.progress import ProgressStore
from dockerlab.tutor.runner import Runner, Verdict

LABEL = "io.dockerlab.test"
FAILED = "tu construcción empezó pero falló"
NEVER = "no veo ninguna construcción desde que empezó este paso"


@dataclass(frozen=True)
class Folder:
    path: Path
    image: str
    label: str  # LABEL=value carried by everything the Dockerfile makes

    def lesson(self) -> Lesson:
        source = self.path / "leccion.yaml"
        source.write_text(f"""\
format_version: 1
id: pruebas-construccion
title: Construcciones que fallan
steps:
  - id: construir
    title: Construir
    explain: Construye.
    command: docker build -t {self.image} .
    solve: [{{build: {{tag: {self.image}}}}}]
    checks: [{{image_exists: {{name: {self.image}}}}}]
""")
        return load_file(source)


@pytest.fixture
def folder(tmp_path: Path, engines: EngineProvider) -> Iterator[Folder]:
    """A lesson folder whose Dockerfile fails at a RUN; removes what carries its label."""
    unique = uuid.uuid4().hex[:10]
    label = f"{LABEL}=construccion-{unique}"
    (tmp_path / "Dockerfile").write_text(f"FROM busybox\nLABEL {label}\nRUN echo empiezo && exit 1\n")
    subprocess.run(["docker", "pull", "-q", "busybox"], capture_output=True, check=True, timeout=120)
    yield Folder(tmp_path, f"dl_construccion_{unique}", label)
    for kind, listing in (("rm", ["ps", "-aq"]), ("rmi", ["images", "-aq"])):
        found = subprocess.run(
            ["docker", *listing, "--filter", f"label={label}"], capture_output=True, text=True, timeout=60
        ).stdout.split()
        if found:
            subprocess.run(["docker", kind, "-f", *found], capture_output=True, timeout=60)


def buildkit_build() -> tuple[list[str], dict[str, str]]:
    """How a learner's CLI builds with BuildKit here: buildx, or a CLI older than 23 with
    DOCKER_BUILDKIT=1 (Debian's 20.10 on CI)."""
    env = dict(os.environ)
    if subprocess.run(["docker", "buildx", "version"], capture_output=True, timeout=30).returncode == 0:
        return ["docker", "buildx", "build", "--load"], env
    for cli in ("/usr/bin/docker", shutil.which("docker") or "docker"):
        version = subprocess.run(
            [cli, "version", "--format", "{{.Client.Version}}"], capture_output=True, text=True, timeout=30
        )
        major = version.stdout.strip().split(".")[0]
        if version.returncode == 0 and major.isdigit() and int(major) < 23:
            return [cli, "build"], {**env, "DOCKER_BUILDKIT": "1"}
    if CI:
        pytest.fail("CI=true but no docker CLI here builds with BuildKit")
    pytest.skip("no docker CLI here builds with BuildKit")


def learner_builds(folder: Folder, argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*argv, "-t", folder.image, "."],
        cwd=folder.path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def found(verdict: Verdict) -> str:
    return " | ".join(f"{r.found} {r.hint}" for _, r in verdict.results)


def begun(lesson: Lesson, engines: EngineProvider) -> Runner:
    runner = Runner(lesson, ProgressStore.open(), engines, lambda event: None)
    runner.begin(lesson.steps[0])
    return runner


def test_a_buildkit_build_that_failed_says_so(folder: Folder, engines: EngineProvider) -> None:
    lesson = folder.lesson()
    runner = begun(lesson, engines)
    argv, env = buildkit_build()
    built = learner_builds(folder, argv, env)
    assert built.returncode != 0 and "exit 1" in built.stdout + built.stderr, built.stderr
    verdict = runner.check(lesson.steps[0])
    assert verdict.failed
    assert FAILED in found(verdict) and NEVER not in found(verdict), found(verdict)
    assert "dockerlab explain" in found(verdict)
    assert f"docker build -t {folder.image} ." in found(verdict)


def test_a_legacy_build_that_failed_names_the_failed_run(folder: Folder, engines: EngineProvider) -> None:
    lesson = folder.lesson()
    runner = begun(lesson, engines)
    built = learner_builds(folder, ["docker", "build"], {**os.environ, "DOCKER_BUILDKIT": "0"})
    assert built.returncode != 0 and "Step 3/3" in built.stdout, built.stdout + built.stderr
    verdict = runner.check(lesson.steps[0])
    assert verdict.failed
    assert FAILED in found(verdict) and NEVER not in found(verdict), found(verdict)
    assert "«RUN echo empiezo && exit 1» (código 1)" in found(verdict)
    assert "dockerlab explain" in found(verdict)


def test_no_build_since_the_step_began_says_so(folder: Folder, engines: EngineProvider) -> None:
    lesson = folder.lesson()
    # a failed build from before the step (both builders' traces) is not this step's work
    learner_builds(folder, ["docker", "build"], {**os.environ, "DOCKER_BUILDKIT": "0"})
    argv, env = buildkit_build()
    learner_builds(folder, argv, env)
    time.sleep(SLACK + 0.5)
    runner = begun(lesson, engines)
    verdict = runner.check(lesson.steps[0])
    assert verdict.failed
    assert NEVER in found(verdict) and FAILED not in found(verdict), found(verdict)
    assert f"Ejecuta «docker build -t {folder.image} .» en la carpeta de la lección" in found(verdict)
