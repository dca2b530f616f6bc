"""What dockerlab did on this machine that labels cannot tell: images it pulled.

Images from Docker Hub (``ubuntu:latest``) carry no dockerlab label, so a cleanup cannot tell
whether the learner (or an instructor preparing the room) already had them. The ledger
remembers, per lesson, which images dockerlab itself downloaded and which were already
there; only the first may be removed without asking. A small JSON file next to the progress,
written atomically; if it is unreadable dockerlab starts a new one and, being unsure,
removes nothing.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dockerlab.atomic import write_json
from dockerlab.paths import data_home

LEDGER_VERSION = 1
PULLED, KEPT = "pulled", "kept"  # dockerlab downloaded it | it was there before the lesson


@dataclass
class Ledger:
    path: Path
    data: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def open(cls, path: Path | None = None) -> Ledger:
        ledger = cls(path or data_home() / "ledger.json")
        try:
            data = json.loads(ledger.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = None
        if (
            not isinstance(data, dict)
            or data.get("format_version") != LEDGER_VERSION
            or not isinstance(data.get("images"), dict)
        ):
            data = {"format_version": LEDGER_VERSION, "images": {}}
        ledger.data = data
        return ledger

    def save(self) -> None:
        write_json(self.path, self.data)

    def image_origin(self, lesson: str, ref: str) -> str | None:
        """PULLED, KEPT, or None when dockerlab never pulled ``ref`` for this lesson."""
        origin = self.data["images"].get(lesson, {}).get(ref)
        return origin if origin in (PULLED, KEPT) else None

    def note_pull(self, lesson: str, ref: str, existed: bool) -> None:
        """dockerlab pulled ``ref``; ``existed`` says whether it was already on the machine."""
        images = self.data["images"].setdefault(lesson, {})
        if images.get(ref) == PULLED and existed:
            return  # pulled by us earlier in this lesson: still ours
        images[ref] = KEPT if existed else PULLED
        self.save()

    def forget(self, lesson: str, ref: str) -> None:
        images = self.data["images"].get(lesson, {})
        if images.pop(ref, None) is not None:
            if not images:
                self.data["images"].pop(lesson, None)
            self.save()


def note_pull(lesson: str, ref: str, existed: bool) -> None:
    """Record a pull without letting an unwritable data folder break the lesson."""
    with contextlib.suppress(OSError):
        Ledger.open().note_pull(lesson, ref, existed)
