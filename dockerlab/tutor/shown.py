"""The command a step shows, as the learner's own ``docker build`` will run it.

A step whose build action has a ``classic_dockerfile`` (uv's cache mounts) shows a command
that needs BuildKit. The learner's ``docker build`` uses BuildKit when the buildx plugin
answers; a client older than 23 only with ``DOCKER_BUILDKIT=1``; a newer one without buildx,
or anyone with ``DOCKER_BUILDKIT=0``, never. There the step shows what will work, and why.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

from dockerlab.engine.builder import BUILDKIT, BUILDX, Builder, choose
from dockerlab.kinds.buildtrace import classic_alternative
from dockerlab.model import Step

PREFIX = "DOCKER_BUILDKIT=1 "


def for_this_machine(
    step: Step, builder: Builder, env: Mapping[str, str], platform: str = sys.platform
) -> tuple[str, str]:
    """The command to show and why it is not the lesson's ("" when it is the lesson's)."""
    classic = classic_alternative(step)
    if not classic:
        return step.command, ""
    asked = env.get("DOCKER_BUILDKIT", "").strip().lower()
    off = asked in ("0", "false")
    if builder.kind == BUILDX and not off:
        return step.command, ""
    if builder.kind == BUILDKIT and not off:
        if asked in ("1", "true"):
            return step.command, ""
        if platform != "win32":  # «VAR=1 docker …» is for sh, bash and zsh
            return (
                PREFIX + step.command.strip(),
                "Tu cliente «docker» es anterior a la versión 23: su «docker build» usa el "
                "constructor clásico, que no entiende los montajes de caché, salvo que le pidas "
                "BuildKit con «DOCKER_BUILDKIT=1» delante, como en este comando.",
            )
    if off:
        why = "le pediste el constructor clásico con DOCKER_BUILDKIT=0"
    elif builder.kind == BUILDKIT:
        why = "tu cliente «docker» es anterior a la versión 23 y solo usa BuildKit con DOCKER_BUILDKIT=1"
    else:
        why = builder.reason
    variant = classic.split(" -f ", 1)[1].split()[0]
    return (
        classic,
        "Tu «docker build» usa el constructor clásico, que no entiende los montajes de caché: "
        f"por eso este comando construye con {variant}, la misma imagen sin ellos. Motivo: {why}.",
    )


def shown_command(step: Step) -> tuple[str, str]:
    """:func:`for_this_machine` for this machine (asks the docker CLI only for such steps)."""
    if not classic_alternative(step):
        return step.command, ""
    return for_this_machine(step, choose(), os.environ)
