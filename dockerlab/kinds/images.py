"""Images: build, pull and remove them; check that one exists or is gone.

Every action reports the equivalent ``docker`` CLI command first, so the learner sees what
they would have typed, then streams its progress as events.
"""

from __future__ import annotations

import difflib
import time
from pathlib import Path

from dockerlab.engine import refs
from dockerlab.engine.builder import build as run_build
from dockerlab.engine.builder import choose as choose_builder
from dockerlab.engine.builder import uses_buildkit_syntax
from dockerlab.engine.ledger import note_pull
from dockerlab.events import Notice, Output, TransferProgress
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
    "Construye una imagen como lo hace tu «docker build» (con BuildKit a través del CLI "
    "«docker», o con el constructor clásico si tu Docker no tiene BuildKit) y muestra su "
    "salida paso a paso.",
    Param("tag", str, required=True, doc="nombre:etiqueta de la imagen"),
    Param("context", str, default=".", doc="carpeta de contexto, relativa a workdir"),
    Param("dockerfile", str, doc="Dockerfile alternativo, relativo al contexto"),
    Param(
        "classic_dockerfile",
        str,
        doc="variante del Dockerfile sin sintaxis de BuildKit (p. ej. sin montajes de caché), "
        "relativa al contexto: se usa cuando solo hay el constructor clásico",
    ),
    Param("buildargs", dict, doc="valores para los ARG del Dockerfile (--build-arg)"),
)
def build(
    ctx: StepContext,
    tag: str,
    context: str,
    dockerfile: str | None,
    classic_dockerfile: str | None,
    buildargs: dict[str, object] | None,
) -> None:
    args = {key: str(value) for key, value in (buildargs or {}).items()}
    folder = ctx.path(context)
    # ctx.path refuses a Dockerfile outside the lesson folder
    chosen = ctx.path(f"{context}/{dockerfile}") if dockerfile else None
    builder = choose_builder()
    if not builder.buildkit:
        tell_legacy_once(ctx, builder.reason)
        if classic_dockerfile and uses_buildkit_syntax(chosen or folder / "Dockerfile"):
            ctx.emit(
                Notice(
                    "warning",
                    f"{chosen.name if chosen else 'Dockerfile'} usa montajes de caché de BuildKit, "
                    f"que el constructor clásico no entiende: construyo {tag} con "
                    f"{classic_dockerfile}, la misma imagen sin esos montajes.",
                )
            )
            chosen = ctx.path(f"{context}/{classic_dockerfile}")
    shown = str(chosen.relative_to(folder)) if chosen else None
    argv = builder.argv(tag, ctx.labels, Path(shown) if shown else None, buildargs=args)
    argv[-1] = context
    ctx.solving(argv, f"Construyo la imagen {tag} en {folder}")
    started = time.monotonic()
    run_build(
        ctx.engine,
        builder,
        folder,
        tag,
        ctx.labels,
        lambda line: ctx.emit(Output(line, "build")),
        chosen,
        buildargs=args,
    )
    ctx.emit(Output(f"Imagen {tag} construida en {time.monotonic() - started:.1f} s.", "build"))


_TOLD: set[str] = set()  # reasons already given in this run


def tell_legacy_once(ctx: StepContext, reason: str) -> None:
    """Say once per run that builds use the legacy builder, and why."""
    if reason in _TOLD:
        return
    _TOLD.add(reason)
    ctx.emit(
        Notice(
            "info",
            f"Construyo con el constructor clásico de Docker (sin BuildKit): {reason}. La imagen "
            "es la misma, pero la salida de la construcción se ve distinta de la de tu "
            "«docker build».",
        )
    )


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


@actions.register(
    "prune_images",
    "Borra las imágenes sin usar que llevan el label de la lección (docker image prune "
    "--all con filtro de label).",
)
def prune_images(ctx: StepContext) -> None:
    argv = ["docker", "image", "prune", "--all", "--force", "--filter", f"label={ctx.label_filter}"]
    ctx.solving(argv, "Borro solo las imágenes sin usar que llevan el label de la lección")
    for name in ctx.engine.prune_images(ctx.label_filter):
        ctx.emit(Output(f"Eliminada: {name}", "engine"))


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


@checks.register(
    "no_lesson_images",
    "No queda ninguna imagen con el label de la lección (lo que hace el prune con filtro).",
)
def no_lesson_images(ctx: StepContext) -> CheckResult:
    left = sorted(tag for image in ctx.engine.images(ctx.label_filter) for tag in image.tags or ("<none>",))
    expected = "ninguna imagen de esta lección"
    if not left:
        return CheckResult(True, expected, "ninguna")
    return CheckResult(
        False,
        expected,
        f"quedan: {', '.join(left[:6])}" + (" …" if len(left) > 6 else ""),
        f"Usa «docker image prune --all --filter label={ctx.label_filter}»; si una la usa un "
        "contenedor, bórralo antes.",
    )
