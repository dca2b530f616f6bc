"""Every shipped lesson, on a real engine: each step's checks fail before its action and
pass after it, and nothing labelled is left when the lesson's cleanup has run."""

from __future__ import annotations

import pytest

from dockerlab.catalog import load_catalog
from dockerlab.context import EngineProvider
from dockerlab.selftest import selftest

pytestmark = pytest.mark.engine
LESSONS = load_catalog().lessons


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.id for lesson in LESSONS])
def test_lesson_selftest(lesson, engines: EngineProvider) -> None:  # type: ignore[no-untyped-def]
    report = selftest(lesson, engines)
    table = "\n".join(
        f"{s.number:>2} {s.step:<22} antes-falla={s.failed_before} resuelto={s.solved} "
        f"después-pasa={s.passed_after}\n     antes: {s.before}\n     después: {s.after}"
        for s in report.steps)
    assert report.complete, table
    assert all(s.ok for s in report.steps), table
    assert report.leftovers.empty(), report.leftovers.describe()
    assert report.ok
