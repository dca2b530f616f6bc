"""Start-up: how long dockerlab takes to answer, against Python and the docker CLI."""

from __future__ import annotations

import json
import shlex
import shutil
import sys
import tempfile
from pathlib import Path

from bench_common import DOCKERLAB, ROOT, Section, clean_env, median, ms, run, timed

TARGETS = {"--version": 0.130, "--help": 0.130, "list": 0.200}
COLD_HELP = "dockerlab --help (primera vez)"


def commands() -> list[tuple[str, str]]:
    """(name, command line) in the order they are reported; the first one is the baseline."""
    python = sys.executable
    return [
        ("python -c pass", f"{python} -c pass"),
        ("docker --version", "docker --version"),
        (
            "suelo de --help y list: import typer, rich",
            f"{python} -c 'import typer, rich.console, rich.table'",
        ),
        ("suelo de una lección: import docker", f"{python} -c 'import docker'"),
        ("dockerlab --version", f"{DOCKERLAB} --version"),
        ("dockerlab --help", f"{DOCKERLAB} --help"),
        ("dockerlab list", f"{DOCKERLAB} list"),
        ("dockerlab list --json", f"{DOCKERLAB} list --json"),
    ]


ROUNDS = 4  # hyperfine runs one command after another; rounds spread a busy moment out


def _hyperfine(
    cmds: list[tuple[str, str]], runs: int, env: dict[str, str], prepare: str | None = None
) -> dict[str, float]:
    """Median of every timed run, over :data:`ROUNDS` hyperfine rounds of all ``cmds``."""
    samples: dict[str, list[float]] = {name: [] for name, _ in cmds}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "hf.json"
        for _ in range(ROUNDS):
            argv = [
                "hyperfine",
                "-N",
                "--warmup",
                "2",
                "--runs",
                str(max(3, runs // ROUNDS)),
                "--style",
                "none",
                "--export-json",
                str(out),
            ]
            if prepare:
                argv += ["--prepare", prepare]
            for name, line in cmds:
                argv += ["--command-name", name, line]
            done = run(argv, env=env, timeout=600)
            if done.returncode != 0:
                raise RuntimeError(done.stderr.strip() or "hyperfine failed")
            for result in json.loads(out.read_text())["results"]:
                samples[result["command"]] += [float(t) for t in result["times"]]
    return {name: median(values) for name, values in samples.items()}


def _loop(
    cmds: list[tuple[str, str]], runs: int, env: dict[str, str], prepare: str | None = None
) -> dict[str, float]:
    """Fallback without hyperfine: alternate the commands, ``runs`` rounds, medians."""
    import shlex

    times: dict[str, list[float]] = {name: [] for name, _ in cmds}
    for round_ in range(runs + 3):
        for name, line in cmds:
            if prepare:
                run(["sh", "-c", prepare], env=env)
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
        measure = _hyperfine if tool == "hyperfine" else _loop
        results = measure(cmds, runs, env)
        # The first help screen is drawn by Typer; later ones are replayed (helpcache.py).
        cold = [(COLD_HELP, f"{DOCKERLAB} --help")]
        results.update(measure(cold, max(5, runs // 2), env, prepare=f"rm -rf {shlex.quote(home)}/cache"))
    base = results["python -c pass"]
    cmds.insert(cmds.index(("dockerlab list", f"{DOCKERLAB} list")), cold[0])
    for name, _ in cmds:
        value = results[name]
        target = TARGETS.get(name.removeprefix("dockerlab "))
        verdict = ""
        if target is not None:
            verdict = f"≤ {ms(target)} {'✓' if value <= target else '✗'}"
        section.add(name, ms(value), f"{value / base:.1f}", verdict)
    section.note(
        f"{tool}, {runs} ejecuciones de cada comando en {ROUNDS} rondas (cada ronda, "
        "tras 2 de calentamiento); salida a /dev/null, "
        "NO_COLOR=1, progreso vacío (DOCKERLAB_HOME temporal)."
    )
    section.note(
        "«--help» la dibuja Typer la primera vez (con esa versión, ancho de terminal y "
        "colores) y después se repite la copia guardada sin importar Typer; "
        "«primera vez» borra esa copia antes de cada ejecución."
    )
    section.note(f"comandos: {'; '.join(line for _, line in cmds)}")
    section.data = {name: round(value * 1000, 1) for name, value in results.items()}
    _catalog_note(section)
    return section


def _catalog_note(section: Section) -> None:
    """How much of ``list`` is reading and validating the lesson files (in this process)."""
    import time

    sys.path.insert(0, str(ROOT))
    from dockerlab.course import catalog

    times = []
    for _ in range(5):
        started = time.perf_counter()
        catalog.load_catalog()
        times.append(time.perf_counter() - started)
    parser = getattr(getattr(catalog, "_LOADER", None), "__name__", "?")
    section.note(
        f"dentro de «list», cargar y validar el catálogo "
        f"({len(catalog.lesson_files())} lecciones) tarda {ms(min(times))} "
        f"(analizador YAML: {parser})."
    )
    section.data["catalog_ms"] = round(min(times) * 1000, 1)
