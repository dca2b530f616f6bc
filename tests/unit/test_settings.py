"""Lesson settings: ``${name}`` in lesson text, overrides, and telling a busy host port.
Moving busy ports (which reads the ports containers publish): tests/engine/test_settings_real.py."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from dockerlab.course.catalog import check_file, load_file
from dockerlab.course.settings import apply, apply_assignments, substitute
from dockerlab.engine.hostports import is_free, port_problem
from dockerlab.errors import LessonError

LESSON = (
    (Path(__file__).parents[1] / "data" / "ajustes.yaml")
    .read_text(encoding="utf-8")
    .replace("LESSON_ID", "ajustes")
)


@pytest.fixture
def free_port() -> Iterator[int]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    yield port


def lesson_file(tmp_path: Path, port: int = 18080, text: str = LESSON) -> Path:
    path = tmp_path / "ajustes.yaml"
    path.write_text(text.replace("PORT", str(port)), encoding="utf-8")
    return path


def test_defaults_are_substituted_everywhere_and_typed_when_exact(tmp_path: Path) -> None:
    lesson = load_file(lesson_file(tmp_path))
    step = lesson.steps[0]
    assert step.title == "Publicar en 18080"
    assert step.explain.endswith("(en la shell, ${HOME} se queda tal cual)")
    assert step.command == "docker run -p 127.0.0.1:18080:80 -e TOKEN=secreto api"
    assert step.question is not None and step.question.choices[0] == "La API en 18080"
    assert step.solve[0].params["ports"] == {"80/tcp": 18080}  # an int, not "18080"
    assert step.checks[0].params["host_port"] == 18080
    assert step.checks[1].params["headers"] == {"Authorization": "token secreto"}
    assert step.hints == ("Mira el puerto 18080",)
    assert lesson.values == {"port": 18080, "token": "secreto"}


def test_with_settings_resubstitutes_from_the_template(tmp_path: Path) -> None:
    lesson = load_file(lesson_file(tmp_path))
    moved = apply(lesson, {"port": 9090})
    assert moved.steps[0].command.startswith("docker run -p 127.0.0.1:9090:80")
    assert moved.steps[0].solve[0].params["ports"] == {"80/tcp": 9090}
    assert moved.explicit == frozenset({"port"})
    again = apply(moved, {"token": "otro"})  # earlier overrides are kept
    assert again.steps[0].command == "docker run -p 127.0.0.1:9090:80 -e TOKEN=otro api"


def test_cli_assignments_are_typed_and_errors_are_spanish(tmp_path: Path) -> None:
    lesson = load_file(lesson_file(tmp_path))
    assert apply_assignments(lesson, ["port=8181"]).steps[0].checks[0].params["host_port"] == 8181
    with pytest.raises(LessonError, match="no tiene el ajuste «puerto»") as info:
        apply_assignments(lesson, ["puerto=1"])
    assert "port" in info.value.fix
    with pytest.raises(LessonError, match="debe ser un número entero"):
        apply_assignments(lesson, ["port=ochenta"])
    with pytest.raises(LessonError, match="de 1 a 65535"):
        apply_assignments(lesson, ["port=70000"])
    with pytest.raises(LessonError, match="nombre=valor"):
        apply_assignments(lesson, ["port"])


@pytest.mark.parametrize(
    ("old", "new", "field", "words"),
    [
        ("-e TOKEN=${token}", "-e TOKEN=${tokn}", "steps[0].command", "«${tokn}» no es un ajuste"),
        ('"80/tcp": "${port}"', '"80/tcp": "${porte}"', "steps[0].solve[0].run.ports.80/tcp", "«${porte}»"),
        ("kind: host_port", "kind: puerto", "settings.port.kind", "tipo desconocido"),
        ("default: secreto", "defecto: secreto", "settings.token.defecto", "campo desconocido"),
    ],
)
def test_bad_settings_name_file_line_and_field(
    tmp_path: Path, old: str, new: str, field: str, words: str
) -> None:
    path = lesson_file(tmp_path, text=LESSON.replace(old, new, 1))
    lesson, problems = check_file(path)
    assert lesson is None
    assert any(p.field == field and words in p.message and p.line > 0 for p in problems), problems


def test_a_typed_setting_is_validated_against_the_parameter_type(tmp_path: Path) -> None:
    text = LESSON.replace("port: {default: PORT, kind: host_port", "port: {default: ochenta")
    lesson, problems = check_file(lesson_file(tmp_path, text=text))
    assert lesson is None
    assert any(p.field.endswith("port_published.host_port") and "entero" in p.message for p in problems), (
        problems
    )


def test_substitute_leaves_unknown_names_and_non_strings_alone() -> None:
    assert substitute({"a": ["${x}", 3, "p${x}q"]}, {"x": 5}) == {"a": [5, 3, "p5q"]}
    assert substitute("${nada}", {}) == "${nada}"


def test_port_problem_tells_busy_from_free(free_port: int) -> None:
    assert port_problem(free_port) is None and is_free(free_port)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", free_port))
        busy.listen()
        assert port_problem(free_port) == "busy"
        assert not is_free(free_port)


@pytest.mark.skipif(os.name == "nt" or shutil.which("setpriv") is None, reason="needs setpriv (Linux)")
def test_a_port_below_1024_is_free_for_a_user_who_cannot_bind_it() -> None:
    """The engine binds published ports, so a learner without admin rights can still use
    port 80; only a port where something answers is moved."""
    if os.geteuid() != 0:
        pytest.skip("needs root to run the probe as another user")
    port = next(p for p in range(900, 1000) if port_problem(p) is None)
    probe = f"from dockerlab.engine.hostports import *; print(port_problem({port}), is_free({port}))"
    as_nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-c", probe]
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    assert (
        subprocess.run(as_nobody, capture_output=True, text=True, env=env, cwd="/").stdout.strip()
        == "None True"
    )
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", port))
        busy.listen()
        done = subprocess.run(as_nobody, capture_output=True, text=True, env=env, cwd="/")
        assert done.stdout.strip() == "busy False", done.stderr
