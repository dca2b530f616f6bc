"""Time to verdict of a step that cannot pass (issue 19): each learner mistake is made with
the real ``docker`` CLI, then the shipped lesson's step is verified through the runner, as
«Ya lo ejecuté — verificar» does. The figure is what the learner waits for the ✗.

The cases live in tests/engine/verdict_cases.py (the engine tests check the same cases'
wording); the uv comparison is left to its test, since its builds, not its verdict, take
the time.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from bench_common import ROOT, Section, engine_lock

TARGET = 3.0  # seconds: the issue's «Done means»


def bench(runs: int) -> Section:
    # verdict_cases sits with the engine tests and imports their shared helpers (tests/helpers.py)
    sys.path[:0] = [str(ROOT / "tests" / "engine"), str(ROOT / "tests")]
    import verdict_cases

    from dockerlab.engine.provider import EngineProvider

    section = Section(
        "Tiempo hasta el veredicto de un paso que no puede pasar (issue 19)",
        ["caso", "veredicto", "mediana", "peor", "objetivo"],
    )
    engines = EngineProvider()
    if engines.get().image(verdict_cases.PYTHON) is None:
        list(engines.get().pull(verdict_cases.PYTHON))
    worst_of_all = 0.0
    for make in verdict_cases.CASES:
        with tempfile.TemporaryDirectory() as folder, engine_lock():
            case = make(Path(folder))
            times: list[float] = []
            try:
                for _ in range(runs):
                    took, verdict, _ = case.verify(engines)
                    times.append(took)
            finally:
                case.cleanup()
        times.sort()
        worst = times[-1]
        worst_of_all = max(worst_of_all, worst)
        status = "✗ (como debe)" if not verdict.passed else "✓ ¡pasó!"
        section.add(
            case.title,
            status,
            f"{times[len(times) // 2]:.2f} s",
            f"{worst:.2f} s",
            f"≤ {TARGET:.0f} s " + ("✓" if worst <= TARGET and not verdict.passed else "✗"),
        )
    section.note(
        f"{runs} verificaciones por caso. Con el código anterior a issue 19 (mismos casos, "
        "medidos una vez): fastapi 120 s, jupyter 92 s, ml con errata 20 s."
    )
    section.data["worst_seconds"] = round(worst_of_all, 3)
    section.data["measured_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    return section
