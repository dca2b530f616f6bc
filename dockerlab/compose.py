"""Docker Compose v2 through the real ``docker compose`` CLI, and checks through its labels.

dockerlab does not reimplement Compose: the actions run the same command the learner types
(an argument list, never a shell) in the lesson's folder and stream its output. The checks
read the engine: Compose stamps ``com.docker.compose.project`` and ``…service`` on what it
creates, so they also see what the learner started by hand.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import threading
from collections import deque
from functools import cache
from typing import Any

from dockerlab.actions import ACTIONS
from dockerlab.checks import CHECKS, CheckResult
from dockerlab.context import StepContext
from dockerlab.errors import DockerlabError
from dockerlab.events import Output, Solving
from dockerlab.kinds import Param

PROJECT_LABEL = "com.docker.compose.project"
SERVICE_LABEL = "com.docker.compose.service"


class ComposeUnavailable(DockerlabError):
    """``docker compose`` (v2) is not installed or does not run."""


@cache
def compose_version() -> str:
    """``docker compose version``; ComposeUnavailable with the way to get it otherwise."""
    how = ("Docker Desktop (macOS y Windows) ya lo incluye: actualízalo si es muy antiguo. En "
           "Linux instala el complemento oficial: «sudo apt install docker-compose-plugin» (o el "
           "equivalente de tu distribución, desde el repositorio de Docker). El antiguo "
           "«docker-compose» con guion (v1) está abandonado y no sirve aquí.")
    if shutil.which("docker") is None:
        raise ComposeUnavailable("No encuentro el programa «docker» en tu PATH, y Compose se usa "
                                 "a través de él («docker compose»).", how)
    try:
        done = subprocess.run(["docker", "compose", "version"], capture_output=True, text=True,
                              timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ComposeUnavailable(f"«docker compose version» no funcionó ({exc}).", how) from exc
    if done.returncode != 0 or "version" not in done.stdout.lower():
        raise ComposeUnavailable("Docker Compose v2 («docker compose», sin guion) no está "
                                 "instalado en tu equipo.", how)
    return done.stdout.strip()


def _compose_argv(file: str | None, *args: str) -> list[str]:
    return ["docker", "compose", *(["-f", file] if file else []), *args]


def run_compose(ctx: StepContext, args: list[str], env: dict[str, Any] | None,
                timeout: int, doing: str) -> None:
    """Run ``docker compose …`` in the lesson folder, streaming its output as events."""
    compose_version()
    environment = {**os.environ, **{k: str(v) for k, v in (env or {}).items()}}
    last: deque[str] = deque(maxlen=12)
    try:
        process = subprocess.Popen(args, cwd=ctx.workdir, env=environment, text=True,
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, encoding="utf-8", errors="replace")
    except OSError as exc:
        raise ComposeUnavailable(f"No pude ejecutar {shlex.join(args)}: {exc}",
                                 "Comprueba que «docker compose version» funciona.") from exc
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
                    ctx.emit(Output(text, "compose"))
            code = process.wait()
    finally:
        timer.cancel()
    if expired.is_set():
        raise DockerlabError(f"«{shlex.join(args)}» tardó más de {timeout} s y lo he detenido.",
                             "Vuelve a intentarlo; si se repite, lanza el comando tú mismo para "
                             "ver dónde se queda.")
    if code != 0:
        tail = "\n".join(last)
        from dockerlab.diagnosis import diagnose

        found = diagnose(tail)
        raise DockerlabError(
            f"Docker Compose falló al {doing} (código {code})."
            + (f" {found.message}" if found else "") + f"\nÚltimas líneas:\n{tail}",
            found.fix if found else "Lee las últimas líneas: suelen decir qué falló (un puerto "
            "ocupado, un error al construir, un compose.yaml mal escrito).")


@ACTIONS.register(
    "compose_up",
    "Levanta los servicios de un compose.yaml con el CLI real (docker compose up -d): "
    "construye si hace falta y los deja en marcha.",
    Param("file", str, doc="archivo de Compose, relativo a workdir (por defecto, el habitual)"),
    Param("build", bool, default=True, doc="reconstruir las imágenes (--build)"),
    Param("env", dict, doc="variables de entorno para Compose (p. ej. un puerto)"),
    Param("timeout", int, default=900, doc="segundos máximos (incluye construir)"),
)
def compose_up(ctx: StepContext, file: str | None, build: bool, env: dict[str, Any] | None,
               timeout: int) -> None:
    if file:
        ctx.path(file)
    argv = _compose_argv(file, "up", *(["--build"] if build else []), "-d")
    shown = " ".join(f"{k}={v}" for k, v in (env or {}).items())
    ctx.emit(Solving(ctx.lesson.id, ctx.step.id, (shown + " " if shown else "") + shlex.join(argv),
                     "Levanto los servicios con Docker Compose (con -d, en segundo plano, para "
                     "que dockerlab pueda seguir)"))
    run_compose(ctx, argv, env, timeout, "levantar los servicios")


@ACTIONS.register(
    "compose_down",
    "Para y borra los contenedores y la red de un proyecto de Compose (docker compose down).",
    Param("file", str, doc="archivo de Compose, relativo a workdir"),
    Param("images", str, doc="borrar también imágenes: local (las construidas) o all (--rmi)"),
    Param("volumes", bool, default=False, doc="borrar también sus volúmenes (-v)"),
    Param("timeout", int, default=300, doc="segundos máximos"),
)
def compose_down(ctx: StepContext, file: str | None, images: str | None, volumes: bool,
                 timeout: int) -> None:
    if images not in (None, "local", "all"):
        raise DockerlabError(f"compose_down: «images» admite local o all, no «{images}».")
    argv = _compose_argv(file, "down", *(["--rmi", images] if images else []),
                         *(["-v"] if volumes else []))
    ctx.emit(Solving(ctx.lesson.id, ctx.step.id, shlex.join(argv),
                     "Paro y borro los contenedores y la red del proyecto"))
    run_compose(ctx, argv, None, timeout, "bajar los servicios")


def _project(ctx: StepContext, project: str | None) -> str:
    return project or ctx.lesson.id


@CHECKS.register(
    "compose_service_running",
    "Un servicio de un proyecto de Compose tiene un contenedor en marcha (por las etiquetas "
    "que pone Compose).",
    Param("service", str, required=True, doc="nombre del servicio en el compose.yaml"),
    Param("project", str, doc="nombre del proyecto (por defecto, el id de la lección)"),
)
def compose_service_running(ctx: StepContext, service: str, project: str | None) -> CheckResult:
    name = _project(ctx, project)
    expected = f"el servicio «{service}» del proyecto «{name}» en marcha"
    containers = ctx.engine.containers(label=f"{PROJECT_LABEL}={name}")
    mine = [c for c in containers if c.labels.get(SERVICE_LABEL) == service]
    running = [c for c in mine if c.status == "running"]
    if running:
        return CheckResult(True, expected, ", ".join(f"«{c.name}» en marcha" for c in running))
    if mine:
        states = ", ".join(f"«{c.name}» {c.status} (código {c.exit_code})" for c in mine)
        return CheckResult(False, expected, states,
                           f"Mira por qué paró: «docker compose logs {service}».")
    if containers:
        others = ", ".join(sorted({c.labels.get(SERVICE_LABEL, '?') for c in containers}))
        return CheckResult(False, expected, f"el proyecto solo tiene: {others}",
                           "¿Coincide el nombre del servicio con el de compose.yaml?")
    return CheckResult(False, expected, "ningún contenedor de ese proyecto",
                       "Ejecuta «docker compose up --build» en la carpeta de la lección (donde "
                       "está compose.yaml).")


@CHECKS.register(
    "compose_project_absent",
    "Un proyecto de Compose ya no tiene contenedores, redes ni volúmenes (lo que hace down).",
    Param("project", str, doc="nombre del proyecto (por defecto, el id de la lección)"),
    Param("volumes", bool, default=False, doc="exigir también que no queden volúmenes"),
)
def compose_project_absent(ctx: StepContext, project: str | None, volumes: bool) -> CheckResult:
    name = _project(ctx, project)
    expected = f"que no quede nada del proyecto «{name}»"
    found = ctx.engine.compose_inventory(name)
    left = [*found.containers, *found.networks, *(found.volumes if volumes else ())]
    if not left:
        return CheckResult(True, expected, "no queda nada")
    return CheckResult(False, expected, f"quedan: {found.describe()}",
                       "Ejecuta «docker compose down» en la carpeta del compose.yaml.")
