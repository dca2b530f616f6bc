"""Actions: what «Ejecútalo por mí» does, through the Docker SDK (one small function each).

Every action reports the equivalent ``docker`` CLI command first, so the learner sees what
they would have typed, then streams its progress as events.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import time
from collections.abc import Callable
from typing import Any

from dockerlab.context import StepContext
from dockerlab.events import Notice, Output, Solving, TransferProgress
from dockerlab.kinds import Param, Registry
from dockerlab.ledger import note_pull
from dockerlab.plaintext import visible_lines

Action = Callable[..., None]
ACTIONS: Registry[Action] = Registry("acción")


def _solving(ctx: StepContext, argv: list[str], description: str) -> None:
    ctx.emit(Solving(ctx.lesson.id, ctx.step.id, shlex.join(argv), description))


def _tagged(name: str) -> str:
    return name if ":" in name.rsplit("/", 1)[-1] else f"{name}:latest"


def _label_args(ctx: StepContext) -> list[str]:
    return [arg for key, value in ctx.labels.items() for arg in ("--label", f"{key}={value}")]


def ensure_image(ctx: StepContext, image: str) -> None:
    """Pull ``image`` when it is missing, as ``docker run`` does, with progress events."""
    if ctx.engine.image(image) is not None:
        return
    ctx.emit(Output(f"No encuentro la imagen «{image}» en tu máquina: la descargo.", "engine"))
    pull_image(ctx, image)
    note_pull(ctx.lesson.id, _tagged(image), existed=False)


def pull_image(ctx: StepContext, image: str) -> None:
    for update in ctx.engine.pull(image):
        if update.layer and update.status:
            ctx.emit(TransferProgress(image, update.layer, update.status,
                                      update.current, update.total))
        elif update.status:
            ctx.emit(Output(update.status, "pull"))


@ACTIONS.register(
    "build", "Construye una imagen (docker build) y muestra su salida paso a paso.",
    Param("tag", str, required=True, doc="nombre:etiqueta de la imagen"),
    Param("context", str, default=".", doc="carpeta de contexto, relativa a workdir"),
    Param("dockerfile", str, doc="Dockerfile alternativo, relativo al contexto"),
)
def build(ctx: StepContext, tag: str, context: str, dockerfile: str | None) -> None:
    folder = ctx.path(context)
    if dockerfile:
        ctx.path(f"{context}/{dockerfile}")  # refuse a Dockerfile outside the lesson folder
    argv = ["docker", "build", *(["-f", dockerfile] if dockerfile else []), "-t", tag,
            *_label_args(ctx), context]
    _solving(ctx, argv, f"Construyo la imagen {tag} en {folder}")
    started = time.monotonic()
    for line in ctx.engine.build(folder, tag, ctx.labels, dockerfile=dockerfile):
        ctx.emit(Output(line, "build"))
    ctx.emit(Output(f"Imagen {tag} construida en {time.monotonic() - started:.1f} s.", "build"))


@ACTIONS.register(
    "pull", "Descarga una imagen (docker pull) con una barra de progreso por capa.",
    Param("image", str, required=True, doc="imagen, p. ej. ubuntu:latest"),
)
def pull(ctx: StepContext, image: str) -> None:
    _solving(ctx, ["docker", "pull", image], f"Descargo la imagen {image}")
    existed = ctx.engine.image(image) is not None
    pull_image(ctx, image)
    note_pull(ctx.lesson.id, _tagged(image), existed)


@ACTIONS.register(
    "run", "Crea y arranca un contenedor (docker run). Sin «detach» espera a que termine.",
    Param("image", str, required=True, doc="imagen de partida"),
    Param("name", str, doc="nombre del contenedor (--name)"),
    Param("command", list, doc="comando a ejecutar en lugar del de la imagen"),
    Param("interactive", bool, default=False,
          doc="paso -it: con terminal se cede al CLI de docker; sin ella se usa auto_command"),
    Param("auto_command", list, doc="comando sin terminal para los pasos interactivos"),
    Param("detach", bool, default=False, doc="dejarlo en marcha en segundo plano (-d)"),
    Param("remove", bool, default=False, doc="borrarlo al terminar (--rm)"),
    Param("ports", dict, doc="puertos: {\"80/tcp\": 8000} publica en 127.0.0.1:8000"),
    Param("environment", dict, doc="variables de entorno (-e NOMBRE=valor)"),
    Param("volumes", dict, doc="carpetas montadas (-v): {work: /ruta/dentro}, relativas a workdir"),
    Param("timeout", int, default=120, doc="segundos máximos de espera si no es detach"),
)
def run(ctx: StepContext, image: str, name: str | None, command: list[str] | None,
        interactive: bool, auto_command: list[str] | None, detach: bool, remove: bool,
        ports: dict[str, int] | None, environment: dict[str, str] | None,
        volumes: dict[str, str] | None, timeout: int) -> None:
    if interactive and ctx.tty and shutil.which("docker"):
        _hand_off(ctx, image, name, command, remove)
        return
    if interactive and auto_command:
        command = auto_command
    bindings = {port: ("127.0.0.1", host) for port, host in (ports or {}).items()}
    env = {key: str(value) for key, value in (environment or {}).items()}
    mounts = {str(ctx.path(source)): {"bind": target, "mode": "rw"}
              for source, target in (volumes or {}).items()}
    argv = ["docker", "run", *(["-d"] if detach else []), *(["--rm"] if remove else []),
            *(["--name", name] if name else []), *_label_args(ctx),
            *[a for port, host in (ports or {}).items()
              for a in ("-p", f"127.0.0.1:{host}:{port.split('/')[0]}")],
            *[a for key, value in env.items() for a in ("-e", f"{key}={value}")],
            *[a for source, mount in mounts.items() for a in ("-v", f"{source}:{mount['bind']}")],
            image, *(command or [])]
    _solving(ctx, argv, f"Creo un contenedor a partir de {image}")
    ensure_image(ctx, image)
    container = ctx.engine.run(image, name=name, labels=ctx.labels, command=command,
                               ports=bindings, auto_remove=remove, environment=env,
                               volumes=mounts)
    if detach:
        return
    code = ctx.engine.wait(container.id, timeout)
    if not remove:
        for line in visible_lines(ctx.engine.logs(container.id)):
            ctx.emit(Output(line, "container"))
    if code != 0:
        ctx.emit(_ended_badly(ctx, container.id, code))


def _ended_badly(ctx: StepContext, container_id: str, code: int) -> Notice:
    """«El contenedor terminó con el código 127», and why when it can be told (command not
    in the image, another architecture, killed)."""
    from dockerlab.explain import explain_exit

    said = f"El contenedor terminó con el código {code}."
    info = ctx.engine.container(container_id)  # None if it removed itself (--rm)
    found = explain_exit(ctx.engine, info) if info is not None else None
    if found is None:
        return Notice("warning", said)
    return Notice("warning", f"{said} {found.title}: {found.message}", found.fix)


def _hand_off(ctx: StepContext, image: str, name: str | None, command: list[str] | None,
              remove: bool) -> None:
    """Give the terminal to the real docker CLI for an interactive session."""
    argv = ["docker", "run", "-it", *(["--rm"] if remove else []),
            *(["--name", name] if name else []), *_label_args(ctx), image, *(command or [])]
    _solving(ctx, argv, "Te paso el control a Docker: escribe los comandos y termina con «exit».")
    subprocess.run(argv, check=False)


@ACTIONS.register(
    "stop", "Detiene un contenedor en marcha (docker stop).",
    Param("name", str, required=True, doc="nombre del contenedor"),
    Param("timeout", int, default=10, doc="segundos de gracia antes de forzar (-t)"),
    Param("wait_removed", bool, default=False,
          doc="esperar a que desaparezca (contenedores creados con --rm)"),
)
def stop(ctx: StepContext, name: str, timeout: int, wait_removed: bool) -> None:
    argv = ["docker", "stop", *(["-t", str(timeout)] if timeout != 10 else []), name]
    _solving(ctx, argv, f"Detengo el contenedor {name}")
    ctx.engine.stop(name, timeout=timeout)
    deadline = time.monotonic() + 15
    while wait_removed and ctx.engine.container(name) is not None and time.monotonic() < deadline:
        time.sleep(0.2)  # --rm: the engine removes it right after it stops


@ACTIONS.register(
    "remove_container", "Elimina un contenedor (docker rm).",
    Param("name", str, required=True, doc="nombre del contenedor"),
    Param("force", bool, default=False, doc="forzar aunque esté en marcha (-f)"),
)
def remove_container(ctx: StepContext, name: str, force: bool) -> None:
    _solving(ctx, ["docker", "rm", *(["-f"] if force else []), name], f"Elimino {name}")
    ctx.engine.remove_container(name, force=force)


@ACTIONS.register(
    "remove_image", "Elimina una imagen (docker rmi).",
    Param("name", str, required=True, doc="nombre:etiqueta de la imagen"),
)
def remove_image(ctx: StepContext, name: str) -> None:
    _solving(ctx, ["docker", "rmi", name], f"Elimino la imagen {name}")
    ctx.engine.remove_image(name)


@ACTIONS.register(
    "prune_containers",
    "Borra los contenedores detenidos de esta lección (prune con filtro de etiqueta).",
)
def prune_containers(ctx: StepContext) -> None:
    argv = ["docker", "container", "prune", "--force", "--filter", f"label={ctx.label_filter}"]
    _solving(ctx, argv, "Borro solo los contenedores detenidos que llevan la etiqueta de la lección")
    for cid in ctx.engine.prune_containers(ctx.label_filter):
        ctx.emit(Output(f"Eliminado: {cid[:12]}", "engine"))


@ACTIONS.register(
    "answer", "Responde la pregunta del paso (modo automático y autoprueba).",
    Param("value", str, doc="respuesta fija"),
    Param("image_id_of", str, doc="responde con el IMAGE ID (12 caracteres) de esta imagen"),
    Param("engine_version", bool, default=False, doc="responde con la versión del motor"),
)
def answer(ctx: StepContext, value: str | None, image_id_of: str | None,
           engine_version: bool) -> None:
    if image_id_of:
        image = ctx.engine.image(image_id_of)
        value = image.short_id if image else ""
    elif engine_version:
        value = ctx.engine.info().server_version
    ctx.answer = value or ""
    ctx.emit(Output(f"Respuesta: {ctx.answer}", "answer"))


@ACTIONS.register(
    "remove_labelled",
    "Elimina todo lo que lleva la etiqueta de la lección (contenedores, imágenes, redes, "
    "volúmenes). Es la limpieza por defecto de toda lección.",
)
def remove_labelled(ctx: StepContext) -> None:
    _solving(ctx, ["docker", "rm", "-f", f"$(docker ps -aq --filter label={ctx.label_filter})"],
             "Elimino lo que creó esta lección (solo objetos con su etiqueta)")
    removed = ctx.engine.remove_labelled(ctx.lesson.id)
    ctx.emit(Output(f"Eliminado: {removed.describe()}", "engine"))


def perform(ctx: StepContext, kind: str, params: dict[str, Any]) -> None:
    ACTIONS.get(kind).func(ctx, **ACTIONS.with_defaults(kind, params))


# Kinds that live in their own modules register themselves on import.
from dockerlab import buildstats, compose, execs, host_commands, registry, web, workfiles  # noqa: E402,F401
