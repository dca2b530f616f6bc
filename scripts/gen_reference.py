"""Regenerate docs/referencia.md from the action and check registries."""

from pathlib import Path

from dockerlab.course.reference import render

target = Path(__file__).resolve().parents[1] / "docs" / "referencia.md"
target.write_text(render(), encoding="utf-8")
print(f"escrito {target}")
