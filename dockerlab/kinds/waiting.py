"""Waiting, with a limit, for a container to reach a state: the one poll loop of the checks
that give a just-started container a few seconds (to end, to restart, to become healthy)
and of the actions that wait for the engine to finish what it started (``--rm``)."""

from __future__ import annotations

import time
from collections.abc import Callable

from dockerlab.engine.types import ContainerInfo
from dockerlab.events import Waiting
from dockerlab.kinds.context import StepContext


def container_until(
    ctx: StepContext,
    name: str,
    done: Callable[[ContainerInfo], bool],
    seconds: float,
    every: float = 0.5,
    what: str = "",
) -> ContainerInfo | None:
    """The container ``name`` as last seen: looked at every ``every`` s until ``done`` holds
    for it, it is gone (None), or ``seconds`` have passed. ``what`` tells the learner what we
    wait for, once, if there is anything to wait for; presenters write it after «Esperando»
    («a que Docker reinicie «web»»)."""
    deadline = time.monotonic() + seconds
    found = ctx.engine.container(name)
    if what and found is not None and not done(found) and seconds > 0:
        ctx.emit(Waiting(what, 0.0, float(seconds)))
    while found is not None and not done(found) and time.monotonic() < deadline:
        time.sleep(every)
        found = ctx.engine.container(name)
    return found


def gone(container: ContainerInfo) -> bool:
    """Waiting until it is gone: no state of a container that is still there will do."""
    return False
