"""Immutable lesson data, as the catalog parses it from lesson files."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dockerlab.errors import LessonError

FORMAT_VERSION = 1


@dataclass(frozen=True)
class Spec:
    """One action or check of a step: its registered ``kind`` and its parameters."""

    kind: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Question:
    """A question the learner answers in the tutor; checks compare the answer."""

    prompt: str
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Setting:
    """A value a lesson lets instructors and learners change (``${name}`` in its text).

    ``kind`` is ``text``, ``int``, ``host_port`` (a port of the learner's machine: before
    the lesson starts, dockerlab checks it is free and otherwise picks another one) or
    ``volume_name`` (a volume the lesson creates: one the learner already owns with that
    name is left alone and the lesson picks another name).
    """

    name: str
    default: Any
    kind: str = "text"
    doc: str = ""


@dataclass(frozen=True)
class Step:
    id: str
    number: int
    title: str
    explain: str
    command: str = ""
    # commands the learner types inside the container that ``command`` opens (``docker run
    # -it … bash``, ``docker exec -it …``), shown after it, one per line
    inside: tuple[str, ...] = ()
    solve: tuple[Spec, ...] = ()
    checks: tuple[Spec, ...] = ()
    hints: tuple[str, ...] = ()
    question: Question | None = None


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    summary: str
    steps: tuple[Step, ...]
    source: Path
    workdir: Path | None = None
    requires: tuple[str, ...] = ()  # lessons to finish first: the menu advises, never refuses
    images: tuple[str, ...] = ()
    # volumes Compose creates under names the lesson cannot change (project_volume): one the
    # learner already owns stops the lesson before it starts (volumenames.guard)
    compose_volumes: tuple[str, ...] = ()
    cleanup: tuple[Spec, ...] = ()
    format_version: int = FORMAT_VERSION
    settings: tuple[Setting, ...] = ()
    values: Mapping[str, Any] = field(default_factory=dict)  # what ${name} was replaced with
    explicit: frozenset[str] = frozenset()  # settings given by the user (never changed for them)
    template: Lesson | None = field(default=None, repr=False, compare=False)  # before ${…}

    def step(self, ref: str | int) -> Step:
        """A step by its id or by its 1-based number."""
        text = str(ref).strip()
        for step in self.steps:
            if step.id == text or str(step.number) == text:
                return step
        ids = ", ".join(s.id for s in self.steps)
        raise LessonError(
            f"La lección «{self.id}» no tiene el paso «{text}».",
            f"Pasos disponibles (por id o número 1–{len(self.steps)}): {ids}.",
        )

    def next_step(self, step: Step) -> Step | None:
        return self.steps[step.number] if step.number < len(self.steps) else None
