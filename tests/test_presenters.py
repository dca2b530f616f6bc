from __future__ import annotations

import io
import json

from rich.console import Console

from dockerlab.events import (
    CheckFinished,
    LessonFinished,
    Solving,
    StepFinished,
    StepStarted,
    TransferProgress,
)
from dockerlab.ui.presenters import JsonPresenter, PlainPresenter, RichPresenter

STEP = StepStarted("basico", "construir", 1, 10, "Construir la imagen",
                   "Construye **tu** imagen.", "docker build -t mi_imagen_prueba .", "/x")
FAIL = CheckFinished("basico", "construir", "image_exists", False,
                     "la imagen «mi_imagen_prueba:latest»", "no existe; sí existe «mi_imagen»",
                     "¿Escribiste bien la etiqueta?")


def test_rich_presenter_shows_step_command_and_verdict() -> None:
    console = Console(record=True, width=60, force_terminal=True)
    presenter = RichPresenter(console)
    for event in (STEP, Solving("basico", "construir", "docker build .", ""), FAIL,
                  StepFinished("basico", "construir", "failed")):
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
    assert all(line["schema"] == 1 for line in lines)
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
