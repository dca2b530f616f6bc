"""Workshop preparation for poor Wi-Fi: which images the lessons need, pulling the missing
ones, packing them into one tar for USB sticks, and what will still need the network."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from dockerlab.engine.gateway import Engine
from dockerlab.engine.refs import tagged
from dockerlab.errors import EngineOperationError
from dockerlab.events import Event, Output, TransferProgress
from dockerlab.model import Lesson

_FROM = re.compile(r"^\s*FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?", re.IGNORECASE)
_NETWORK = re.compile(
    r"\b(pip3?|uv)\s+(pip\s+)?install\b|\bapt-get\s+install\b|\bapk\s+add\b"
    r"|\bnpm\s+(ci|install)\b|\bcurl\b|\bwget\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ImageNeed:
    ref: str
    lessons: tuple[str, ...]
    present: bool
    size: int  # bytes; 0 when not present


@dataclass(frozen=True)
class NetworkNeed:
    lesson: str
    where: str  # file:line
    what: str


def dockerfiles(lesson: Lesson) -> list[Path]:
    folder = lesson.workdir
    if folder is None or not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("Dockerfile*") if p.is_file())


def base_images(dockerfile: Path) -> list[str]:
    found: list[str] = []
    stages: set[str] = set()
    for line in dockerfile.read_text(encoding="utf-8", errors="replace").splitlines():
        match = _FROM.match(line)
        if not match:
            continue
        image, alias = match.group(1), match.group(2)
        if image.lower() != "scratch" and image not in stages and "$" not in image:
            found.append(tagged(image))
        if alias:
            stages.add(alias)
    return found


def image_refs(lessons: Iterable[Lesson]) -> dict[str, list[str]]:
    """Every image the lessons need (declared in ``images`` or a Dockerfile's FROM)."""
    needs: dict[str, list[str]] = {}
    for lesson in lessons:
        refs = [tagged(i) for i in lesson.images]
        for dockerfile in dockerfiles(lesson):
            refs += base_images(dockerfile)
        for ref in refs:
            owners = needs.setdefault(ref, [])
            if lesson.id not in owners:
                owners.append(lesson.id)
    return needs


def network_needs(lessons: Iterable[Lesson]) -> list[NetworkNeed]:
    """Build steps that download at build time (packages): an image pack cannot carry them."""
    found: list[NetworkNeed] = []
    for lesson in lessons:
        for dockerfile in dockerfiles(lesson):
            text = dockerfile.read_text(encoding="utf-8", errors="replace").splitlines()
            for number, line in enumerate(text, start=1):
                if line.lstrip().upper().startswith("RUN") and _NETWORK.search(line):
                    where = f"{dockerfile}:{number}"
                    found.append(NetworkNeed(lesson.id, where, line.strip()[:120]))
    return found


def survey(engine: Engine, lessons: list[Lesson]) -> list[ImageNeed]:
    needs = []
    for ref, owners in image_refs(lessons).items():
        image = engine.image(ref)
        needs.append(ImageNeed(ref, tuple(owners), image is not None, image.size if image else 0))
    return needs


def pull_missing(engine: Engine, needs: list[ImageNeed], emit: Callable[[Event], None]) -> list[str]:
    pulled = []
    for need in needs:
        if need.present:
            continue
        emit(Output(f"Descargando {need.ref}…", "pull"))
        for update in engine.pull(need.ref):
            if update.layer and update.status:
                emit(TransferProgress(need.ref, update.layer, update.status, update.current, update.total))
        pulled.append(need.ref)
    return pulled


def save_pack(engine: Engine, refs: list[str], target: Path) -> int:
    missing = [ref for ref in refs if engine.image(ref) is None]
    if missing:
        raise EngineOperationError(
            f"No puedo guardar el paquete: faltan imágenes en este motor: {', '.join(missing)}.",
            "Ejecuta antes «dockerlab prepare» sin --save para descargarlas.",
            code="pack_missing",
        )
    return engine.save_images(refs, target)


def load_pack(engine: Engine, source: Path, refs: list[str]) -> tuple[list[str], list[str]]:
    """Load a pack; returns (what the engine reported, needed images still missing)."""
    if not source.is_file():
        raise EngineOperationError(
            f"No encuentro el paquete {source}.", "Revisa la ruta del archivo .tar.", code="pack_not_found"
        )
    loaded = engine.load_images(source)
    missing = [ref for ref in refs if engine.image(ref) is None]
    return loaded, missing
