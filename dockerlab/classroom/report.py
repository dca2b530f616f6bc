"""Class progress: merge many learners' progress exports into one table."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dockerlab.course.catalog import Catalog
from dockerlab.envelope import envelope
from dockerlab.errors import ProgressError
from dockerlab.tutor.progress import DONE_STATES


@dataclass(frozen=True)
class LearnerRow:
    learner: str
    done: dict[str, int]  # lesson id -> steps done
    failures: int


@dataclass(frozen=True)
class ClassReport:
    lessons: tuple[tuple[str, int], ...]  # (lesson id, total steps) in course order
    learners: tuple[LearnerRow, ...]
    stuck: tuple[tuple[str, str, int, int], ...]  # (lesson, step, failed checks, learners)

    def to_dict(self) -> dict[str, Any]:
        return envelope(
            {
                "lessons": [{"id": lid, "steps": total} for lid, total in self.lessons],
                "learners": [
                    {"learner": r.learner, "done": r.done, "failures": r.failures} for r in self.learners
                ],
                "stuck": [
                    {"lesson": lesson, "step": step, "failures": fails, "learners": people}
                    for lesson, step, fails, people in self.stuck
                ],
            }
        )


def read_export(path: Path) -> tuple[str, dict[str, Any]]:
    """(learner name, lessons mapping) from a ``progress --json`` export or a progress.json."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ProgressError(f"No puedo leer {path} ({exc.strerror}).", "Revisa la ruta del archivo.") from exc
    except ValueError as exc:
        raise ProgressError(
            f"{path} no es un JSON válido.",
            "Pide al alumno que lo exporte con «dockerlab progress --json > nombre.json».",
        ) from exc
    lessons = data.get("lessons") if isinstance(data, dict) else None
    if isinstance(lessons, list):  # an export of schema 2 or later: a list, keyed back by id
        lessons = {
            str(item["id"]): item | {"steps": _steps_by_id(item.get("steps"))}
            for item in lessons
            if isinstance(item, dict) and "id" in item
        }
    if not isinstance(data, dict) or not isinstance(lessons, dict):
        raise ProgressError(
            f"{path} no parece un progreso de dockerlab (falta «lessons»).",
            "Exporta con «dockerlab progress --json».",
        )
    learner = data.get("learner") if isinstance(data.get("learner"), str) else path.stem
    return str(learner), lessons


def _steps_by_id(steps: object) -> dict[str, Any]:
    if not isinstance(steps, list):
        return {}
    return {str(s["id"]): s for s in steps if isinstance(s, dict) and "id" in s}


def build_report(paths: list[Path], catalog: Catalog) -> ClassReport:
    totals = {lesson.id: len(lesson.steps) for lesson in catalog.lessons}
    rows: list[LearnerRow] = []
    fails: Counter[tuple[str, str]] = Counter()
    people: Counter[tuple[str, str]] = Counter()
    for path in paths:
        learner, lessons = read_export(path)
        done: dict[str, int] = {}
        learner_failures = 0
        for lesson_id, entry in lessons.items():
            steps = entry.get("steps", {}) if isinstance(entry, dict) else {}
            listed = entry.get("step_ids") if isinstance(entry, dict) else None  # a lesson file
            totals.setdefault(lesson_id, len(listed) if isinstance(listed, list) else len(steps))
            done[lesson_id] = sum(
                1 for s in steps.values() if isinstance(s, dict) and s.get("status") in DONE_STATES
            )
            for step_id, step in steps.items():
                count = int(step.get("failures", 0)) if isinstance(step, dict) else 0
                if count:
                    fails[(lesson_id, step_id)] += count
                    people[(lesson_id, step_id)] += 1
                    learner_failures += count
        rows.append(LearnerRow(learner, done, learner_failures))
    stuck = tuple(
        (lesson, step, count, people[(lesson, step)]) for (lesson, step), count in fails.most_common(10)
    )
    return ClassReport(tuple(totals.items()), tuple(rows), stuck)
