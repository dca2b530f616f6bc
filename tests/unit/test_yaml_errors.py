"""YAML syntax mistakes in a lesson file, explained in Spanish with their likely cause."""

from __future__ import annotations

from pathlib import Path

import pytest

from dockerlab.course.catalog import check_file

HEAD = "format_version: 1\nid: x\ntitle: X\nsteps:\n  - id: a\n    title: A\n    explain: x\n"


@pytest.mark.parametrize(
    ("tail", "line", "says"),
    [
        ("    command: docker run -e CLAVE: valor x\n", 8, 'ponlo entre comillas, p. ej. command: "…"'),
        ('    hints: ["sin cerrar]\n', 8, "comilla se abre y no se cierra"),
        ("    checks: [{image_exists: {name: a}\n", 9, "diccionario entre llaves {…} no se cierra"),
        ("    checks: [{image_exists: {name: a}}\n", 9, "lista entre corchetes […] no se cierra"),
        ("\tcommand: x\n", 8, "tabulador"),
        ("    command: `docker ps`\n", 8, "no puede empezar por «`»"),
        ("   command: x\n", 8, "sangría no cuadra"),
    ],
)
def test_yaml_mistakes_are_explained_in_spanish(tmp_path: Path, tail: str, line: int, says: str) -> None:
    path = tmp_path / "l.yaml"
    path.write_text(HEAD + tail, encoding="utf-8")
    lesson, problems = check_file(path)
    assert lesson is None and len(problems) == 1
    text = str(problems[0])
    assert says in text and f"l.yaml:{line}:" in text, text
    assert "YAML dijo:" in text  # PyYAML's own words stay, for searching them
