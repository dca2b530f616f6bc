"""The lesson menu's rows: each lesson with the learner's progress in it.

Kept apart from :mod:`dockerlab.tutor.walk` so that ``list`` can show the same rows as the
``start`` menu without importing the interactive walk, its leftovers and the engine types.
"""

from __future__ import annotations

from dataclasses import dataclass

from dockerlab.course.catalog import Catalog
from dockerlab.tutor.progress import ProgressStore


@dataclass(frozen=True)
class MenuItem:
    lesson_id: str
    title: str
    done: int
    total: int

    @property
    def mark(self) -> str:
        return "✓" if self.done == self.total else ("◐" if self.done else "○")


def menu_items(catalog: Catalog, store: ProgressStore) -> list[MenuItem]:
    return [
        MenuItem(lesson.id, lesson.title, store.done_count(lesson), len(lesson.steps))
        for lesson in catalog.lessons
    ]


def suggested_lesson(items: list[MenuItem]) -> str | None:
    """The lesson in progress, else the first one not finished."""
    started = [i for i in items if 0 < i.done < i.total]
    pending = [i for i in items if i.done < i.total]
    chosen = started or pending
    return chosen[0].lesson_id if chosen else None
