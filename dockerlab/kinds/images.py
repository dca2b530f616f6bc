"""Images: build, pull and remove them; check that one exists or is gone.

Every action reports the equivalent ``docker`` CLI command first, so the learner sees what
they would have typed, then streams its progress as events.
"""

from __future__ import annotations

import difflib
import time
from pathlib import Path

from dockerlab.engine import refs
from dockerlab.engine.builder import Builder, uses_buildkit_syntax
from dockerlab.engine.builder import build as run_build
from dockerlab.engine.builder import choose as choose_builder
from dockerlab.engine.ledger import note_pull
from dockerlab.events import Notice, Output, TransferProgress
from dockerlab.kinds import buildtrace
from dockerlab.kinds.base import Action, Check, CheckResult, Param, Registry
from dockerlab.kinds.context import StepContext
from dockerlab.kinds.fresh import SLACK

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
    Param("build_args", dict, doc="valores para los ARG del Dockerfile (--build-arg NOMBRE=valor)"),
)
def build(
    ctx: StepContext,
    tag: str,
    context: str,
    dockerfile: str | None,
    classic_dockerfile: str | None,
    build_args: dict[str, str] | None,
) -> None:
    args = {key: str(value) for key, value in (build_args or {}).items()}
    folder = ctx.path(context)
    # ctx.path refuses a Dockerfile outside the lesson folder
    chosen = ctx.path(f"{context}/{dockerfile}") if dockerfile else None
    builder = choose_builder()
    if not builder.buildkit:
        tell_legacy_once(ctx, builder)
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
    argv = builder.argv(tag, ctx.labels, Path(shown) if shown else None, build_args=args)
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
        build_args=args,
    )
    ctx.emit(Output(f"Imagen {tag} construida en {time.monotonic() - started:.1f} s.", "build"))


_TOLD: set[str] = set()  # reasons already given in this run


def tell_legacy_once(ctx: StepContext, builder: Builder) -> None:
    """Say once per run that builds use the legacy builder, why, and what would change it."""
    if builder.reason in _TOLD:
        return
    _TOLD.add(builder.reason)
    ctx.emit(
        Notice(
            "info",
            f"Construyo con el constructor clásico de Docker (sin BuildKit): {builder.reason}. La "
            "imagen es la misma, pero la salida de la construcción se ve distinta de la de tu "
            "«docker build».",
            f"Para construir con BuildKit, {builder.fix}." if builder.fix else "",
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
    "tag",
    "Pone otro nombre a una imagen (docker tag): la misma imagen, dos nombres.",
    Param("source", str, required=True, doc="imagen que ya existe"),
    Param("target", str, required=True, doc="nombre nuevo, p. ej. mi_app:latest o 127.0.0.1:5000/mi_app:1.0"),
)
def tag(ctx: StepContext, source: str, target: str) -> None:
    ctx.solving(["docker", "tag", source, target], f"Etiqueto {source} como {target}")
    ctx.engine.tag(source, target)


@actions.register(
    "push",
    "Sube una imagen al registro que indica su nombre (docker push).",
    Param("image", str, required=True, doc="imagen, p. ej. 127.0.0.1:5000/mi_app:1.0"),
)
def push(ctx: StepContext, image: str) -> None:
    ctx.solving(["docker", "push", image], f"Subo la imagen {image}")
    for update in ctx.engine.push(image):
        if update.layer and update.status:
            ctx.emit(TransferProgress(image, update.layer, update.status, update.current, update.total))
        elif update.status:
            ctx.emit(Output(update.status, "push"))


@checks.register(
    "image_same",
    "Dos nombres (etiquetas) apuntan a la misma imagen, o a distintas con «different».",
    Param("name", str, required=True, doc="nombre:etiqueta"),
    Param("same_as", str, required=True, doc="otro nombre:etiqueta"),
    Param("different", bool, default=False, doc="exigir que sean imágenes distintas"),
)
def image_same(ctx: StepContext, name: str, same_as: str, different: bool) -> CheckResult:
    a, b = refs.tagged(name), refs.tagged(same_as)
    relation = "imágenes distintas" if different else "la misma imagen (mismo IMAGE ID)"
    expected = f"«{a}» y «{b}»: {relation}"
    first_info, second_info = ctx.engine.image(a), ctx.engine.image(b)
    missing = [ref for ref, info in ((a, first_info), (b, second_info)) if info is None]
    if missing or first_info is None or second_info is None:
        return CheckResult(
            False, expected, f"no existe «{missing[0]}»", "«docker images» lista nombres y etiquetas."
        )
    same = first_info.id == second_info.id
    found = f"{a} → {first_info.short_id}, {b} → {second_info.short_id}"
    if same != different:
        return CheckResult(True, expected, found)
    hint = (
        f"Mueve la etiqueta: «docker tag {b} {a}»."
        if not different
        else "Reconstruye tras el cambio: si nada cambió, Docker reutiliza la misma imagen."
    )
    return CheckResult(False, expected, found, hint)


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
    wanted = refs.tagged(name)
    expected = f"la imagen «{wanted}»"
    image = ctx.engine.image(wanted)
    if image is not None:
        size = image.size / 1e6
        return CheckResult(True, expected, f"«{wanted}» ({image.short_id}, {size:.1f} MB)")
    return _missing(ctx, name, expected)


def _missing(ctx: StepContext, name: str, expected: str) -> CheckResult:
    """Say first what the learner most likely did: the same image under another tag or a
    typo in the name (when it got that name during this step), a build that ran and failed,
    an older image with a similar name, a container by that name; else how the step makes it."""
    wanted = refs.tagged(name)
    wanted_repo = refs.repository(name)
    own = _other_steps_build(ctx)
    tags = [tag for img in ctx.engine.images() for tag in img.tags if tag != wanted and tag not in own]
    same = [tag for tag in tags if refs.repository(tag) == wanted_repo]
    # compare names without their tags: a shared «:latest» makes unrelated names look alike
    by_repo = {refs.repository(tag): tag for tag in tags}
    close = [by_repo[repo] for repo in similar(wanted_repo, list(by_repo))]
    builds = _step_does(ctx, "build")
    named = _misnamed(ctx, wanted, expected, same, close)
    if named is not None and (not builds or _named_since_step(ctx, (same or close)[0])):
        return named
    trace = buildtrace.since_step(ctx) if builds else None
    if trace is not None and trace.started:
        return buildtrace.verdict(ctx, wanted, expected, trace)
    if named is not None:
        return named
    if ctx.engine.container(wanted_repo) is not None:
        return CheckResult(
            False,
            expected,
            f"«{wanted_repo}» es un contenedor, no una imagen",
            "«docker images» lista las imágenes; «docker ps -a», los contenedores.",
        )
    if trace is not None:
        return buildtrace.verdict(ctx, wanted, expected, trace)
    return CheckResult(False, expected, "no existe ninguna imagen con ese nombre", _how_to_make(ctx))


def _misnamed(
    ctx: StepContext, wanted: str, expected: str, same: list[str], close: list[str]
) -> CheckResult | None:
    """The same image under another tag, or a name that looks like the expected one."""
    if same:
        return CheckResult(
            False,
            expected,
            f"no existe; tienes «{same[0]}», la misma imagen con otra etiqueta",
            f"El paso espera la etiqueta exacta: «{wanted}» (sin etiqueta es «:latest»).",
        )
    if not close:
        return None
    wanted_repo = refs.repository(wanted)
    return CheckResult(
        False,
        expected,
        f"no existe; tu imagen se llama «{close[0]}»",
        f"¿Quisiste decir «{wanted_repo}»? "
        + (
            f"Renómbrala con «docker tag {close[0]} {wanted}» o vuelve a construirla con -t {wanted_repo}."
            if _step_does(ctx, "build")
            else "Revisa cómo escribiste el nombre."
        ),
    )


def _named_since_step(ctx: StepContext, tag: str) -> bool:
    """The image got this name during the step (always true when the start is unknown)."""
    if ctx.since is None:
        return True
    image = ctx.engine.image(tag)
    return image is not None and image.tagged >= ctx.since - SLACK


def _other_steps_build(ctx: StepContext) -> set[str]:
    """Images other steps of the lesson build: the lesson's own work (uv_demo_pip beside
    uv_demo_uv, mi_app:1.0 beside mi_app:1.1), never a typo of this step's name."""
    return {
        refs.tagged(str(spec.params["tag"]))
        for step in ctx.lesson.steps
        if step.id != ctx.step.id
        for spec in step.solve
        if spec.kind == "build" and spec.params.get("tag")
    }


def _step_does(ctx: StepContext, kind: str) -> bool:
    return any(spec.kind == kind for spec in ctx.step.solve)


def _how_to_make(ctx: StepContext) -> str:
    """A hint that fits how this step makes the image: the folder matters only for a build."""
    if _step_does(ctx, "build"):
        return (
            "Ejecuta «docker build» en la carpeta de la lección y no olvides el punto final "
            "(la carpeta de contexto). Si dio un error, léelo: no se creó ninguna imagen."
        )
    if _step_does(ctx, "pull"):
        return (
            "Revisa cómo escribiste el nombre de la imagen en «docker pull»; "
            "«docker images» lista las que tienes."
        )
    return "«docker images» lista las imágenes que tienes."


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


@actions.register(
    "prune_dangling_images",
    "Borra las imágenes sin nombre (<none>) de esta lección: las que dejan las reconstrucciones "
    "(docker image prune con filtro de label).",
)
def prune_dangling_images(ctx: StepContext) -> None:
    argv = ["docker", "image", "prune", "--force", "--filter", f"label={ctx.label_filter}"]
    ctx.solving(argv, "Borro solo las imágenes sin nombre que llevan el label de la lección")
    for image_id in ctx.engine.prune_images(ctx.label_filter, dangling=True):
        ctx.emit(Output(f"Eliminada: {image_id.removeprefix('sha256:')[:12]}", "engine"))


@checks.register(
    "no_dangling_images",
    "No queda ninguna imagen sin nombre (<none>) con el label de la lección.",
)
def no_dangling_images(ctx: StepContext) -> CheckResult:
    left = ctx.engine.dangling_images(ctx.label_filter)
    expected = "ninguna imagen <none> de esta lección"
    if not left:
        return CheckResult(True, expected, "ninguna")
    return CheckResult(
        False,
        expected,
        f"quedan {len(left)}: {', '.join(image.short_id for image in left[:5])}",
        f"Usa «docker image prune --filter label={ctx.label_filter}».",
    )
