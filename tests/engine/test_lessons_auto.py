"""``dockerlab lesson ID --auto`` for every lesson, as a user runs it: a subprocess against
the real engine. It must exit 0 (an offline step does not count as a failure), leave nothing
labelled, and give the shipped example files back byte for byte.

Lessons whose checks depend on how images are built run twice: through BuildKit (a folder
whose ``docker`` is Debian's 20.10 CLI, BuildKit built in, goes first in PATH) and through
the fallback (the default PATH here starts with a 28.x CLI without buildx, so dockerlab uses
the legacy builder); the other building lessons run through BuildKit (see BUILDER_MATTERS). Lessons
whose images Compose builds run twice too: Compose builds through BuildKit itself (whatever
the CLI), and through the classic builder when ``DOCKER_BUILDKIT=0`` asks for it."""

from __future__ import annotations

import hashlib
import os
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import buildkit_path

from dockerlab.course.catalog import Catalog, load_catalog
from dockerlab.engine.provider import EngineProvider
from dockerlab.tutor.workspace import folder_for, shipped_example

ROOT = Path(__file__).resolve().parents[2]
LESSONS = load_catalog().lessons
BUILDING = {
    lesson.id for lesson in LESSONS for step in lesson.steps for spec in step.solve if spec.kind == "build"
}
COMPOSE_BUILDING = {
    lesson.id
    for lesson in LESSONS
    for step in lesson.steps
    for spec in step.solve
    if spec.kind == "compose_up" and spec.params.get("build", True)
}
# Lessons whose checks read how their images were built (basico's mirror of a shell script,
# dockerfile's layer cache, uv's build comparison) run on both builders, and so do those
# whose images Compose builds. The others build plain Dockerfiles, which the fallback builds
# the same way (tests/engine/test_builders.py proves it, build arguments included): they run
# once, through BuildKit, as on a learner's Docker 29. Lessons that build nothing run once.
BUILDER_MATTERS = {"basico", "dockerfile", "uv"} | COMPOSE_BUILDING


def builders(lesson_id: str) -> tuple[str, ...]:
    if lesson_id in BUILDER_MATTERS:
        return ("buildkit", "clasico")
    return ("buildkit",) if lesson_id in BUILDING else ("clasico",)


CASES = [
    pytest.param(lesson.id, builder, id=f"{lesson.id}-{builder}")
    for lesson in LESSONS
    for builder in builders(lesson.id)
]
BUILDKIT_STEP = re.compile(r"^\s*#\d+ \[", re.MULTILINE)  # «#7 [2/4] RUN pip install …»
CLASSIC_STEP = re.compile(r"^\s*Step \d+/\d+ : ", re.MULTILINE)  # «Step 2/6 : RUN pip install …»


def builder_env(builder: str, tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("DOCKER_BUILDKIT", None)
    if builder == "clasico":
        env["DOCKER_BUILDKIT"] = "0"  # only Compose reads it: dockerlab's own builds fall back by themselves
    if builder == "buildkit":
        env["PATH"] = buildkit_path(tmp_path)
    return env


SHOWN = "> dockerlab ejecuta: "
# what dockerlab adds to «docker build» for the builder it found; the script's plain
# «docker build» picks the same builder by itself
BUILDER_ONLY = ("buildx", "--load", "--progress=plain")


def twin_commands() -> list[list[str]]:
    """The docker commands of benchmarks/basico.sh, split as the shell splits them."""
    script = (ROOT / "benchmarks" / "basico.sh").read_text(encoding="utf-8")
    return [shlex.split(line) for line in script.splitlines() if line.startswith("docker ")]


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


@pytest.mark.parametrize(("lesson_id", "builder"), CASES)
def test_auto_exits_zero_and_leaves_things_as_they_were(
    lesson_id: str, builder: str, catalog: Catalog, engines: EngineProvider, tmp_path: Path
) -> None:
    catalog.get(lesson_id)  # a known lesson
    engine = engines.get()
    engine.remove_labelled(lesson_id)
    examples = snapshot(ROOT / "examples")
    had_ubuntu = engine.image("ubuntu:latest") is not None
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "dockerlab", "lesson", lesson_id, "--auto", "--plain"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        env=builder_env(builder, tmp_path),
        stdin=subprocess.DEVNULL,
    )
    took = time.monotonic() - started
    print(f"dockerlab lesson {lesson_id} --auto ({builder}): exit {done.returncode} in {took:.1f} s")
    if "pip frente a uv" in done.stdout:  # the uv lesson's measurements, for the CI log
        print(done.stdout[done.stdout.index("pip frente a uv") :].split("\n\n")[0])
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert f"¡Lección «{lesson_id}» completada!" in done.stdout
    assert engine.labelled(lesson_id).empty(), engine.labelled(lesson_id).describe()
    assert snapshot(ROOT / "examples") == examples  # the installation is never written
    lesson = catalog.get(lesson_id)
    shipped, copy = shipped_example(lesson), folder_for(lesson)
    if shipped is not None and copy is not None:  # the learner's copy ends as it started
        assert f'cd "{copy}"' in done.stdout
        assert snapshot(copy) == snapshot(shipped)
    if lesson_id in BUILDING:
        legacy = "Construyo con el constructor clásico" in done.stdout
        assert legacy == (builder == "clasico"), done.stdout[-3000:]
    if lesson_id == "basico":  # benchmarks/basico.sh times the same docker commands
        shown = [
            [word for word in shlex.split(line.removeprefix(SHOWN)) if word not in BUILDER_ONLY]
            for line in done.stdout.splitlines()
            if line.startswith(SHOWN)
        ]
        assert shown == twin_commands(), "benchmarks/basico.sh no longer mirrors the lesson"
    if lesson_id == "uv":  # the build command shown is one the learner's own CLI can run
        shown = {
            "buildkit": "Comando: DOCKER_BUILDKIT=1 docker build -f Dockerfile.uv -t uv_demo_uv .",
            "clasico": "Comando: docker build -f Dockerfile.uv.clasico -t uv_demo_uv .",
        }[builder]
        assert shown in done.stdout.splitlines(), done.stdout[:4000]
    if lesson_id in COMPOSE_BUILDING:  # Compose's own output says which builder ran
        step = BUILDKIT_STEP if builder == "buildkit" else CLASSIC_STEP
        other = CLASSIC_STEP if builder == "buildkit" else BUILDKIT_STEP
        assert step.search(done.stdout) and not other.search(done.stdout), done.stdout[-3000:]
    if lesson_id == "hub":
        # pulled by dockerlab, so removed; a copy that was already here stays
        assert (engine.image("ubuntu:latest") is not None) == had_ubuntu
