"""How long an image's dependency install took, and how big the image is, side by side.

The time comes from the image's own history (``docker history``): each build step records
when it finished, so the install step lasted from the previous step's time to its own. That
works the same whether dockerlab or the learner built the image, and even when the step came
from the build cache (it shows the time of the build that really ran it). BuildKit stamps
every step with the same time; then the duration is unknown and the table says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from dockerlab.engine.labels import LABEL_DOCKERFILE
from dockerlab.events import Solving, Table
from dockerlab.kinds.base import Action, Check, CheckResult, Param, Registry
from dockerlab.kinds.context import StepContext

actions: Registry[Action] = Registry("acción")
checks: Registry[Check] = Registry("verificación")


@dataclass(frozen=True)
class BuildFacts:
    image: str
    present: bool
    step_seconds: int | None = None  # None: not measurable from the history
    size: int = 0
    id: str = ""
    dockerfile: str = ""  # the file that built it, from its label ("" when unlabelled)


def install_seconds(rows: list[dict[str, Any]], step: str) -> int | None:
    """How long the history's first step containing ``step`` took (rows newest first), or
    None when that cannot be told (no such step, or BuildKit's single time stamp)."""
    for index, row in enumerate(rows[:-1]):
        if step in row["created_by"]:
            seconds = int(row["created"]) - int(rows[index + 1]["created"])
            return seconds if seconds > 0 else None
    return None


def measure(ctx: StepContext, image: str, step: str, dockerfiles: Sequence[str] = ()) -> BuildFacts:
    info = ctx.engine.image(image)
    if info is None:
        return BuildFacts(image, False)
    rows = ctx.engine.history(image)
    used = info.labels.get(LABEL_DOCKERFILE, "") or _from_history(ctx, rows, dockerfiles)
    return BuildFacts(image, True, install_seconds(rows, step), info.size, info.id, used)


def _words(text: str) -> str:
    return " ".join(text.split())


def _run_lines(dockerfile: str) -> list[str]:
    """The commands of a Dockerfile's RUN instructions, continuation lines joined."""
    joined = dockerfile.replace("\\\n", " ")
    lines = (line.strip() for line in joined.splitlines())
    return [_words(line[4:]) for line in lines if line.upper().startswith("RUN ")]


def _from_history(ctx: StepContext, rows: list[dict[str, Any]], dockerfiles: Sequence[str]) -> str:
    """For an image without the label (built from an older copy of the example): the one
    Dockerfile of the step whose RUN commands all appear in the image's history, or ""."""
    steps = " | ".join(_words(str(row.get("created_by", ""))) for row in rows)
    found = []
    for name in dict.fromkeys(dockerfiles):
        try:
            commands = _run_lines(ctx.path(name).read_text("utf-8", errors="replace"))
        except OSError:
            continue
        if commands and all(command in steps for command in commands):
            found.append(name)
    return found[0] if len(found) == 1 else ""


def wrong_inputs(facts: list[BuildFacts], dockerfiles: list[str]) -> tuple[str, str] | None:
    """(found, hint) when the images compared are not what the step compares: the same
    image twice, or one built from another Dockerfile than the step names."""
    for fact, wanted in zip(facts, dockerfiles, strict=False):
        if fact.dockerfile != wanted:
            used = f"con {fact.dockerfile}" if fact.dockerfile else "con un Dockerfile que no dice su nombre"
            return (
                f"«{fact.image}» se construyó {used}, no con {wanted}",
                f"Constrúyela con el archivo que toca: «docker build -f {wanted} -t {fact.image} .»",
            )
    for index, fact in enumerate(facts):
        for other in facts[index + 1 :]:
            if fact.id == other.id:
                return (
                    f"«{fact.image}» y «{other.image}» son la misma imagen ({fact.id[7:19]})",
                    "Compararlas no enseña nada: cada una debe salir de su propio Dockerfile "
                    "(«-f» elige cuál).",
                )
    return None


def _seconds(facts: BuildFacts) -> str:
    return "—" if facts.step_seconds is None else f"≈ {facts.step_seconds} s"


def _size(facts: BuildFacts) -> str:
    return f"{facts.size / 1e6:.0f} MB"


@actions.register(
    "compare_builds",
    "Muestra una tabla con el tiempo del paso de instalación y el tamaño de varias imágenes "
    "(leído de su historial: vale aunque las construyeras tú).",
    Param("images", list, required=True, doc="imágenes a comparar"),
    Param("step", str, default="install", doc="texto de la instrucción RUN que se cronometra"),
)
def compare_builds(ctx: StepContext, images: list[str], step: str) -> None:
    ctx.emit(
        Solving(
            ctx.lesson.id,
            ctx.step.id,
            "docker history " + " ; docker history ".join(images),
            "Comparo cuánto tardó en instalar dependencias cada imagen y cuánto ocupa",
        )
    )
    facts = [measure(ctx, image, step) for image in images]
    ctx.emit(
        Table(
            "Instalar dependencias: tiempo y tamaño de cada imagen",
            ("imagen", "paso de instalación", "tamaño de la imagen"),
            tuple(
                (f.image, _seconds(f), _size(f)) if f.present else (f.image, "no existe", "—") for f in facts
            ),
        )
    )


@checks.register(
    "build_comparison",
    "Las imágenes que se comparan existen, son distintas y salen de los Dockerfiles indicados; "
    "dice el tiempo de su paso de instalación y su tamaño.",
    Param("images", list, required=True, doc="imágenes a comparar"),
    Param("step", str, default="install", doc="texto de la instrucción RUN que se cronometra"),
    Param(
        "dockerfiles",
        list,
        default=[],
        doc="el Dockerfile de cada imagen, en el mismo orden (lo leo de su etiqueta "
        "io.dockerlab.dockerfile, que ponen los Dockerfiles de ejemplo)",
    ),
)
def build_comparison(ctx: StepContext, images: list[str], step: str, dockerfiles: list[str]) -> CheckResult:
    expected = "las imágenes " + " y ".join(f"«{i}»" for i in images) + " para compararlas"
    facts = [measure(ctx, image, step, dockerfiles) for image in images]
    missing = [f.image for f in facts if not f.present]
    if missing:
        return CheckResult(
            False,
            expected,
            f"falta {', '.join(missing)}",
            "Constrúyelas con los comandos de los pasos anteriores.",
        )
    wrong = wrong_inputs(facts, dockerfiles)
    if wrong is not None:
        return CheckResult(False, expected, *wrong)
    summary = " · ".join(f"{f.image}: instalación {_seconds(f)}, {_size(f)}" for f in facts)
    if any(f.step_seconds is None for f in facts):
        summary += (
            " (— = tu Docker no guardó el tiempo de cada paso, como pasa con BuildKit; "
            "«Ejecútalo por mí» lo mide)"
        )
    return CheckResult(True, expected, summary)
