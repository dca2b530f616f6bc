"""The ``docker`` command-line program: every subprocess call to ``docker`` lives here.

dockerlab drives the real CLI where the SDK cannot do what the learner's own command does:
``docker compose``, builds through BuildKit, interactive ``docker run -it``, and version
probes for ``doctor`` and for choosing the builder.
Arguments are always a list (never a shell string).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import threading
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from dockerlab.errors import DockerlabError

COMPOSE_HOW = (
    "Docker Desktop (macOS y Windows) ya lo incluye: actualízalo si es muy antiguo. En "
    "Linux instala el complemento oficial: «sudo apt install docker-compose-plugin» (o el "
    "equivalente de tu distribución, desde el repositorio de Docker). «docker-compose» con "
    "guion puede ser la v1, abandonada, o una v2 instalada aparte: dockerlab usa «docker "
    "compose», con espacio."
)


class ComposeUnavailable(DockerlabError):
    """``docker compose`` (v2) is not installed or does not run."""


class CommandTimedOut(DockerlabError):
    """A ``docker`` command ran longer than its step allows (it has been stopped)."""


@dataclass(frozen=True)
class Finished:
    code: int
    last_lines: tuple[str, ...]  # the end of its output, for the error message


def docker_on_path() -> str | None:
    return shutil.which("docker")


def command_version(argv: list[str]) -> str | None:
    """First line of ``argv``'s output (``docker --version``…), or None when it fails."""
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=15, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip().splitlines()[0] if done.returncode == 0 and done.stdout else None


def client_major() -> int | None:
    """The major version of the ``docker`` CLI on PATH (``Docker version 20.10.24…`` → 20)."""
    line = command_version(["docker", "--version"]) if docker_on_path() else None
    found = re.search(r"version (\d+)\.", line or "")
    return int(found.group(1)) if found else None


def buildx_works() -> bool:
    """``docker buildx version`` answers (Docker Desktop, docker-ce 23+ ship the plugin)."""
    return docker_on_path() is not None and command_version(["docker", "buildx", "version"]) is not None


@cache
def compose_version() -> str:
    """``docker compose version``; ComposeUnavailable with the way to get it otherwise."""
    if docker_on_path() is None:
        raise ComposeUnavailable(
            "No encuentro el programa «docker» en tu PATH, y Compose se usa "
            "a través de él («docker compose»).",
            COMPOSE_HOW,
        )
    try:
        done = subprocess.run(
            ["docker", "compose", "version"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ComposeUnavailable(f"«docker compose version» no funcionó ({exc}).", COMPOSE_HOW) from exc
    if done.returncode != 0 or "version" not in done.stdout.lower():
        raise ComposeUnavailable(
            "Docker Compose v2 («docker compose», sin guion) no está instalado en tu equipo.", COMPOSE_HOW
        )
    return done.stdout.strip()


def stream(
    argv: list[str],
    cwd: Path,
    env: Mapping[str, str] | None,
    timeout: int,
    on_line: Callable[[str], None],
    keep: int = 12,
) -> Finished:
    """Run ``argv`` in ``cwd`` with its output (stdout and stderr) passed line by line to
    ``on_line``; stopped after ``timeout`` seconds (CommandTimedOut). The last ``keep``
    lines come back for the error message."""
    environment = {**os.environ, **(env or {})}
    last: deque[str] = deque(maxlen=keep)
    try:
        process = subprocess.Popen(
            argv,
            cwd=cwd,
            env=environment,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            encoding="utf-8",
            errors="replace",
        )
    except OSError as exc:
        raise DockerlabError(
            f"No pude ejecutar {shlex.join(argv)}: {exc}",
            "Comprueba que el programa «docker» está instalado y en tu PATH.",
        ) from exc
    expired = threading.Event()

    def give_up() -> None:
        expired.set()
        process.kill()

    timer = threading.Timer(timeout, give_up)
    timer.start()
    try:
        with process:
            assert process.stdout is not None
            for line in process.stdout:
                text = line.rstrip()
                if text:
                    last.append(text)
                    on_line(text)
            code = process.wait()
    finally:
        timer.cancel()
    if expired.is_set():
        raise CommandTimedOut(
            f"«{shlex.join(argv)}» tardó más de {timeout} s y lo he detenido.",
            "Vuelve a intentarlo; si se repite, lanza el comando tú mismo para ver dónde se queda.",
        )
    return Finished(code, tuple(last))


def hand_off(argv: list[str]) -> int:
    """Give the terminal to the real CLI (``docker run -it …``) until the learner leaves."""
    return subprocess.run(argv, check=False).returncode
