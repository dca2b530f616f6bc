"""Images: build, pull and remove them; check that one exists or is gone.

Every action reports the equivalent ``docker`` CLI command first, so the learner sees what
they would have typed, then streams its progress as events.
"""

from __future__ import annotations

import difflib
import time

from dockerlab.engine import refs
from dockerlab.engine.ledger import note_pull
from dockerlab.events import Output, TransferProgress
from dockerlab.kinds.base import Action, Check, CheckResult, Param, Registry
from dockerlab.kinds.context import StepContext

actions: Registry[Action] = Registry("acción")
checks: Registry[Check] = Registry("verificación")


def similar(name: str, candidates: list[str]) -> list[str]:
    """Up to three names that look like ``name`` (typos, a letter more or less)."""
    return difflib.get_close_matches(name, candidates, n=3, cutoff=0.5)


def ensure_image(ctx: StepContext, image: str) -> None:
    """Pull ``image`` when it is missing, as ``docker run`` does, with progress events."""
    if ctx.engine.image(image) is not None:
        return
    ctx.emit(Output(f"No encuentro la imagen «{image}» en tu máquina: la descargo.", "engine"))
    pull_image(ctx, image)
    note_pull(ctx.lesson.id, refs.tagged(image), existed=False)


def pull_image(ctx: StepContext, image: str) -> None:
    for update in ctx.engine.pull(image):
        if update.layer and update.status:
            ctx.emit(TransferProgress(image, update.layer, update.status, update.current, update.total))
        elif update.status:
            ctx.emit(Output(update.status, "pull"))


@actions.register(
    "build",
    "Construye una imagen (docker build) y muestra su salida paso a paso.",
    Param("tag", str, required=True, doc="nombre:etiqueta de la imagen"),
    Param("context", str, default=".", doc="carpeta de contexto, relativa a workdir"),
    Param("dockerfile", str, doc="Dockerfile alternativo, relativo al contexto"),
    Param("buildargs", dict, doc="valores para los ARG del Dockerfile (--build-arg)"),
)
def build(
    ctx: StepContext, tag: str, context: str, dockerfile: str | None, buildargs: dict[str, object] | None
) -> None:
    folder = ctx.path(context)
    if dockerfile:
        ctx.path(f"{context}/{dockerfile}")  # refuse a Dockerfile outside the lesson folder
    argv = [
        "docker",
        "build",
        *(["-f", dockerfile] if dockerfile else []),
        "-t",
        tag,
        *[arg for k, v in (buildargs or {}).items() for arg in ("--build-arg", f"{k}={v}")],
        *ctx.label_args(),
        context,
    ]
    ctx.solving(argv, f"Construyo la imagen {tag} en {folder}")
    started = time.monotonic()
    for line in ctx.engine.build(
        folder,
        tag,
        ctx.labels,
        dockerfile=dockerfile,
        buildargs={k: str(v) for k, v in (buildargs or {}).items()},
    ):
        ctx.emit(Output(line, "build"))
    ctx.emit(Output(f"Imagen {tag} construida en {time.monotonic() - started:.1f} s.", "build"))


@actions.register(
    "pull",
    "Descarga una imagen (docker pull) con una barra de progreso por capa.",
    Param("image", str, required=True, doc="imagen, p. ej. ubuntu:latest"),
)
def pull(ctx: StepContext, image: str) -> None:
    ctx.solving(["docker", "pull", image], f"Descargo la imagen {image}")
    existed = ctx.engine.image(image) is not None
    pull_image(ctx, image)
    note_pull(ctx.lesson.id, refs.tagged(image), existed)


@actions.register(
    "remove_image",
    "Elimina una imagen (docker rmi).",
    Param("name", str, required=True, doc="nombre:etiqueta de la imagen"),
)
def remove_image(ctx: StepContext, name: str) -> None:
    ctx.solving(["docker", "rmi", name], f"Elimino la imagen {name}")
    ctx.engine.remove_image(name)


@checks.register(
    "image_exists",
    "La imagen existe en el motor con ese nombre y etiqueta.",
    Param("name", str, required=True, doc="nombre[:etiqueta] (sin etiqueta = latest)"),
)
def image_exists(ctx: StepContext, name: str) -> CheckResult:
    expected = f"la imagen «{refs.tagged(name)}»"
    image = ctx.engine.image(refs.tagged(name))
    if image is not None:
        size = image.size / 1e6
        return CheckResult(True, expected, f"«{refs.tagged(name)}» ({image.short_id}, {size:.1f} MB)")
    tags = [tag for img in ctx.engine.images() for tag in img.tags]
    # compare names without their tags: a shared «:latest» makes unrelated names look alike
    wanted_repo = refs.repository(name)
    by_repo = {refs.repository(tag): tag for tag in tags if tag != refs.tagged(name)}
    close = [by_repo[repo] for repo in similar(wanted_repo, list(by_repo))]
    if close:
        return CheckResult(
            False,
            expected,
            f"no existe; sí existe «{close[0]}»",
            "¿Escribiste bien la etiqueta? Usa -t con el nombre exacto.",
        )
    return CheckResult(
        False,
        expected,
        "no existe ninguna imagen con ese nombre",
        "¿Ejecutaste el comando en la carpeta de la lección? Mira «docker images».",
    )


@checks.register(
    "image_absent",
    "La imagen ya no existe en el motor.",
    Param("name", str, required=True, doc="nombre[:etiqueta]"),
)
def image_absent(ctx: StepContext, name: str) -> CheckResult:
    image = ctx.engine.image(refs.tagged(name))
    expected = f"que la imagen «{refs.tagged(name)}» no exista"
    if image is None:
        return CheckResult(True, expected, "no existe")
    users = [c.name for c in ctx.engine.containers(ancestor=image.id)]
    hint = (
        f"Estos contenedores aún la usan: {', '.join(users)}; elimínalos antes."
        if users
        else "Elimínala con «docker rmi»."
    )
    return CheckResult(False, expected, f"sigue existiendo ({image.short_id})", hint)
