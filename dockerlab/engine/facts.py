"""What the engine can add to an explanation: facts (which container holds the port, whether
the name given to «docker rmi» is a container…) and details that change the fix (a port that
is free now, the state of the container in the way). Best effort: when the engine cannot
answer, nothing is added."""

from __future__ import annotations

import difflib
import shlex
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from dockerlab.engine.diagnosis import Diagnosis, diagnose, redescribe
from dockerlab.engine.hostports import free_port_near
from dockerlab.engine.labels import LABEL_LESSON
from dockerlab.engine.ports import publishers
from dockerlab.errors import DockerlabError

if TYPE_CHECKING:
    from dockerlab.engine.gateway import Engine
    from dockerlab.engine.provider import EngineProvider
    from dockerlab.engine.types import ContainerInfo

FactFinder = Callable[["Engine", str, Mapping[str, str]], list[str]]
Detailer = Callable[["Engine | None", str, Mapping[str, str]], dict[str, str]]
_FINDERS: dict[str, FactFinder] = {}
_DETAILERS: dict[str, Detailer] = {}


def _finder(*codes: str) -> Callable[[FactFinder], FactFinder]:
    def register(func: FactFinder) -> FactFinder:
        for code in codes:
            _FINDERS[code] = func
        return func

    return register


def _detailer(*codes: str) -> Callable[[Detailer], Detailer]:
    def register(func: Detailer) -> Detailer:
        for code in codes:
            _DETAILERS[code] = func
        return func

    return register


def _engine(engines: EngineProvider | None) -> Engine | None:
    if engines is None:
        return None
    try:
        return engines.get()
    except DockerlabError:
        return None


def engine_facts(code: str, details: Mapping[str, str], engines: EngineProvider | None) -> tuple[str, ...]:
    """What the engine can add about this failure (nothing when it cannot answer). The
    engine is only contacted when there is something to ask it."""
    finder = _FINDERS.get(code)
    engine = _engine(engines) if finder is not None else None
    if engine is None or finder is None:
        return ()
    try:
        return tuple(finder(engine, code, details))
    except DockerlabError:
        return ()


def adds_details(code: str) -> bool:
    return code in _DETAILERS


def reachable(code: str, engines: EngineProvider | None) -> EngineProvider | None:
    """``engines`` if the engine has something to say about ``code`` and answers; None
    otherwise, so an engine that is down is tried once, not once per question."""
    if engines is None or (code not in _FINDERS and code not in _DETAILERS):
        return None
    return engines if _engine(engines) is not None else None


def more_details(found: Diagnosis, engines: EngineProvider | None) -> Diagnosis:
    """``found`` with what this machine can add to its fix (a port that is free now, the
    state of the container in the way…), told again."""
    detailer = _DETAILERS.get(found.code)
    if detailer is None:
        return found
    try:
        extra = detailer(_engine(engines), found.code, found.details)
    except DockerlabError:
        return found
    return redescribe(found, extra)


def _owner(container: ContainerInfo) -> str:
    lesson = container.labels.get(LABEL_LESSON)
    if lesson:
        return f"lo creó dockerlab (lección «{lesson}»)"
    return "no lo creó dockerlab: bórralo solo si ya no lo necesitas"


def _q(name: str) -> str:
    """A name inside a command the learner may copy: quoted for the shell."""
    return shlex.quote(name)


def _the_container(
    engine: Engine | None, details: Mapping[str, str], key: str = "name"
) -> ContainerInfo | None:
    """The container the error names (``details[key]``: a name or an id), if it is still there."""
    wanted = details.get(key)
    return engine.container(wanted) if engine is not None and wanted else None


def _look_alike(wanted: str, names: list[str], what: str) -> list[str]:
    """«Tienes ``what`` con nombres parecidos: …», when some of ``names`` are close to ``wanted``."""
    close = difflib.get_close_matches(wanted, names, n=3, cutoff=0.6)
    return (
        [f"Tienes {what} con nombres parecidos: " + ", ".join(f"«{n}»" for n in close) + "."] if close else []
    )


@_detailer("port_allocated", "port_in_use", "port_reserved")
def _free_port(engine: Engine | None, code: str, details: Mapping[str, str]) -> dict[str, str]:
    """A host port that is free now, never the busy one (checked on this machine)."""
    port = details.get("port", "")
    if not port.isdigit():
        return {}
    taken = set(publishers(engine)) if engine is not None else set()
    free = free_port_near(int(port), taken)
    return {"free": str(free)} if free is not None else {}


@_finder("port_allocated", "port_in_use")
def _port_holder(engine: Engine, code: str, details: Mapping[str, str]) -> list[str]:
    port = details.get("port")
    if not port:
        return []
    owners = publishers(engine).get(int(port), []) if port.isdigit() else []
    if owners:
        return [
            f"Lo publica el contenedor «{c.name}» (imagen {c.image}, {c.state}): "
            f"«docker stop {_q(c.name)}» lo libera."
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
    container = _the_container(engine, details)
    if container is None:
        return []
    return [
        f"«{container.name}» está {container.state}, es de la imagen {container.image} y {_owner(container)}."
    ]


@_detailer("image_in_use")
def _user_state(engine: Engine | None, code: str, details: Mapping[str, str]) -> dict[str, str]:
    """The state of the container that uses the image picks the fix (stop first or not)."""
    container = _the_container(engine, details, "container")
    if container is None:
        return {}
    return {"container": container.name, "state": "running" if container.status == "running" else "stopped"}


@_finder("image_in_use")
def _image_users(engine: Engine, code: str, details: Mapping[str, str]) -> list[str]:
    container = _the_container(engine, details, "container")
    if container is None:
        return []
    if container.status == "running":
        how = f"«docker rm -f {_q(container.name)}» lo detiene y lo elimina"
    else:
        how = f"«docker rm {_q(container.name)}» lo elimina"
    return [f"La usa el contenedor «{container.name}» ({container.state}): {how}."]


@_finder("volume_in_use")
def _volume_users(engine: Engine, code: str, details: Mapping[str, str]) -> list[str]:
    container = _the_container(engine, details, "container")
    if container is None:
        return []
    return [f"Lo usa el contenedor «{container.name}» ({container.state}), de la imagen {container.image}."]


def _bare(image: str) -> str:
    """``docker.io/library/ubuntu:latest`` → ``ubuntu``: the name without its registry, as
    the learner types it."""
    first, _, rest = image.partition("/")
    if rest and ("." in first or ":" in first or first == "localhost"):
        image = rest
    return image.removeprefix("library/").removesuffix(":latest")


def _close_tags(engine: Engine, image: str) -> tuple[list[str], list[str]]:
    """Local tags equal to ``image`` and local tags with a similar name."""
    wanted = _bare(image)
    tags = [_bare(tag) for info in engine.images() for tag in info.tags]
    same = [t for t in tags if t == wanted or t.split(":")[0] == wanted]
    close = [t for t in difflib.get_close_matches(wanted, tags, n=3, cutoff=0.6) if t not in same]
    return same, close


@_finder("image_not_found")
def _similar_images(engine: Engine, code: str, details: Mapping[str, str]) -> list[str]:
    image = details.get("image")
    if not image:
        return []
    facts = []
    container = engine.container(_bare(image))
    if container is not None:
        facts.append(
            f"«{container.name}» no es una imagen sino un contenedor ({container.state}): se borra "
            f"con «docker rm {_q(container.name)}»"
            + (" (o «docker rm -f …» si sigue en marcha)." if container.status == "running" else ".")
        )
    tags = [tag for info in engine.images() for tag in info.tags]
    return facts + _look_alike(image, tags, "imágenes")


@_finder("no_network", "pull_denied")
def _local_instead(engine: Engine, code: str, details: Mapping[str, str]) -> list[str]:
    """Before blaming the network (or the registry): maybe the image is already here, or
    the learner meant one that is."""
    image = details.get("image")
    if not image:
        return []
    same, close = _close_tags(engine, image)
    if same:
        return [f"Ya tienes «{same[0]}» en tu máquina: para usarla no hace falta descargarla."]
    if close:
        return [
            f"¿Querías decir «{close[0]}»? Esa sí está en tu máquina (no necesita red): "
            f"«docker run {_q(close[0])}»."
        ]
    return []


@_finder("no_such_container")
def _similar_containers(engine: Engine, code: str, details: Mapping[str, str]) -> list[str]:
    name = details.get("name")
    if not name:
        return []
    return _look_alike(name, [c.name for c in engine.containers()], "contenedores")


@_finder("killed")
def _why_killed(engine: Engine, code: str, details: Mapping[str, str]) -> list[str]:
    """The text cannot tell «someone stopped it» from «out of memory»; the engine can."""
    name = details.get("name")
    if not name:
        return []
    container = engine.container(name) or next(
        (c for c in engine.containers() if c.name.endswith(("-" + name, "_" + name.replace("-", "_")))), None
    )
    if container is None or container.status != "exited" or container.exit_code != 137:
        return []
    if container.oom_killed:
        return [
            f"«{container.name}» se quedó sin memoria (el motor dice OOMKilled): dale más memoria a "
            "Docker o reduce lo que hace."
        ]
    return [
        f"«{container.name}» no se quedó sin memoria (el motor dice que no fue OOMKilled): lo "
        "detuvo alguien o algo («docker stop», «docker kill», Ctrl-C en Compose, o el motor al "
        "pararse)."
    ]


@_finder("container_restarting")
def _why_restarting(engine: Engine, code: str, details: Mapping[str, str]) -> list[str]:
    container = _the_container(engine, details)
    if container is None:
        return []
    facts = [
        f"«{container.name}» está {container.state}; su último arranque terminó con el "
        f"código {container.exit_code}."
    ]
    found = diagnose(engine.logs(container.id, tail=30))
    if found is not None:
        facts.append(f"En sus últimas líneas veo: {found.title}. {found.message}")
    return facts


@_finder("wrong_arch", "platform_unavailable", "platform_warning", "windows_containers", "os_mismatch")
def _engine_arch(engine: Engine, code: str, details: Mapping[str, str]) -> list[str]:
    info = engine.info()
    said = f"Tu motor Docker es {info.os}/{info.arch}."
    if code == "windows_containers" and info.os == "linux":
        return [said + " Ahora ya está en modo Linux: si cambiaste de modo, repite el comando."]
    if code == "windows_containers" and info.os == "windows":
        return [said + " Confirmado: está en modo «contenedores Windows»."]
    return [said]
