"""Workshop files: an instructor's list of lessons, in order, with per-lesson settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dockerlab.course.catalog import Catalog, Problem, _Document, check_file, read_document
from dockerlab.errors import LessonError
from dockerlab.model import Lesson

WORKSHOP_VERSION = 1
FIELDS = {"format_version", "title", "lessons", "pause"}
ENTRY_FIELDS = {"lesson", "settings"}


@dataclass(frozen=True)
class WorkshopEntry:
    lesson: Lesson
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Workshop:
    title: str
    entries: tuple[WorkshopEntry, ...]
    source: Path
    pause: float = 0.0


def _setting_problem(lesson: Lesson, name: str, value: Any) -> str | None:
    """Why ``name: value`` does not fit the lesson's setting, in Spanish; None when it does."""
    from dockerlab.course.settings import coerce

    setting = next((s for s in lesson.settings if s.name == name), None)
    if setting is None:
        known = ", ".join(s.name for s in lesson.settings) or "ninguno"
        return f"la lección «{lesson.id}» no tiene el ajuste «{name}» (tiene: {known})"
    try:
        coerce(setting, value)
    except ValueError as exc:
        return f"el ajuste «{name}» de la lección «{lesson.id}» {exc} (recibí «{value}»)"
    return None


def _resolve(doc: _Document, catalog: Catalog, ref: str, here: tuple[str | int, ...]) -> Lesson | None:
    if ref in catalog.ids():
        return catalog.get(ref)
    path = (doc.file.parent / ref) if not Path(ref).is_absolute() else Path(ref)
    if not ref.endswith((".yaml", ".yml")):
        doc.problem(
            here,
            f"no existe la lección «{ref}» (disponibles: {', '.join(catalog.ids())}; "
            "o la ruta a un archivo .yaml)",
        )
        return None
    if not path.is_file():
        doc.problem(here, f"no encuentro el archivo de lección {path}")
        return None
    lesson, problems = check_file(path)
    doc.problems.extend(problems)
    return lesson


def check_workshop(path: Path, catalog: Catalog) -> tuple[Workshop | None, list[Problem]]:
    path = Path(path)
    doc = read_document(path)
    if isinstance(doc, Problem):
        return None, [doc]
    data = doc.data
    if not isinstance(data, dict):
        return None, [
            Problem(path, 1, "", "un taller es un diccionario YAML (format_version, title, lessons)")
        ]
    version = data.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        doc.problem(("format_version",), f"falta o no es un entero (usa {WORKSHOP_VERSION})")
    elif version > WORKSHOP_VERSION:
        doc.problem(
            ("format_version",),
            f"la versión {version} es más nueva que la que entiende esta versión de dockerlab; actualízalo",
        )
    for key in data:
        if key not in FIELDS:
            doc.problem((key,), f"campo desconocido (admite: {', '.join(sorted(FIELDS))})")
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        doc.problem(("title",), "falta el título del taller (texto)")
    pause = data.get("pause", 0)
    if not isinstance(pause, int | float) or isinstance(pause, bool) or pause < 0:
        doc.problem(("pause",), "debe ser un número de segundos (0 o más)")
        pause = 0
    raw = data.get("lessons")
    entries: list[WorkshopEntry] = []
    if not isinstance(raw, list) or not raw:
        doc.problem(("lessons",), "debe ser una lista con al menos una lección")
        raw = []
    for i, item in enumerate(raw):
        here: tuple[str | int, ...] = ("lessons", i)
        settings: dict[str, Any] = {}
        if isinstance(item, str):
            ref = item
        elif isinstance(item, dict):
            for key in item:
                if key not in ENTRY_FIELDS:
                    doc.problem(here + (key,), "campo desconocido (admite: lesson, settings)")
            ref = item.get("lesson")  # type: ignore[assignment]
            if not isinstance(ref, str):
                doc.problem(here + ("lesson",), "falta el id o la ruta de la lección")
                continue
            raw_settings = item.get("settings") or {}
            if not isinstance(raw_settings, dict):
                doc.problem(here + ("settings",), "debe ser un diccionario nombre: valor")
            else:
                settings = dict(raw_settings)
        else:
            doc.problem(here, "cada lección es un id, una ruta o {lesson: …, settings: …}")
            continue
        lesson = _resolve(doc, catalog, ref, here + (("lesson",) if isinstance(item, dict) else ()))
        if lesson is None:
            continue
        for name, value in settings.items():
            if (why := _setting_problem(lesson, name, value)) is not None:
                doc.problem(here + ("settings", name), why)
        entries.append(WorkshopEntry(lesson, settings))
    if doc.problems:
        return None, doc.problems
    return Workshop(str(title), tuple(entries), path.resolve(), float(pause)), []


def load_workshop(path: Path, catalog: Catalog) -> Workshop:
    workshop, problems = check_workshop(path, catalog)
    if workshop is None:
        listing = "\n".join(f"  • {p}" for p in problems)
        raise LessonError(
            f"El taller {path} no es válido:\n{listing}",
            "Corrige esos campos y vuelve a probar «dockerlab workshop validate».",
        )
    return workshop
