"""The course reads as one path: each lesson ends by naming the next one in `dockerlab list`."""

from __future__ import annotations

from itertools import pairwise

from dockerlab.course.catalog import load_catalog


def test_each_lesson_ends_pointing_at_the_next() -> None:
    lessons = load_catalog().lessons
    for lesson, following in pairwise(lessons):
        assert f"`dockerlab lesson {following.id}`" in lesson.steps[-1].explain, lesson.id
    assert "terminas el curso" in lessons[-1].steps[-1].explain
