"""The environment check: is everything a lesson needs in place? Data only, no printing."""

from __future__ import annotations

import platform
import sys
from dataclasses import dataclass

from dockerlab.classroom.install import advice
from dockerlab.engine import builder, cli
from dockerlab.engine.provider import EngineProvider
from dockerlab.engine.types import EngineInfo
from dockerlab.envelope import envelope
from dockerlab.errors import DockerlabError
from dockerlab.paths import data_home


@dataclass(frozen=True)
class DoctorItem:
    key: str
    label: str
    ok: bool
    detail: str
    fix: str = ""
    required: bool = True


@dataclass(frozen=True)
class DoctorReport:
    items: tuple[DoctorItem, ...]
    engine: EngineInfo | None
    error: DockerlabError | None = None

    @property
    def ok(self) -> bool:
        return all(item.ok for item in self.items if item.required)

    def to_dict(self) -> dict[str, object]:
        return envelope(
            {
                "ok": self.ok,
                "items": [item.__dict__ for item in self.items],
                "engine": None if self.engine is None else self.engine.__dict__,
            }
        )


def run_doctor(engines: EngineProvider) -> DoctorReport:
    items = [
        DoctorItem(
            "python",
            "Python",
            sys.version_info >= (3, 11),
            f"{platform.python_version()} ({sys.executable})",
            "dockerlab necesita Python 3.11 o más nuevo.",
        )
    ]
    engine: EngineInfo | None = None
    error: DockerlabError | None = None
    try:
        engine = engines.get().info()
        items.append(
            DoctorItem(
                "engine",
                "Motor Docker",
                True,
                f"{engine.name} {engine.server_version} (API {engine.api_version}), "
                f"{engine.os}/{engine.arch}, en {engine.endpoint}, contexto «{engine.context}»",
            )
        )
    except DockerlabError as exc:
        error = exc
        items.append(DoctorItem("engine", "Motor Docker", False, exc.message, exc.fix))
    docker = cli.docker_on_path()
    how = advice()
    if error is not None or not docker:
        installed = bool(docker)
        items.append(
            DoctorItem(
                "install",
                f"Docker en tu sistema ({how.system})",
                False,
                "el comando «docker» está instalado, pero su motor no responde"
                if installed
                else "no encuentro Docker instalado",
                (how.start if installed else how.install) + f" Guía oficial: {how.url}",
                required=False,
            )
        )
    cli_version = cli.command_version(["docker", "--version"]) if docker else None
    items.append(
        DoctorItem(
            "cli",
            "Cliente docker",
            cli_version is not None,
            f"{cli_version} ({docker})" if cli_version else "no encuentro el comando «docker»",
            f"{how.install} Guía oficial: {how.url} (las lecciones te piden escribir comandos "
            "«docker» en tu terminal).",
        )
    )
    compose = cli.command_version(["docker", "compose", "version"]) if docker else None
    items.append(
        DoctorItem(
            "compose",
            "Docker Compose v2",
            compose is not None,
            compose or "«docker compose» no responde",
            "Solo lo necesita la lección ml: Docker Desktop ya lo trae; en Linux instala el "
            "paquete docker-compose-plugin.",
            required=False,
        )
    )
    chosen = builder.choose()
    items.append(
        DoctorItem(
            "buildkit",
            "Construcción con BuildKit",
            chosen.buildkit,
            {
                builder.BUILDX: "docker buildx build (BuildKit), como tu «docker build»",
                builder.BUILDKIT: "BuildKit integrado en tu cliente «docker» (DOCKER_BUILDKIT=1)",
            }.get(chosen.kind, f"constructor clásico, porque {chosen.reason}"),
            f"{_sentence(chosen.fix or 'instala el complemento buildx')}. Sin BuildKit las "
            "lecciones funcionan, pero construyen con el constructor clásico, y la lección uv te "
            "muestra y mide las variantes sin montaje de caché.",
            required=False,
        )
    )
    home = data_home()
    items.append(DoctorItem("progress", "Carpeta de progreso", True, str(home), required=False))
    return DoctorReport(tuple(items), engine, error)


def _sentence(text: str) -> str:
    """``text`` starting with a capital letter (the rest as it is: «Docker Desktop»)."""
    return text[:1].upper() + text[1:]
