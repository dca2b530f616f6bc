"""Plain snapshots of engine objects, so checks never touch SDK objects."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class EngineInfo:
    server_version: str
    api_version: str
    os: str
    arch: str
    endpoint: str
    context: str
    name: str = ""


@dataclass(frozen=True)
class ImageInfo:
    id: str
    tags: tuple[str, ...]
    size: int
    labels: dict[str, str] = field(default_factory=dict)
    arch: str = ""
    tagged: float = 0.0  # when it last got a name (a build, even one served from cache; 0 unknown)

    @property
    def short_id(self) -> str:
        return self.id.removeprefix("sha256:")[:12]


@dataclass(frozen=True)
class ContainerInfo:
    id: str
    name: str
    image: str  # the image reference it was created from
    image_id: str
    status: str  # created | running | exited | paused | restarting | dead
    exit_code: int
    labels: dict[str, str] = field(default_factory=dict)
    ports: dict[str, list[str]] = field(default_factory=dict)  # "80/tcp" -> ["127.0.0.1:8000"]
    command: str = ""
    restart_count: int = 0  # how often the engine restarted it (--restart policy)
    started_at: str = ""  # ISO time of its last start, as the engine reports it
    env: tuple[str, ...] = ()  # NAME=value, the container's environment
    oom_killed: bool = False  # the kernel killed it for lack of memory
    created: float = 0.0  # when the engine created it (seconds since the epoch; 0 unknown)
    started: float = 0.0  # when it last started (0 unknown or never)
    health: str = ""  # starting | healthy | unhealthy; "" without a healthcheck
    health_log: str = ""  # what the last healthcheck printed

    @property
    def state(self) -> str:
        """The status in the learner's words: «en marcha», «detenido (código de salida 1)»…"""
        if self.status == "exited":
            return f"detenido (código de salida {self.exit_code})"
        return STATE_WORDS.get(self.status, self.status)

    @property
    def host_ports(self) -> frozenset[int]:
        """The ports of this machine the container publishes (any address, any protocol)."""
        found = (host_port(binding) for bindings in self.ports.values() for binding in bindings)
        return frozenset(port for port in found if port is not None)


STATE_WORDS = {
    "created": "creado sin arrancar",
    "running": "en marcha",
    "paused": "en pausa",
    "restarting": "reiniciándose",
    "removing": "borrándose",
    "dead": "muerto (solo se puede borrar)",
}


def host_port(binding: str) -> int | None:
    """The port of a published address: ``127.0.0.1:8000``, ``[::]:8000`` or ``:::8000`` → 8000."""
    port = binding.rpartition(":")[2]
    return int(port) if port.isdigit() else None


@dataclass(frozen=True)
class ImageConfig:
    """What a built image says about itself (``docker inspect``'s Config), and its layers."""

    user: str
    cmd: tuple[str, ...]
    entrypoint: tuple[str, ...]
    env: dict[str, str]
    workdir: str
    layers: tuple[str, ...]  # the filesystem layers' digests, base first
    size: int


@dataclass(frozen=True)
class BuildCacheRecord:
    """One record of BuildKit's build cache (``docker system df -v``): a step's result or a
    build input (the Dockerfile, the context) that a build made or reused."""

    id: str
    kind: str  # regular | source.local | exec.cachemount…
    description: str  # «mount / from exec /bin/sh -c …», «local source for dockerfile»…
    created: float  # seconds since the epoch (0 unknown)
    last_used: float  # when a build last used it (0 unknown or never)


@dataclass(frozen=True)
class PullUpdate:
    layer: str
    status: str
    current: int
    total: int


@dataclass(frozen=True)
class Inventory:
    """dockerlab-labelled objects, by kind (names or short ids)."""

    containers: tuple[str, ...] = ()
    images: tuple[str, ...] = ()
    networks: tuple[str, ...] = ()
    volumes: tuple[str, ...] = ()
    services: tuple[str, ...] = ()  # swarm services (only in swarm mode)

    def empty(self) -> bool:
        return not (self.containers or self.images or self.networks or self.volumes or self.services)

    def describe(self) -> str:
        parts = [
            f"{title}: {', '.join(items)}"
            for title, items in (
                ("servicios", self.services),
                ("contenedores", self.containers),
                ("imágenes", self.images),
                ("redes", self.networks),
                ("volúmenes", self.volumes),
            )
            if items
        ]
        return "; ".join(parts) or "nada"


@dataclass(frozen=True)
class VolumeInfo:
    name: str
    driver: str
    labels: dict[str, str] = field(default_factory=dict)
    mountpoint: str = ""
    created: float = 0.0  # seconds since the epoch; 0 when the engine does not say


@dataclass(frozen=True)
class NetworkInfo:
    id: str
    name: str
    driver: str
    labels: dict[str, str] = field(default_factory=dict)
    containers: tuple[str, ...] = ()  # names of the containers attached to it


@dataclass(frozen=True)
class SwarmInfo:
    state: str  # inactive | active | pending | error | locked
    node_id: str = ""
    manager: bool = False
    node_labels: dict[str, str] = field(default_factory=dict)

    @property
    def active(self) -> bool:
        return self.state == "active"


@dataclass(frozen=True)
class ServiceInfo:
    id: str
    name: str
    image: str  # as in the spec, without the digest the CLI pins («modelo-web:1»)
    replicas: int | None  # None: a global service
    labels: dict[str, str] = field(default_factory=dict)
    ports: tuple[str, ...] = ()  # «8080->80/tcp»
    running: tuple[str, ...] = ()  # container ids of the tasks running now
    running_images: tuple[str, ...] = ()  # the image of each running task, same order
    update_state: str = ""  # updating | completed | rollback_completed | paused…
    # which task of a slot goes first when it changes version: stop-first (Docker's default:
    # the old one stops, then the new one starts) or start-first
    update_order: str = "stop-first"
    rollback_order: str = "stop-first"
