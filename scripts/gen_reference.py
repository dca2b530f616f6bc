"""Regenerate docs/referencia.md and the generated block of docs/autoria.md from the code."""

from pathlib import Path

from dockerlab.course.reference import render, update_guide

docs = Path(__file__).resolve().parents[1] / "docs"
(docs / "referencia.md").write_text(render(), encoding="utf-8")
guide = docs / "autoria.md"
guide.write_text(update_guide(guide.read_text(encoding="utf-8")), encoding="utf-8")
print(f"escritos {docs / 'referencia.md'} y {guide}")
