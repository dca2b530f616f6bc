"""Checks: inspect the real engine (or the learner's answer) and return a verdict.

A check never prints and never changes anything; it says what it expected, what it found
and, when it can tell what went wrong, a hint that fits what it found.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dockerlab.context import StepContext
from dockerlab.kinds import Param, Registry


@dataclass(frozen=True)
class CheckResult:
    passed: bool
    expected: str
    found: str
    hint: str = ""
    skipped: bool = False  # could not be judged here (no network…): neither passed nor failed


Check = Callable[..., CheckResult]
CHECKS: Registry[Check] = Registry("verificación")


def _similar(name: str, candidates: list[str]) -> list[str]:
    return difflib.get_close_matches(name, candidates, n=3, cutoff=0.5)


def _tagged(name: str) -> str:
    return name if ":" in name.rsplit("/", 1)[-1] else f"{name}:latest"


@CHECKS.register(
    "image_exists", "La imagen existe en el motor con ese nombre y etiqueta.",
    Param("name", str, required=True, doc="nombre[:etiqueta] (sin etiqueta = latest)"),
)
def image_exists(ctx: StepContext, name: str) -> CheckResult:
    expected = f"la imagen «{_tagged(name)}»"
    image = ctx.engine.image(_tagged(name))
    if image is not None:
        size = image.size / 1e6
        return CheckResult(True, expected, f"«{_tagged(name)}» ({image.short_id}, {size:.1f} MB)")
    tags = [tag for img in ctx.engine.images() for tag in img.tags]
    # compare names without their tags: a shared «:latest» makes unrelated names look alike
    wanted_repo = _tagged(name).rsplit(":", 1)[0]
    by_repo = {tag.rsplit(":", 1)[0]: tag for tag in tags if tag != _tagged(name)}
    close = [by_repo[repo] for repo in _similar(wanted_repo, list(by_repo))]
    if close:
        return CheckResult(False, expected, f"no existe; sí existe «{close[0]}»",
                           "¿Escribiste bien la etiqueta? Usa -t con el nombre exacto.")
    return CheckResult(False, expected, "no existe ninguna imagen con ese nombre",
                       "¿Ejecutaste el comando en la carpeta de la lección? Mira «docker images».")


@CHECKS.register(
    "image_absent", "La imagen ya no existe en el motor.",
    Param("name", str, required=True, doc="nombre[:etiqueta]"),
)
def image_absent(ctx: StepContext, name: str) -> CheckResult:
    image = ctx.engine.image(_tagged(name))
    expected = f"que la imagen «{_tagged(name)}» no exista"
    if image is None:
        return CheckResult(True, expected, "no existe")
    users = [c.name for c in ctx.engine.containers(ancestor=image.id)]
    hint = (f"Estos contenedores aún la usan: {', '.join(users)}; elimínalos antes."
            if users else "Elimínala con «docker rmi».")
    return CheckResult(False, expected, f"sigue existiendo ({image.short_id})", hint)


def _describe_state(status: str, code: int) -> str:
    if status == "exited":
        return f"detenido (código de salida {code})"
    return {"running": "en marcha", "created": "creado pero sin arrancar",
            "paused": "en pausa"}.get(status, status)


def _missing_container(ctx: StepContext, name: str) -> CheckResult:
    others = [c.name for c in ctx.engine.containers()]
    close = _similar(name, others)
    found = f"no existe; sí existe «{close[0]}»" if close else "no existe"
    return CheckResult(False, f"un contenedor llamado «{name}»", found,
                       "El nombre se da con --name; «docker ps -a» lista todos los contenedores.")


@CHECKS.register(
    "container_exited", "El contenedor existe, terminó y (opcional) con ese código y esa salida.",
    Param("name", str, required=True, doc="nombre del contenedor"),
    Param("exit_code", int, doc="código de salida esperado (sin él, cualquiera)"),
    Param("logs_contain", str, doc="texto que su salida debe contener"),
)
def container_exited(ctx: StepContext, name: str, exit_code: int | None,
                     logs_contain: str | None) -> CheckResult:
    container = ctx.engine.container(name)
    if container is None:
        return _missing_container(ctx, name)
    expected = f"«{name}» detenido" + (f" con código {exit_code}" if exit_code is not None else "")
    state = _describe_state(container.status, container.exit_code)
    if container.status != "exited":
        return CheckResult(False, expected, f"«{name}» está {state}",
                           "Si sigue en marcha, termina su sesión (exit) o detenlo con docker stop.")
    if exit_code is not None and container.exit_code != exit_code:
        return CheckResult(False, expected, f"«{name}» {state}",
                           f"Mira qué pasó con «docker logs {name}».")
    if logs_contain:
        logs = ctx.engine.logs(container.id)
        expected += f" y cuya salida contenga «{logs_contain}»"
        if logs_contain not in logs:
            excerpt = " ".join(logs.split())[-160:] or "(sin salida)"
            return CheckResult(False, expected, f"salida: {excerpt}",
                               "¿Ejecutaste los comandos del paso dentro del contenedor?")
    return CheckResult(True, expected, f"«{name}» {state}")


@CHECKS.register(
    "container_running", "El contenedor existe y está en marcha.",
    Param("name", str, required=True, doc="nombre del contenedor"),
)
def container_running(ctx: StepContext, name: str) -> CheckResult:
    container = ctx.engine.container(name)
    if container is None:
        return _missing_container(ctx, name)
    state = _describe_state(container.status, container.exit_code)
    return CheckResult(container.status == "running", f"«{name}» en marcha", f"«{name}» {state}",
                       "" if container.status == "running"
                       else f"Su salida puede explicar por qué paró: «docker logs {name}».")


@CHECKS.register(
    "container_absent", "No existe ningún contenedor con ese nombre.",
    Param("name", str, required=True, doc="nombre del contenedor"),
)
def container_absent(ctx: StepContext, name: str) -> CheckResult:
    container = ctx.engine.container(name)
    expected = f"que no exista «{name}»"
    if container is None:
        return CheckResult(True, expected, "no existe")
    state = _describe_state(container.status, container.exit_code)
    hint = ("Está en marcha: detenlo antes (docker stop) o usa docker rm -f."
            if container.status == "running" else f"Elimínalo con «docker rm {name}».")
    return CheckResult(False, expected, f"existe y está {state}", hint)


@CHECKS.register(
    "container_ran", "Algún contenedor de esa imagen terminó con ese código y esa salida.",
    Param("image", str, required=True, doc="imagen de partida"),
    Param("exit_code", int, default=0, doc="código de salida esperado"),
    Param("logs_contain", str, doc="texto que su salida debe contener"),
)
def container_ran(ctx: StepContext, image: str, exit_code: int,
                  logs_contain: str | None) -> CheckResult:
    expected = f"un contenedor de «{image}» terminado con código {exit_code}"
    if logs_contain:
        expected += f" que muestre «{logs_contain}»"
    if ctx.engine.image(_tagged(image)) is None:
        return CheckResult(False, expected, f"la imagen «{image}» no está en tu máquina",
                           "«docker run» la descarga sola la primera vez; ¿hay red?")
    seen = ctx.engine.containers(ancestor=_tagged(image))
    for container in seen:
        if container.status == "exited" and container.exit_code == exit_code and (
                not logs_contain or logs_contain in ctx.engine.logs(container.id)):
            return CheckResult(True, expected, f"«{container.name}» lo hizo")
    if not seen:
        return CheckResult(False, expected, f"ningún contenedor de «{image}»",
                           f"Ejecuta «docker run {image}».")
    states = ", ".join(f"{c.name}: {_describe_state(c.status, c.exit_code)}" for c in seen[:3])
    return CheckResult(False, expected, states, "Mira su salida con «docker logs NOMBRE».")


@CHECKS.register(
    "no_stopped_containers",
    "No queda ningún contenedor detenido con la etiqueta de la lección (lo que hace el prune).",
)
def no_stopped_containers(ctx: StepContext) -> CheckResult:
    stopped = [c.name for c in ctx.engine.containers(label=ctx.label_filter)
               if c.status in ("exited", "created", "dead")]
    expected = "ningún contenedor detenido de esta lección"
    if not stopped:
        return CheckResult(True, expected, "ninguno")
    return CheckResult(False, expected, f"quedan: {', '.join(stopped)}",
                       f"Usa «docker container prune --filter label={ctx.label_filter}».")


@CHECKS.register(
    "answer_is", "La respuesta del alumno es una de las aceptadas (sin distinguir mayúsculas).",
    Param("accept", list, required=True, doc="respuestas válidas"),
    Param("explain", str, default="", doc="explicación que se muestra si falla"),
)
def answer_is(ctx: StepContext, accept: list[str], explain: str) -> CheckResult:
    expected = "la respuesta correcta"
    given = (ctx.answer or "").strip()
    if not given:
        return CheckResult(False, expected, "todavía no has respondido",
                           "Elige «Ya lo ejecuté — verificar» para responder.")
    ok = given.casefold() in {str(a).strip().casefold() for a in accept}
    return CheckResult(ok, expected, f"respondiste «{given}»", "" if ok else explain)


@CHECKS.register(
    "answer_engine_version",
    "La respuesta coincide con la versión del motor (API de versión), al menos mayor.menor.",
)
def answer_engine_version(ctx: StepContext) -> CheckResult:
    actual = ctx.engine.info().server_version
    given = (ctx.answer or "").strip().lstrip("vV")
    expected = "la versión del motor («Server: … Version»)"
    if not given:
        return CheckResult(False, expected, "todavía no has respondido",
                           "Ejecuta «docker version» y mira la sección Server.")
    wanted = ".".join(actual.split(".")[:2])
    ok = given == actual or (given.startswith(wanted) and actual.startswith(given.split("+")[0]))
    return CheckResult(ok, expected, f"respondiste «{given}»",
                       "" if ok else "Mira la línea Version bajo «Server», no la de «Client».")


@CHECKS.register(
    "answer_image_id", "La respuesta es el IMAGE ID (al menos 4 caracteres) de la imagen.",
    Param("image", str, required=True, doc="imagen cuyo ID se pregunta"),
)
def answer_image_id(ctx: StepContext, image: str) -> CheckResult:
    given = (ctx.answer or "").strip().lower().removeprefix("sha256:")
    expected = f"el IMAGE ID de «{image}» (basta con los 4 primeros caracteres)"
    if not given:
        return CheckResult(False, expected, "todavía no has respondido",
                           "Ejecuta «docker images» y copia la columna IMAGE ID.")
    info = ctx.engine.image(_tagged(image))
    if info is None:
        return CheckResult(False, expected, f"la imagen «{image}» no existe",
                           "Vuelve al paso anterior y constrúyela.")
    actual = info.id.removeprefix("sha256:")
    ok = len(given) >= 4 and actual.startswith(given)
    return CheckResult(ok, expected, f"respondiste «{given}»",
                       "" if ok else "Copia los primeros caracteres de la columna IMAGE ID.")


def evaluate(ctx: StepContext, kind: str, params: dict[str, Any]) -> CheckResult:
    result: CheckResult = CHECKS.get(kind).func(ctx, **CHECKS.with_defaults(kind, params))
    return result


# Kinds that live in their own modules register through dockerlab.actions, which imports them.
from dockerlab import actions  # noqa: E402,F401
