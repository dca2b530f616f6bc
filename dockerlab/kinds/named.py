"""Volumes and networks alike: engine objects found by name, owned by the lesson whose label
they carry, and checked for being there or gone in the same words.

:class:`Noun` says how the learner reads about each sort; Spanish articles and pronouns
agree with the noun («un volumen … créalo», «una red … créala»).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

from dockerlab.errors import LessonError
from dockerlab.kinds.base import CheckResult
from dockerlab.kinds.context import StepContext
from dockerlab.kinds.images import similar


@dataclass(frozen=True)
class Noun:
    word: str  # «volumen», «red»
    feminine: bool
    command: str  # «docker volume», «docker network»
    in_use: str  # what to do first when containers hold it: {users}, {first} are filled in

    @property
    def o(self) -> str:
        """The ending that agrees with the noun: créal·o / créal·a, llamad·o / llamad·a."""
        return "a" if self.feminine else "o"

    @property
    def a(self) -> str:
        return f"{'una' if self.feminine else 'un'} {self.word}"

    @property
    def the(self) -> str:
        return f"{'la' if self.feminine else 'el'} {self.word}"


class Found(Protocol):
    """What the engine tells of a volume or a network that is there."""

    @property
    def driver(self) -> str: ...


def refuse_foreign(ctx: StepContext, noun: Noun, name: str, owner: str | None) -> None:
    """One with that name that this lesson did not create is not touched."""
    if owner == ctx.lesson.id:
        return
    it = "l" + noun.o
    origin = f"{it} creó la lección «{owner}»" if owner else f"no {it} creó dockerlab: puede ser tuy{noun.o}"
    raise LessonError(
        f"Ya existe {noun.a} «{name}» ({origin}). No {it} uso ni {it} borro, para no tocar "
        "datos que no son de esta lección.",
        f"Si {it} creaste tú en esta lección, ejecuta tú el comando del paso; si no {it} "
        f"necesitas, bórral{noun.o} («{noun.command} rm {name}») y vuelve a intentarlo.",
    )


def exists(
    noun: Noun, name: str, found: Found | None, names: Callable[[], Iterable[str]], driver: str | None = None
) -> CheckResult:
    """Passes when one was ``found`` (with that ``driver``, if given); else says which
    similar name exists (``names`` lists them all)."""
    expected = f"{noun.a} llamad{noun.o} «{name}»" + (f" con driver {driver}" if driver else "")
    if found is None:
        close = similar(name, list(names()))
        return CheckResult(
            False,
            expected,
            f"no existe; sí existe «{close[0]}»" if close else "no existe",
            f"Créal{noun.o} con «{noun.command} create {name}»; «{noun.command} ls» l{noun.o}s lista.",
        )
    if driver and found.driver != driver:
        return CheckResult(
            False,
            expected,
            f"existe con driver {found.driver}",
            f"Bórral{noun.o} y créal{noun.o} con «{noun.command} create -d {driver} {name}».",
        )
    return CheckResult(True, expected, f"existe (driver {found.driver})")


def absent(noun: Noun, name: str, there: bool, users: list[str]) -> CheckResult:
    """Passes when it is not ``there``; else how to remove it, first freeing it from the
    containers that use it (``users``), which Docker requires."""
    expected = f"que no exista {noun.the} «{name}»"
    if not there:
        return CheckResult(True, expected, "no existe")
    remove = f"«{noun.command} rm {name}»"
    if not users:
        return CheckResult(False, expected, "existe", f"Bórral{noun.o} con {remove}.")
    listed = ", ".join(users)
    first = noun.in_use.format(users=listed, first=users[0])
    return CheckResult(False, expected, f"existe (en uso por: {listed})", f"{first} y luego {remove}.")
