"""What the runner reports while it works. Presenters turn these into text, JSON or widgets.

Events are plain frozen data: the runner never prints, and every presenter sees the same
stream (``--json`` writes them out one per line, each in the usual envelope).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from dockerlab.envelope import envelope
from dockerlab.plaintext import visible_text


@dataclass(frozen=True)
class Event:
    @property
    def name(self) -> str:
        return _EVENT_NAMES[type(self)]

    def to_dict(self) -> dict[str, Any]:
        return envelope({"event": self.name, **asdict(self)})


@dataclass(frozen=True)
class LessonStarted(Event):
    lesson: str
    title: str
    total_steps: int
    workdir: str


@dataclass(frozen=True)
class StepStarted(Event):
    lesson: str
    step: str
    number: int
    total: int
    title: str
    explain: str
    command: str
    workdir: str
    question: str = ""  # what the learner will be asked, shown with the step
    inside: tuple[str, ...] = ()  # commands to type inside the container ``command`` opens


@dataclass(frozen=True)
class Solving(Event):
    """dockerlab is about to perform an action; ``command`` is the equivalent docker CLI."""

    lesson: str
    step: str
    command: str
    description: str


@dataclass(frozen=True)
class Output(Event):
    """A line of build output, container output or compose output (terminal codes removed,
    see :mod:`dockerlab.plaintext`)."""

    text: str
    source: str = "build"

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", visible_text(self.text))


@dataclass(frozen=True)
class TransferProgress(Event):
    """Pull progress of one layer (bytes)."""

    image: str
    layer: str
    status: str
    current: int
    total: int


@dataclass(frozen=True)
class Waiting(Event):
    """A bounded wait (server start-up…); ``elapsed`` of ``limit`` seconds."""

    what: str
    elapsed: float
    limit: float


@dataclass(frozen=True)
class CheckFinished(Event):
    lesson: str
    step: str
    kind: str
    passed: bool
    expected: str
    found: str
    hint: str = ""
    skipped: bool = False


@dataclass(frozen=True)
class StepFinished(Event):
    lesson: str
    step: str
    status: str  # passed | failed | skipped | offline
    message: str = ""


@dataclass(frozen=True)
class HintShown(Event):
    lesson: str
    step: str
    number: int
    total: int
    text: str


@dataclass(frozen=True)
class Notice(Event):
    """Something the learner should know that is not a step result (warnings, backups)."""

    level: str  # info | warning | error
    message: str
    fix: str = ""


@dataclass(frozen=True)
class Table(Event):
    """A small table for the learner (e.g. build times and sizes side by side)."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class LessonFinished(Event):
    lesson: str
    passed: int
    failed: int
    skipped: int
    complete: bool


_EVENT_NAMES: dict[type, str] = {
    LessonStarted: "lesson_started",
    StepStarted: "step_started",
    Solving: "solving",
    Output: "output",
    TransferProgress: "transfer_progress",
    Waiting: "waiting",
    CheckFinished: "check_finished",
    StepFinished: "step_finished",
    HintShown: "hint",
    Notice: "notice",
    Table: "table",
    LessonFinished: "lesson_finished",
}
