"""Docker Compose v2 through the real ``docker compose`` CLI, and checks through its labels.

dockerlab does not reimplement Compose: the actions run the same command the learner types
(an argument list, never a shell) in the lesson's folder and stream its output. The checks
read the engine: Compose stamps ``com.docker.compose.project`` and ``…service`` on what it
creates, so they also see what the learner started by hand.
"""

from __future__ import annotations

import shlex
from typing import Any

from dockerlab.engine import cli
from dockerlab.errors import DockerlabError
from dockerlab.events import Output, Solving
from dockerlab.kinds.base import Action, Check, CheckResult, Param, Registry
from dockerlab.kinds.context import StepContext

PROJECT_LABEL = "com.docker.compose.project"
SERVICE_LABEL = "com.docker.compose.service"

actions: Registry[Action] = Registry("acción")
checks: Registry[Check] = Registry("verificación")


def _compose_argv(file: str | None, *args: str) -> list[str]:
    return ["docker", "compose", *(["-f", file] if file else []), *args]


def run_compose(
    ctx: StepContext, args: list[str], env: dict[str, Any] | None, timeout: int, doing: str
) -> None:
    """Run ``docker compose …`` in the lesson folder, streaming its output as events."""
    cli.compose_version()
    finished = cli.stream(
        args,
        ctx.workdir,
        {k: str(v) for k, v in (env or {}).items()},
        timeout,
        lambda text: ctx.emit(Output(text, "compose")),
    )
    if finished.code != 0:
        tail = "\n".join(finished.last_lines)
        from dockerlab.engine.diagnosis import diagnose_failure  # the catalogue: only on failure

        found = diagnose_failure(tail)
        raise DockerlabError(
            f"Docker Compose falló al {doing} (código {finished.code})."
            + (f" {found.message}" if found else "")
            + f"\nÚltimas líneas:\n{tail}",
            found.fix
            if found
            else "Lee las últimas líneas: suelen decir qué falló (un puerto "
            "ocupado, un error al construir, un compose.yaml mal escrito).",
        )


@actions.register(
    "compose_up",
    "Levanta los servicios de un compose.yaml con el CLI real (docker compose up -d): "
    "construye si hace falta y los deja en marcha.",
    Param("file", str, doc="archivo de Compose, relativo a workdir (por defecto, el habitual)"),
    Param("build", bool, default=True, doc="reconstruir las imágenes (--build)"),
    Param("env", dict, doc="variables de entorno para Compose (p. ej. un puerto)"),
    Param("timeout", int, default=900, doc="segundos máximos (incluye construir)"),
)
def compose_up(
    ctx: StepContext, file: str | None, build: bool, env: dict[str, Any] | None, timeout: int
) -> None:
    if file:
        ctx.path(file)
    argv = _compose_argv(file, "up", *(["--build"] if build else []), "-d")
    shown = " ".join(f"{k}={v}" for k, v in (env or {}).items())
    ctx.emit(
        Solving(
            ctx.lesson.id,
            ctx.step.id,
            (shown + " " if shown else "") + shlex.join(argv),
            "Levanto los servicios con Docker Compose (con -d, en segundo plano, para "
            "que dockerlab pueda seguir)",
        )
    )
    run_compose(ctx, argv, env, timeout, "levantar los servicios")


@actions.register(
    "compose_down",
    "Para y borra los contenedores y la red de un proyecto de Compose (docker compose down).",
    Param("file", str, doc="archivo de Compose, relativo a workdir"),
    Param("images", str, doc="borrar también imágenes: local (las construidas) o all (--rmi)"),
    Param("volumes", bool, default=False, doc="borrar también sus volúmenes (-v)"),
    Param("timeout", int, default=300, doc="segundos máximos"),
)
def compose_down(ctx: StepContext, file: str | None, images: str | None, volumes: bool, timeout: int) -> None:
    if images not in (None, "local", "all"):
        raise DockerlabError(f"compose_down: «images» admite local o all, no «{images}».")
    argv = _compose_argv(file, "down", *(["--rmi", images] if images else []), *(["-v"] if volumes else []))
    ctx.emit(
        Solving(
            ctx.lesson.id,
            ctx.step.id,
            shlex.join(argv),
            "Paro y borro los contenedores y la red del proyecto",
        )
    )
    run_compose(ctx, argv, None, timeout, "bajar los servicios")


@actions.register(
    "compose_exec",
    "Ejecuta un comando dentro del contenedor de un servicio (docker compose exec) y muestra lo que imprime.",
    Param("service", str, required=True, doc="nombre del servicio en el compose.yaml"),
    Param("command", list, required=True, doc="comando y argumentos, p. ej. [redis-cli, ping]"),
    Param("file", str, doc="archivo de Compose, relativo a workdir"),
    Param("timeout", int, default=120, doc="segundos máximos"),
)
def compose_exec(ctx: StepContext, service: str, command: list[str], file: str | None, timeout: int) -> None:
    shown = _compose_argv(file, "exec", service, *command)
    ctx.emit(Solving(ctx.lesson.id, ctx.step.id, shlex.join(shown), f"Ejecuto un comando en «{service}»"))
    # -T: no terminal for the command, since dockerlab reads its output
    run_compose(
        ctx, _compose_argv(file, "exec", "-T", service, *command), None, timeout, "ejecutar el comando"
    )


def _project(ctx: StepContext, project: str | None) -> str:
    return project or ctx.lesson.id


@checks.register(
    "compose_service_running",
    "Un servicio de un proyecto de Compose tiene un contenedor en marcha (por los labels que pone Compose).",
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
        states = ", ".join(f"«{c.name}» {c.state}" for c in mine)
        return CheckResult(False, expected, states, f"Mira por qué paró: «docker compose logs {service}».")
    if containers:
        others = ", ".join(sorted({c.labels.get(SERVICE_LABEL, "?") for c in containers}))
        return CheckResult(
            False,
            expected,
            f"el proyecto solo tiene: {others}",
            "¿Coincide el nombre del servicio con el de compose.yaml?",
        )
    return CheckResult(
        False,
        expected,
        "ningún contenedor de ese proyecto",
        "Ejecuta «docker compose up --build» en la carpeta de la lección (donde está compose.yaml).",
    )


@checks.register(
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
    return CheckResult(
        False,
        expected,
        f"quedan: {found.describe()}",
        "Ejecuta «docker compose down» en la carpeta del compose.yaml.",
    )
