"""The authoring guide stays true: its generated tables match the code, and its worked
volumes example is the real, valid course lesson lessons/56-volumenes.yaml."""

from __future__ import annotations

from pathlib import Path

from dockerlab.course.catalog import LESSON_FIELDS, STEP_FIELDS, check_file
from dockerlab.course.reference import update_guide
from dockerlab.kinds.all import ACTIONS, CHECKS

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "autoria.md"
EXAMPLE = ROOT / "lessons" / "56-volumenes.yaml"


def test_generated_fields_and_kinds_are_up_to_date() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    assert update_guide(text) == text, (
        "docs/autoria.md is stale: run .venv/bin/python scripts/gen_reference.py"
    )
    for name in [*LESSON_FIELDS, *STEP_FIELDS, *ACTIONS.names(), *CHECKS.names()]:
        assert f"`{name}`" in text, name


def test_worked_volumes_example_is_the_real_file_and_valid() -> None:
    example = EXAMPLE.read_text(encoding="utf-8")
    assert f"```yaml\n{example}```" in GUIDE.read_text(encoding="utf-8")
    lesson, problems = check_file(EXAMPLE)
    assert problems == [] and lesson is not None
    kinds = {spec.kind for step in lesson.steps for spec in (*step.solve, *step.checks)}
    assert {"create_volume", "remove_volume", "volume_exists", "volume_absent", "container_mount"} <= kinds
    assert "host_command" not in kinds
