"""Commands typed inside a container (issue 11): a step's ``inside`` commands come after the
command that opens the container, each whole on its own line, in every output mode."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from dockerlab.course.catalog import check_file, load_catalog
from dockerlab.engine.provider import EngineProvider
from dockerlab.events import StepStarted
from dockerlab.tutor.runner import Runner
from dockerlab.ui.presenters import JsonPresenter, PlainPresenter
from dockerlab.ui.rich_presenter import RichPresenter

LABEL = "Dentro del contenedor, escribe:"
SHELLS = [
    ("basico", "shell", ["ls -l /app", "cat /app/archivo_prueba.txt", "exit"]),
    ("basico", "entrar", ['echo "estuve dentro" > /tmp/visita.txt', "exit"]),
    ("hub", "entrar", ["cat /etc/os-release", "uname -r", "exit"]),
]


def started(lesson_id: str, step_id: str) -> StepStarted:
    lesson = load_catalog().get(lesson_id)
    events: list[object] = []
    Runner(lesson, None, EngineProvider(), events.append).begin(lesson.step(step_id))
    event = events[-1]
    assert isinstance(event, StepStarted)
    return event


@pytest.mark.parametrize(("lesson_id", "step_id", "inside"), SHELLS)
def test_plain_output_shows_the_inside_commands_after_the_command(
    lesson_id: str, step_id: str, inside: list[str]
) -> None:
    event = started(lesson_id, step_id)
    out = io.StringIO()
    PlainPresenter(Console(file=out, no_color=True, width=40)).handle(event)
    lines = out.getvalue().splitlines()
    command = lines.index(f"Comando: {event.command}")
    label = lines.index(LABEL)
    assert command < label
    assert lines[label + 1 : label + 1 + len(inside)] == inside
    # the explanation before the command no longer lists them
    assert not any(line.strip() == inside[0] for line in lines[:command])


@pytest.mark.parametrize(("lesson_id", "step_id", "inside"), SHELLS)
def test_json_carries_the_inside_commands_after_the_command(
    lesson_id: str, step_id: str, inside: list[str]
) -> None:
    out = io.StringIO()
    JsonPresenter(out).handle(started(lesson_id, step_id))
    line = json.loads(out.getvalue())
    assert line["inside"] == inside
    keys = list(line)
    assert keys.index("command") < keys.index("inside")
    assert inside[0] not in line["explain"]


@pytest.mark.parametrize("width", [40, 55, 80])
def test_rich_output_prints_each_inside_command_whole_outside_the_panel(width: int) -> None:
    event = started("basico", "entrar")
    console = Console(record=True, width=width, force_terminal=True)
    RichPresenter(console).handle(event)
    lines = console.export_text().splitlines()
    command = lines.index("Escribe en tu terminal:")
    label = lines.index(LABEL)
    assert lines[command + 1] == event.command and command < label
    assert lines[label + 1 : label + 1 + len(event.inside)] == list(event.inside)
    assert '"estuve dentro"' not in "\n".join(lines[:command])


def test_steps_without_inside_commands_show_no_label() -> None:
    out = io.StringIO()
    PlainPresenter(Console(file=out, no_color=True, width=80)).handle(started("basico", "construir"))
    assert LABEL not in out.getvalue()


LESSON = """\
format_version: 1
id: mini
title: Mini
steps:
  - id: uno
    title: Uno
    explain: Texto
{command}    inside: {inside}
    solve: [{{build: {{tag: x}}}}]
    checks: [{{image_exists: {{name: x}}}}]
"""


@pytest.mark.parametrize(
    ("command", "inside", "words"),
    [
        ("", "[ls]", "necesita «command»"),
        ("    command: docker run -it x sh\n", '["ls\\nexit"]', "una línea no vacía"),
        ("    command: docker run -it x sh\n", '[""]', "una línea no vacía"),
        ("    command: docker run -it x sh\n", "ls", "lista de textos"),
        ("    command: docker run -it x sh\n", "[{a: b}]", "debe ser un texto"),
    ],
)
def test_bad_inside_commands_are_refused_in_spanish(
    tmp_path: Path, command: str, inside: str, words: str
) -> None:
    path = tmp_path / "leccion.yaml"
    path.write_text(LESSON.format(command=command, inside=inside), encoding="utf-8")
    lesson, problems = check_file(path)
    assert lesson is None
    assert any("inside" in p.field and words in p.message for p in problems), problems


def test_settings_are_substituted_inside(tmp_path: Path) -> None:
    from dockerlab.course.settings import apply

    path = tmp_path / "leccion.yaml"
    text = LESSON.format(command="    command: docker run -it x sh\n", inside='["curl :${port}"]')
    path.write_text(
        text.replace("steps:", "settings: {port: {default: 8000, kind: host_port}}\nsteps:"), encoding="utf-8"
    )
    lesson, problems = check_file(path)
    assert lesson is not None, problems
    assert apply(lesson, {"port": 8080}).steps[0].inside == ("curl :8080",)
    unknown = tmp_path / "otra.yaml"
    text = LESSON.format(command="    command: docker run -it x sh\n", inside='["curl :${puerto}"]')
    unknown.write_text(text, encoding="utf-8")
    lesson, problems = check_file(unknown)
    assert lesson is None and any("${puerto}" in p.message for p in problems), problems
