"""Turn a Docker failure into an explanation with facts from the engine's state.

:mod:`dockerlab.engine.diagnosis` reads Docker's words; :mod:`dockerlab.engine.facts` adds
what only the engine (or this machine) can tell; this module puts them together for
messages a learner pastes into ``dockerlab explain`` and for errors raised during a step.
Facts are best effort: when the engine cannot answer, the explanation is given without them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dockerlab.engine.diagnosis import Diagnosis, Other, describe, diagnose, diagnose_exit
from dockerlab.engine.facts import adds_details, engine_facts, more_details, reachable
from dockerlab.engine.failures.entry import clean
from dockerlab.envelope import envelope
from dockerlab.errors import DockerlabError

if TYPE_CHECKING:
    from dockerlab.engine.gateway import Engine
    from dockerlab.engine.provider import EngineProvider
    from dockerlab.engine.types import ContainerInfo

MAX_TEXT = 200_000  # characters of pasted text we look at: the end, where the error is

UNKNOWN_TITLE = "Mensaje no reconocido"
UNKNOWN_MESSAGE = (
    "No lo reconozco: este mensaje no está en mi catálogo de errores de Docker, así "
    "que no voy a inventarme una explicación."
)
UNKNOWN_FIX = (
    "Lee la primera línea que empieza por «Error», «docker:» o «ERROR»: suele decir "
    "qué falló y con qué nombre. «dockerlab doctor» revisa tu instalación. Si sigues "
    "atascado, busca el mensaje exacto o enséñaselo a tu instructor."
)


@dataclass(frozen=True)
class Explanation:
    recognised: bool
    code: str
    title: str
    message: str
    fix: str
    facts: tuple[str, ...] = ()
    warning: bool = False  # Docker only warned
    others: tuple[Other, ...] = ()  # more failures in the same paste, after this one

    def to_dict(self) -> dict[str, Any]:
        return envelope(
            {
                "recognised": self.recognised,
                "code": self.code,
                "severity": "warning" if self.warning else "error",
                "title": self.title,
                "message": self.message,
                "fix": self.fix,
                "facts": list(self.facts),
                "others": [{"code": o.code, "title": o.title, "line": o.line} for o in self.others],
            }
        )


_STEP = re.compile(r"^(Step \d+/\d+ : .+|\s*> \[[^\]]+\] .+|#\d+ \[[^\]]+\] .+)$", re.MULTILINE)


def _failed_step(text: str) -> list[str]:
    steps = _STEP.findall(text)
    return [f"Falló en «{steps[-1].strip().removeprefix('> ').rstrip(':')}»."] if steps else []


def explain_text(text: str, engines: EngineProvider | None = None) -> Explanation:
    """The explanation for a message the learner pasted (facts only when the engine answers).
    A very long paste is read from its end, where the error is."""
    cut = len(text) > MAX_TEXT
    text = clean(text[-MAX_TEXT:])
    found = diagnose(text)
    note = (
        (f"El texto era muy largo: miré solo sus últimos {MAX_TEXT:,} caracteres.".replace(",", " "),)
        if cut
        else ()
    )
    if found is None:
        return Explanation(False, "unknown", UNKNOWN_TITLE, UNKNOWN_MESSAGE, UNKNOWN_FIX, note)
    engines = reachable(found.code, engines)
    found = more_details(found, engines)
    facts = found.facts + engine_facts(found.code, found.details, engines)
    if found.code.startswith(("build_", "dockerfile_")) or found.code in ("command_not_found", "killed"):
        facts = tuple(_failed_step(text)) + facts
    return Explanation(
        True, found.code, found.title, found.message, found.fix, facts + note, found.warning, found.others
    )


def enrich_error(exc: DockerlabError, engines: EngineProvider | None) -> DockerlabError:
    """Add the engine's facts (and a fix that uses them) to an error raised while performing
    a step (in place)."""
    if adds_details(exc.code):
        told = more_details(describe(exc.code, **exc.details), engines)
        if told.details != exc.details:
            exc.fix = told.fix
            exc.details = dict(told.details)
    facts = engine_facts(exc.code, exc.details, engines)
    if facts:  # right after the explanation, before Docker's own words
        head, said, rest = exc.message.partition("\nDocker dijo:")
        exc.message = "\n".join((head, *facts)) + said + rest
    exc.args = (exc.message,)
    return exc


def arch_mismatch(engine: Engine, image: str) -> Diagnosis | None:
    """The image is built for another CPU than the engine's (it will fail with
    «exec format error»), or None when they match or cannot be compared."""
    info = engine.image(image)
    engine_arch = engine.info().arch
    if info is None or not info.arch or info.arch == engine_arch:
        return None
    return describe("wrong_arch", platform=info.arch, engine=engine_arch)


def explain_exit(engine: Engine, container: ContainerInfo) -> Diagnosis | None:
    """Why a container ended badly (command not found, another architecture, killed), from
    its exit code, its output and its image; None when nothing is recognised."""
    logs = engine.logs(container.id, tail=20)
    found = diagnose_exit(container.exit_code, logs)
    if found is None:
        return None
    if found.code == "wrong_arch":
        return arch_mismatch(engine, container.image_id or container.image) or found
    if (
        found.code in ("command_not_found", "command_not_executable")
        and "command" not in found.details
        and container.command
    ):
        return describe(found.code, command=container.command.split()[0])
    return found
