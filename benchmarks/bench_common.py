"""Shared pieces of the benchmarks: timing, the machine's description, report tables."""

from __future__ import annotations

import fcntl
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
DOCKERLAB = str(BIN / "dockerlab")


LOCK: list[Path] = []  # set by run.py --lock: hold it around each use of the shared engine


@contextmanager
def engine_lock() -> Iterator[None]:
    """Hold the engine lock (flock(1)-compatible) for one short unit of engine work."""
    if not LOCK:
        yield
        return
    with open(LOCK[0], "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def ms(seconds: float) -> str:
    if seconds < 0.01:
        return f"{seconds * 1000:.1f} ms"
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def secs(seconds: float) -> str:
    return f"{seconds:.1f} s"


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def clean_env(home: Path) -> dict[str, str]:
    """The environment for timed dockerlab runs: its own progress folder and cache folder
    (parsed lessons), bytecode caching on (as on a learner's machine; some shells export
    PYTHONDONTWRITEBYTECODE), no colours."""
    env = dict(os.environ, DOCKERLAB_HOME=str(home), NO_COLOR="1", COLUMNS="100")
    env["XDG_CACHE_HOME"] = str(home / "cache")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


@dataclass
class Budget:
    """Wall-clock budget for the slow sections (CI keeps the whole run short)."""

    seconds: float
    started: float = field(default_factory=time.monotonic)

    def left(self) -> float:
        return self.seconds - (time.monotonic() - self.started)

    def allows(self, estimate: float) -> bool:
        return self.left() >= estimate


@dataclass
class Section:
    title: str
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)

    def add(self, *cells: object) -> None:
        row = [str(c) for c in cells][: len(self.columns)]
        self.rows.append(row + [""] * (len(self.columns) - len(row)))

    def note(self, text: str) -> None:
        self.notes.append(text)

    def render(self) -> str:
        widths = [
            max(len(c), *(len(r[i]) for r in self.rows)) if self.rows else len(c)
            for i, c in enumerate(self.columns)
        ]
        line = "  ".join("-" * w for w in widths)

        def joined(cells: list[str]) -> str:
            return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

        out = [f"\n== {self.title}", joined(self.columns), line]
        out += [joined(row) for row in self.rows]
        out += [f"  · {n}" for n in self.notes]
        return "\n".join(out)

    def markdown(self) -> str:
        out = [
            f"**{self.title}**",
            "",
            "| " + " | ".join(self.columns) + " |",
            "|" + "---|" * len(self.columns),
        ]
        out += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in self.rows]
        out += [""] + [f"- {n}" for n in self.notes]
        return "\n".join(out)


def emit(section: Section) -> Section:
    print(section.render(), flush=True)
    return section


def run(
    argv: Sequence[str],
    env: dict[str, str] | None = None,
    timeout: float = 900,
    cwd: Path | None = None,
    check: bool = False,
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(argv),
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        cwd=cwd,
        check=check,
        stdin=subprocess.DEVNULL,
    )


def timed(argv: Sequence[str], **kwargs: Any) -> tuple[float, subprocess.CompletedProcess[str]]:
    started = time.perf_counter()
    done = run(argv, **kwargs)
    return time.perf_counter() - started, done


@contextmanager
def stopwatch() -> Iterator[Callable[[], float]]:
    started = time.perf_counter()
    yield lambda: time.perf_counter() - started


def machine() -> Section:
    section = Section("Máquina", ["qué", "valor"])
    mem_kb = 0
    with open("/proc/meminfo") as handle:
        for line in handle:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "?",
    )
    engine = run(
        [
            "docker",
            "version",
            "--format",
            "{{.Server.Version}} (API {{.Server.APIVersion}}), cliente {{.Client.Version}}",
        ]
    )
    load = os.getloadavg()
    section.add("CPU", f"{os.cpu_count()} núcleos (nproc), {cpu}")
    section.add("RAM", f"{mem_kb / 1024 / 1024:.1f} GiB")
    section.add("motor Docker", engine.stdout.strip() or "no responde")
    section.add("sistema", f"{platform.system()} {platform.release()}")
    section.add("Python", f"{platform.python_version()} ({sys.executable})")
    section.add("carga", f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (1/5/15 min)")
    section.add(
        "hyperfine",
        (
            run(["hyperfine", "--version"]).stdout.strip()
            if shutil.which("hyperfine")
            else "no instalado (bucle de tiempos)"
        ),
    )
    section.data = {
        "nproc": os.cpu_count(),
        "ram_gib": round(mem_kb / 1024 / 1024, 1),
        "engine": engine.stdout.strip(),
        "cpu": cpu,
    }
    return section


def save_json(path: Path, sections: list[Section]) -> None:
    path.write_text(
        json.dumps(
            {
                s.title: {"columns": s.columns, "rows": s.rows, "notes": s.notes, "data": s.data}
                for s in sections
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )
