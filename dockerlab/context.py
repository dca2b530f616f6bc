"""What an action or a check gets to work with: the step, the engine and a way to report."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from dockerlab.errors import LessonError
from dockerlab.events import Event
from dockerlab.model import LABEL_LESSON, Lesson, Step

if TYPE_CHECKING:
    from dockerlab.engine.gateway import Engine


class EngineProvider:
    """Connects to the engine on first use and then shares that one client."""

    def __init__(self, factory: Callable[[], Engine] | None = None) -> None:
        self._factory = factory
        self._engine: Engine | None = None

    def get(self) -> Engine:
        if self._engine is None:
            if self._factory is None:
                from dockerlab.engine.gateway import Engine

                self._engine = Engine.connect()
            else:
                self._engine = self._factory()
        return self._engine

    def reset(self) -> None:
        """Forget the client (after the engine went away) so the next use reconnects."""
        if self._engine is not None:
            # closing a dead connection must not mask the real error
            with contextlib.suppress(Exception):
                self._engine.close()
        self._engine = None


@dataclass
class StepContext:
    lesson: Lesson
    step: Step
    engines: EngineProvider
    emit: Callable[[Event], None] = lambda event: None
    answer: str | None = None
    tty: bool = False
    notes: dict[str, str] = field(default_factory=dict)
    allow_shell: bool = False  # set only by an explicit per-run flag (--allow-shell)

    @property
    def engine(self) -> Engine:
        return self.engines.get()

    @property
    def labels(self) -> dict[str, str]:
        return {LABEL_LESSON: self.lesson.id}

    @property
    def label_filter(self) -> str:
        return f"{LABEL_LESSON}={self.lesson.id}"

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
