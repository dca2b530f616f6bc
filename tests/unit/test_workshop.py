"""Workshop files, lesson validation and class reports (no engine needed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import dockerlab

from dockerlab.classroom.prepare import image_refs, network_needs
from dockerlab.classroom.report import build_report
from dockerlab.course.catalog import Catalog
from dockerlab.course.settings import apply
from dockerlab.course.workshop import check_workshop

CUSTOM = """\
format_version: 1
id: mi-leccion
title: Mi lección
summary: Una imagen propia.
workdir: proyecto
images: [busybox]
steps:
  - id: construir
    title: Construir
    explain: Construye la imagen.
    command: docker build -t mi_saludo .
    solve: [{build: {tag: mi_saludo}}]
    checks: [{image_exists: {name: mi_saludo}}]
"""


def make_workshop(tmp_path: Path, workshop: str) -> Path:
    (tmp_path / "proyecto").mkdir(exist_ok=True)
    (tmp_path / "proyecto" / "Dockerfile").write_text(
        "FROM busybox\nLABEL io.dockerlab.lesson=mi-leccion\nRUN true\n"
    )
    (tmp_path / "mi-leccion.yaml").write_text(CUSTOM)
    path = tmp_path / "taller.yaml"
    path.write_text(workshop)
    return path


GOOD = """\
format_version: 1
title: Taller de prueba
lessons:
  - primeros-pasos
  - lesson: ./mi-leccion.yaml
"""


def test_workshop_with_a_custom_lesson_validates(tmp_path: Path, catalog: Catalog) -> None:
    workshop, problems = check_workshop(make_workshop(tmp_path, GOOD), catalog)
    assert problems == [] and workshop is not None
    assert [e.lesson.id for e in workshop.entries] == ["primeros-pasos", "mi-leccion"]


def test_broken_workshop_reports_every_problem_precisely(tmp_path: Path, catalog: Catalog) -> None:
    broken = GOOD.replace("primeros-pasos", "primeros-paso").replace("title:", "titulo:")
    broken += "  - lesson: basico\n    settings: {puerto: 8080}\n"
    path = make_workshop(tmp_path, broken)
    (tmp_path / "mi-leccion.yaml").write_text(CUSTOM.replace("image_exists", "imagen_existe"))
    workshop, problems = check_workshop(path, catalog)
    assert workshop is None
    text = "\n".join(str(p) for p in problems)
    assert f"{path}:4: lessons[0]: no existe la lección «primeros-paso»" in text
    assert f"{path}:2: titulo: campo desconocido" in text
    assert "title: falta el título" in text
    assert f"{tmp_path / 'mi-leccion.yaml'}:13: steps[0].checks[0].imagen_existe" in text
    assert "lessons[2].settings.puerto: la lección «basico» no tiene el ajuste «puerto»" in text
    done = dockerlab("workshop", "validate", str(path))
    assert done.returncode == 4 and "primeros-paso" in done.stdout


def test_validate_command_names_file_line_and_field(tmp_path: Path) -> None:
    good = tmp_path / "buena.yaml"
    good.write_text(CUSTOM.replace("workdir: proyecto\n", ""))
    bad = tmp_path / "mala.yaml"
    bad.write_text(CUSTOM.replace("workdir: proyecto\n", "").replace("{tag: mi_saludo}", "{etiqueta: x}"))
    done = dockerlab("validate", str(good), str(bad))
    assert done.returncode == 4
    assert f"{bad}:11: steps[0].solve[0].build.etiqueta: parámetro desconocido" in done.stdout
    assert f"{bad}:11: steps[0].solve[0].build.tag: falta el parámetro" in done.stdout
    assert str(good) not in done.stdout.replace("revisado", "")
    ok = dockerlab("validate", "lessons")
    assert ok.returncode == 0 and "todo correcto" in ok.stdout


def test_validate_names_an_update_order_docker_would_refuse(tmp_path: Path) -> None:
    shipped = Path(__file__).resolve().parents[2] / "lessons" / "95-orquestacion.yaml"
    text = shipped.read_text(encoding="utf-8").replace(
        "workdir: ../examples/", f"workdir: {shipped.parent.parent}/examples/"
    )
    assert text.count("order: start-first}") == 2  # the service_create and its check
    bad = tmp_path / "orden.yaml"
    bad.write_text(text.replace("order: start-first}", "order: first-start}"), encoding="utf-8")
    done = dockerlab("validate", str(bad))
    assert done.returncode == 4
    for where in ("steps[3].solve[0].service_create.order", "steps[3].checks[0].service_running.order"):
        assert f"{where}: vale «first-start»; Docker acepta start-first o stop-first" in done.stdout


def test_prepare_lists_base_images_and_network_needs(catalog: Catalog) -> None:
    refs = image_refs(catalog.lessons)
    assert refs["hello-world:latest"] == ["primeros-pasos"]
    assert "basico" in refs["debian:bookworm-slim"]
    needs = network_needs(catalog.lessons)
    assert all(":" in n.where and n.what.upper().startswith("RUN") for n in needs)


def write_progress(path: Path, learner: str, steps: dict[str, dict[str, object]]) -> Path:
    path.write_text(
        json.dumps(
            {"schema": 1, "learner": learner, "format_version": 1, "lessons": {"basico": {"steps": steps}}}
        )
    )
    return path


def test_report_merges_learners_and_finds_where_they_get_stuck(tmp_path: Path, catalog: Catalog) -> None:
    files = [
        write_progress(
            tmp_path / "a.json",
            "Ana",
            {"construir": {"status": "passed", "failures": 0}, "listar": {"status": "failed", "failures": 3}},
        ),
        write_progress(
            tmp_path / "b.json",
            "Beto",
            {"construir": {"status": "passed", "failures": 1}, "listar": {"status": "passed", "failures": 2}},
        ),
        write_progress(tmp_path / "c.json", "Carla", {}),
    ]
    result = build_report(files, catalog)
    assert [r.learner for r in result.learners] == ["Ana", "Beto", "Carla"]
    assert result.learners[1].done["basico"] == 2
    assert result.stuck[0] == ("basico", "listar", 5, 2)
    done = dockerlab("report", *map(str, files), "--plain")
    assert done.returncode == 0 and "Ana" in done.stdout and "listar" in done.stdout


def test_report_rejects_a_file_that_is_not_progress(tmp_path: Path) -> None:
    bad = tmp_path / "x.json"
    bad.write_text("[1, 2]")
    done = dockerlab("report", str(bad))
    assert done.returncode == 5 and "no parece un progreso" in done.stderr


@pytest.mark.parametrize("fmt", ["--json", "--csv"])
def test_progress_export(fmt: str, dockerlab_home: Path) -> None:
    from dockerlab.tutor.progress import FAILED, PASSED, ProgressStore

    store = ProgressStore.open()
    store.record("basico", "construir", PASSED)
    store.record("basico", "listar", FAILED)
    done = dockerlab(
        "progress",
        fmt,
        env={"DOCKERLAB_HOME": str(dockerlab_home), "PATH": "/usr/bin:/bin", "DOCKERLAB_LEARNER": "Ana"},
    )
    assert done.returncode == 0, done.stderr
    if fmt == "--json":
        data = json.loads(done.stdout)
        [basico] = data["lessons"]
        steps = {step["id"]: step for step in basico["steps"]}
        assert data["learner"] == "Ana" and basico["id"] == "basico" and steps["listar"]["failures"] == 1
    else:
        lines = done.stdout.splitlines()
        assert lines[0].startswith("learner,lesson,step,status")
        assert "Ana,basico,listar,failed,1,1," in done.stdout


def test_reference_doc_is_up_to_date() -> None:
    from dockerlab.course.reference import render

    path = Path(__file__).resolve().parents[2] / "docs" / "referencia.md"
    assert path.read_text(encoding="utf-8") == render(), (
        "docs/referencia.md is stale: run .venv/bin/python scripts/gen_reference.py"
    )


def test_workshop_settings_must_be_declared_and_are_applied(tmp_path: Path, catalog: Catalog) -> None:
    path = make_workshop(tmp_path, GOOD + "  - lesson: fastapi\n    settings: {port: 8099}\n")
    workshop, problems = check_workshop(path, catalog)
    assert problems == [] and workshop is not None
    entry = workshop.entries[-1]
    assert "8099" in apply(entry.lesson, entry.settings).step("ejecutar").command


def test_set_rejects_unknown_settings_in_spanish() -> None:
    done = dockerlab("lesson", "fastapi", "--auto", "--set", "puerto=1")
    assert done.returncode == 4 and "no tiene el ajuste «puerto»" in done.stderr
