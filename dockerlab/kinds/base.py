"""What every kind module is made of: registries keyed by ``kind``, parameters, verdicts.

Each kind module (images, containers, compose…) keeps its own ``actions`` and ``checks``
registries; :mod:`dockerlab.kinds.all` lists the modules and joins them. Each entry declares
its parameters, so the catalog can validate lesson files (and the authoring guide can
document them) without running anything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class CheckResult:
    passed: bool
    expected: str
    found: str
    hint: str = ""
    skipped: bool = False  # could not be judged here (no network…): neither passed nor failed


Action = Callable[..., None]
Check = Callable[..., CheckResult]
# Problems a kind finds in its parameters beyond their types: (field, Spanish message).
Validator = Callable[[Mapping[str, Any], Path | None], list[tuple[str, str]]]

TYPE_NAMES: dict[type, str] = {
    str: "texto",
    int: "entero",
    float: "número",
    bool: "sí/no (true/false)",
    list: "lista",
    dict: "diccionario",
}


@dataclass(frozen=True)
class Param:
    name: str
    type: type
    required: bool = False
    default: Any = None
    doc: str = ""


@dataclass(frozen=True)
class Kind(Generic[F]):
    name: str
    func: F
    params: tuple[Param, ...]
    doc: str
    validate: Validator | None = None


class Registry(Generic[F]):
    def __init__(self, what: str) -> None:
        self.what = what
        self._kinds: dict[str, Kind[F]] = {}

    @classmethod
    def union(cls, what: str, parts: Iterable[Registry[F]]) -> Registry[F]:
        """One registry with the kinds of every part; a name declared twice is a bug."""
        joined: Registry[F] = cls(what)
        for part in parts:
            for kind in part:
                if kind.name in joined:
                    raise ValueError(f"kind {kind.name!r} is registered twice")
                joined._kinds[kind.name] = kind
        return joined

    def register(
        self, name: str, doc: str, *params: Param, validate: Validator | None = None
    ) -> Callable[[F], F]:
        def decorate(func: F) -> F:
            self._kinds[name] = Kind(name, func, params, doc, validate)
            return func

        return decorate

    def __contains__(self, name: object) -> bool:
        return name in self._kinds

    def __iter__(self) -> Iterator[Kind[F]]:
        return iter(sorted(self._kinds.values(), key=lambda k: k.name))

    def get(self, name: str) -> Kind[F]:
        return self._kinds[name]

    def names(self) -> list[str]:
        return sorted(self._kinds)

    def problems(
        self, name: str, params: Mapping[str, Any], workdir: Path | None = None
    ) -> list[tuple[str, str]]:
        """(field, Spanish message) for every problem with these parameters (``workdir``: the
        lesson's folder, for kinds that look at it, like the mount rule)."""
        if name not in self._kinds:
            known = ", ".join(self.names())
            return [("", f"{self.what} desconocida «{name}». Conocidas: {known}.")]
        kind = self._kinds[name]
        declared = {p.name: p for p in kind.params}
        found: list[tuple[str, str]] = []
        for key in params:
            if key not in declared:
                allowed = ", ".join(declared) or "ninguno"
                found.append((key, f"parámetro desconocido «{key}» (admite: {allowed})"))
        for param in kind.params:
            if param.name not in params:
                if param.required:
                    found.append((param.name, f"falta el parámetro obligatorio «{param.name}»"))
                continue
            value = params[param.name]
            if not _has_type(value, param.type):
                found.append(
                    (
                        param.name,
                        f"«{param.name}» debe ser {TYPE_NAMES.get(param.type, param.type.__name__)}"
                        f", no {TYPE_NAMES.get(type(value), type(value).__name__)}",
                    )
                )
        if kind.validate is not None and not found:
            found.extend(kind.validate(params, workdir))
        return found

    def with_defaults(self, name: str, params: Mapping[str, Any]) -> dict[str, Any]:
        merged = {p.name: p.default for p in self._kinds[name].params}
        merged.update(params)
        return merged


def _has_type(value: Any, expected: type) -> bool:
    if expected is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if expected is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, expected)
