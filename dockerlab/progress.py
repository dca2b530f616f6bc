"""The learner's progress: a versioned JSON file, keyed by lesson id and step id.

Writes are atomic (temporary file + rename), so a crash or Ctrl-C never leaves half a file.
A corrupt file, or one from a newer dockerlab, is moved aside (never deleted) and reported.
"""

from __future__ import annotations

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


@dataclass
class ProgressStore:
    path: Path
    data: dict[str, Any] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)

    @classmethod
    def open(cls, path: Path | None = None) -> ProgressStore:
        store = cls(path or data_home() / "progress.json")
        store.data = store._read()
        return store

    def _fresh(self) -> dict[str, Any]:
        return {"format_version": PROGRESS_VERSION, "lessons": {}}

    def _read(self) -> dict[str, Any]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return self._fresh()
        except OSError as exc:
            raise ProgressError(f"No puedo leer tu progreso en {self.path} ({exc.strerror}).",
                                "Revisa los permisos de ese archivo, o usa DOCKERLAB_HOME para "
                                "guardar el progreso en otra carpeta.") from exc
        try:
            data = json.loads(text)
            if not isinstance(data, dict) or not isinstance(data.get("lessons"), dict):
                raise ValueError("unexpected structure")
        except ValueError:
            backup = self._backup("corrupto")
            self.notices.append(f"Tu archivo de progreso estaba dañado; lo guardé como {backup} "
                                "y empiezo uno nuevo.")
            return self._fresh()
        version = data.get("format_version")
        if not isinstance(version, int) or version > PROGRESS_VERSION:
            backup = self._backup(f"v{version}")
            self.notices.append(f"Tu progreso es de una versión más nueva de dockerlab "
                                f"(formato {version}); lo guardé como {backup} y empiezo uno "
                                "nuevo. Actualiza dockerlab para recuperarlo.")
            return self._fresh()
        return data

    def _backup(self, reason: str) -> Path:
        backup = self.path.with_name(f"{self.path.name}.{reason}-{time.strftime('%Y%m%d-%H%M%S')}")
        try:
            os.replace(self.path, backup)
        except OSError as exc:
            raise ProgressError(f"No puedo apartar el progreso dañado {self.path}.",
                                f"Muévelo a mano y vuelve a empezar ({exc.strerror}).") from exc
        return backup

    def save(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".progress-", dir=self.path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(self.data, handle, ensure_ascii=False, indent=2, sort_keys=True)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except OSError as exc:
            raise ProgressError(f"No puedo guardar tu progreso en {self.path} ({exc.strerror}).",
                                "Revisa permisos y espacio libre, o usa DOCKERLAB_HOME para "
                                "guardarlo en otra carpeta.") from exc

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
        return next((s for s in step_ids if self.step_status(lesson_id, s) not in DONE_STATES),
                    None)

    # -- updates -------------------------------------------------------------------------
    def record(self, lesson_id: str, step_id: str, status: str) -> None:
        step = self.lesson(lesson_id)["steps"].setdefault(step_id, {"attempts": 0, "failures": 0})
        step["attempts"] = int(step.get("attempts", 0)) + (status != SKIPPED)
        if status == FAILED:
            step["failures"] = int(step.get("failures", 0)) + 1
        if status != FAILED or step.get("status") not in DONE_STATES:
            step["status"] = status
        step["at"] = _now()
        self.lesson(lesson_id)["updated"] = _now()
        self.save()

    def reset(self, lesson_id: str | None = None) -> None:
        if lesson_id is None:
            self.data = self._fresh()
        else:
            self.data["lessons"].pop(lesson_id, None)
        self.save()
