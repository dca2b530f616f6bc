"""Named volumes: create and remove them, check that one exists or is gone, and the one rule
that tells a named volume from a folder of the learner's machine in ``-v SOURCE:DESTINATION``.

The rule is Docker's own: a source that starts with ``.`` or ``/`` is a folder (a bind
mount, relative to the lesson's workdir); a bare name (``taller_datos``) is a named volume.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dockerlab.engine.labels import LABEL_LESSON
from dockerlab.engine.names import VOLUME_NAME
from dockerlab.errors import LessonError
from dockerlab.kinds import named
from dockerlab.kinds.base import Action, Check, CheckResult, Param, Registry
from dockerlab.kinds.context import StepContext

actions: Registry[Action] = Registry("acción")
checks: Registry[Check] = Registry("verificación")

VOLUME = named.Noun(
    "volumen", False, "docker volume", "Lo usa {users}: borra antes el contenedor («docker rm {first}»)"
)
# Docker's rule for «-v SOURCE:…», in the learner's words.
RULE = "un nombre sin «./» ni «/» delante es un volumen; una carpeta empieza por «./» o «/»"


def is_folder(source: str) -> bool:
    """``./app``, ``.``, ``/datos`` are folders of the learner's machine; ``datos`` is a volume."""
    return source.startswith((".", "/"))


def mount_problems(volumes: Any, workdir: Path | None) -> list[str]:
    """Spanish problems with a ``volumes`` mapping (``{SOURCE: DESTINATION}``), found before
    anything runs: wrong shapes, sources that are neither folder nor volume, and the
    ambiguous bare name that is also a folder of the lesson."""
    if not isinstance(volumes, Mapping):
        return []
    found: list[str] = []
    for source, target in volumes.items():
        source = str(source)
        if not isinstance(target, str):
            found.append(
                f"«{source}»: el destino es una ruta dentro del contenedor (texto), no "
                f"{type(target).__name__}; escribe {{{source}: /ruta}} ({RULE})"
            )
            continue
        if not target.startswith("/"):
            found.append(f"«{source}: {target}»: el destino debe ser una ruta absoluta (empieza por «/»)")
        if is_folder(source):
            continue
        if not VOLUME_NAME.match(source):
            found.append(
                f"«{source}» no es un nombre de volumen válido ni una carpeta; para montar "
                f"una carpeta escribe «./{source}» ({RULE})"
            )
        elif workdir is not None and (workdir / source).exists():
            found.append(
                f"«{source}» es ambiguo: sin «./» es un volumen con nombre, pero la lección "
                f"tiene una carpeta «{source}». Escribe «./{source}» para montar la carpeta, "
                "o usa otro nombre para el volumen"
            )
    return found


def ensure_volume(ctx: StepContext, name: str) -> None:
    """Create the lesson's volume (labelled) unless this lesson already did: ``docker run``
    would otherwise create it without the label, out of the cleanup's reach."""
    found = ctx.engine.volume(name)
    if found is None:
        ctx.engine.create_volume(name, ctx.labels)
        return
    named.refuse_foreign(ctx, VOLUME, name, found.labels.get(LABEL_LESSON))


@actions.register(
    "create_volume",
    "Crea un volumen con nombre (docker volume create), con el label de la lección. "
    "Si ya existe uno con ese nombre que no es de la lección, no lo toca y lo explica.",
    Param("name", str, required=True, doc="nombre del volumen"),
)
def create_volume(ctx: StepContext, name: str) -> None:
    ctx.solving(["docker", "volume", "create", *ctx.label_args(), name], f"Creo el volumen {name}")
    ensure_volume(ctx, name)


@actions.register(
    "remove_volume",
    "Elimina un volumen de la lección (docker volume rm). Solo borra volúmenes que llevan "
    "el label de la lección.",
    Param("name", str, required=True, doc="nombre del volumen"),
)
def remove_volume(ctx: StepContext, name: str) -> None:
    ctx.solving(["docker", "volume", "rm", name], f"Elimino el volumen {name}")
    found = ctx.engine.volume(name)
    if found is None:
        return
    named.refuse_foreign(ctx, VOLUME, name, found.labels.get(LABEL_LESSON))
    users = [c.name for c in ctx.engine.containers(volume=name)]
    if users:
        raise LessonError(
            f"No se puede borrar el volumen «{name}»: lo usa {', '.join(users)} (aunque esté detenido).",
            f"Borra antes el contenedor («docker rm {users[0]}») y luego el volumen.",
        )
    ctx.engine.remove_volume(name)


@checks.register(
    "volume_exists",
    "Existe un volumen con ese nombre (docker volume ls).",
    Param("name", str, required=True, doc="nombre del volumen"),
)
def volume_exists(ctx: StepContext, name: str) -> CheckResult:
    return named.exists(VOLUME, name, ctx.engine.volume(name), ctx.engine.volume_names)


@checks.register(
    "volume_absent",
    "No existe ningún volumen con ese nombre.",
    Param("name", str, required=True, doc="nombre del volumen"),
)
def volume_absent(ctx: StepContext, name: str) -> CheckResult:
    there = ctx.engine.volume(name) is not None
    users = [c.name for c in ctx.engine.containers(volume=name)] if there else []
    return named.absent(VOLUME, name, there, users)
