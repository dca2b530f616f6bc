"""Load and validate lesson files into frozen :mod:`dockerlab.model` objects.

Errors name the file, the line and the field (``basico.yaml:12: steps[1].checks[0]: …``)
so an author can fix a lesson without reading Python.

A lesson file is read at one of two depths. In full (the default) every action and check is
checked against the kind registries, which means importing every kind module and the engine
code behind them: whatever runs, verifies or validates a lesson reads it so. An *outline*
checks everything else (YAML, fields, ids, steps, settings, the shape of each action and
check) but not the kinds' names and parameters: enough for the commands that only show
lessons (``list``, ``progress``, completion), which then start without importing the kinds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dockerlab.course.settings import defaults
from dockerlab.errors import LessonError
from dockerlab.model import FORMAT_VERSION, Lesson, Question, Setting, Spec, Step
from dockerlab.paths import lessons_dir

if TYPE_CHECKING:
    import yaml

    from dockerlab.course.parsed import ParsedLessons
    from dockerlab.kinds.base import Registry

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,40}$")
FieldPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Kinds:
    """The registries a full reading checks actions and checks against."""

    actions: Registry[Any]
    checks: Registry[Any]

    @classmethod
    def every(cls) -> Kinds:
        from dockerlab.kinds.all import ACTIONS, CHECKS

        return cls(ACTIONS, CHECKS)


@dataclass(frozen=True)
class Problem:
    file: Path
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else str(self.file)
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


def _dotted(path: FieldPath) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


class _Document:
    """YAML turned into plain Python, remembering the line of every field (``cached``: the
    data a clean earlier reading gave, without lines; a problem found then means reading the
    file again, to say where it is)."""

    def __init__(self, file: Path, text: str | None, cached: Any = None) -> None:
        self.file = file
        self.lines: dict[FieldPath, int] = {}
        self.problems: list[Problem] = []
        self.cached = text is None
        if text is None:
            self.data: Any = cached
            return
        import yaml

        self._mapping, self._sequence = yaml.MappingNode, yaml.SequenceNode
        # libyaml's parser is ~6x faster; it keeps line marks, which the error messages need.
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
        try:
            node = loader.get_single_node()
            self.data = None if node is None else self._convert(loader, node, ())
        finally:
            loader.dispose()

    def _convert(self, loader: yaml.SafeLoader, node: yaml.Node, path: FieldPath) -> Any:
        self.lines[path] = node.start_mark.line + 1
        if isinstance(node, self._mapping):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = loader.construct_object(key_node)
                if not isinstance(key, str):
                    key = str(key)
                if key in result:
                    self.problem(path + (key,), "clave repetida", key_node.start_mark.line + 1)
                result[key] = self._convert(loader, value_node, path + (key,))
            return result
        if isinstance(node, self._sequence):
            return [self._convert(loader, item, path + (i,)) for i, item in enumerate(node.value)]
        return loader.construct_object(node)

    def problem(self, path: FieldPath, message: str, line: int | None = None) -> None:
        if line is None:
            probe = path
            while probe and probe not in self.lines:
                probe = probe[:-1]
            line = self.lines.get(probe, 0)
        self.problems.append(Problem(self.file, line, _dotted(path), message))


def _text(
    doc: _Document, data: dict[str, Any], path: FieldPath, key: str, required: bool = True, default: str = ""
) -> str:
    value = data.get(key)
    if value is None:
        if required:
            doc.problem(path + (key,), "falta este campo obligatorio (texto)")
        return default
    if not isinstance(value, str) or (required and not value.strip()):
        doc.problem(path + (key,), "debe ser un texto no vacío")
        return default
    return value


def _texts(doc: _Document, data: dict[str, Any], path: FieldPath, key: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if value is None:
        return ()
    if not isinstance(value, list):
        doc.problem(path + (key,), "debe ser una lista de textos")
        return ()
    for i, item in enumerate(value):
        if not isinstance(item, str):
            hint = (
                " (¿lleva «: » o empieza por un símbolo? ponlo entre comillas)"
                if isinstance(item, dict)
                else ""
            )
            doc.problem(path + (key, i), "debe ser un texto" + hint)
    return tuple(str(v) for v in value)


def _specs(
    doc: _Document,
    data: dict[str, Any],
    path: FieldPath,
    key: str,
    what: str,
    kinds: Kinds | None,
    values: dict[str, Any] | None = None,
    workdir: Path | None = None,
) -> tuple[Spec, ...]:
    """Actions or checks, validated with every ``${setting}`` at its default value (in an
    outline, ``kinds`` is None: their shape only)."""
    from dockerlab.course.settings import substitute

    registry = None if kinds is None else (kinds.actions if what == "acción" else kinds.checks)
    raw = data.get(key, [])
    if raw is None:
        return ()
    if not isinstance(raw, list):
        doc.problem(path + (key,), f"debe ser una lista de {what}es: - tipo: {{parámetros}}")
        return ()
    specs: list[Spec] = []
    for i, item in enumerate(raw):
        here = path + (key, i)
        if isinstance(item, str):
            item = {item: {}}
        if not isinstance(item, dict) or len(item) != 1:
            doc.problem(here, f"cada {what} es un diccionario con una sola clave: su tipo")
            continue
        ((kind, params),) = item.items()
        params = {} if params is None else params
        if not isinstance(params, dict):
            doc.problem(here + (kind,), "los parámetros deben ser un diccionario")
            continue
        if registry is not None:
            for field, message in registry.problems(kind, substitute(params, values or {}), workdir):
                doc.problem(here + ((kind, field) if field else (kind,)), message)
        specs.append(Spec(kind, params))
    return tuple(specs)


def _inside(doc: _Document, data: dict[str, Any], path: FieldPath) -> tuple[str, ...]:
    """Commands typed inside the container the step's command opens: one line each."""
    commands = _texts(doc, data, path, "inside")
    if commands and not str(data.get("command") or "").strip():
        doc.problem(path + ("inside",), "necesita «command»: el comando que abre el contenedor")
    for i, command in enumerate(commands):
        here = path + ("inside", i)
        if not command.strip() or "\n" in command.strip():
            doc.problem(here, "cada comando es una línea no vacía (uno por elemento de la lista)")
    return tuple(command.strip() for command in commands)


def _question(doc: _Document, data: dict[str, Any], path: FieldPath) -> Question | None:
    raw = data.get("question")
    if raw is None:
        return None
    here = path + ("question",)
    if not isinstance(raw, dict):
        doc.problem(here, "debe ser un diccionario con «prompt» y, opcionalmente, «choices»")
        return None
    for key in raw:
        if key not in ("prompt", "choices"):
            doc.problem(here + (key,), f"campo desconocido «{key}» (admite: prompt, choices)")
    return Question(_text(doc, raw, here, "prompt"), _texts(doc, raw, here, "choices"))


# Every field of a lesson and of a step: (required, default, what it is). The authoring
# guide's tables are generated from these (scripts/gen_reference.py), so they cannot drift.
LESSON_FIELD_DOCS: dict[str, tuple[bool, str, str]] = {
    "format_version": (True, "—", f"versión del formato (hoy {FORMAT_VERSION}); una más nueva se rechaza"),
    "id": (True, "—", "identificador: minúsculas, números y guiones; el progreso se guarda con él"),
    "title": (True, "—", "título que ve el alumno"),
    "summary": (False, "vacío", "una línea para «dockerlab list»"),
    "requires": (
        False,
        "[]",
        "ids de las lecciones que conviene hacer antes: si el alumno elige esta en el menú sin "
        "haberlas terminado, «dockerlab start» se lo advierte (no se lo impide)",
    ),
    "workdir": (False, "la carpeta del archivo", "carpeta de trabajo, relativa al archivo"),
    "images": (False, "[]", "imágenes de Docker Hub que necesita (para «dockerlab prepare»)"),
    "settings": (
        False,
        "{}",
        "ajustes que se usan como ${nombre}: nombre: {default, kind (text, int, host_port, "
        "volume_name), doc}",
    ),
    "compose_volumes": (
        False,
        "[]",
        "volúmenes que Compose crea con un nombre fijo (proyecto_volumen): si el alumno ya "
        "tiene uno con ese nombre que no es de la lección, la lección no empieza (Compose lo "
        "usaría y «docker compose down -v» lo borraría) y se le dice qué hacer",
    ),
    "steps": (True, "—", "la lista de pasos"),
    "cleanup": (
        False,
        "[]",
        "acciones de limpieza que ejecuta la autoprueba antes y después; además se borra "
        "todo lo que lleva el label de la lección",
    ),
}
STEP_FIELD_DOCS: dict[str, tuple[bool, str, str]] = {
    "id": (True, "—", "identificador único en la lección (el progreso se guarda por id)"),
    "title": (True, "—", "título del paso"),
    "explain": (True, "—", "explicación en Markdown"),
    "command": (False, "vacío", "el comando exacto que escribe el alumno (entre comillas si lleva «: »)"),
    "inside": (
        False,
        "[]",
        "comandos que el alumno escribe dentro del contenedor que abre «command» (docker run -it "
        "… bash, docker exec -it …): se muestran después de él, uno por línea",
    ),
    "solve": (False, "[]", "acciones de «Ejecútalo por mí»"),
    "checks": (True, "—", "al menos una verificación; cada una debe fallar antes del paso"),
    "hints": (False, "[]", "pistas, en orden (entre comillas si llevan «: »)"),
    "question": (
        False,
        "—",
        "prompt y, opcional, choices; la respuesta la verifican answer_is, answer_image_id "
        "o answer_engine_version",
    ),
}
LESSON_FIELDS = set(LESSON_FIELD_DOCS)
STEP_FIELDS = set(STEP_FIELD_DOCS)


def _steps(
    doc: _Document, data: dict[str, Any], values: dict[str, Any], workdir: Path | None, kinds: Kinds | None
) -> tuple[Step, ...]:
    raw = data.get("steps")
    if not isinstance(raw, list) or not raw:
        doc.problem(("steps",), "debe ser una lista con al menos un paso")
        return ()
    steps: list[Step] = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        here: FieldPath = ("steps", i)
        if not isinstance(item, dict):
            doc.problem(here, "cada paso es un diccionario (id, title, explain, …)")
            continue
        for key in item:
            if key not in STEP_FIELDS:
                doc.problem(here + (key,), f"campo desconocido (admite: {', '.join(sorted(STEP_FIELDS))})")
        step_id = _text(doc, item, here, "id")
        if step_id and not SLUG.match(step_id):
            doc.problem(here + ("id",), "usa minúsculas, números y guiones (p. ej. «construir»)")
        if step_id in seen:
            doc.problem(here + ("id",), f"el id «{step_id}» ya lo usa otro paso")
        seen.add(step_id)
        checks = _specs(doc, item, here, "checks", "verificación", kinds, values, workdir)
        if not item.get("checks"):
            doc.problem(here + ("checks",), "cada paso necesita al menos una verificación")
        steps.append(
            Step(
                id=step_id,
                number=i + 1,
                title=_text(doc, item, here, "title"),
                explain=_text(doc, item, here, "explain"),
                command=_text(doc, item, here, "command", required=False),
                inside=_inside(doc, item, here),
                solve=_specs(doc, item, here, "solve", "acción", kinds, values, workdir),
                checks=checks,
                hints=_texts(doc, item, here, "hints"),
                question=_question(doc, item, here),
            )
        )
    return tuple(steps)


def _settings(doc: _Document, data: dict[str, Any]) -> tuple[Setting, ...]:
    """The ``settings`` field, and every ``${name}`` in the file must name one of them."""
    from dockerlab.course.settings import names_in, parse

    found = parse(data.get("settings"), lambda where, message: doc.problem(("settings", *where), message))
    known = {s.name for s in found}
    for key in ("steps", "cleanup"):
        for where, name in names_in(data.get(key)):
            if name not in known:
                listed = ", ".join(sorted(known)) or "ninguno: decláralo en «settings»"
                doc.problem(
                    (key, *where),
                    f"«${{{name}}}» no es un ajuste de la lección "
                    f"(ajustes: {listed}; para escribir «${{…}}» tal cual usa «$${{…}}»)",
                )
    return found


def read_document(path: Path) -> _Document | Problem:
    """A YAML file (a lesson, a workshop) as a document, or the one problem that stops it
    being read: unreadable, not UTF-8, not YAML (explained, with its line)."""
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        return Problem(path, 0, "", f"no se puede leer el archivo ({exc.strerror or exc})")
    except UnicodeDecodeError:
        return Problem(path, 0, "", "el archivo no está en UTF-8")
    try:
        return _Document(path, text)
    except yaml.YAMLError as exc:
        from dockerlab.course.yaml_errors import explain

        line, message = explain(exc, text)
        return Problem(path, line, "", message)
    except RecursionError:
        return Problem(path, 0, "", "YAML demasiado anidado")


def _volume_names(doc: _Document, data: dict[str, Any]) -> tuple[str, ...]:
    from dockerlab.course.volumenames import problem

    names = _texts(doc, data, (), "compose_volumes")
    for index, name in enumerate(names):
        if why := problem(name):
            doc.problem(("compose_volumes", index), why)
    return names


def check_file(
    path: Path, outline: bool = False, parsed: ParsedLessons | None = None
) -> tuple[Lesson | None, list[Problem]]:
    """Parse one lesson file; the lesson is None when any problem was found. An ``outline``
    leaves the kinds' names and parameters unchecked (see the module docstring): never run one.
    ``parsed``: the files parsed in earlier runs (:mod:`dockerlab.course.parsed`), used and
    kept up to date."""
    path = Path(path)
    cached = None if parsed is None else parsed.get(path)
    doc = _Document(path, None, cached) if cached is not None else read_document(path)
    if isinstance(doc, Problem):
        return None, [doc]
    lesson, problems = _build(path, doc, None if outline else Kinds.every())
    if doc.cached and problems:  # read the file itself, to report lines (or find it changed)
        return check_file(path, outline)
    if parsed is not None and not doc.cached and not problems:
        parsed.put(path, doc.data)
    return lesson, problems


def _build(path: Path, doc: _Document, kinds: Kinds | None) -> tuple[Lesson | None, list[Problem]]:
    data = doc.data
    if not isinstance(data, dict):
        return None, [Problem(path, 1, "", "una lección es un diccionario YAML (format_version, id, …)")]
    version = data.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        doc.problem(("format_version",), f"falta o no es un entero (usa {FORMAT_VERSION})")
    elif version > FORMAT_VERSION:
        doc.problem(
            ("format_version",),
            f"la versión {version} es más nueva que la que entiende "
            f"esta versión de dockerlab ({FORMAT_VERSION}); actualiza dockerlab",
        )
    elif version < 1:
        doc.problem(("format_version",), f"versión desconocida {version} (usa {FORMAT_VERSION})")
    for key in data:
        if key not in LESSON_FIELDS:
            doc.problem((key,), f"campo desconocido (admite: {', '.join(sorted(LESSON_FIELDS))})")
    lesson_id = _text(doc, data, (), "id")
    if lesson_id and not SLUG.match(lesson_id):
        doc.problem(("id",), "usa minúsculas, números y guiones (p. ej. «primeros-pasos»)")
    settings = _settings(doc, data)
    values = {s.name: s.default for s in settings}
    workdir_text = _text(doc, data, (), "workdir", required=False)
    try:
        workdir = (path.parent / workdir_text).resolve() if workdir_text else None
    except (OSError, ValueError):  # a NUL byte, a name too long… (found by the fuzz test)
        workdir = None
        doc.problem(("workdir",), "no es una ruta válida")
    if workdir is not None and not workdir.is_dir():
        doc.problem(("workdir",), f"la carpeta {workdir} no existe")
    lesson = Lesson(
        id=lesson_id,
        title=_text(doc, data, (), "title"),
        summary=_text(doc, data, (), "summary", required=False),
        steps=_steps(doc, data, values, workdir or path.parent, kinds),
        source=path.resolve(),
        workdir=workdir,
        requires=_texts(doc, data, (), "requires"),
        images=_texts(doc, data, (), "images"),
        compose_volumes=_volume_names(doc, data),
        cleanup=_specs(doc, data, (), "cleanup", "acción", kinds, values, workdir or path.parent),
        format_version=version if isinstance(version, int) else FORMAT_VERSION,
        settings=settings,
    )
    return (None if doc.problems else defaults(lesson)), doc.problems


def load_file(path: Path, outline: bool = False, parsed: ParsedLessons | None = None) -> Lesson:
    lesson, problems = check_file(path, outline, parsed)
    if lesson is None:
        listing = "\n".join(f"  • {p}" for p in problems)
        raise LessonError(
            f"La lección {path} no es válida:\n{listing}",
            "Corrige esos campos (consulta la guía de autoría en el README) y vuelve a probar.",
        )
    return lesson


class Catalog:
    """The shipped lessons, in course order (file names sort them: 10-…, 20-…), read in full
    or, with ``outline``, only to be shown; a lesson file named by path is read the same way."""

    def __init__(self, lessons: list[Lesson], outline: bool = False) -> None:
        self.lessons = lessons
        self.outline = outline

    def ids(self) -> list[str]:
        return [lesson.id for lesson in self.lessons]

    def get(self, ref: str) -> Lesson:
        """A shipped lesson by id, or any lesson file by path (``./mi-leccion.yaml``)."""
        for lesson in self.lessons:
            if lesson.id == ref:
                return lesson
        candidate = Path(ref)
        if ref.endswith((".yaml", ".yml")) or candidate.is_file():
            if not candidate.is_file():
                raise LessonError(
                    f"No encuentro el archivo de lección {ref}.",
                    "Revisa la ruta (relativa a la carpeta actual).",
                )
            return load_file(candidate, self.outline)
        raise LessonError(
            f"No existe la lección «{ref}».",
            f"Lecciones disponibles: {', '.join(self.ids())}. Prueba «dockerlab list».",
        )


def lesson_files(directory: Path | None = None) -> list[Path]:
    folder = directory or lessons_dir()
    return sorted(p for p in folder.glob("*.y*ml") if p.suffix in (".yaml", ".yml"))


def load_catalog(directory: Path | None = None, outline: bool = False) -> Catalog:
    """Every lesson in ``directory`` (the shipped ones by default); any problem in any file is
    a :class:`LessonError`. ``outline``: for commands that only show lessons (module docstring)."""
    files = lesson_files(directory)
    if not files:
        folder = directory or lessons_dir()
        raise LessonError(
            f"No encuentro ninguna lección en {folder}.",
            "La instalación de dockerlab está incompleta: reinstálalo (por ejemplo, "
            "«uv tool install --reinstall dockerlab-es»). Si usas DOCKERLAB_LESSONS, "
            "comprueba que apunta a una carpeta con archivos .yaml.",
        )
    from dockerlab.course.parsed import ParsedLessons, folder_cache

    parsed = ParsedLessons(folder_cache(directory or lessons_dir()))
    catalog = Catalog([load_file(path, outline, parsed) for path in files], outline)
    parsed.save()
    return catalog
