"""The learner's progress: a versioned JSON file, keyed by lesson id and step id.

Writes are atomic (temporary file + rename), so a crash or Ctrl-C never leaves half a file.
A corrupt file, or one from a newer dockerlab, is moved aside (never deleted) and reported.
When the file cannot be read or written, the learner goes on with their progress kept in
memory and a warning; a file we could not read is never overwritten.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dockerlab.errors import ProgressError
from dockerlab.paths import data_home

PROGRESS_VERSION = 1
PASSED, FAILED, SKIPPED, OFFLINE = "passed", "failed", "skipped", "offline"
DONE_STATES = (PASSED, SKIPPED, OFFLINE)


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


_MEMORY_ONLY = (
    "Sigo sin guardar: lo que hagas ahora se recordará solo hasta que cierres "
    "dockerlab. Para arreglarlo, revisa los permisos y el espacio libre de esa "
    "carpeta, o elige otra con la variable DOCKERLAB_HOME."
)


@dataclass
class ProgressStore:
    path: Path
    data: dict[str, Any] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)  # for the learner; see drain_notices()
    memory_only: bool = False  # the file could not be read or written: never touch it again

    @classmethod
    def open(cls, path: Path | None = None) -> ProgressStore:
        store = cls(path or data_home() / "progress.json")
        store.data = store._read()
        return store

    def _fresh(self) -> dict[str, Any]:
        return {"format_version": PROGRESS_VERSION, "lessons": {}}

    def _read(self) -> dict[str, Any]:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return self._fresh()
        except OSError as exc:
            self._go_memory_only(
                f"No puedo leer tu progreso en {self.path} ({exc.strerror or exc}); no lo toco."
            )
            return self._fresh()
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
            return self._fresh()
        version = data.get("format_version")
        if not isinstance(version, int) or isinstance(version, bool) or version > PROGRESS_VERSION:
            backup = self._backup(f"v{version}")
            if backup is not None:
                self.notices.append(
                    f"Tu progreso es de una versión más nueva de dockerlab "
                    f"(formato {version}); lo guardé como {backup} y empiezo uno "
                    "nuevo. Actualiza dockerlab para recuperarlo."
                )
            return self._fresh()
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

    def drain_notices(self) -> list[str]:
        """The warnings not shown yet (the caller shows them to the learner)."""
        notices, self.notices[:] = list(self.notices), []
        return notices

    def save(self, strict: bool = True) -> None:
        """Write the file atomically. Unless ``strict``, a failure is not an error: the
        store keeps going in memory and leaves a notice (see :meth:`drain_notices`)."""
        if self.memory_only:
            if strict:
                raise ProgressError(
                    f"No puedo guardar tu progreso en {self.path}.",
                    "Revisa los permisos y el espacio libre de esa carpeta, o "
                    "usa DOCKERLAB_HOME para guardarlo en otra.",
                )
            return
        tmp = ""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".progress-", dir=self.path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(self.data, handle, ensure_ascii=False, indent=2, sort_keys=True)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
            tmp = ""
        except OSError as exc:
            if strict:
                raise ProgressError(
                    f"No puedo guardar tu progreso en {self.path} ({exc.strerror or exc}).",
                    "Revisa permisos y espacio libre, o usa DOCKERLAB_HOME para guardarlo en otra carpeta.",
                ) from exc
            self._go_memory_only(f"No puedo guardar tu progreso en {self.path} ({exc.strerror or exc}).")
        finally:
            if tmp:  # interrupted (Ctrl-C) or failed before the rename: no stray temp file
                with contextlib.suppress(OSError):
                    os.unlink(tmp)

    # -- queries -------------------------------------------------------------------------
    def lesson(self, lesson_id: str) -> dict[str, Any]:
        lessons: dict[str, Any] = self.data["lessons"]
        entry: dict[str, Any] = lessons.setdefault(lesson_id, {"steps": {}})
        entry.setdefault("steps", {})
        return entry

    def step_status(self, lesson_id: str, step_id: str) -> str:
        step = self.data["lessons"].get(lesson_id, {}).get("steps", {}).get(step_id, {})
        return str(step.get("status", ""))

    def done(self, lesson_id: str, step_ids: list[str]) -> int:
        return sum(self.step_status(lesson_id, s) in DONE_STATES for s in step_ids)

    def resume_point(self, lesson_id: str, step_ids: list[str]) -> str | None:
        """The first step not done yet, in lesson order (None when all are done)."""
        return next((s for s in step_ids if self.step_status(lesson_id, s) not in DONE_STATES), None)

    def file_lessons(self) -> dict[str, str]:
        """Lessons done from a file (not shipped): lesson id -> the file it was loaded from."""
        lessons: dict[str, Any] = self.data["lessons"]
        return {
            lesson_id: str(entry["source"])
            for lesson_id, entry in lessons.items()
            if isinstance(entry, dict) and isinstance(entry.get("source"), str)
        }

    # -- updates -------------------------------------------------------------------------
    def remember_file(self, lesson_id: str, source: str, title: str, step_ids: list[str]) -> None:
        """A lesson loaded from a file: keep where it came from and its steps, so progress,
        reset and the class report know it without the file (saved with the next step)."""
        entry = self.lesson(lesson_id)
        entry.update({"source": source, "title": title, "step_ids": list(step_ids)})

    def record(self, lesson_id: str, step_id: str, status: str) -> None:
        step = self.lesson(lesson_id)["steps"].setdefault(step_id, {"attempts": 0, "failures": 0})
        step["attempts"] = int(step.get("attempts", 0)) + (status != SKIPPED)
        if status == FAILED:
            step["failures"] = int(step.get("failures", 0)) + 1
        if status != FAILED or step.get("status") not in DONE_STATES:
            step["status"] = status
        step["at"] = _now()
        self.lesson(lesson_id)["updated"] = _now()
        self.save(strict=False)

    def reset(self, lesson_id: str | None = None) -> None:
        if lesson_id is None:
            self.data = self._fresh()
        else:
            self.data["lessons"].pop(lesson_id, None)
        self.save()
