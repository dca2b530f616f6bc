"""Lessons loaded from files, through the real command line: first-class in progress, reset
and the class report; and what validate says about a lesson before anything runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from dockerlab.errors import ExitCode

LESSON = """\
format_version: 1
id: mi-quiz
title: Mi lección de preguntas
steps:
  - id: uno
    title: Uno
    explain: x
    question: {prompt: "¿Qué comando lista los volúmenes?"}
    checks: [{answer_is: {accept: [docker volume ls]}}]
  - id: dos
    title: Dos
    explain: x
    question: {prompt: "¿Y las redes?"}
    checks: [{answer_is: {accept: [docker network ls]}}]
"""


def dockerlab(
    home: Path, *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, DOCKERLAB_HOME=str(home), NO_COLOR="1", COLUMNS="200", **(env or {}))
    return subprocess.run(
        [sys.executable, "-m", "dockerlab", *args],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=120,
        check=False,
        cwd=cwd,
    )


def test_a_lesson_file_is_listed_by_progress_reset_and_report(tmp_path: Path) -> None:
    home = tmp_path / "home"
    lesson = tmp_path / "mi-quiz.yaml"
    lesson.write_text(LESSON, encoding="utf-8")
    done = dockerlab(home, "check", str(lesson), "uno", "--answer", "docker volume ls")
    assert done.returncode == ExitCode.OK, done.stdout + done.stderr

    shown = dockerlab(home, "progress", "--plain")
    assert "mi-quiz" in shown.stdout and "1/2" in shown.stdout, shown.stdout

    export = dockerlab(home, "progress", "--json")
    (tmp_path / "ana.json").write_text(export.stdout, encoding="utf-8")
    report = json.loads(dockerlab(home, "report", str(tmp_path / "ana.json"), "--json").stdout)
    assert {"id": "mi-quiz", "steps": 2} in report["lessons"]  # both steps, not just the one done

    lesson.unlink()  # the file may be gone: its progress can still be reset by id
    reset = dockerlab(home, "reset", "mi-quiz", "--yes")
    assert reset.returncode == ExitCode.OK, reset.stdout + reset.stderr
    assert "mi-quiz" not in dockerlab(home, "progress", "--json").stdout


def test_reset_by_path_resets_the_lesson_id(tmp_path: Path) -> None:
    home = tmp_path / "home"
    lesson = tmp_path / "mi-quiz.yaml"
    lesson.write_text(LESSON, encoding="utf-8")
    dockerlab(home, "check", str(lesson), "uno", "--answer", "docker volume ls")
    reset = dockerlab(home, "reset", str(lesson), "--yes")
    assert reset.returncode == ExitCode.OK, reset.stdout + reset.stderr
    assert "mi-quiz" not in dockerlab(home, "progress", "--json").stdout


def test_validate_explains_a_colon_inside_command_in_spanish(tmp_path: Path) -> None:
    lesson = tmp_path / "mala.yaml"
    lesson.write_text(
        LESSON.replace("    explain: x\n", "    explain: x\n    command: docker run -e CLAVE: valor x\n", 1),
        encoding="utf-8",
    )
    done = dockerlab(tmp_path, "validate", str(lesson))
    assert done.returncode == ExitCode.LESSON
    assert "mala.yaml:8:" in done.stdout
    assert "«: »" in done.stdout and 'command: "…"' in done.stdout, done.stdout


MOUNTS = """\
format_version: 1
id: montajes
title: Montajes
steps:
  - id: correr
    title: Correr
    explain: x
    solve: [{run: {image: busybox, name: m, volumes: VOLUMES}}]
    checks: [{container_exited: {name: m}}]
"""


def test_validate_refuses_ambiguous_and_malformed_mounts(tmp_path: Path) -> None:
    (tmp_path / "datos").mkdir()  # no «workdir»: the lesson's folder is the file's folder
    cases = {
        "{datos: /datos}": "ambiguo",  # a bare name that is also a folder of the lesson
        "{x: {bind: /datos}}": "el destino es una ruta",
        "{datos/sub: /datos}": "no es un nombre de volumen válido",
        "{./datos: datos}": "ruta absoluta",
    }
    for volumes, says in cases.items():
        path = tmp_path / "m.yaml"
        path.write_text(MOUNTS.replace("VOLUMES", volumes), encoding="utf-8")
        done = dockerlab(tmp_path, "validate", str(path))
        assert done.returncode == ExitCode.LESSON and says in done.stdout, (volumes, done.stdout)
    for fine in ("{taller_datos: /datos}", "{./datos: /datos}"):
        path.write_text(MOUNTS.replace("VOLUMES", fine), encoding="utf-8")
        done = dockerlab(tmp_path, "validate", str(path))
        assert done.returncode == ExitCode.OK, (fine, done.stdout)


SHELL = """\
format_version: 1
id: con-shell
title: Con comandos del anfitrión
workdir: .
steps:
  - id: generar
    title: Generar
    explain: x
    solve: [{host_command: {argv: ARGV}}]
    checks: [{host_file: {path: hecho.txt}}]
"""


def test_validate_lists_lessons_that_need_allow_shell_and_unlabelled_objects(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(SHELL.replace("ARGV", "[touch, hecho.txt]"), encoding="utf-8")
    done = dockerlab(tmp_path, "validate", str(path))
    assert done.returncode == ExitCode.OK, done.stdout
    assert "necesita --allow-shell" in done.stdout and "touch hecho.txt" in done.stdout
    data = json.loads(dockerlab(tmp_path, "validate", str(path), "--json").stdout)
    assert data["needs_allow_shell"] == {str(path.resolve()): ["touch hecho.txt"]}

    workshop = tmp_path / "taller.yaml"
    workshop.write_text("format_version: 1\ntitle: T\nlessons: [s.yaml]\n", encoding="utf-8")
    told = dockerlab(tmp_path, "workshop", "validate", str(workshop))
    assert told.returncode == ExitCode.OK and "«con-shell»: aviso: necesita --allow-shell" in told.stdout
    refused = dockerlab(tmp_path, "workshop", "run", str(workshop), "--auto", "--plain")
    assert refused.returncode == ExitCode.LESSON and "--allow-shell" in refused.stdout + refused.stderr
    assert not (tmp_path / "hecho.txt").exists()

    path.write_text(SHELL.replace("ARGV", "[docker, volume, create, suelto]"), encoding="utf-8")
    done = dockerlab(tmp_path, "validate", str(path))
    assert done.returncode == ExitCode.LESSON and "la limpieza no los alcanzará" in done.stdout, done.stdout


def test_list_reads_outlines_and_whatever_runs_a_lesson_checks_its_kinds(tmp_path: Path) -> None:
    """``list`` skips only the kinds' parameters (catalog outlines): a broken file still stops
    it in Spanish with exit 4; a lesson with an unknown check is listed, and refused by the
    commands that would run or validate it, with the file, the line and the field."""
    home, lessons = tmp_path / "home", tmp_path / "lecciones"
    lessons.mkdir()
    broken = lessons / "10-mi-quiz.yaml"
    broken.write_text(LESSON.replace("    title: Dos\n", ""), encoding="utf-8")
    folder = {"DOCKERLAB_LESSONS": str(lessons)}
    done = dockerlab(home, "list", env=folder)
    assert done.returncode == ExitCode.LESSON, done.stdout
    assert f"{broken}:10: steps[1].title: falta este campo obligatorio" in done.stderr
    assert "Traceback" not in done.stderr

    broken.write_text(LESSON.replace("answer_is: {accept: [docker network ls]}", "answer_iz: {}"), "utf-8")
    listed = dockerlab(home, "list", "--json", env=folder)
    assert listed.returncode == ExitCode.OK, listed.stderr
    assert [(x["id"], x["steps"]) for x in json.loads(listed.stdout)["lessons"]] == [("mi-quiz", 2)]
    for command in (["check", "mi-quiz", "uno", "--answer", "docker volume ls"], ["validate", str(lessons)]):
        refused = dockerlab(home, *command, env=folder)
        assert refused.returncode != ExitCode.OK, refused.stdout
        assert (
            "steps[1].checks[0].answer_iz: verificación desconocida «answer_iz»"
            in refused.stdout + refused.stderr
        )
        assert "Traceback" not in refused.stderr
