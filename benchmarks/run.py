#!/usr/bin/env python3
"""dockerlab's benchmarks: figures printed (medians and ratios from one run), not timed tests.

    flock /tmp/dockerlab-engine.lock .venv/bin/python benchmarks/run.py [opciones]

Sections: ``startup`` (hyperfine: --version, --help, list against ``python -c pass`` and
``docker --version``), ``checks`` (verification latency per check kind), ``lesson``
(``lesson basico --auto`` against benchmarks/basico.sh, alternating), ``course`` (every
lesson in --auto mode) and ``images`` (example images: cold, warm, after a code change,
size). Under ``CI=true`` it runs fewer repetitions and stops the slow sections once a time
budget for the whole run is spent. It always exits 0 unless it is used wrongly: the figures
are for people to read.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from pathlib import Path

from bench_common import LOCK, Budget, Section, emit, in_ci, machine, save_json

SECTIONS = ("startup", "checks", "verdicts", "lesson", "course", "images")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only", default=",".join(SECTIONS), help=f"secciones separadas por comas ({', '.join(SECTIONS)})"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        default=in_ci(),
        help="menos repeticiones y presupuesto de tiempo (por defecto con CI=true)",
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=None,
        help="segundos en total; el curso y las imágenes se paran al "
        "agotarse (por defecto 180 en --quick, sin límite si no)",
    )
    parser.add_argument(
        "--lock",
        type=Path,
        help="archivo de flock(1) que se toma en cada trozo de trabajo con el "
        "motor (para un motor compartido), p. ej. /tmp/dockerlab-engine.lock",
    )
    parser.add_argument("--json", type=Path, help="guarda las cifras en este archivo JSON")
    parser.add_argument("--markdown", type=Path, help="guarda las tablas en Markdown")
    args = parser.parse_args(argv)
    chosen = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(chosen) - set(SECTIONS)
    if unknown:
        parser.error(f"secciones desconocidas: {', '.join(sorted(unknown))}")
    quick = args.quick
    if args.lock:
        LOCK.append(args.lock)
    budget = Budget(args.budget if args.budget is not None else (180 if quick else float("inf")))
    started = time.monotonic()
    limit = f"{budget.seconds:.0f} s" if budget.seconds < float("inf") else "sin límite"
    print(
        f"== dockerlab benchmarks ({'rápido' if quick else 'completo'}; presupuesto de tiempo: {limit})",
        flush=True,
    )
    sections = [emit(machine())]
    for name in chosen:
        try:
            sections.append(emit(_section(name, quick, budget)))
        except Exception as exc:  # one broken section must not hide the others' figures
            failed = Section(name, ["error"])
            failed.add(f"{type(exc).__name__}: {exc}")
            failed.note(traceback.format_exc(limit=3).strip().splitlines()[-1])
            sections.append(emit(failed))
    print(f"\n== benchmarks terminados en {time.monotonic() - started:.0f} s", flush=True)
    if args.json:
        save_json(args.json, sections)
    if args.markdown:
        args.markdown.write_text("\n\n".join(s.markdown() for s in sections) + "\n")
    return 0


def _section(name: str, quick: bool, budget: Budget) -> Section:
    if name == "startup":
        import bench_startup as startup

        return startup.bench(runs=10 if quick else 40)
    if name == "checks":
        import bench_checks as checks

        return checks.bench(runs=15 if quick else 50)
    if name == "verdicts":
        import bench_verdicts as verdicts

        return verdicts.bench(runs=3 if quick else 10)
    if name == "lesson":
        import bench_lessons as lessons

        return lessons.basico_vs_shell(pairs=1 if quick else 3)
    if name == "images":
        import bench_images as images

        return images.bench(budget)
    import bench_lessons as lessons

    return lessons.course(budget)


if __name__ == "__main__":
    sys.exit(main())
