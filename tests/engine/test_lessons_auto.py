"""``dockerlab lesson ID --auto`` for the later lessons, as a user runs it: a subprocess
against the real engine. It must exit 0 (an offline step does not count as a failure),
leave nothing labelled, and give the shipped example files back byte for byte."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest
from helpers import dockerlab

from dockerlab.course.catalog import Catalog
from dockerlab.engine.provider import EngineProvider
from dockerlab.tutor.workspace import folder_for, shipped_example

ROOT = Path(__file__).resolve().parents[2]
LATER = ["hub", "fastapi", "ml", "jupyter", "uv", "multi", "orquestacion"]


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


@pytest.mark.parametrize("lesson_id", LATER)
def test_auto_exits_zero_and_leaves_things_as_they_were(
    lesson_id: str, catalog: Catalog, engines: EngineProvider
) -> None:
    catalog.get(lesson_id)  # a known lesson
    engine = engines.get()
    engine.remove_labelled(lesson_id)
    examples = snapshot(ROOT / "examples")
    had_ubuntu = engine.image("ubuntu:latest") is not None
    started = time.monotonic()
    done = dockerlab(
        "lesson", lesson_id, "--auto", "--plain", cwd=ROOT, timeout=900, extra_env={"NO_COLOR": "1"}
    )
    took = time.monotonic() - started
    print(f"dockerlab lesson {lesson_id} --auto: exit {done.returncode} in {took:.1f} s")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert f"¡Lección «{lesson_id}» completada!" in done.stdout
    assert engine.labelled(lesson_id).empty(), engine.labelled(lesson_id).describe()
    assert snapshot(ROOT / "examples") == examples  # the installation is never written
    lesson = catalog.get(lesson_id)
    shipped, copy = shipped_example(lesson), folder_for(lesson)
    if shipped is not None and copy is not None:  # the learner's copy ends as it started
        assert f'cd "{copy}"' in done.stdout
        assert snapshot(copy) == snapshot(shipped)
    if lesson_id == "hub":
        # pulled by dockerlab, so removed; a copy that was already here stays
        assert (engine.image("ubuntu:latest") is not None) == had_ubuntu
