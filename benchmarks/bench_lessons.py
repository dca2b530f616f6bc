"""Whole lessons: «basico» against its shell twin (alternating), and the full course."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench_common import (
    DOCKERLAB,
    ROOT,
    Budget,
    Section,
    clean_env,
    engine_lock,
    median,
    ms,
    run,
    secs,
    timed,
)

TWIN = ROOT / "benchmarks" / "basico.sh"
LABEL = "io.dockerlab.lesson"


def _engine() -> Any:
    sys.path.insert(0, str(ROOT))
    from dockerlab.engine.provider import EngineProvider

    return EngineProvider().get()


def _leftovers(engine: Any, lesson: str) -> bool:
    return not engine.labelled(lesson).empty()


def _solving(output: str) -> list[str]:
    commands = []
    for line in output.splitlines():
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if event.get("event") == "solving":
            commands.append(event["command"])
    return commands


def _twin_commands() -> list[str]:
    return [line.strip() for line in TWIN.read_text().splitlines() if line.startswith("docker ")]


# what dockerlab adds to «docker build» for the builder it found (BuildKit, buildx); the
# script's plain «docker build» picks the same builder by itself
BUILDER_ONLY = ("buildx", "--load", "--progress=plain")


def _same(a: str, b: str) -> bool:
    return [w for w in shlex.split(a) if w not in BUILDER_ONLY] == shlex.split(b)


def _timed_events(argv: list[str], env: dict[str, str]) -> tuple[float, float, float, str, str, int]:
    """Run dockerlab with --json: total time, when it began its first action (everything
    before is start-up: imports, catalog, connecting) and when its last event arrived."""
    started = time.perf_counter()
    first = last = 0.0
    lines: list[str] = []
    with subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, stdin=subprocess.DEVNULL
    ) as child:
        assert child.stdout is not None and child.stderr is not None
        for line in child.stdout:
            last = time.perf_counter() - started
            if not first and '"event": "solving"' in line:
                first = last
            lines.append(line)
        error = child.stderr.read()
        code = child.wait()
    return time.perf_counter() - started, first, last, "".join(lines), error, code


def _run_pair(order: list[str], env: dict[str, str], engine: Any) -> dict[str, Any]:
    """One dockerlab run and one script run, in ``order``; the times, or what failed."""
    result: dict[str, Any] = {}
    for who in order:
        if who == "dockerlab":
            elapsed, first, last, out, err, code = _timed_events(
                [DOCKERLAB, "lesson", "basico", "--auto", "--json"], env
            )
            result.update(shown=_solving(out), startup=first, exit=elapsed - last)
        else:
            elapsed, done = timed(["bash", str(TWIN)], env=env)
            out, err, code = done.stdout, done.stderr, done.returncode
        engine.remove_labelled("basico")  # a failed run must not break the next one
        if code != 0:
            result["error"] = f"{who} falló (código {code}): {(err or out).strip()[-300:]}"
            return result
        result[who] = elapsed
    return result


def _sdk_floor(env: dict[str, str]) -> float:
    """The least any Python program using the SDK pays before its first API answer."""
    probe = [sys.executable, "-c", "import docker; docker.from_env().ping()"]
    return median([timed(probe, env=env)[0] for _ in range(7)])


def basico_vs_shell(pairs: int) -> Section:
    section = Section(
        "Lección basico: dockerlab --auto frente a un script de docker",
        ["ronda", "primero", "dockerlab", "script", "dockerlab / script"],
    )
    engine = _engine()
    with engine_lock():
        if _leftovers(engine, "basico"):
            section.note(
                "sin medir: el motor ya tiene objetos de la lección basico y no son "
                f"míos ({engine.labelled('basico').describe()})."
            )
            return section
        run(["docker", "pull", "-q", "debian:bookworm-slim"])  # neither side pays the download
    ours: list[float] = []
    theirs: list[float] = []
    startups: list[float] = []
    drift = ""
    with tempfile.TemporaryDirectory() as home:
        env = clean_env(Path(home))
        for i in range(pairs):
            order = ["dockerlab", "script"] if i % 2 == 0 else ["script", "dockerlab"]
            with engine_lock():
                times = _run_pair(order, env, engine)
            if "error" in times:
                section.note(times["error"])
                return section
            twin = _twin_commands()
            shown = times["shown"]
            if len(shown) != len(twin) or not all(map(_same, shown, twin)):
                drift = "; ".join(shown)
            ours.append(times["dockerlab"])
            theirs.append(times["script"])
            startups.append(times["startup"] + times["exit"])
            section.add(
                i + 1,
                order[0],
                secs(times["dockerlab"]),
                secs(times["script"]),
                f"{times['dockerlab'] / times['script']:.2f}",
            )
    ratio = median(ours) / median(theirs)
    section.data = {
        "dockerlab_s": round(median(ours), 2),
        "script_s": round(median(theirs), 2),
        "ratio": round(ratio, 3),
        "startup_exit_s": round(median(startups), 2),
    }
    section.add(
        "mediana",
        "",
        secs(median(ours)),
        secs(median(theirs)),
        f"{ratio:.2f} (objetivo ≤ 1.0 {'✓' if ratio <= 1.0 else '✗'})",
    )
    section.note(
        "mismo motor, mismas órdenes, alternando quién va primero; los dos esperan los "
        "10 s de «docker stop» (sleep no atiende SIGTERM). dockerlab además verifica "
        "cada paso."
    )
    section.note(
        f"de la diferencia ({secs(median(ours) - median(theirs))}), "
        f"{secs(median(startups))} son arrancar y terminar el proceso de dockerlab "
        "(Python, Typer, rich, el catálogo, importar el SDK de Docker y conectar, hasta "
        "su primera acción, y salir tras el último evento); el trabajo con el motor "
        "tarda lo mismo en los dos."
    )
    work = median(ours) - median(startups)  # dockerlab's steps, without its own start-up
    floor = _sdk_floor(env)
    best = (work + floor) / median(theirs)
    section.note(
        f"sin su arranque, dockerlab hace los pasos en {work:.2f} s y el script, con "
        f"sus {len(_twin_commands())} procesos docker, en {median(theirs):.2f} s. Solo "
        "arrancar Python, importar el SDK de Docker y conectar («python -c 'import "
        f"docker; docker.from_env().ping()'») tarda {ms(floor)}: ni un programa que "
        f"solo usara el SDK bajaría aquí de {best:.2f}."
    )
    section.data.update(
        steps_s=round(work, 3), sdk_floor_s=round(floor, 3), best_possible_ratio=round(best, 3)
    )
    if drift:
        section.note(f"AVISO: benchmarks/basico.sh ya no coincide con la lección; dockerlab ejecutó: {drift}")
    return section


def _completed(output: str) -> bool:
    """The --json run ended with its lesson complete (every step verified)."""
    for line in output.splitlines():
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if event.get("event") == "lesson_finished":
            return bool(event.get("complete"))
    return False


def course(budget: Budget) -> Section:
    section = Section("Curso completo en modo --auto", ["lección", "pasos", "tiempo", "resultado"])
    engine = _engine()
    with tempfile.TemporaryDirectory() as home:
        env = clean_env(Path(home))
        listing = run([DOCKERLAB, "list", "--json"], env=env)
        lessons = json.loads(listing.stdout)["lessons"]
        ids = [lesson["id"] for lesson in lessons]
        assert len(ids) == len(set(ids)), f"«dockerlab list» repite lecciones: {ids}"
        total = 0.0
        steps = 0  # of the lessons in the total, and only those
        measured = 0
        for lesson in lessons:
            lesson_id = lesson["id"]
            if not budget.allows(30):
                section.add(lesson_id, lesson["steps"], "—", "sin medir: presupuesto agotado")
                continue
            with engine_lock():
                if _leftovers(engine, lesson_id):
                    section.add(
                        lesson_id, lesson["steps"], "—", "sin medir: ya había objetos suyos en el motor"
                    )
                    continue
                elapsed, done = timed(
                    [DOCKERLAB, "lesson", lesson_id, "--auto", "--json"],
                    env=env,
                    timeout=min(3600.0, max(60.0, budget.left() + 60)),
                )
                engine.remove_labelled(lesson_id)
            if done.returncode != 0 or not _completed(done.stdout):
                result = f"✗ código {done.returncode}, sin completar: fuera del total"
                section.add(lesson_id, lesson["steps"], secs(elapsed), result)
                continue
            total += elapsed
            steps += int(lesson["steps"])
            measured += 1
            section.add(lesson_id, lesson["steps"], secs(elapsed), "✓")
    section.add("total", steps, secs(total), f"{measured} de {len(lessons)} lecciones, completas (✓)")
    section.note(
        "lecciones descubiertas con «dockerlab list --json»; el total suma el tiempo y los pasos "
        "de las lecciones medidas que terminaron completas, y solo de esas. Tras cada una se "
        "borra lo que lleva su etiqueta. Las imágenes base ya están en el motor y la caché de "
        "capas puede tener ya las dependencias de Python (como en la máquina de quien "
        "repite una lección)."
    )
    section.data = {"total_s": round(total, 1), "steps": steps, "measured": measured, "lessons": len(lessons)}
    return section
