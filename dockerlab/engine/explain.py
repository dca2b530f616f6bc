"""Turn a Docker failure into an explanation with facts from the engine's state.

:mod:`dockerlab.engine.diagnosis` reads Docker's words; this module adds what only the engine can
tell (which container holds a port, what state the container with that name is in, the
image's architecture against the engine's…) and explains messages a learner pastes into
``dockerlab explain``. Facts are best effort: when the engine cannot answer, the
explanation is given without them.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dockerlab.engine.diagnosis import Diagnosis, describe, diagnose, diagnose_exit
from dockerlab.engine.labels import LABEL_LESSON
from dockerlab.engine.ports import publishers
from dockerlab.envelope import envelope
from dockerlab.errors import DockerlabError

if TYPE_CHECKING:
    from dockerlab.engine.gateway import Engine
    from dockerlab.engine.provider import EngineProvider
    from dockerlab.engine.types import ContainerInfo

MAX_TEXT = 200_000  # characters of pasted text we look at (a whole build log fits)

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

    def to_dict(self) -> dict[str, Any]:
        return envelope(
            {
                "recognised": self.recognised,
                "code": self.code,
                "title": self.title,
                "message": self.message,
                "fix": self.fix,
                "facts": list(self.facts),
            }
        )


FactFinder = Callable[["Engine", str, Mapping[str, str]], list[str]]
_FINDERS: dict[str, FactFinder] = {}


def _finder(*codes: str) -> Callable[[FactFinder], FactFinder]:
    def register(func: FactFinder) -> FactFinder:
        for code in codes:
            _FINDERS[code] = func
        return func

    return register


def engine_facts(code: str, details: Mapping[str, str], engines: EngineProvider | None) -> tuple[str, ...]:
    """What the engine can add about this failure (nothing when it cannot answer). The
    engine is only contacted when there is something to ask it."""
    finder = _FINDERS.get(code)
    if engines is None or finder is None:
        return ()
    try:
        return tuple(finder(engines.get(), code, details))
    except DockerlabError:
        return ()


def _owner(container: ContainerInfo) -> str:
    lesson = container.labels.get(LABEL_LESSON)
    if lesson:
        return f"lo creó dockerlab (lección «{lesson}»)"
    return "no lo creó dockerlab: bórralo solo si ya no lo necesitas"


@_finder("port_allocated", "port_in_use")
def _port_holder(engine: Engine, code: str, details: Mapping[str, str]) -> list[str]:
    port = details.get("port")
    if not port:
        return []
    owners = publishers(engine).get(int(port), []) if port.isdigit() else []
    if owners:
        return [
            f"Lo publica el contenedor «{c.name}» (imagen {c.image}, {c.state}): "
            f"«docker stop {c.name}» lo libera."
            for c in owners
        ]
    if code == "port_allocated":
        return [
            f"Ahora mismo ningún contenedor en marcha publica el puerto {port}: quizá ya "
            "se liberó; vuelve a intentarlo."
        ]
    return [
        f"He comprobado que ningún contenedor publica el puerto {port}: lo tiene un programa de tu máquina."
    ]


@_finder("name_conflict", "container_running", "container_not_running")
def _named_container(engine: Engine, code: str, details: Mapping[str, str]) -> list[str]:
    name = details.get("name")
    container = engine.container(name) if name else None
    if container is None:
        return []
    return [
        f"«{container.name}» está {container.state}, es de la imagen {container.image} y {_owner(container)}."
    ]


@_finder("image_in_use")
def _image_users(engine: Engine, code: str, details: Mapping[str, str]) -> list[str]:
    container_id = details.get("container")
    container = engine.container(container_id) if container_id else None
    if container is None:
        return []
    return [
        f"La usa el contenedor «{container.name}» ({container.state}): "
        f"«docker rm {container.name}» lo elimina."
    ]


@_finder("image_not_found")
def _similar_images(engine: Engine, code: str, details: Mapping[str, str]) -> list[str]:
    image = details.get("image")
    if not image:
        return []
    tags = [tag for info in engine.images() for tag in info.tags]
    close = difflib.get_close_matches(image, tags, n=3, cutoff=0.6)
    if close:
        return ["Tienes imágenes con nombres parecidos: " + ", ".join(f"«{t}»" for t in close) + "."]
    return []


@_finder("no_such_container")
def _similar_containers(engine: Engine, code: str, details: Mapping[str, str]) -> list[str]:
    name = details.get("name")
    if not name:
        return []
    names = [c.name for c in engine.containers()]
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.6)
    return (
        ["Tienes contenedores con nombres parecidos: " + ", ".join(f"«{n}»" for n in close) + "."]
        if close
        else []
    )


@_finder("wrong_arch", "platform_unavailable")
def _engine_arch(engine: Engine, code: str, details: Mapping[str, str]) -> list[str]:
    info = engine.info()
    return [f"Tu motor Docker es {info.os}/{info.arch}."]


_STEP = re.compile(r"^(Step \d+/\d+ : .+|\s*> \[[^\]]+\] .+|#\d+ \[[^\]]+\] .+)$", re.MULTILINE)


def _failed_step(text: str) -> list[str]:
    steps = _STEP.findall(text)
    return [f"Falló en «{steps[-1].strip().removeprefix('> ').rstrip(':')}»."] if steps else []


def explain_text(text: str, engines: EngineProvider | None = None) -> Explanation:
    """The explanation for a message the learner pasted (facts only when the engine answers)."""
    text = text[-MAX_TEXT:]
    found = diagnose(text)
    if found is None:
        return Explanation(False, "unknown", UNKNOWN_TITLE, UNKNOWN_MESSAGE, UNKNOWN_FIX)
    facts = found.facts + engine_facts(found.code, found.details, engines)
    if found.code.startswith(("build_", "dockerfile_")) or found.code in ("command_not_found", "killed"):
        facts = tuple(_failed_step(text)) + facts
    return Explanation(True, found.code, found.title, found.message, found.fix, facts)


def enrich_error(exc: DockerlabError, engines: EngineProvider | None) -> DockerlabError:
    """Add the engine's facts to an error raised while performing a step (in place)."""
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
