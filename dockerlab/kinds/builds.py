"""Build variants side by side, measured on the learner's own engine.

``compare_builds`` builds each variant (a Dockerfile: pip or uv, with or without a BuildKit
cache mount) twice, as a project lives: once from scratch (``--no-cache``) and once more
after adding one dependency (the files of ``changed`` laid over a copy of the lesson folder).
It times each build with the clock, reads each image's size, and shows one table. Variants
that need BuildKit are listed as such when the engine only has the legacy builder.
"""

from __future__ import annotations

import shutil
import tempfile
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from dockerlab.engine.builder import build as run_build
from dockerlab.engine.builder import choose as choose_builder
from dockerlab.engine.builder import uses_buildkit_syntax
from dockerlab.engine.labels import LABEL_DOCKERFILE
from dockerlab.events import Output, Solving, Table
from dockerlab.kinds.base import Action, Check, CheckResult, Param, Registry
from dockerlab.kinds.context import StepContext
from dockerlab.kinds.images import tell_legacy_once

actions: Registry[Action] = Registry("acción")
checks: Registry[Check] = Registry("verificación")


@dataclass(frozen=True)
class Variant:
    name: str  # what the learner reads: «uv, con caché»
    dockerfile: str
    tag: str


@dataclass(frozen=True)
class Measured:
    variant: Variant
    cold: float | None = None  # seconds; None: not built
    changed: float | None = None
    size: int = 0
    why_not: str = ""


def _variants(ctx: StepContext, spec: list[dict[str, str]]) -> list[Variant]:
    found = [Variant(str(v["name"]), str(v["dockerfile"]), str(v["tag"])) for v in spec]
    for variant in found:
        ctx.path(variant.dockerfile)  # refuse a Dockerfile outside the lesson folder
    return found


def _overlay(source: Path, changed: Path, target: Path) -> None:
    """``target``: a copy of the lesson folder with the files of ``changed`` laid over it.

    BuildKit keeps layers after their images are gone, so a second measurement would find
    the one-more-dependency layers of the first already built. A comment with a fresh mark
    in the dependency lists (not in lock files) makes the install step run for real, as
    it does the first time a learner adds that dependency."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", ".venv"))
    mark = f"\n# dockerlab: medición {uuid.uuid4().hex}\n"
    for path in changed.rglob("*"):
        if path.is_file():
            relative = path.relative_to(changed)
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target / relative)
            if path.suffix in (".txt", ".toml"):
                with open(target / relative, "a", encoding="utf-8") as handle:
                    handle.write(mark)


def _timed_build(ctx: StepContext, folder: Path, variant: Variant, nocache: bool) -> float:
    started = time.monotonic()
    run_build(
        ctx.engine,
        choose_builder(),
        folder,
        variant.tag,
        ctx.labels,
        lambda line: None,  # eight builds of output would bury the table
        folder / variant.dockerfile,
        nocache=nocache,
    )
    return time.monotonic() - started


def measure(ctx: StepContext, variant: Variant, base: Path, changed: Path) -> Measured:
    builder = choose_builder()
    if not builder.buildkit and uses_buildkit_syntax(base / variant.dockerfile):
        return Measured(variant, why_not="necesita BuildKit")
    ctx.emit(Output(f"{variant.name}: construyo desde cero (--no-cache)…", "build"))
    cold = _timed_build(ctx, base, variant, nocache=True)
    first = ctx.engine.image(variant.tag)
    ctx.emit(Output(f"{variant.name}: reconstruyo tras añadir una dependencia…", "build"))
    again = _timed_build(ctx, changed, variant, nocache=False)
    image = ctx.engine.image(variant.tag)
    left = (
        ctx.engine.image(first.id)
        if first is not None and image is not None and first.id != image.id
        else None
    )
    if left is not None and not left.tags:
        ctx.engine.remove_image(left.id)  # the cold image lost its tag; it was only measured
    ctx.emit(
        Output(f"{variant.name}: {cold:.1f} s desde cero, {again:.1f} s con una dependencia más", "build")
    )
    return Measured(variant, cold, again, image.size if image else 0)


def _seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} s"


def _row(result: Measured) -> tuple[str, ...]:
    if result.why_not:
        return (result.variant.name, result.why_not, "—", "—")
    return (
        result.variant.name,
        _seconds(result.cold),
        _seconds(result.changed),
        f"{result.size / 1e6:.0f} MB",
    )


@actions.register(
    "compare_builds",
    "Construye cada variante dos veces en tu motor, desde cero y tras añadir una dependencia, "
    "y muestra una tabla con los tiempos medidos y el tamaño de cada imagen.",
    Param(
        "variants",
        list,
        required=True,
        doc="lista de {name, dockerfile, tag}: nombre para la tabla, Dockerfile (relativo a "
        "workdir) y etiqueta de la imagen",
    ),
    Param(
        "changed",
        str,
        required=True,
        doc="carpeta (relativa a workdir) con los archivos que cambian al añadir una "
        "dependencia; se copian sobre una copia de la carpeta de la lección",
    ),
)
def compare_builds(ctx: StepContext, variants: list[dict[str, str]], changed: str) -> None:
    chosen = _variants(ctx, variants)
    builder = choose_builder()
    if not builder.buildkit:
        tell_legacy_once(ctx, builder)
    ctx.emit(
        Solving(
            ctx.lesson.id,
            ctx.step.id,
            "\n".join(f"docker build --no-cache -f {v.dockerfile} -t {v.tag} ." for v in chosen),
            "Mido en tu motor cada variante: desde cero y tras añadir una dependencia "
            f"(los archivos de {changed}/ sobre una copia de la carpeta)",
        )
    )
    with tempfile.TemporaryDirectory(prefix="dockerlab-comparar-") as scratch:
        base = Path(scratch) / "tal-cual"
        plus = Path(scratch) / "con-una-mas"
        shutil.copytree(ctx.workdir, base, ignore=shutil.ignore_patterns("__pycache__", ".venv"))
        _overlay(ctx.workdir, ctx.path(changed), plus)
        results = [measure(ctx, variant, base, plus) for variant in chosen]
    ctx.emit(
        Table(
            "pip frente a uv, con y sin montaje de caché (medido en tu motor)",
            ("variante", "desde cero", "tras añadir una dependencia", "tamaño de la imagen"),
            tuple(_row(r) for r in results),
        )
    )


@checks.register(
    "build_comparison",
    "Las imágenes de la comparación existen (las variantes que tu motor puede construir).",
    Param("variants", list, required=True, doc="las mismas variantes que compare_builds"),
)
def build_comparison(ctx: StepContext, variants: list[dict[str, str]]) -> CheckResult:
    chosen = _variants(ctx, variants)
    buildkit = choose_builder().buildkit
    wanted = [v for v in chosen if buildkit or not uses_buildkit_syntax(ctx.path(v.dockerfile))]
    expected = "las imágenes " + ", ".join(f"«{v.tag}»" for v in wanted)
    found = {v.tag: ctx.engine.image(v.tag) for v in wanted}
    missing = [tag for tag, image in found.items() if image is None]
    if missing:
        return CheckResult(
            False,
            expected,
            f"falta {', '.join(missing)}",
            "Elige «Ejecútalo por mí»: dockerlab construye cada variante y mide cuánto tarda.",
        )
    sizes = " · ".join(f"{tag}: {image.size / 1e6:.0f} MB" for tag, image in found.items() if image)
    return CheckResult(True, expected, sizes)


# -- the learner's own builds: made from the Dockerfile the step names --------------------------


def _words(text: str) -> str:
    return " ".join(text.split())


def _run_lines(dockerfile: str) -> list[str]:
    """The commands of a Dockerfile's RUN instructions, continuation lines joined and
    BuildKit's RUN flags (``--mount=…``) left out: the image's history shows the command only."""
    joined = dockerfile.replace("\\\n", " ")
    lines = (line.strip() for line in joined.splitlines())
    commands = []
    for line in lines:
        if line.upper().startswith("RUN "):
            words = line[4:].split()
            while words and words[0].startswith("--"):
                words.pop(0)
            commands.append(" ".join(words))
    return commands


def built_with(ctx: StepContext, image: str, dockerfiles: Sequence[str]) -> str:
    """The Dockerfile that built ``image``: its ``io.dockerlab.dockerfile`` label (the example
    Dockerfiles set it) or, for an image without it (an older copy of the example), the one
    Dockerfile of ``dockerfiles`` whose RUN commands all appear in the image's history; ""."""
    info = ctx.engine.image(image)
    if info is None:
        return ""
    if info.labels.get(LABEL_DOCKERFILE):
        return info.labels[LABEL_DOCKERFILE]
    steps = " | ".join(_words(str(row.get("created_by", ""))) for row in ctx.engine.history(image))
    found = []
    for name in dict.fromkeys(dockerfiles):
        try:
            commands = _run_lines(ctx.path(name).read_text("utf-8", errors="replace"))
        except OSError:
            continue
        if commands and all(command in steps for command in commands):
            found.append(name)
    return found[0] if len(found) == 1 else ""


@checks.register(
    "built_from",
    "Cada imagen existe, sale del Dockerfile indicado (lo leo de la imagen: su label "
    "io.dockerlab.dockerfile o su historial) y son imágenes distintas: una comparación que "
    "no puede salir bien por casualidad.",
    Param("images", list, required=True, doc="las imágenes, en orden"),
    Param("dockerfiles", list, required=True, doc="el Dockerfile de cada imagen, en el mismo orden"),
)
def built_from(ctx: StepContext, images: list[str], dockerfiles: list[str]) -> CheckResult:
    expected = " y ".join(f"«{i}» (de {d})" for i, d in zip(images, dockerfiles, strict=False))
    infos = [ctx.engine.image(image) for image in images]
    missing = [image for image, info in zip(images, infos, strict=True) if info is None]
    if missing:
        return CheckResult(
            False, expected, f"falta {', '.join(missing)}", "Constrúyelas con los comandos de los pasos."
        )
    for image, wanted in zip(images, dockerfiles, strict=False):
        used = built_with(ctx, image, dockerfiles)
        if used != wanted:
            said = f"con {used}" if used else "con un Dockerfile que no dice su nombre"
            return CheckResult(
                False,
                expected,
                f"«{image}» se construyó {said}, no con {wanted}",
                f"Constrúyela con el archivo que toca: «docker build -f {wanted} -t {image} .»",
            )
    ids = [info.id for info in infos if info is not None]
    if len(set(ids)) < len(ids):
        return CheckResult(
            False,
            expected,
            "son la misma imagen",
            "Compararlas no enseña nada: cada una debe salir de su propio Dockerfile («-f» elige cuál).",
        )
    return CheckResult(
        True, expected, ", ".join(f"{i}: {d}" for i, d in zip(images, dockerfiles, strict=False))
    )
