"""Presenters render the runner's events: rich for people, plain for pipes, JSON lines.

The rich one lives in :mod:`dockerlab.ui.rich_presenter`: Markdown, syntax highlighting and
progress bars cost ≈ 100 ms of imports that plain and JSON output never need.
"""

from __future__ import annotations

import json
from typing import IO, Any, Protocol

from rich.console import Console

from dockerlab.events import (
    CheckFinished,
    Event,
    HintShown,
    LessonFinished,
    LessonStarted,
    Notice,
    Output,
    Solving,
    StepFinished,
    StepStarted,
    Table,
    TransferProgress,
    Waiting,
)
from dockerlab.plaintext import WORKDIR_LABEL, cd_command

INSIDE_LABEL = "Dentro del contenedor, escribe:"
WAIT_EVERY = 10.0  # seconds between the plain presenter's lines about one wait

STATUS_TEXT = {
    "passed": "✓ Paso superado",
    "failed": "✗ Todavía no",
    "skipped": "↷ Paso saltado",
    "offline": "⊘ No se pudo comprobar sin red (no cuenta como fallo)",
}


class Presenter(Protocol):
    def handle(self, event: Event) -> None: ...

    def close(self) -> None: ...


class JsonPresenter:
    """One JSON object per line, each with ``schema`` and ``event``."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def handle(self, event: Event) -> None:
        self.write(event.to_dict())

    def write(self, data: dict[str, Any]) -> None:
        self.stream.write(json.dumps(data, ensure_ascii=False) + "\n")
        self.stream.flush()

    def close(self) -> None:
        pass


def finished_line(event: LessonFinished) -> str:
    if event.complete:
        return f"🎉 ¡Lección «{event.lesson}» completada!"
    # ``failed`` counts attempts to verify, not steps: one step tried five times is not
    # five failures, and an attempt that did not pass yet counts nothing against the learner
    tries = ""
    if event.failed:
        verb = "pasaba" if event.failed == 1 else "pasaban"
        tries = (
            f"; {_count(event.failed, 'intento', 'intentos')} de verificar aún no {verb} "
            "(reintentar es parte de aprender)"
        )
    done = _count(event.passed, "paso superado", "pasos superados")
    skipped = _count(event.skipped, "saltado", "saltados")
    return (
        f"Lección «{event.lesson}», en esta sesión: {done} y {skipped}{tries}. "
        "Tu progreso está guardado: sigue cuando quieras."
    )


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


class PlainPresenter:
    """Readable without colours or boxes: for pipes, NO_COLOR and screen readers."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self._last_layer_status: dict[str, str] = {}
        self._waits: dict[str, float] = {}  # what → elapsed when last reported

    def out(self, text: str = "") -> None:
        self.console.print(text, markup=False, highlight=False, soft_wrap=True)

    def handle(self, event: Event) -> None:
        if isinstance(event, LessonStarted):
            self.out(f"== Lección: {event.title} ({event.total_steps} pasos) ==")
            if event.workdir:
                self.out(WORKDIR_LABEL)
                self.out(cd_command(event.workdir))
        elif isinstance(event, StepStarted):
            self.out()
            self.out(f"-- Paso {event.number}/{event.total}: {event.title} --")
            self.out(event.explain.strip())
            if event.command:
                self.out(f"Comando: {event.command}")
            if event.inside:
                self.out(INSIDE_LABEL)
                for command in event.inside:
                    self.out(command)
            if event.question:
                self.out(f"Pregunta: {event.question}")
        elif isinstance(event, Solving):
            self.out(f"> dockerlab ejecuta: {event.command}")
        elif isinstance(event, Output):
            self.out(f"  {event.text}")
        elif isinstance(event, TransferProgress):
            if self._last_layer_status.get(event.layer) != event.status:
                self._last_layer_status[event.layer] = event.status
                self.out(f"  {event.layer}: {event.status}")
        elif isinstance(event, Waiting):
            self.waiting(event)
        elif isinstance(event, CheckFinished):
            self.check(event)
        elif isinstance(event, StepFinished):
            self.out(STATUS_TEXT.get(event.status, event.status))
        elif isinstance(event, HintShown):
            self.out(f"Pista {event.number}/{event.total}: {event.text}")
        elif isinstance(event, Notice):
            prefix = {"error": "Error: ", "warning": "Aviso: "}.get(event.level, "")
            self.out(prefix + event.message + (f"\n  → {event.fix}" if event.fix else ""))
        elif isinstance(event, Table):
            self.out(event.title)
            self.out(" | ".join(event.columns))
            for row in event.rows:
                self.out(" | ".join(row))
        elif isinstance(event, LessonFinished):
            self.out()
            self.out(finished_line(event))

    def waiting(self, event: Waiting) -> None:
        """One line when a wait starts, then one every WAIT_EVERY seconds: no flood."""
        last = self._waits.get(event.what)
        if last is None:
            self.out(f"  Esperando {event.what} (máximo {event.limit:.0f} s)…")
        elif event.elapsed - last < WAIT_EVERY:
            return
        else:
            self.out(f"  … sigo esperando {event.what}: {event.elapsed:.0f} s de {event.limit:.0f} s")
        self._waits[event.what] = event.elapsed

    def check(self, event: CheckFinished) -> None:
        mark = "OK" if event.passed else ("--" if event.skipped else "NO")
        self.out(f"[{mark}] Esperaba: {event.expected}")
        self.out(f"     Encontré: {event.found}")
        if event.hint and not event.passed:
            self.out(f"     Pista: {event.hint}")

    def close(self) -> None:
        pass
