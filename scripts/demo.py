#!/usr/bin/env python3
"""Record the README's demo: the start of lesson «basico», rendered to docs/demo.svg.

    flock /tmp/dockerlab-engine.lock .venv/bin/python scripts/demo.py [--out docs/demo.svg]

It runs the real runner and the real rich presenter against your Docker engine (the build,
the checks and their verdicts are real), as a learner who first checks too early, asks for
a hint and then lets dockerlab do it. The menu answers are drawn the way the arrow-key menu
leaves them on screen. Everything the demo creates carries the lesson's label and is removed
at the end; if the engine already holds objects of lesson «basico», it stops instead.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rich.console import Console  # noqa: E402
from rich.text import Text  # noqa: E402

WIDTH = 86


def answered(console: Console, question: str, answer: str) -> None:
    """How a questionary menu looks once the learner has chosen."""
    console.print(Text.assemble(("? ", "bold green"), (question + " ", "bold"), (answer, "bold cyan")))


def record(out: Path, show: bool = False) -> None:
    from dockerlab.classroom.doctor import run_doctor
    from dockerlab.course.catalog import load_catalog
    from dockerlab.engine.provider import EngineProvider
    from dockerlab.tutor.progress import ProgressStore
    from dockerlab.tutor.runner import Runner
    from dockerlab.ui.rich_presenter import RichPresenter
    from dockerlab.ui.tables import doctor_summary

    lesson = load_catalog().get("basico")
    engines = EngineProvider()
    if not engines.get().labelled(lesson.id).empty():
        sys.exit(
            "El motor ya tiene objetos de la lección basico; no grabo la demo para no "
            "tocarlos. Límpialos con «dockerlab clean» y repite."
        )
    console = Console(
        record=True, width=WIDTH, force_terminal=True, color_system="truecolor", file=io.StringIO()
    )
    console.print(Text("$ dockerlab start", style="bold"))
    console.print(
        "[bold]¡Bienvenido a dockerlab![/] Aprenderás Docker haciéndolo de verdad: "
        "cada paso se comprueba en tu propio motor Docker.\n"
    )
    report = run_doctor(engines)  # the engine and tools; not the demo's temporary folders
    report = replace(
        report, items=tuple(i for i in report.items if "Python" not in i.label and "progreso" not in i.label)
    )
    doctor_summary(console, report)
    console.print()
    answered(console, "¿Qué lección quieres hacer?", "○ Tu primera imagen con un Dockerfile  (0/10)")
    presenter = RichPresenter(console)
    runner = Runner(lesson, ProgressStore.open(), engines, presenter.handle)
    try:
        runner.start()
        build, listing = lesson.steps[0], lesson.steps[1]
        runner.begin(build)
        answered(console, "¿Qué quieres hacer?", "Ya lo ejecuté — verificar")
        runner.verify(build)  # too early: the image does not exist yet
        answered(console, "¿Qué quieres hacer?", "Pista")
        runner.hint(build, 0)
        answered(console, "¿Qué quieres hacer?", "Ejecútalo por mí")
        runner.solve(build)
        runner.verify(build)
        runner.begin(listing)
        answered(console, "¿Qué quieres hacer?", "Respóndela por mí")
        runner.solve(listing)
        runner.verify(listing)
        answered(console, "¿Qué quieres hacer?", "Salir")
        runner.finish()
        presenter.close()
        console.print("¡Hasta pronto! Tu progreso está guardado; vuelve con «dockerlab start».")
    finally:
        engines.get().remove_labelled(lesson.id)
    if show:
        print(console.export_text(clear=False))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(console.export_svg(title="dockerlab start"), encoding="utf-8")
    print(f"Demo grabada en {out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "demo.svg")
    parser.add_argument("--text", action="store_true", help="muestra también la demo como texto")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        os.environ["DOCKERLAB_HOME"] = home  # the demo's progress is not the learner's
        record(args.out, args.text)


if __name__ == "__main__":
    main()
