from __future__ import annotations

from pathlib import Path

import pytest

from dockerlab.course.catalog import Catalog, check_file, load_file
from dockerlab.engine.provider import EngineProvider
from dockerlab.errors import LessonError
from dockerlab.kinds.context import StepContext

GOOD = """\
format_version: 1
id: mini
title: Mini
steps:
  - id: uno
    title: Uno
    explain: Texto
    command: docker images
    solve: [{build: {tag: x}}]
    checks: [{image_exists: {name: x}}]
"""


def write(tmp_path: Path, text: str, name: str = "leccion.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_lessons_validate_in_syllabus_order(catalog: Catalog) -> None:
    assert catalog.ids()[:2] == ["primeros-pasos", "basico"]
    for lesson in catalog.lessons:
        lesson_, problems = check_file(lesson.source)
        assert problems == [] and lesson_ is not None
        assert all(step.checks for step in lesson.steps)
        assert len({s.id for s in lesson.steps}) == len(lesson.steps)


def test_good_lesson_parses_into_frozen_objects(tmp_path: Path) -> None:
    lesson = load_file(write(tmp_path, GOOD))
    assert lesson.id == "mini" and lesson.steps[0].number == 1
    assert lesson.step("1") is lesson.step("uno")
    with pytest.raises(AttributeError):
        lesson.id = "otro"  # type: ignore[misc]


def test_unknown_step_is_a_spanish_lesson_error(tmp_path: Path) -> None:
    lesson = load_file(write(tmp_path, GOOD))
    with pytest.raises(LessonError, match="no tiene el paso «nueve»"):
        lesson.step("nueve")


@pytest.mark.parametrize(
    ("old", "new", "line", "field", "words"),
    [
        (
            "image_exists: {name: x}",
            "image_exist: {name: x}",
            10,
            "steps[0].checks[0].image_exist",
            "verificación desconocida «image_exist»",
        ),
        ("{name: x}}]", "{}}]", 10, "steps[0].checks[0].image_exists.name", "falta el parámetro obligatorio"),
        ("tag: x", "tag: 3", 9, "steps[0].solve[0].build.tag", "debe ser texto"),
        ("format_version: 1", "format_version: 9", 1, "format_version", "más nueva"),
        ("    title: Uno\n", "", 5, "steps[0].title", "falta este campo"),
        ("id: uno", "id: Uno Dos", 5, "steps[0].id", "minúsculas"),
        ("    command:", "    comand:", 8, "steps[0].comand", "campo desconocido"),
    ],
)
def test_malformed_lesson_names_file_line_and_field(
    tmp_path: Path, old: str, new: str, line: int, field: str, words: str
) -> None:
    path = write(tmp_path, GOOD.replace(old, new, 1))
    lesson, problems = check_file(path)
    assert lesson is None
    rendered = [str(p) for p in problems]
    assert any(p.field == field and p.line == line and words in p.message for p in problems), rendered
    assert all(str(path) in text for text in rendered)


def test_broken_yaml_reports_line(tmp_path: Path) -> None:
    lesson, problems = check_file(write(tmp_path, "id: x\nsteps: [\n  - a: b\n"))
    assert lesson is None and problems[0].line >= 2 and "YAML no válido" in problems[0].message


def test_load_file_raises_with_every_problem(tmp_path: Path) -> None:
    path = write(tmp_path, "format_version: 1\nid: x\n")
    with pytest.raises(LessonError) as info:
        load_file(path)
    assert "title" in info.value.message and "steps" in info.value.message


def test_lesson_paths_cannot_escape_their_folder(tmp_path: Path) -> None:
    lesson = load_file(write(tmp_path, GOOD))
    ctx = StepContext(lesson, lesson.steps[0], EngineProvider())
    assert ctx.path("sub/dir") == (tmp_path / "sub" / "dir").resolve()
    with pytest.raises(LessonError, match="sale de la carpeta"):
        ctx.path("../../etc/passwd")


def test_catalog_get_unknown_id_lists_the_real_ones(catalog: Catalog) -> None:
    with pytest.raises(LessonError) as info:
        catalog.get("basic")
    assert "basico" in info.value.fix


def test_an_outline_checks_everything_but_the_kinds(tmp_path: Path) -> None:
    """What ``list`` reads: a kind problem waits for the full reading of whatever runs the
    lesson; any other problem is reported by both, with the same words and line."""
    unknown_kind = write(tmp_path, GOOD.replace("image_exists: {name: x}", "image_exist: {name: x}"))
    outlined, problems = check_file(unknown_kind, outline=True)
    assert problems == [] and outlined is not None and outlined.steps[0].checks[0].kind == "image_exist"
    full, problems = check_file(unknown_kind)
    assert full is None and "verificación desconocida «image_exist»" in str(problems[0])
    no_title = write(tmp_path, GOOD.replace("    title: Uno\n", ""), "sin-titulo.yaml")
    for outline in (False, True):
        lesson, problems = check_file(no_title, outline=outline)
        assert lesson is None and [str(p) for p in problems] == [
            f"{no_title}:5: steps[0].title: falta este campo obligatorio (texto)"
        ]
    shapeless = write(tmp_path, GOOD.replace("checks: [{image_exists: {name: x}}]", "checks: [3]"), "x.yaml")
    assert check_file(shapeless, outline=True)[0] is None  # the shape of a check is not a kind's


def test_an_outline_catalog_reads_lesson_files_as_outlines_too(tmp_path: Path) -> None:
    unknown_kind = write(tmp_path, GOOD.replace("build: {tag: x}", "bild: {tag: x}"))
    assert Catalog([], outline=True).get(str(unknown_kind)).steps[0].solve[0].kind == "bild"
    with pytest.raises(LessonError, match="acción desconocida «bild»"):
        Catalog([]).get(str(unknown_kind))
