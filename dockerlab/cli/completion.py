"""Shell completion of lesson ids: ``dockerlab lesson <TAB>`` offers the course's lessons."""

from __future__ import annotations


def lesson_ids(incomplete: str) -> list[tuple[str, str]]:
    """(id, title) of every lesson whose id starts with what was typed."""
    try:
        from dockerlab.course.catalog import load_catalog

        lessons = load_catalog().lessons
    except Exception:  # a broken lesson file must not spill a traceback into the shell
        return []
    return [(lesson.id, lesson.title) for lesson in lessons if lesson.id.startswith(incomplete)]
