"""Networks: create and remove them, check that one exists or is gone and that a container
is attached to it (with an alias, so others reach it by that name)."""

from __future__ import annotations

from dockerlab.engine.labels import LABEL_LESSON
from dockerlab.kinds import named
from dockerlab.kinds.base import Action, Check, CheckResult, Param, Registry
from dockerlab.kinds.context import StepContext

actions: Registry[Action] = Registry("acción")
checks: Registry[Check] = Registry("verificación")

NETWORK = named.Noun("red", True, "docker network", "Tiene conectados: {users}: bórralos o desconéctalos")


def ensure_network(ctx: StepContext, name: str, driver: str = "bridge") -> None:
    """Create the lesson's network (labelled) unless this lesson already did."""
    found = ctx.engine.network(name)
    if found is None:
        ctx.engine.create_network(name, ctx.labels, driver)
        return
    named.refuse_foreign(ctx, NETWORK, name, found.labels.get(LABEL_LESSON))


@actions.register(
    "create_network",
    "Crea una red (docker network create), con el label de la lección. Si ya existe una "
    "con ese nombre que no es de la lección, no la toca y lo explica.",
    Param("name", str, required=True, doc="nombre de la red"),
    Param("driver", str, default="bridge", doc="driver de la red (-d)"),
)
def create_network(ctx: StepContext, name: str, driver: str) -> None:
    argv = ["docker", "network", "create", *(["-d", driver] if driver != "bridge" else [])]
    ctx.solving([*argv, *ctx.label_args(), name], f"Creo la red {name}")
    ensure_network(ctx, name, driver)


@actions.register(
    "remove_network",
    "Elimina una red de la lección (docker network rm). Solo borra redes con el label de la lección.",
    Param("name", str, required=True, doc="nombre de la red"),
)
def remove_network(ctx: StepContext, name: str) -> None:
    ctx.solving(["docker", "network", "rm", name], f"Elimino la red {name}")
    found = ctx.engine.network(name)
    if found is None:
        return
    named.refuse_foreign(ctx, NETWORK, name, found.labels.get(LABEL_LESSON))
    ctx.engine.remove_network(name)


@actions.register(
    "connect_network",
    "Conecta un contenedor a una red (docker network connect), con alias opcionales.",
    Param("network", str, required=True, doc="nombre de la red"),
    Param("container", str, required=True, doc="nombre del contenedor"),
    Param("aliases", list, doc="otros nombres con que lo encuentran en esa red (--alias)"),
)
def connect_network(ctx: StepContext, network: str, container: str, aliases: list[str] | None) -> None:
    flags = [a for alias in aliases or [] for a in ("--alias", alias)]
    ctx.solving(
        ["docker", "network", "connect", *flags, network, container], f"Conecto {container} a {network}"
    )
    ctx.engine.connect_network(network, container, aliases)


@checks.register(
    "network_exists",
    "Existe una red con ese nombre (docker network ls).",
    Param("name", str, required=True, doc="nombre de la red"),
    Param("driver", str, doc="driver esperado (bridge, overlay…)"),
)
def network_exists(ctx: StepContext, name: str, driver: str | None) -> CheckResult:
    return named.exists(NETWORK, name, ctx.engine.network(name), ctx.engine.network_names, driver)


@checks.register(
    "network_absent",
    "No existe ninguna red con ese nombre.",
    Param("name", str, required=True, doc="nombre de la red"),
)
def network_absent(ctx: StepContext, name: str) -> CheckResult:
    found = ctx.engine.network(name)
    return named.absent(NETWORK, name, found is not None, list(found.containers) if found else [])


@checks.register(
    "network_attached",
    "El contenedor está conectado a esa red y (opcional) responde a ese alias en ella.",
    Param("container", str, required=True, doc="nombre del contenedor"),
    Param("network", str, required=True, doc="nombre de la red"),
    Param("alias", str, doc="alias con el que los demás lo encuentran en la red"),
)
def network_attached(ctx: StepContext, container: str, network: str, alias: str | None) -> CheckResult:
    expected = f"«{container}» conectado a la red «{network}»" + (f" con el alias «{alias}»" if alias else "")
    info = ctx.engine.container(container)
    if info is None:
        return CheckResult(
            False, expected, f"no existe ningún contenedor «{container}»", "«docker ps -a» los lista."
        )
    attached = ctx.engine.container_networks(container)
    if network not in attached:
        listed = ", ".join(sorted(attached)) or "ninguna"
        return CheckResult(
            False,
            expected,
            f"está en: {listed}",
            f"Créalo con «--network {network}» o conéctalo: «docker network connect {network} {container}».",
        )
    if alias and alias not in attached[network]:
        names = ", ".join(a for a in attached[network] if a != info.id[:12]) or "ninguno"
        return CheckResult(
            False,
            expected,
            f"conectado, con alias: {names}",
            f"Añade «--network-alias {alias}» al crearlo (o «--alias» en docker network connect).",
        )
    return CheckResult(True, expected, f"conectado a «{network}»")
