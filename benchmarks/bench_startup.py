"""Start-up: how long dockerlab takes to answer, against importing Typer and rich.

    .venv/bin/python benchmarks/bench_startup.py [--runs N]

The floor is ``python -c 'import typer, rich'``, measured in the same run: what any Typer
CLI pays before doing anything. Targets: ``--help`` ≤ floor + 40 ms, ``list`` ≤ floor + 60 ms.
Every command is run once first; one that fails is reported as failed and not timed.
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from bench_common import DOCKERLAB, ROOT, Section, clean_env, emit, median, ms, run, timed

FLOOR = "suelo: import typer, rich"
PANELS = "import typer + consola y paneles de rich"  # what the help costs on a colour terminal
MARGINS = {"dockerlab --help": 0.040, "dockerlab list": 0.060}  # allowed above the floor
UNCACHED = "dockerlab list (sin lecciones ya leídas)"
ROUNDS = 4  # hyperfine runs one command after another; rounds spread a busy moment out


def commands() -> list[tuple[str, str]]:
    """(name, command line) in the order they are reported."""
    python = sys.executable
    return [
        ("python -c pass", f"{python} -c pass"),
        (FLOOR, f"{python} -c 'import typer, rich'"),
        (PANELS, f"{python} -c 'import typer, rich.console, rich.panel, rich.table'"),
        ("dockerlab --version", f"{DOCKERLAB} --version"),
        ("dockerlab --help", f"{DOCKERLAB} --help"),
        ("dockerlab list", f"{DOCKERLAB} list"),
        # the first «list» after installing or editing a lesson parses every file: a cache
        # folder that cannot be created keeps every run like that one
        (UNCACHED, f"env XDG_CACHE_HOME=/dev/null/cache {DOCKERLAB} list"),
        ("dockerlab list --json", f"{DOCKERLAB} list --json"),
    ]


def failures(cmds: list[tuple[str, str]], env: dict[str, str]) -> dict[str, str]:
    """name → why, for each command that does not exit 0 (those rows are not timed)."""
    failed = {}
    for name, line in cmds:
        done = run(shlex.split(line), env=env, timeout=120)
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["sin mensaje"])[-1]
            failed[name] = f"falla: código {done.returncode} ({last[:80]})"
    return failed


def _hyperfine(
    cmds: list[tuple[str, str]], runs: int, env: dict[str, str], cpu: dict[str, float]
) -> dict[str, float]:
    """Median of every timed run, over :data:`ROUNDS` hyperfine rounds of all ``cmds``; the
    mean processor time (user + system) of each command goes into ``cpu``."""
    samples: dict[str, list[float]] = {name: [] for name, _ in cmds}
    cpus: dict[str, list[float]] = {name: [] for name, _ in cmds}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "hf.json"
        for _ in range(ROUNDS):
            argv = ["hyperfine", "-N", "--warmup", "2", "--runs", str(max(3, runs // ROUNDS))]
            argv += ["--style", "none", "--export-json", str(out)]
            for name, line in cmds:
                argv += ["--command-name", name, line]
            done = run(argv, env=env, timeout=600)
            if done.returncode != 0:  # hyperfine stops at a command that exits non-zero
                raise RuntimeError(done.stderr.strip() or "hyperfine failed")
            for result in json.loads(out.read_text())["results"]:
                samples[result["command"]] += [float(t) for t in result["times"]]
                cpus[result["command"]].append(float(result["user"]) + float(result["system"]))
    cpu.update({name: sum(values) / len(values) for name, values in cpus.items() if values})
    return {name: median(values) for name, values in samples.items()}


def _loop(
    cmds: list[tuple[str, str]], runs: int, env: dict[str, str], cpu: dict[str, float]
) -> dict[str, float]:
    """Without hyperfine: alternate the commands, ``runs`` counted rounds, medians. A command
    that exits non-zero stops being timed (its row reports the failure)."""
    times: dict[str, list[float]] = {name: [] for name, _ in cmds}
    broken: set[str] = set()
    for round_ in range(runs + 2):
        for name, line in cmds:
            if name in broken:
                continue
            elapsed, done = timed(shlex.split(line), env=env)
            if done.returncode != 0:
                broken.add(name)
                times[name] = []
            elif round_ >= 2:  # warm-up rounds are not counted
                times[name].append(elapsed)
    return {name: median(values) for name, values in times.items() if name not in broken}


def bench(runs: int) -> Section:
    section = Section(
        "Arranque (mediana)", ["comando", "mediana", "sobre el suelo", "objetivo", "CPU (usuario+sistema)"]
    )
    run([sys.executable, "-m", "compileall", "-q", str(ROOT / "dockerlab")])
    with tempfile.TemporaryDirectory() as home:
        env = clean_env(Path(home))
        cmds = commands()
        failed = failures(cmds, env)
        timed_cmds = [(name, line) for name, line in cmds if name not in failed]
        tool = "hyperfine" if shutil.which("hyperfine") else "bucle"
        cpu: dict[str, float] = {}
        results = (_hyperfine if tool == "hyperfine" else _loop)(timed_cmds, runs, env, cpu)
    floor = results.get(FLOOR)
    for name, _ in cmds:
        if name not in results:
            section.add(name, failed.get(name, "falla"), "", "✗" if name in MARGINS else "")
            continue
        value = results[name]
        above = ""
        if floor is not None and name.startswith(("dockerlab", "import")):
            above = f"{'+' if value >= floor else '−'}{ms(abs(value - floor))}"
        verdict = ""
        if name in MARGINS:
            target = f"≤ suelo + {ms(MARGINS[name])}"
            ok = floor is not None and value <= floor + MARGINS[name]
            verdict = f"{target} {'✓' if ok else '✗'}"
        section.add(name, ms(value), above, verdict, ms(cpu[name]) if name in cpu else "")
    section.note(
        f"{tool}, {runs} ejecuciones de cada comando en {ROUNDS} rondas (cada ronda, "
        "tras 2 de calentamiento); salida a /dev/null, NO_COLOR=1, COLUMNS=100, "
        "progreso vacío (DOCKERLAB_HOME temporal), bytecode ya compilado."
    )
    section.note(
        "La ayuda va a /dev/null, así que se mide la de texto plano (la de tuberías y NO_COLOR); "
        "en una terminal con colores se dibuja con los paneles de rich, que cuestan lo que la fila "
        f"«{PANELS}» tiene sobre el suelo."
    )
    section.note(f"comandos: {'; '.join(line for _, line in cmds)}")
    section.data = {name: round(value * 1000, 1) for name, value in results.items()}
    section.data["failed"] = failed
    _catalog_note(section)
    return section


def _catalog_note(section: Section) -> None:
    """How much of ``list`` is reading the lesson files as outlines (in this process), from
    the parsed-lessons cache and from the YAML, and what the full reading (every action and
    check against the kinds) costs on top."""
    import tempfile
    import time

    sys.path.insert(0, str(ROOT))
    from dockerlab.course import catalog
    from dockerlab.course.parsed import ParsedLessons

    def fastest(read: Callable[[], object]) -> float:
        times = []
        for _ in range(5):
            started = time.perf_counter()
            read()
            times.append(time.perf_counter() - started)
        return min(times)

    files = catalog.lesson_files()
    with tempfile.TemporaryDirectory() as folder:
        kept = ParsedLessons(Path(folder) / "lecciones.json")  # this run's own, not the user's
        for path in files:
            catalog.load_file(path, True, kept)
        cached = fastest(lambda: [catalog.load_file(path, True, kept) for path in files])
    parsed = fastest(lambda: [catalog.load_file(path, True) for path in files])
    started = time.perf_counter()
    catalog.load_catalog()  # the first full reading imports every kind module
    first_full = time.perf_counter() - started
    section.note(
        f"dentro de «list», leer el catálogo ({len(files)} lecciones) como esquema tarda "
        f"{ms(cached)} con las lecciones ya leídas (en la carpeta de caché del usuario) y "
        f"{ms(parsed)} leyendo los YAML, como la primera vez o tras editar una lección. "
        f"La lectura completa (cada acción y verificación contra su tipo), {ms(first_full)} "
        "la primera vez, al importar los módulos de tipos: solo la pagan las órdenes que "
        "ejecutan, verifican o validan lecciones."
    )
    section.data["catalog_ms"] = round(cached * 1000, 1)
    section.data["catalog_yaml_ms"] = round(parsed * 1000, 1)
    section.data["catalog_full_first_ms"] = round(first_full * 1000, 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40, help="ejecuciones de cada comando")
    args = parser.parse_args(argv)
    section = emit(bench(args.runs))
    return 0 if not section.data["failed"] else 1


if __name__ == "__main__":
    sys.exit(main())
