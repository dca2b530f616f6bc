from __future__ import annotations

import io
import json

import pytest
from rich.console import Console

from dockerlab.events import (
    CheckFinished,
    LessonFinished,
    Output,
    Solving,
    StepFinished,
    StepStarted,
    TransferProgress,
)
from dockerlab.ui.presenters import JsonPresenter, PlainPresenter
from dockerlab.ui.rich_presenter import RichPresenter

STEP = StepStarted(
    "basico",
    "construir",
    1,
    10,
    "Construir la imagen",
    "Construye **tu** imagen.",
    "docker build -t mi_imagen_prueba .",
    "/x",
)
FAIL = CheckFinished(
    "basico",
    "construir",
    "image_exists",
    False,
    "la imagen «mi_imagen_prueba:latest»",
    "no existe; sí existe «mi_imagen»",
    "¿Escribiste bien la etiqueta?",
)


def test_rich_presenter_shows_step_command_and_verdict() -> None:
    console = Console(record=True, width=60, force_terminal=True)
    presenter = RichPresenter(console)
    for event in (
        STEP,
        Solving("basico", "construir", "docker build .", ""),
        FAIL,
        StepFinished("basico", "construir", "failed"),
    ):
        presenter.handle(event)
    text = console.export_text()
    assert "Paso 1/10 · Construir la imagen" in text
    assert "docker build -t mi_imagen_prueba ." in text
    assert "Esperaba: la imagen «mi_imagen_prueba:latest»" in text
    assert "sí existe «mi_imagen»" in text and "¿Escribiste bien la etiqueta?" in text
    assert "✗ Todavía no" in text
    assert max(len(line) for line in text.splitlines()) <= 60


def test_rich_presenter_draws_pull_progress_per_layer() -> None:
    console = Console(record=True, width=80, force_terminal=True)
    presenter = RichPresenter(console)
    presenter.handle(TransferProgress("ubuntu", "abc123", "Downloading", 50, 100))
    presenter.handle(TransferProgress("ubuntu", "def456", "Downloading", 10, 100))
    presenter.close()
    text = console.export_text()
    assert "abc123" in text and "def456" in text


def test_plain_presenter_has_no_escape_codes() -> None:
    out = io.StringIO()
    console = Console(file=out, no_color=True, force_terminal=False, color_system=None, width=70)
    presenter = PlainPresenter(console)
    for event in (STEP, FAIL, LessonFinished("basico", 3, 1, 0, False)):
        presenter.handle(event)
    text = out.getvalue()
    assert "\x1b[" not in text
    assert "-- Paso 1/10: Construir la imagen --" in text
    assert "Comando: docker build -t mi_imagen_prueba ." in text
    assert "[NO] Esperaba:" in text and "Tu progreso está guardado" in text


def test_json_presenter_writes_versioned_lines() -> None:
    out = io.StringIO()
    presenter = JsonPresenter(out)
    presenter.handle(STEP)
    presenter.handle(FAIL)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["event"] for line in lines] == ["step_started", "check_finished"]
    assert all(line["schema"] == 2 for line in lines)
    assert lines[1]["passed"] is False and lines[1]["found"].startswith("no existe")


def test_table_event_in_every_mode() -> None:
    from dockerlab.events import Table

    event = Table("Comparación", ("herramienta", "tiempo"), (("pip", "10.2 s"), ("uv", "7.7 s")))
    console = Console(record=True, width=60, force_terminal=True)
    RichPresenter(console).handle(event)
    text = console.export_text()
    assert "uv" in text and "10.2 s" in text
    out = io.StringIO()
    PlainPresenter(Console(file=out, no_color=True, color_system=None)).handle(event)
    assert "pip | 10.2 s" in out.getvalue()
    raw = io.StringIO()
    JsonPresenter(raw).handle(event)
    assert json.loads(raw.getvalue())["rows"] == [["pip", "10.2 s"], ["uv", "7.7 s"]]


def _all_events() -> list[object]:
    from dockerlab.events import HintShown, LessonStarted, Notice, Output, Table, Waiting

    long = "una-ruta/muy/larga/que/no/cabe/en/una/terminal/estrecha/de/sesenta/columnas"
    return [
        LessonStarted("basico", "Tu primera imagen con un Dockerfile", 10, f"/home/ana/{long}"),
        StepStarted(
            "basico",
            "construir",
            1,
            10,
            "Construir la imagen",
            "Un Dockerfile es una **receta**: cada línea añade una capa a la imagen, y "
            "`docker build` la sigue de arriba abajo.\n\n- `-t` le da nombre\n- `.` es "
            "el contexto",
            f"docker build -t mi_imagen_prueba --label {long} .",
            "/x",
        ),
        Solving("basico", "construir", f"docker build -t mi_imagen_prueba {long}", ""),
        Output("Step 1/4 : FROM debian:bookworm-slim", "build"),
        Output(f" ---> Running in 0123456789ab {long}", "build"),
        TransferProgress("debian", "a1b2c3d4e5f6a1b2", "Downloading", 1_000_000, 29_000_000),
        TransferProgress("debian", "a1b2c3d4e5f6a1b2", "Pull complete", 29_000_000, 29_000_000),
        Waiting("que la API responda en http://127.0.0.1:8000/docs", 1.0, 60.0),
        Waiting("que la API responda en http://127.0.0.1:8000/docs", 2.0, 60.0),
        FAIL,
        HintShown("basico", "construir", 1, 2, f"Mira `docker images` y {long}."),
        Notice("warning", f"El puerto 8000 está ocupado: {long}", "Cierra lo que lo usa."),
        Table(
            "Comparación pip frente a uv",
            ("herramienta", "instalar", "tamaño"),
            (("pip", "10.2 s", "250 MB"), ("uv", "3.1 s", "250 MB")),
        ),
        StepFinished("basico", "construir", "passed"),
        LessonFinished("basico", 10, 0, 0, True),
    ]


def test_rich_presenter_fits_a_narrow_terminal() -> None:
    console = Console(record=True, width=60, force_terminal=True)
    presenter = RichPresenter(console)
    for event in _all_events():
        presenter.handle(event)  # type: ignore[arg-type]
    presenter.close()
    text = console.export_text()
    # Build and container output is soft-wrapped on purpose (the terminal folds it and a
    # copied line stays whole); a recorded console shows live progress frames glued together.
    lines = [line for line in text.splitlines() if not line.startswith("   ") and "MB" not in line]
    # the working folder's «cd» line is whole on one line however long, so it can be copied
    cd_lines = [line for line in lines if line.startswith('cd "')]
    assert len(cd_lines) == 1 and cd_lines[0].rstrip().endswith('"'), cd_lines
    lines = [line for line in lines if line not in cd_lines]
    # so is the step's command: outside the panel, after «Escribe en tu terminal:»
    typed = lines[lines.index("Escribe en tu terminal:") + 1]
    assert typed.startswith("docker build -t mi_imagen_prueba --label una-ruta/")
    assert typed.endswith("/de/sesenta/columnas .")
    lines.remove(typed)
    assert max(len(line) for line in lines) <= 60
    boxed = [line for line in lines if line.startswith(("╭", "│", "╰"))]
    assert boxed and all(len(line) == 60 for line in boxed), "a panel border broke"
    assert "Paso 1/10 · Construir la imagen" in text and "Pista 1/2" in text
    assert "a1b2c3d4e5f6" in text and "Lección «basico» completada" in text


def test_rich_presenter_shows_a_wait_with_elapsed_time_and_bound() -> None:
    from dockerlab.events import Waiting

    console = Console(record=True, width=80, force_terminal=True)
    presenter = RichPresenter(console)
    for second in range(4):
        presenter.handle(Waiting("a que la API responda", float(second), 60.0))
    presenter.handle(StepFinished("ml", "servir", "passed"))
    text = console.export_text()
    assert "Esperando a que la API responda · 3 s de 60 s como máximo" in text
    assert "Esperé a que la API responda: 3 s (máximo 60 s)" in text
    assert text.index("Esperé") < text.index("✓ Paso superado")


def test_the_wait_clock_ticks_between_events(monkeypatch: pytest.MonkeyPatch) -> None:
    """The engine reports a wait every couple of seconds; the line counts every second."""
    from dockerlab.events import Waiting
    from dockerlab.ui import rich_presenter

    now = [100.0]
    monkeypatch.setattr(rich_presenter.time, "monotonic", lambda: now[0])
    line = rich_presenter._WaitLine(Waiting("a que la API responda", 2.0, 60.0))
    now[0] += 1.5
    assert "3 s de 60 s" in str(line.__rich__())
    now[0] += 100
    assert "60 s de 60 s" in str(line.__rich__())  # never past the bound


def test_plain_presenter_reports_a_long_wait_sparsely() -> None:
    from dockerlab.events import Waiting

    out = io.StringIO()
    presenter = PlainPresenter(Console(file=out, no_color=True, color_system=None, width=80))
    for tenth in range(0, 255, 5):  # a wait reported every half second for 25 s
        presenter.handle(Waiting("a que el servidor responda", tenth / 10, 60.0))
    lines = out.getvalue().splitlines()
    assert lines == [
        "  Esperando a que el servidor responda (máximo 60 s)…",
        "  … sigo esperando a que el servidor responda: 10 s de 60 s",
        "  … sigo esperando a que el servidor responda: 20 s de 60 s",
    ]


def test_plain_presenter_fits_any_width_without_escape_codes() -> None:
    """Plain text never breaks a line itself (the terminal or screen reader folds it): the
    output is the same at every width, and a long command stays on one line to copy."""

    def plain(width: int) -> str:
        out = io.StringIO()
        presenter = PlainPresenter(
            Console(file=out, no_color=True, force_terminal=False, color_system=None, width=width)
        )
        for event in _all_events():
            presenter.handle(event)  # type: ignore[arg-type]
        return out.getvalue()

    text = plain(60)
    assert "\x1b" not in text
    assert "Esperando que la API responda" in text and "pip | 10.2 s | 250 MB" in text
    assert plain(20) == text == plain(200)
    longest = max(text.splitlines(), key=len)
    assert len(longest) > 60, "no line longer than the narrow width: nothing was proven"
    commands = [line for line in text.splitlines() if line.startswith("Comando: ")]
    assert commands and all(len(line) > 20 for line in commands)


def test_every_presenter_shows_the_steps_question_up_front() -> None:
    """The learner reads what they will be asked before running the command, not after
    choosing «Responder»."""
    from dockerlab.course.catalog import load_catalog
    from dockerlab.engine.provider import EngineProvider
    from dockerlab.tutor.runner import Runner

    lesson = load_catalog().get("basico")
    step = lesson.step("listar")
    assert step.question is not None
    events: list[object] = []
    Runner(lesson, None, EngineProvider(), events.append).begin(step)
    started = events[-1]
    assert isinstance(started, StepStarted) and started.question == step.question.prompt
    rich = Console(record=True, width=70, force_terminal=True)
    RichPresenter(rich).handle(started)
    assert "Pregunta: ¿Cuál es el ID de mi_imagen_prueba" in rich.export_text()
    plain = io.StringIO()
    PlainPresenter(Console(file=plain, no_color=True, width=200)).handle(started)
    assert f"Pregunta: {step.question.prompt}" in plain.getvalue()
    lines = io.StringIO()
    JsonPresenter(lines).handle(started)
    assert json.loads(lines.getvalue())["question"] == step.question.prompt
    no_question = io.StringIO()
    PlainPresenter(Console(file=no_question, no_color=True, width=200)).handle(STEP)
    assert "Pregunta" not in no_question.getvalue()


def test_quitting_counts_tries_not_failures() -> None:
    from dockerlab.events import LessonFinished
    from dockerlab.ui.presenters import finished_line

    line = finished_line(LessonFinished("basico", 2, 5, 1, False))
    assert "sin superar" not in line
    assert "2 pasos superados y 1 saltado" in line
    assert "5 intentos de verificar aún no pasaban" in line


def test_a_step_is_not_boxed_and_its_code_blocks_are_never_split() -> None:
    """Lines to paste into a file are copied from the screen: no border, no fold by rich
    (the terminal folds a long one itself), no padding before them."""
    console = Console(record=True, width=40, force_terminal=True)
    presenter = RichPresenter(console)
    code = "RUN pip install --no-cache-dir -r requirements.txt"
    explain = f"Pega estas dos líneas:\n\n```dockerfile\nWORKDIR /app\n{code}\n```\n\nY guarda."
    presenter.handle(StepStarted("dockerfile", "capas", 2, 12, "WORKDIR, COPY y RUN", explain, "", "/x"))
    presenter.close()
    lines = console.export_text().splitlines()
    assert code in lines and "WORKDIR /app" in lines, lines
    assert not any(line.startswith(("╭", "│", "╰")) for line in lines), lines
    assert any(line.startswith("Paso 2/12 · WORKDIR") and line.endswith("─") for line in lines), lines


def test_a_long_lesson_title_is_shortened_but_its_step_count_stays_whole() -> None:
    from dockerlab.events import LessonStarted

    console = Console(record=True, width=55, force_terminal=True)
    presenter = RichPresenter(console)
    presenter.handle(LessonStarted("orquestacion", "Réplicas, escalado y actualizaciones con swarm", 12, ""))
    presenter.close()
    rule = next(line for line in console.export_text().splitlines() if "pasos" in line)
    assert "… · 12 pasos" in rule and len(rule) == 55, rule


def test_a_given_answer_folds_at_spaces_like_prose() -> None:
    """Found walking basico at 55 columns: «Respuesta: Un error «Conflict»: el nombre ya está
    en uso» was left for the terminal to cut («us» / «o»); a program's output still is not."""
    console = Console(record=True, width=55, force_terminal=True)
    presenter = RichPresenter(console)
    presenter.handle(Output("Respuesta: Un error «Conflict»: el nombre ya está en uso", "answer"))
    presenter.handle(Output("Step 6/10 : RUN pip install --no-cache-dir -r /tmp/requirements.txt", "build"))
    lines = [line.rstrip() for line in console.export_text().splitlines()]
    assert lines[:2] == ["  Respuesta: Un error «Conflict»: el nombre ya está en", "  uso"], lines
    assert lines[2] == "  Step 6/10 : RUN pip install --no-cache-dir -r /tmp/requirements.txt"
