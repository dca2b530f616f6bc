"""Every kind a lesson file may use: the one list of kind modules, joined into two registries.

A new kind goes in the module of its noun (or a new module, added to ``MODULES``); nothing
registers itself by being imported somewhere else.
"""

from __future__ import annotations

from typing import Any

from dockerlab.kinds import (
    answers,
    builds,
    compose,
    containers,
    execs,
    facts,
    files,
    health,
    host,
    hub,
    imageconfig,
    images,
    networks,
    swarm,
    troubleshoot,
    volumes,
    web,
)
from dockerlab.kinds.base import Action, Check, CheckResult, Registry
from dockerlab.kinds.context import StepContext

MODULES = (
    images,
    imageconfig,
    containers,
    troubleshoot,
    volumes,
    networks,
    answers,
    facts,
    builds,
    execs,
    files,
    compose,
    swarm,
    health,
    web,
    hub,
    host,
)

ACTIONS: Registry[Action] = Registry.union("acción", (m.actions for m in MODULES))
CHECKS: Registry[Check] = Registry.union("verificación", (m.checks for m in MODULES))


def perform(ctx: StepContext, kind: str, params: dict[str, Any]) -> None:
    ACTIONS.get(kind).func(ctx, **ACTIONS.with_defaults(kind, params))


def evaluate(ctx: StepContext, kind: str, params: dict[str, Any]) -> CheckResult:
    result: CheckResult = CHECKS.get(kind).func(ctx, **CHECKS.with_defaults(kind, params))
    return result
