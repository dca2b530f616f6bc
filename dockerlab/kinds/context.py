"""What an action or a check gets to work with: the step, the engine and a way to report."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dockerlab.engine import labels
from dockerlab.engine.provider import EngineProvider
from dockerlab.errors import LessonError
from dockerlab.events import Event, Solving
from dockerlab.model import Lesson, Step

if TYPE_CHECKING:
    from dockerlab.engine.gateway import Engine


@dataclass
class StepContext:
    lesson: Lesson
    step: Step
    engines: EngineProvider
    emit: Callable[[Event], None] = lambda event: None
    answer: str | None = None
    tty: bool = False
    allow_shell: bool = False  # set only by an explicit per-run flag (--allow-shell)
    # An earlier check of this step failed: the step cannot pass, so checks that would wait
    # for a server give their verdict on the first answer instead.
    doomed: bool = False
    # when the step became the learner's current one (seconds since the epoch): objects the
    # step creates count only if made since then (see kinds/fresh.py); None: all count
    since: float | None = None

    @property
    def engine(self) -> Engine:
        return self.engines.get()

    @property
    def labels(self) -> dict[str, str]:
        return labels.lesson_labels(self.lesson.id)

    @property
    def label_filter(self) -> str:
        return labels.lesson_filter(self.lesson.id)

    def label_args(self) -> list[str]:
        """``--label KEY=VALUE`` for the CLI command shown to the learner."""
        return [arg for key, value in self.labels.items() for arg in ("--label", f"{key}={value}")]

    def solving(self, argv: list[str], description: str) -> None:
        """Tell the learner which ``docker`` command this action stands for."""
        self.emit(Solving(self.lesson.id, self.step.id, shlex.join(argv), description))

    @property
    def workdir(self) -> Path:
        return self.lesson.workdir or self.lesson.source.parent

    def path(self, relative: str) -> Path:
        """A path inside the lesson's working folder; escaping it is refused."""
        base = self.workdir.resolve()
        target = (base / relative).resolve()
        if target != base and base not in target.parents:
            raise LessonError(
                f"La ruta «{relative}» sale de la carpeta de la lección ({base}).",
                "Por seguridad, una lección solo puede usar archivos de su propia carpeta.",
            )
        return target
