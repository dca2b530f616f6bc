"""Start-up: how long dockerlab takes to answer, against Python and the docker CLI."""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

from bench_common import DOCKERLAB, ROOT, Section, clean_env, median, ms, run, timed

TARGETS = {"--version": 0.130, "--help": 0.130, "list": 0.200}


def commands() -> list[tuple[str, str]]:
    """(name, command line) in the order they are reported; the first one is the baseline."""
    python = sys.executable
    return [
        ("python -c pass", f"{python} -c pass"),
        ("docker --version", "docker --version"),
        ("import typer (suelo)", f"{python} -c 'import typer'"),
        ("dockerlab --version", f"{DOCKERLAB} --version"),
        ("dockerlab --help", f"{DOCKERLAB} --help"),
        ("dockerlab list", f"{DOCKERLAB} list"),
        ("dockerlab list --json", f"{DOCKERLAB} list --json"),
    ]


def _hyperfine(cmds: list[tuple[str, str]], runs: int, env: dict[str, str]) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "hf.json"
        argv = ["hyperfine", "-N", "--warmup", "3", "--runs", str(runs), "--style", "none",
                "--export-json", str(out)]
        for name, line in cmds:
            argv += ["--command-name", name, line]
        done = run(argv, env=env, timeout=600)
        if done.returncode != 0:
            raise RuntimeError(done.stderr.strip() or "hyperfine failed")
        results = json.loads(out.read_text())["results"]
    return {r["command"]: float(r["median"]) for r in results}


def _loop(cmds: list[tuple[str, str]], runs: int, env: dict[str, str]) -> dict[str, float]:
    """Fallback without hyperfine: alternate the commands, ``runs`` rounds, medians."""
    import shlex

    times: dict[str, list[float]] = {name: [] for name, _ in cmds}
    for round_ in range(runs + 3):
        for name, line in cmds:
            elapsed, _ = timed(shlex.split(line), env=env)
            if round_ >= 3:  # warm-up rounds are not counted
                times[name].append(elapsed)
    return {name: median(values) for name, values in times.items()}


def bench(runs: int) -> Section:
    section = Section("Arranque (mediana)", ["comando", "mediana", "× python", "objetivo"])
    run([sys.executable, "-m", "compileall", "-q", str(ROOT / "dockerlab")])
    with tempfile.TemporaryDirectory() as home:
        env = clean_env(Path(home))
        cmds = commands()
        tool = "hyperfine" if shutil.which("hyperfine") else "bucle"
        results = _hyperfine(cmds, runs, env) if tool == "hyperfine" else _loop(cmds, runs, env)
    base = results["python -c pass"]
    for name, _ in cmds:
        value = results[name]
        target = TARGETS.get(name.removeprefix("dockerlab "))
        verdict = ""
        if target is not None:
            verdict = f"≤ {ms(target)} {'✓' if value <= target else '✗'}"
        section.add(name, ms(value), f"{value / base:.1f}", verdict)
    section.note(f"{tool}, {runs} ejecuciones tras 3 de calentamiento; salida a /dev/null, "
                 "NO_COLOR=1, progreso vacío (DOCKERLAB_HOME temporal).")
    section.note(f"comandos: {'; '.join(line for _, line in cmds)}")
    section.data = {name: round(value * 1000, 1) for name, value in results.items()}
    _catalog_note(section)
    return section


def _catalog_note(section: Section) -> None:
    """How much of ``list`` is reading and validating the lesson files (in this process)."""
    import time

    sys.path.insert(0, str(ROOT))
    from dockerlab import catalog

    times = []
    for _ in range(5):
        started = time.perf_counter()
        catalog.load_catalog()
        times.append(time.perf_counter() - started)
    parser = getattr(getattr(catalog, "_LOADER", None), "__name__", "?")
    section.note(f"dentro de «list», cargar y validar el catálogo "
                 f"({len(catalog.lesson_files())} lecciones) tarda {ms(min(times))} "
                 f"(analizador YAML: {parser}).")
    section.data["catalog_ms"] = round(min(times) * 1000, 1)
