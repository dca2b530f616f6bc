"""Did the learner's ``docker build`` run during this step, and did it fail?

When the image a step builds is missing, «you never built it» and «your build failed» need
different advice, and the engine keeps evidence of each builder's work:

- **BuildKit** (``docker build`` on Docker 23 and later, Docker Desktop, ``DOCKER_BUILDKIT=1``)
  records every build in its build cache: even a build that fails at its first instruction
  loads the Dockerfile, and that record's «last used» moves. A build that also produced the
  image never gets here, so fresh records with no image mean the build did not finish.
- **The legacy builder** keeps the container of the ``RUN`` that failed (it removes
  intermediate containers only after a step succeeds). Such a container was created from an
  image ID, never from a name. A failed ``COPY`` or ``FROM`` leaves nothing, so with this
  builder no trace does not prove no build.

Only evidence since the step became current counts (``StepContext.since``), without the
clock margin that objects get: a build just before the step is the previous step's.
"""

from __future__ import annotations

from dataclasses import dataclass

from dockerlab.engine import refs
from dockerlab.engine.builder import choose as choose_builder
from dockerlab.kinds.base import CheckResult
from dockerlab.kinds.context import StepContext
from dockerlab.model import Step

SHELL_FORM = "/bin/sh -c "


@dataclass(frozen=True)
class BuildTrace:
    started: bool  # a build ran since the step began and did not leave the image
    failed_step: str = ""  # the instruction that failed, when the engine kept it («RUN exit 1»)
    exit_code: int = 0


def since_step(ctx: StepContext) -> BuildTrace | None:
    """What the engine says about builds since the step began; None when that moment is
    unknown («dockerlab check» before «dockerlab start»)."""
    if ctx.since is None:
        return None
    # No clock margin here (unlike kinds/fresh.py): the previous step's build, solved by
    # dockerlab or typed, ends moments before this step begins and must not count as a try.
    since = ctx.since
    failed = [
        container
        for container in ctx.engine.exited_since(since)
        if container.exit_code != 0 and container.image.startswith("sha256:")
    ]
    if failed:
        last = max(failed, key=lambda container: container.created)
        command = last.command.removeprefix(SHELL_FORM)
        return BuildTrace(True, f"RUN {command}", last.exit_code)
    used = any(max(record.created, record.last_used) >= since for record in ctx.engine.build_cache())
    return BuildTrace(used)


def classic_may_hide() -> bool:
    """The learner's ``docker build`` may be the legacy builder, whose failures before any
    ``RUN`` leave no trace: without buildx, Docker 23+ falls back to it, and older CLIs use
    it unless ``DOCKER_BUILDKIT=1`` is set."""
    return choose_builder().kind != "buildx"


def verdict(ctx: StepContext, wanted: str, expected: str, trace: BuildTrace) -> CheckResult:
    """The failed check for a missing image, from what the builds of this step left."""
    classic = classic_may_hide()
    twin = classic_alternative(ctx.step) if classic else ""
    without = (
        f" Si dijo que «--mount» necesita BuildKit, tu Docker construye sin él: usa «{twin}», "
        "la misma imagen sin montajes de caché."
        if twin
        else ""
    )
    if trace.started:
        where = f" en «{trace.failed_step}» (código {trace.exit_code})" if trace.failed_step else ""
        return CheckResult(
            False,
            expected,
            f"no existe: tu construcción empezó pero falló{where}",
            "Lee el error de docker build (dockerlab explain te ayuda: "
            "«docker build … 2>&1 | dockerlab explain»), corrígelo y vuelve a ejecutar "
            f"«{_build_command(ctx, wanted)}»." + without,
        )
    hidden = (
        " Si la ejecutaste y dio un error, léelo: el constructor clásico de Docker no deja "
        "rastro de los errores anteriores a un RUN."
        if classic
        else ""
    )
    return CheckResult(
        False,
        expected,
        "no existe: no veo ninguna construcción desde que empezó este paso",
        f"Ejecuta «{_build_command(ctx, wanted)}» en la carpeta de la lección, con el punto "
        "final (la carpeta de contexto)." + hidden + without,
    )


def classic_alternative(step: Step) -> str:
    """The step's command with the Dockerfile its build action uses without BuildKit
    (``classic_dockerfile``), or "" when the step has none."""
    for spec in step.solve:
        classic, dockerfile = spec.params.get("classic_dockerfile"), spec.params.get("dockerfile")
        if spec.kind == "build" and classic and dockerfile and f"-f {dockerfile} " in step.command:
            return step.command.strip().replace(f"-f {dockerfile} ", f"-f {classic} ", 1)
    return ""


def _build_command(ctx: StepContext, wanted: str) -> str:
    shown = ctx.step.command.strip()
    return shown if shown.startswith("docker build") else f"docker build -t {refs.repository(wanted)} ."
