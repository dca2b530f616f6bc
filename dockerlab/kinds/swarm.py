"""Swarm mode on the learner's own engine: join it, run a replicated service, scale it, roll
it forward and back, and leave the swarm only if dockerlab joined it.

Actions run the same ``docker swarm`` / ``docker service`` commands the learner types (the
CLI waits until the service converges and shows its progress). Checks read the engine.

Whether dockerlab joined the swarm is written on the engine itself: ``swarm_init`` puts the
lesson label on this node; ``swarm_leave`` leaves only a swarm whose node carries it. A
swarm the learner already had is used as it is and never left.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dockerlab.engine import cli
from dockerlab.engine.labels import LABEL_LESSON
from dockerlab.engine.types import ServiceInfo
from dockerlab.errors import DockerlabError, LessonError
from dockerlab.events import Notice, Output
from dockerlab.kinds.base import Action, Check, CheckResult, Param, Registry
from dockerlab.kinds.context import StepContext

actions: Registry[Action] = Registry("acción")
checks: Registry[Check] = Registry("verificación")

GWBRIDGE = "docker_gwbridge"  # the bridge network swarm mode adds to the engine
SERVICE_LABEL = "com.docker.swarm.service.name"  # swarm puts it on each task container
TASKS_GONE = 30  # seconds to wait for swarm to remove a deleted service's containers


def run_docker(ctx: StepContext, argv: list[str], doing: str, timeout: int = 180) -> None:
    """Run a ``docker`` command, streaming its output; a failure is explained in Spanish."""
    last = [""]

    def show(text: str) -> None:
        # Without a terminal the CLI reprints its progress line many times a second.
        if text != last[0]:
            last[0] = text
            ctx.emit(Output(text, "swarm"))

    finished = cli.stream(argv, ctx.workdir, None, timeout, show)
    if finished.code != 0:
        from dockerlab.engine.diagnosis import diagnose_failure  # the catalogue: only on failure

        tail = "\n".join(finished.last_lines)
        found = diagnose_failure(tail)
        raise DockerlabError(
            f"Docker falló al {doing} (código {finished.code})."
            + (f" {found.message}" if found else "")
            + f"\nÚltimas líneas:\n{tail}",
            found.fix if found else "Lee las últimas líneas: suelen decir qué falló.",
        )


def _joined_by_us(ctx: StepContext) -> bool:
    return ctx.engine.swarm().node_labels.get(LABEL_LESSON) == ctx.lesson.id


@actions.register(
    "swarm_init",
    "Activa el modo swarm (docker swarm init) y marca el nodo con el label de la lección, "
    "para saber al final que lo activó dockerlab. Si el motor ya está en un swarm, lo usa "
    "tal cual.",
    Param("advertise_addr", str, default="127.0.0.1", doc="dirección que anuncia el nodo"),
)
def swarm_init(ctx: StepContext, advertise_addr: str) -> None:
    found = ctx.engine.swarm()
    if found.active:
        ctx.emit(
            Notice(
                "info",
                "Tu Docker ya está en modo swarm: lo uso tal cual y no lo dejaré al terminar.",
            )
        )
        if not found.manager:
            raise LessonError(
                "Tu Docker está en un swarm, pero como trabajador: solo un nodo manager puede "
                "crear servicios.",
                "Haz esta lección en un nodo manager, o sal del swarm («docker swarm leave») "
                "si ya no lo usas.",
            )
        return
    argv = ["docker", "swarm", "init", "--advertise-addr", advertise_addr]
    ctx.solving(argv, "Activo el modo swarm en tu Docker (un solo nodo)")
    run_docker(ctx, argv, "activar el modo swarm")
    label = f"{LABEL_LESSON}={ctx.lesson.id}"
    node = ctx.engine.swarm().node_id
    run_docker(ctx, ["docker", "node", "update", "--label-add", label, node], "marcar el nodo")


@actions.register(
    "swarm_leave",
    "Sale del swarm (docker swarm leave --force) solo si lo activó esta lección, y comprueba "
    "que salió; un swarm que ya existía no se toca.",
)
def swarm_leave(ctx: StepContext) -> None:
    found = ctx.engine.swarm()
    if not found.active:
        return
    if not _joined_by_us(ctx):
        ctx.emit(Notice("info", "Tu Docker ya estaba en un swarm antes de la lección: sigue en él."))
        return
    argv = ["docker", "swarm", "leave", "--force"]
    ctx.solving(argv, "Salgo del swarm que activé para esta lección")
    run_docker(ctx, argv, "salir del swarm")
    if ctx.engine.swarm().state != "inactive":
        raise DockerlabError(
            "Pedí salir del swarm, pero tu Docker sigue en él.",
            "Ejecuta «docker swarm leave --force» y mira «docker info» (Swarm: inactive).",
        )
    # swarm init created this bridge and leaving keeps it: unused, it goes too.
    bridge = ctx.engine.network(GWBRIDGE)
    if bridge is not None and not bridge.containers:
        ctx.engine.remove_network(GWBRIDGE)


def _service_argv(
    ctx: StepContext, name: str, image: str, replicas: int, publish: str | None, order: str | None
) -> list[str]:
    return [
        "docker",
        "service",
        "create",
        "--name",
        name,
        "--replicas",
        str(replicas),
        *(["--publish", publish] if publish else []),
        *(["--update-order", order, "--rollback-order", order] if order else []),
        *ctx.label_args(),
        image,
    ]


ORDERS = ("start-first", "stop-first")


def _valid_order(params: Mapping[str, Any], workdir: Path | None) -> list[tuple[str, str]]:
    value = params.get("order")
    if value is None or value in ORDERS:
        return []
    return [
        (
            "order",
            f"vale «{value}»; Docker acepta {' o '.join(ORDERS)} («--update-order», «--rollback-order»)",
        )
    ]


@actions.register(
    "service_create",
    "Crea un servicio replicado (docker service create) con el label de la lección y "
    "espera a que sus réplicas arranquen.",
    Param("name", str, required=True, doc="nombre del servicio"),
    Param("image", str, required=True, doc="imagen de las réplicas"),
    Param("replicas", int, default=1, doc="número de réplicas"),
    Param("publish", str, doc="puerto publicado, equipo:contenedor (p. ej. 8080:80)"),
    Param(
        "order",
        str,
        doc="orden al cambiar de versión una réplica, al actualizar y al volver atrás "
        "(--update-order y --rollback-order): start-first o stop-first",
    ),
    validate=_valid_order,
)
def service_create(
    ctx: StepContext, name: str, image: str, replicas: int, publish: str | None, order: str | None
) -> None:
    argv = _service_argv(ctx, name, image, replicas, publish, order)
    ctx.solving(argv, f"Creo el servicio {name} con {replicas} réplicas")
    run_docker(ctx, argv, f"crear el servicio {name}")


def _own_service(ctx: StepContext, name: str) -> ServiceInfo:
    found = ctx.engine.service(name)
    if found is None:
        raise LessonError(
            f"No existe ningún servicio «{name}».",
            "«docker service ls» lista los servicios; créalo en el paso anterior.",
        )
    if found.labels.get(LABEL_LESSON) != ctx.lesson.id:
        raise LessonError(
            f"El servicio «{name}» no lo creó esta lección: no lo toco.",
            f"Si es tuyo, elige otro nombre o bórralo tú («docker service rm {name}») si ya no lo necesitas.",
        )
    return found


@actions.register(
    "service_scale",
    "Cambia el número de réplicas de un servicio de la lección (docker service scale).",
    Param("name", str, required=True, doc="nombre del servicio"),
    Param("replicas", int, required=True, doc="réplicas deseadas"),
)
def service_scale(ctx: StepContext, name: str, replicas: int) -> None:
    argv = ["docker", "service", "scale", f"{name}={replicas}"]
    _on_own_service(ctx, name, argv, f"Llevo el servicio {name} a {replicas} réplicas", "escalar")


def _on_own_service(
    ctx: StepContext, name: str, argv: list[str], shown: str, verb: str, timeout: int = 180
) -> None:
    """Show ``argv``, make sure ``name`` is this lesson's service, then run it with the
    docker CLI (which waits for the service to converge, printing its progress)."""
    ctx.solving(argv, shown)
    _own_service(ctx, name)
    run_docker(ctx, argv, f"{verb} el servicio {name}", timeout=timeout)


@actions.register(
    "service_update",
    "Actualización gradual de un servicio de la lección a otra imagen (docker service update "
    "--image): cambia las réplicas de una en una.",
    Param("name", str, required=True, doc="nombre del servicio"),
    Param("image", str, required=True, doc="imagen nueva"),
    Param("delay", str, default="1s", doc="espera entre réplica y réplica (--update-delay)"),
)
def service_update(ctx: StepContext, name: str, image: str, delay: str) -> None:
    argv = ["docker", "service", "update", "--image", image, "--update-delay", delay, name]
    _on_own_service(ctx, name, argv, f"Actualizo {name} a {image}, réplica a réplica", "actualizar", 300)


@actions.register(
    "service_rollback",
    "Vuelve un servicio de la lección a su configuración anterior (docker service rollback).",
    Param("name", str, required=True, doc="nombre del servicio"),
)
def service_rollback(ctx: StepContext, name: str) -> None:
    argv = ["docker", "service", "rollback", name]
    _on_own_service(ctx, name, argv, f"Devuelvo {name} a su versión anterior", "revertir", 300)


@actions.register(
    "service_remove",
    "Elimina un servicio de la lección (docker service rm); uno ajeno no se toca.",
    Param("name", str, required=True, doc="nombre del servicio"),
)
def service_remove(ctx: StepContext, name: str) -> None:
    ctx.solving(["docker", "service", "rm", name], f"Elimino el servicio {name}")
    if ctx.engine.service(name) is None:
        return
    _own_service(ctx, name)
    ctx.engine.remove_service(name)
    _tasks_gone(ctx, name, TASKS_GONE)


def _tasks_gone(ctx: StepContext, name: str, timeout: float) -> list[str]:
    """Wait (up to ``timeout`` s) until swarm has removed the service's task containers, which
    it does after «docker service rm» returns; the names of those still there."""
    deadline = time.monotonic() + timeout
    while True:
        left = [c.name for c in ctx.engine.containers(label=f"{SERVICE_LABEL}={name}")]
        if not left or time.monotonic() >= deadline:
            return left
        time.sleep(0.5)


@checks.register("swarm_active", "El motor está en modo swarm y es manager (docker info).")
def swarm_active(ctx: StepContext) -> CheckResult:
    expected = "tu Docker en modo swarm, como manager"
    found = ctx.engine.swarm()
    if found.active and found.manager:
        return CheckResult(True, expected, "activo (manager)")
    if found.active:
        return CheckResult(False, expected, "activo, pero como trabajador", "Usa un nodo manager.")
    return CheckResult(
        False,
        expected,
        f"modo swarm: {found.state}",
        "Ejecuta «docker swarm init --advertise-addr 127.0.0.1».",
    )


@checks.register(
    "swarm_restored",
    "El modo swarm quedó como antes de la lección: inactivo si lo activó dockerlab; un swarm "
    "que ya existía sigue en pie.",
)
def swarm_restored(ctx: StepContext) -> CheckResult:
    expected = "tu Docker como antes de la lección (fuera del swarm que se activó para ella)"
    found = ctx.engine.swarm()
    if not found.active:
        return CheckResult(True, expected, "modo swarm inactivo")
    if not _joined_by_us(ctx):
        return CheckResult(True, expected, "sigue en el swarm que ya tenías antes de la lección")
    return CheckResult(
        False,
        expected,
        "sigue en el swarm que activó la lección",
        "Sal con «docker swarm leave --force».",
    )


def _describe(found: ServiceInfo) -> str:
    images = sorted(set(found.running_images))
    return (
        f"{len(found.running)} de {found.replicas} réplicas en marcha"
        + (f" ({', '.join(images)})" if images else "")
        + (f", publica {', '.join(found.ports)}" if found.ports else "")
    )


def _missing_service(ctx: StepContext, name: str, expected: str) -> CheckResult:
    if not ctx.engine.swarm().manager:
        return CheckResult(
            False, expected, "tu Docker no está en modo swarm", "Actívalo con «docker swarm init»."
        )
    others = ", ".join(s.name for s in ctx.engine.services()) or "ninguno"
    return CheckResult(
        False, expected, f"no existe; servicios: {others}", "«docker service ls» lista los servicios."
    )


@checks.register(
    "service_running",
    "Un servicio tiene el número de réplicas pedido, todas en marcha (y opcionalmente con esa "
    "imagen y ese puerto publicado).",
    Param("name", str, required=True, doc="nombre del servicio"),
    Param("replicas", int, required=True, doc="réplicas en marcha esperadas"),
    Param("image", str, doc="imagen que deben usar todas las réplicas"),
    Param("port", int, doc="puerto publicado en tu equipo"),
    Param("order", str, doc="orden al actualizar y al volver atrás: start-first o stop-first"),
    validate=_valid_order,
)
def service_running(
    ctx: StepContext, name: str, replicas: int, image: str | None, port: int | None, order: str | None
) -> CheckResult:
    expected = f"el servicio «{name}» con {replicas} réplicas en marcha" + (f" de {image}" if image else "")
    if port:
        expected += f", publicando el puerto {port}"
    if order:
        expected += f", que cambia de versión con {order} (al actualizar y al volver atrás)"
    found = ctx.engine.service(name)
    if found is None:
        return _missing_service(ctx, name, expected)
    seen = _describe(found)
    if found.replicas != replicas:
        return CheckResult(
            False, expected, seen, f"Ajusta las réplicas: «docker service scale {name}={replicas}»."
        )
    if image and found.image != image:
        return CheckResult(
            False,
            expected,
            f"{seen}; su imagen es {found.image}",
            f"«docker service ps {name}» muestra cada réplica.",
        )
    if len(found.running) != replicas or (image and set(found.running_images) != {image}):
        return CheckResult(
            False,
            expected,
            seen,
            f"Aún no están todas: mira «docker service ps {name}» (¿la imagen existe?).",
        )
    if port and not any(p.startswith(f"{port}->") for p in found.ports):
        return CheckResult(
            False,
            expected,
            seen,
            f"Publícalo con «-p {port}:80» al crearlo (o «docker service update --publish-add»).",
        )
    if order and (found.update_order, found.rollback_order) != (order, order):
        return CheckResult(
            False,
            expected,
            f"{seen}; actualiza con {found.update_order} y vuelve atrás con {found.rollback_order}",
            f"Cámbialo sin recrearlo: «docker service update --update-order {order} "
            f"--rollback-order {order} {name}».",
        )
    if order:
        seen += f"; actualiza y vuelve atrás con {order}"
    return CheckResult(True, expected, seen)


@checks.register(
    "service_answers",
    "Cada réplica en marcha de un servicio responde por HTTP dentro de su contenedor (con "
    "wget) e incluye ese texto.",
    Param("name", str, required=True, doc="nombre del servicio"),
    Param("contains", str, required=True, doc="texto que debe incluir cada respuesta"),
    Param("url", str, default="http://127.0.0.1:80/", doc="dirección dentro de cada réplica"),
)
def service_answers(ctx: StepContext, name: str, contains: str, url: str) -> CheckResult:
    expected = f"cada réplica de «{name}» responde «{contains}»"
    found = ctx.engine.service(name)
    if found is None:
        return _missing_service(ctx, name, expected)
    if not found.running:
        return CheckResult(False, expected, "ninguna réplica en marcha", f"Mira «docker service ps {name}».")
    answers = []
    for container in found.running:
        code, output = ctx.engine.exec(container, ["wget", "-qO-", url])
        answers.append(output.strip() if code == 0 else f"(sin respuesta, código {code})")
    wrong = [a for a in answers if contains not in a]
    shown = "; ".join(sorted(set(answers)))[:300]
    if wrong:
        return CheckResult(
            False,
            expected,
            f"{len(wrong)} de {len(answers)} responden otra cosa: {shown}",
            f"Mira qué imagen usa cada réplica: «docker service ps {name}».",
        )
    return CheckResult(True, expected, f"{len(answers)} réplicas: {shown}")


@checks.register(
    "service_absent",
    "No existe ningún servicio con ese nombre (docker service ls).",
    Param("name", str, required=True, doc="nombre del servicio"),
)
def service_absent(ctx: StepContext, name: str) -> CheckResult:
    expected = f"que no exista el servicio «{name}» ni sus réplicas"
    if ctx.engine.service(name) is None:
        left = _tasks_gone(ctx, name, TASKS_GONE)
        if left:
            return CheckResult(
                False,
                expected,
                f"el servicio no existe, pero quedan sus contenedores: {', '.join(left)}",
                "El swarm los borra solo en unos segundos; vuelve a verificar.",
            )
        return CheckResult(True, expected, "no existe, ni sus réplicas")
    return CheckResult(False, expected, "existe", f"Bórralo con «docker service rm {name}».")
