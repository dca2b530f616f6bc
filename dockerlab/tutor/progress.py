"""The learner's progress: a versioned JSON file, keyed by lesson id and step id.

Writes are atomic (temporary file + rename), so a crash or Ctrl-C never leaves half a file.
Each change is a locked read-modify-write (``progress.json.lock`` next to the file), so
``dockerlab check`` in one terminal and ``dockerlab start`` in another never lose a step.
A corrupt file, or one from a newer dockerlab, is moved aside (never deleted) and reported.
When the file cannot be read or written, the learner goes on with their progress kept in
memory and a warning; a file we could not read is never overwritten.

Callers ask questions (:meth:`ProgressStore.status_of`, :meth:`ProgressStore.current_step`…);
the dictionary behind them stays inside this module.
"""

from __future__ import annotations

import copy
import errno
import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dockerlab.atomic import write_json
from dockerlab.errors import ProgressError
from dockerlab.model import Lesson, Step
from dockerlab.paths import data_home

PROGRESS_VERSION = 1
PASSED, FAILED, SKIPPED, OFFLINE = "passed", "failed", "skipped", "offline"
DONE_STATES = (PASSED, SKIPPED, OFFLINE)
LOCK_TIMEOUT = 15.0  # seconds; a change holds the lock for milliseconds

Data = dict[str, Any]


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


def _count(value: object) -> int:
    """A counter from the file; anything a hand edit left that is not a number counts 0."""
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _fresh() -> Data:
    return {"format_version": PROGRESS_VERSION, "lessons": {}}


_MEMORY_ONLY = (
    "Sigo sin guardar: lo que hagas ahora se recordará solo hasta que cierres "
    "dockerlab. Para arreglarlo, revisa los permisos y el espacio libre de esa "
    "carpeta, o elige otra con la variable DOCKERLAB_HOME."
)


@dataclass(frozen=True)
class StepRecord:
    """What the file says about one step (for exports such as ``progress --csv``)."""

    lesson: str
    step: str
    status: str
    attempts: int
    failures: int
    at: str


class ProgressStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.notices: list[str] = []  # for the learner; see drain_notices()
        self.memory_only = False  # the file could not be read or written: never touch it again
        self._data: Data = _fresh()

    @classmethod
    def open(cls, path: Path | None = None) -> ProgressStore:
        store = cls(path or data_home() / "progress.json")
        store._data = store._read() or _fresh()
        return store

    # -- questions -----------------------------------------------------------------------
    def status_of(self, lesson_id: str, step_id: str) -> str:
        """``passed``, ``failed``, ``skipped``, ``offline``, or "" for a step never tried."""
        return str(self._step(lesson_id, step_id).get("status", ""))

    def is_done(self, lesson_id: str, step_id: str) -> bool:
        return self.status_of(lesson_id, step_id) in DONE_STATES

    def done_count(self, lesson: Lesson) -> int:
        return sum(self.is_done(lesson.id, step.id) for step in lesson.steps)

    def current_step(self, lesson: Lesson) -> Step | None:
        """The first step not done yet, in lesson order (None when all are done)."""
        return next((s for s in lesson.steps if not self.is_done(lesson.id, s.id)), None)

    def finished(self, lesson: Lesson) -> bool:
        return self.current_step(lesson) is None

    def last_touched(self, lesson_id: str) -> str:
        """When a step of the lesson was last recorded (ISO 8601), "" if never."""
        return str(self._lesson(lesson_id).get("updated", ""))

    def started_at(self, lesson_id: str, step_id: str) -> float | None:
        """When the step became current for the learner (seconds since the epoch), or None
        when dockerlab never showed it (e.g. «dockerlab check» without «start»)."""
        since = self._step(lesson_id, step_id).get("since")
        return float(since) if isinstance(since, int | float) and not isinstance(since, bool) else None

    def began(self, lesson: Lesson) -> float | None:
        """When the learner began the attempt in course (the first step that became current),
        or None when the lesson is finished or was never shown: what the engine holds from
        after that moment may be the learner's own work in this lesson."""
        if self.finished(lesson):
            return None
        moments = [t for s in lesson.steps if (t := self.started_at(lesson.id, s.id)) is not None]
        return min(moments, default=None)

    def lessons(self) -> list[str]:
        """Ids of the lessons with something recorded, in the file's order."""
        return list(self._data["lessons"])

    def file_lessons(self) -> dict[str, str]:
        """Lessons done from a file (not shipped): lesson id -> the file it was loaded from."""
        return {
            lesson_id: str(entry["source"])
            for lesson_id, entry in self._data["lessons"].items()
            if isinstance(entry, dict) and isinstance(entry.get("source"), str)
        }

    def file_lesson_steps(self, lesson_id: str) -> tuple[str, list[str]]:
        """(title, step ids) remembered for a lesson done from a file."""
        entry = self._lesson(lesson_id)
        steps = entry.get("step_ids")
        return str(entry.get("title", lesson_id)), [str(s) for s in steps] if isinstance(steps, list) else []

    def records(self) -> list[StepRecord]:
        return [
            StepRecord(
                lesson_id,
                step_id,
                str(step.get("status", "")),
                _count(step.get("attempts")),
                _count(step.get("failures")),
                str(step.get("at", "")),
            )
            for lesson_id in self.lessons()
            for step_id, step in self._steps(lesson_id).items()
            if isinstance(step, dict) and step.get("status")  # shown but never tried: no record
        ]

    def export(self) -> list[Data]:
        """Every lesson with progress, for ``progress --json``: a list like ``list --json``'s,
        each lesson ``{"id", "steps": [{"id", "status", …}], …}``."""
        lessons: list[Data] = []
        for lesson_id, entry in self._data["lessons"].items():
            if not isinstance(entry, dict):
                continue
            item = {"id": lesson_id} | {k: copy.deepcopy(v) for k, v in entry.items() if k != "steps"}
            steps = entry.get("steps")
            item["steps"] = [
                {"id": step_id} | dict(step)
                for step_id, step in (steps.items() if isinstance(steps, dict) else [])
                if isinstance(step, dict) and step.get("status")  # shown but never tried: none
            ]
            lessons.append(item)
        return lessons

    def drain_notices(self) -> list[str]:
        """The warnings not shown yet (the caller shows them to the learner)."""
        notices, self.notices[:] = list(self.notices), []
        return notices

    def _lesson(self, lesson_id: str) -> Data:
        entry = self._data["lessons"].get(lesson_id)
        return entry if isinstance(entry, dict) else {}

    def _steps(self, lesson_id: str) -> Data:
        steps = self._lesson(lesson_id).get("steps")
        return steps if isinstance(steps, dict) else {}

    def _step(self, lesson_id: str, step_id: str) -> Data:
        step = self._steps(lesson_id).get(step_id)
        return step if isinstance(step, dict) else {}

    # -- changes -------------------------------------------------------------------------
    def record(self, lesson_id: str, step_id: str, status: str) -> None:
        """Note an attempt at a step. Never raises for a file problem: see drain_notices()."""

        def change(data: Data) -> None:
            lesson = data["lessons"].setdefault(lesson_id, {"steps": {}})
            step = lesson.setdefault("steps", {}).setdefault(step_id, {"attempts": 0, "failures": 0})
            step["attempts"] = _count(step.get("attempts")) + (status != SKIPPED)
            if status == FAILED:
                step["failures"] = _count(step.get("failures")) + 1
            if status != FAILED or step.get("status") not in DONE_STATES:
                step["status"] = status
            step["at"] = lesson["updated"] = _now()

        self._change(change, strict=False)

    def mark_started(self, lesson_id: str, step_id: str, now: float | None = None) -> float:
        """Note that the step is now the learner's current one and return since when it is.
        Resuming keeps the first time; a step that was done and is walked again starts anew,
        so only what the learner does from now on counts as evidence for it."""
        moment = time.time() if now is None else now
        kept = self.started_at(lesson_id, step_id)
        if kept is not None and not self.is_done(lesson_id, step_id):
            return kept

        def change(data: Data) -> None:
            lesson = data["lessons"].setdefault(lesson_id, {"steps": {}})
            step = lesson.setdefault("steps", {}).setdefault(step_id, {"attempts": 0, "failures": 0})
            since = step.get("since")
            fresh_start = step.get("status") in DONE_STATES or not isinstance(since, int | float)
            if fresh_start:
                step["since"] = moment

        self._change(change, strict=False)
        return self.started_at(lesson_id, step_id) or moment

    def remember_file(self, lesson_id: str, source: str, title: str, step_ids: list[str]) -> None:
        """A lesson loaded from a file: keep where it came from and its steps, so progress,
        reset and the class report know it without the file."""

        def change(data: Data) -> None:
            lesson = data["lessons"].setdefault(lesson_id, {"steps": {}})
            lesson.update({"source": source, "title": title, "step_ids": list(step_ids)})

        self._change(change, strict=False)

    def reset(self, lesson_id: str | None = None) -> None:
        """Forget one lesson, or everything. Raises :class:`ProgressError` if it cannot be saved."""

        def change(data: Data) -> None:
            if lesson_id is None:
                data["lessons"].clear()
            else:
                data["lessons"].pop(lesson_id, None)

        self._change(change, strict=True)

    def _change(self, change: Callable[[Data], None], strict: bool) -> None:
        """Read the latest file, apply ``change`` and write it back, all under the lock, so
        another dockerlab writing at the same time never loses a step. Unless ``strict``, a
        failure is not an error: the store goes on in memory and leaves a notice."""
        if self.memory_only:
            change(self._data)
            self._cannot_save(None, strict)
            return
        changed = False
        try:
            with self._locked():
                latest = self._read()
                if latest is not None:
                    self._data = latest
                change(self._data)
                changed = True
                if not self.memory_only:
                    write_json(self.path, self._data, sort_keys=True)
        except OSError as exc:  # no folder, no permission, disk full, lock timeout
            if not changed:
                change(self._data)
            self._cannot_save(exc, strict)
            return
        if self.memory_only:
            self._cannot_save(None, strict)

    @contextmanager
    def _locked(self) -> Iterator[None]:
        from filelock import FileLock, Timeout  # imported when something is saved, not for «list»

        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(self.path.with_name(self.path.name + ".lock"), timeout=LOCK_TIMEOUT)
        try:
            lock.acquire()
        except Timeout as exc:
            raise OSError(
                errno.EAGAIN, f"otro dockerlab lo tiene bloqueado desde hace más de {LOCK_TIMEOUT:.0f} s"
            ) from exc
        try:
            yield
        finally:
            lock.release()

    def _cannot_save(self, exc: OSError | None, strict: bool) -> None:
        why = f" ({exc.strerror or exc})" if exc is not None else ""
        if strict:
            raise ProgressError(
                f"No puedo guardar tu progreso en {self.path}{why}.",
                "Revisa los permisos y el espacio libre de esa carpeta, o "
                "usa DOCKERLAB_HOME para guardarlo en otra.",
            ) from exc
        if exc is not None:
            self._go_memory_only(f"No puedo guardar tu progreso en {self.path}{why}.")

    # -- the file ------------------------------------------------------------------------
    def _read(self) -> Data | None:
        """The file's document; a fresh one when there is no file; None when it is unusable
        (then it was moved aside or left alone, with a notice)."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return _fresh()
        except OSError as exc:
            self._go_memory_only(
                f"No puedo leer tu progreso en {self.path} ({exc.strerror or exc}); no lo toco."
            )
            return None
        try:
            data = json.loads(raw.decode("utf-8"))
            if not isinstance(data, dict) or not isinstance(data.get("lessons"), dict):
                raise ValueError("unexpected structure")
        except ValueError:
            backup = self._backup("corrupto")
            if backup is not None:
                self.notices.append(
                    f"Tu archivo de progreso estaba dañado; lo guardé como {backup} y empiezo uno nuevo."
                )
            return None
        version = data.get("format_version")
        if not isinstance(version, int) or isinstance(version, bool) or version > PROGRESS_VERSION:
            backup = self._backup(f"v{version}")
            if backup is not None:
                self.notices.append(
                    f"Tu progreso es de una versión más nueva de dockerlab "
                    f"(formato {version}); lo guardé como {backup} y empiezo uno "
                    "nuevo. Actualiza dockerlab para recuperarlo."
                )
            return None
        return data

    def _backup(self, reason: str) -> Path | None:
        """Move the unusable file aside (never delete it); None when even that fails."""
        backup = self.path.with_name(f"{self.path.name}.{reason}-{time.strftime('%Y%m%d-%H%M%S')}")
        try:
            os.replace(self.path, backup)
        except OSError as exc:
            self._go_memory_only(
                f"Tu archivo de progreso {self.path} no se puede usar y tampoco "
                f"puedo apartarlo ({exc.strerror or exc}); no lo toco."
            )
            return None
        return backup

    def _go_memory_only(self, why: str) -> None:
        if not self.memory_only:
            self.memory_only = True
            self.notices.append(f"{why} {_MEMORY_ONLY}")
