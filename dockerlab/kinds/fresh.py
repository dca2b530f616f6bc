"""Fresh evidence: a step counts only the containers made for it.

A step that runs a container (``docker run hello-world``) is proved only by a container
created since the step became the learner's current one (``StepContext.since``): one
left from another day says nothing about what the learner did now. Objects made by
earlier steps (the container a «stop» step stops) are expected, so the rule applies only
to what the step's own actions create. Images are not judged by date: a rebuild served
from the cache keeps the old creation date and still counts (docs/autoria.md).

Containers are named the way a learner recognises them: image, command and age.
"""

from __future__ import annotations

import time

from dockerlab.engine import refs
from dockerlab.engine.types import ContainerInfo
from dockerlab.kinds.context import StepContext

# The engine's clock and ours may differ a little (a VM on Docker Desktop); a container made
# within this margin before the step started still counts.
SLACK = 2.0


def step_runs(ctx: StepContext, *, name: str | None = None, image: str | None = None) -> bool:
    """The step's own actions create this container (by name, or from this image)."""
    for spec in ctx.step.solve:
        if spec.kind != "run":
            continue
        params = dict(spec.params)
        if name is not None and params.get("name") == name:
            return True
        wanted = params.get("image")
        if image is not None and isinstance(wanted, str) and refs.tagged(wanted) == refs.tagged(image):
            return True
    return False


def is_fresh(ctx: StepContext, container: ContainerInfo) -> bool:
    """Made since the step became current (always true when that moment is unknown)."""
    return ctx.since is None or not container.created or container.created >= ctx.since - SLACK


def age(created: float, now: float | None = None) -> str:
    """«hace 3 días», «hace 5 minutos», «hace unos segundos»."""
    seconds = max(0.0, (time.time() if now is None else now) - created)
    for size, one, many in ((86400, "día", "días"), (3600, "hora", "horas"), (60, "minuto", "minutos")):
        if seconds >= size:
            count = int(seconds // size)
            return f"hace {count} {one if count == 1 else many}"
    return "hace unos segundos"


def describe(container: ContainerInfo) -> str:
    """«el contenedor de hello-world (comando «/hello»), creado hace 3 días (tender_montalcini)»."""
    command = f" (comando «{container.command}»)" if container.command else ""
    when = f", creado {age(container.created)}" if container.created else ""
    return f"el contenedor de {container.image or '?'}{command}{when} («{container.name}»)"
