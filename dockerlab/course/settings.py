"""Lesson settings: values a lesson file declares once and uses as ``${name}`` in its text.

A lesson declares ``settings: {port: {default: 80, kind: host_port, doc: …}}`` and writes
``-p 127.0.0.1:${port}:80`` in a command, ``http://127.0.0.1:${port}/`` in a check, and so on.
The catalog substitutes the defaults; :func:`apply` re-substitutes other values (an
instructor's workshop file, ``dockerlab lesson ID --set port=8080``); :func:`resolve` runs
before a lesson starts and moves a ``host_port`` that cannot be used to a free one, and a
``volume_name`` the learner already owns to another name (volumenames.py), saying why.

A parameter that is exactly ``${name}`` takes the setting's typed value (an ``int`` port);
anywhere else the value is written into the text. ``$${name}`` stays as a literal ``${name}``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from dockerlab.course import volumenames
from dockerlab.engine.labels import LABEL_LESSON
from dockerlab.engine.ports import publishers
from dockerlab.errors import DockerlabError, LessonError
from dockerlab.model import Lesson, Question, Setting, Spec, Step

if TYPE_CHECKING:  # only resolve() needs them; the catalog (and so «list») does not
    from dockerlab.engine.provider import EngineProvider
    from dockerlab.events import Event

KINDS = ("text", "int", "host_port", "volume_name")
NAME = re.compile(r"^[a-z_][a-z0-9_]{0,40}$")
_PLACEHOLDER = re.compile(r"\$(\$?)\{([A-Za-z_][A-Za-z0-9_]*)\}")


# -- parsing and validation (used by the catalog) ------------------------------------------
def coerce(setting: Setting, value: Any) -> Any:
    """``value`` as this setting's type; ValueError with a Spanish reason when it is not."""
    if setting.kind in ("text", "volume_name"):
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise ValueError("debe ser un texto")
        if setting.kind == "volume_name" and (why := volumenames.problem(str(value))):
            raise ValueError(why)
        return str(value)
    if isinstance(value, bool):
        raise ValueError("debe ser un número entero")
    try:
        number = int(value) if isinstance(value, int | str) else None
    except ValueError:
        number = None
    if number is None:
        raise ValueError("debe ser un número entero")
    if setting.kind == "host_port" and not 1 <= number <= 65535:
        raise ValueError("un puerto va de 1 a 65535")
    return number


def parse(raw: Any, report: Callable[[tuple[str, ...], str], None]) -> tuple[Setting, ...]:
    """The ``settings:`` mapping of a lesson file; problems go to ``report(field, message)``."""
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        report((), "debe ser un diccionario: nombre: {default: …, kind: …, doc: …}")
        return ()
    found: list[Setting] = []
    for name, spec in raw.items():
        if not NAME.match(name):
            report((name,), "el nombre usa minúsculas, números y «_» (p. ej. «port»)")
            continue
        if not isinstance(spec, dict):
            spec = {"default": spec}
        for key in spec:
            if key not in ("default", "kind", "doc"):
                report((name, key), f"campo desconocido «{key}» (admite: default, kind, doc)")
        if "default" not in spec:
            report((name, "default"), "falta el valor por defecto («default»)")
            continue
        default = spec["default"]
        kind = spec.get("kind") or (
            "int" if isinstance(default, int) and not isinstance(default, bool) else "text"
        )
        if kind not in KINDS:
            report((name, "kind"), f"tipo desconocido «{kind}» (admite: {', '.join(KINDS)})")
            continue
        doc = spec.get("doc", "")
        if not isinstance(doc, str):
            report((name, "doc"), "debe ser un texto")
            doc = ""
        setting = Setting(name, default, kind, doc.strip())
        try:
            found.append(dataclasses.replace(setting, default=coerce(setting, default)))
        except ValueError as exc:
            report((name, "default"), f"el valor por defecto {exc}")
    return tuple(found)


def names_in(value: Any) -> list[tuple[tuple[str | int, ...], str]]:
    """(relative path, name) of every ``${name}`` inside ``value`` (strings, lists, dicts)."""
    found: list[tuple[tuple[str | int, ...], str]] = []
    _collect(value, (), found)
    return found


def _collect(value: Any, path: tuple[str | int, ...], found: list[tuple[tuple[str | int, ...], str]]) -> None:
    """Walks a whole lesson on every read («list» too): text without ``${`` (nearly all of
    it) costs one test here, no call and no path."""
    if isinstance(value, str):
        if "${" in value:
            found.extend((path, m.group(2)) for m in _PLACEHOLDER.finditer(value) if not m.group(1))
        return
    pairs: Iterable[tuple[Any, Any]]
    if isinstance(value, list):
        pairs = ((index, item) for index, item in enumerate(value))
    elif isinstance(value, dict):
        pairs = value.items()
    else:
        return
    for key, item in pairs:
        if isinstance(key, str) and "${" in key:
            _collect(key, (*path, key), found)
        if not isinstance(item, str) or "${" in item:
            _collect(item, (*path, key), found)


# -- substitution ----------------------------------------------------------------------------
def substitute(value: Any, values: Mapping[str, Any]) -> Any:
    """``value`` with every ``${name}`` replaced; an exact ``${name}`` keeps the typed value."""
    if isinstance(value, str):
        if "${" not in value:
            return value
        exact = _PLACEHOLDER.fullmatch(value)
        if exact and not exact.group(1) and exact.group(2) in values:
            return values[exact.group(2)]

        def replace(match: re.Match[str]) -> str:
            if match.group(1):
                return "${" + match.group(2) + "}"
            name = match.group(2)
            return str(values[name]) if name in values else match.group(0)

        return _PLACEHOLDER.sub(replace, value)
    if isinstance(value, list | tuple):
        return type(value)(_sub(item, values) for item in value)
    if isinstance(value, dict):
        return {_sub(k, values): _sub(v, values) for k, v in value.items()}
    return value


def _sub(value: Any, values: Mapping[str, Any]) -> Any:
    """:func:`substitute` without a call for text that has no ``${`` (nearly all of it)."""
    return value if isinstance(value, str) and "${" not in value else substitute(value, values)


def _spec(spec: Spec, values: Mapping[str, Any]) -> Spec:
    return Spec(spec.kind, substitute(dict(spec.params), values))


def _step(step: Step, values: Mapping[str, Any]) -> Step:
    question = step.question
    if question is not None:
        question = Question(
            substitute(question.prompt, values), tuple(substitute(c, values) for c in question.choices)
        )
    return dataclasses.replace(
        step,
        title=substitute(step.title, values),
        explain=substitute(step.explain, values),
        command=substitute(step.command, values),
        inside=tuple(substitute(c, values) for c in step.inside),
        solve=tuple(_spec(s, values) for s in step.solve),
        checks=tuple(_spec(s, values) for s in step.checks),
        hints=tuple(substitute(h, values) for h in step.hints),
        question=question,
    )


def _with_values(lesson: Lesson, values: Mapping[str, Any], explicit: Iterable[str]) -> Lesson:
    template = lesson.template or lesson
    if not template.settings:
        return template
    return dataclasses.replace(
        template,
        steps=tuple(_step(s, values) for s in template.steps),
        cleanup=tuple(_spec(s, values) for s in template.cleanup),
        values=dict(values),
        explicit=frozenset(explicit),
        template=template,
    )


def defaults(lesson: Lesson) -> Lesson:
    """The lesson with every setting at its default (what the catalog hands out)."""
    return _with_values(lesson, {s.name: s.default for s in lesson.settings}, ())


def apply(lesson: Lesson, overrides: Mapping[str, Any]) -> Lesson:
    """The lesson with these settings changed; unknown names and bad values are errors."""
    declared = {s.name: s for s in lesson.settings}
    values = dict(lesson.values) or {s.name: s.default for s in lesson.settings}
    for name, value in overrides.items():
        setting = declared.get(name)
        if setting is None:
            known = ", ".join(declared) or "ninguno"
            raise LessonError(
                f"La lección «{lesson.id}» no tiene el ajuste «{name}».", f"Ajustes que admite: {known}."
            )
        try:
            values[name] = coerce(setting, value)
        except ValueError as exc:
            raise LessonError(
                f"El ajuste «{name}» de la lección «{lesson.id}» {exc} (recibí «{value}»).", describe(setting)
            ) from exc
    return _with_values(lesson, values, set(lesson.explicit) | set(overrides))


def apply_assignments(lesson: Lesson, assignments: Iterable[str]) -> Lesson:
    """For ``--set name=value`` (repeatable) on the command line."""
    overrides: dict[str, str] = {}
    for text in assignments:
        name, sep, value = text.partition("=")
        if not sep or not name.strip():
            raise LessonError(
                f"«{text}» no tiene la forma nombre=valor.", "Escribe, por ejemplo, --set port=8080."
            )
        overrides[name.strip()] = value.strip()
    return apply(lesson, overrides)


def describe(setting: Setting) -> str:
    kind = {
        "host_port": "puerto de tu equipo",
        "int": "número entero",
        "volume_name": "nombre de volumen",
    }.get(setting.kind, "texto")
    text = f"{setting.name} ({kind}, por defecto {setting.default})"
    return f"{text}: {setting.doc}" if setting.doc else text


# -- host ports --------------------------------------------------------------------------------
def _published(engines: EngineProvider) -> dict[int, tuple[str, str]]:
    """Host ports published by running containers: port → (container, its lesson label)."""
    try:
        running = publishers(engines.get())
    except DockerlabError:
        return {}
    return {port: (c.name, c.labels.get(LABEL_LESSON, "")) for port, (c, *_) in running.items()}


def _reason(port: int, problem: str, holder: str) -> str:
    if holder:
        return f"El puerto {port} de tu equipo ya lo usa el contenedor «{holder}»."
    if problem == "forbidden":
        return (
            f"Windows tiene reservado el puerto {port} (Hyper-V y WSL apartan rangos de puertos; "
            "«netsh interface ipv4 show excludedportrange protocol=tcp» los muestra), así que "
            "Docker tampoco puede publicarlo."
        )
    return f"El puerto {port} de tu equipo está ocupado por otro programa."


def resolve(
    lesson: Lesson,
    engines: EngineProvider,
    emit: Callable[[Event], None] = lambda event: None,
    since: float | None = None,
) -> Lesson:
    """Before a lesson starts: move every ``host_port`` setting that cannot be used and
    every ``volume_name`` the learner already owns. ``since``: when the learner began this
    attempt of the lesson (a volume they made by hand after it is the lesson's). A volume of
    the learner's that Compose would take over stops the lesson here (volumenames.guard).
    """
    volumenames.guard(lesson, engines, since)
    changes = {**_port_changes(lesson, engines, emit), **volumenames.changes(lesson, engines, emit, since)}
    if not changes:
        return lesson
    return _with_values(lesson, {**lesson.values, **changes}, lesson.explicit)


def _port_changes(lesson: Lesson, engines: EngineProvider, emit: Callable[[Event], None]) -> dict[str, int]:
    """A port already published by a container of this same lesson is kept (the learner is
    resuming, or checking from another terminal); settings the user gave explicitly are
    never changed, only warned about."""
    from dockerlab.engine.hostports import fallbacks, port_problem
    from dockerlab.events import Notice

    ports = [s for s in lesson.settings if s.kind == "host_port"]
    if not ports:
        return {}
    held = _published(engines)
    changes: dict[str, int] = {}
    taken: set[int] = set()
    for setting in ports:
        wanted = int(lesson.values.get(setting.name, setting.default))
        candidates = [wanted, *fallbacks(wanted)]
        own = next((p for p in candidates if held.get(p, ("", ""))[1] == lesson.id), None)
        if own is not None and own not in taken:
            taken.add(own)
            if own != wanted and setting.name not in lesson.explicit:
                changes[setting.name] = own
                emit(
                    Notice(
                        "info",
                        f"Sigo usando el puerto {own} (en lugar del {wanted}): ahí "
                        f"está publicado el contenedor «{held[own][0]}» de esta lección.",
                    )
                )
            continue
        holder = held.get(wanted, ("", ""))[0]
        problem = "busy" if holder else port_problem(wanted)
        if problem is None and wanted not in taken:
            taken.add(wanted)
            continue
        if setting.name in lesson.explicit:
            emit(
                Notice(
                    "warning",
                    _reason(wanted, problem or "busy", holder),
                    "Lo pediste tú, así que lo mantengo; si falla, elige otro con --set.",
                )
            )
            continue
        chosen = next(
            (p for p in fallbacks(wanted) if p not in taken and p not in held and port_problem(p) is None),
            None,
        )
        if chosen is None:
            emit(
                Notice(
                    "warning",
                    _reason(wanted, problem or "busy", holder),
                    f"No encontré otro puerto libre; libéralo o usa --set {setting.name}=PUERTO.",
                )
            )
            continue
        taken.add(chosen)
        changes[setting.name] = chosen
        # a doc that mentions the value itself carries instructions for it (ML_PORT=…)
        about = (
            substitute(setting.doc, {**lesson.values, setting.name: chosen}) + " "
            if "${" + setting.name + "}" in setting.doc
            else ""
        )
        emit(
            Notice(
                "warning",
                _reason(wanted, problem or "busy", holder)
                + f" En esta lección usaré el {chosen}: los comandos y las comprobaciones "
                "que verás ya lo llevan.",
                f"{about}Si prefieres otro, empieza la lección con --set {setting.name}=PUERTO.",
            )
        )
    return changes
