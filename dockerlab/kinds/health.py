"""Healthchecks: whether a container's own health test (HEALTHCHECK in its image, or
``healthcheck:`` in compose.yaml) says it is ready, as ``docker ps`` shows «(healthy)»."""

from __future__ import annotations

from dockerlab.kinds import waiting
from dockerlab.kinds.base import Action, Check, CheckResult, Param, Registry
from dockerlab.kinds.context import StepContext

actions: Registry[Action] = Registry("acción")
checks: Registry[Check] = Registry("verificación")

POLL = 1.0  # seconds between looks while the container is still «starting»


@checks.register(
    "container_healthy",
    "El contenedor está en marcha y su healthcheck dice «healthy». Espera (con un límite) "
    "mientras el estado sea «starting».",
    Param("name", str, required=True, doc="nombre del contenedor"),
    Param("timeout", int, default=60, doc="segundos máximos de espera mientras arranca"),
)
def container_healthy(ctx: StepContext, name: str, timeout: int) -> CheckResult:
    expected = f"«{name}» en marcha y sano (healthy)"
    found = waiting.container_until(
        ctx,
        name,
        lambda c: c.status != "running" or c.health != "starting",
        timeout,
        POLL,
        f"a que «{name}» esté sano (healthy)",
    )
    if found is None:
        return CheckResult(
            False, expected, f"no existe «{name}»", "«docker compose ps» o «docker ps -a» lo listan."
        )
    if found.status != "running":
        return CheckResult(
            False,
            expected,
            f"«{name}» {found.status} (código {found.exit_code})",
            f"Mira por qué paró: «docker logs {name}».",
        )
    if not found.health:
        return CheckResult(
            False,
            expected,
            "en marcha, pero sin healthcheck",
            "Añade «healthcheck:» al servicio en compose.yaml (o HEALTHCHECK en el Dockerfile).",
        )
    if found.health == "healthy":
        return CheckResult(True, expected, "healthy")
    said = f"; la prueba dijo: {found.health_log[:200]}" if found.health_log else ""
    return CheckResult(
        False,
        expected,
        f"estado de salud «{found.health}»{said}",
        f"«docker inspect --format '{{{{json .State.Health}}}}' {name}» muestra cada prueba.",
    )
