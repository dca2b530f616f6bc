"""Every shipped lesson, on a real engine: each step's checks fail before its action and
pass after it, and nothing labelled is left when the lesson's cleanup has run. Below it,
the self-test's own rules, proven on tiny lessons against the same real engine: it can fail,
and a step that cannot be judged without network (a search the engine really cannot send:
the index name never resolves) counts as offline, not as a failure."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dockerlab.course.catalog import load_catalog, load_file
from dockerlab.engine.provider import EngineProvider
from dockerlab.tutor.selftest import selftest

from .survivors import Survivors

LESSONS = load_catalog().lessons


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.id for lesson in LESSONS])
def test_lesson_selftest(
    lesson,
    engines: EngineProvider,  # type: ignore[no-untyped-def]
    survivors: Survivors,
) -> None:
    """EACH check fails before its step and passes after (a weak check beside a strong one
    fails here, named), nothing labelled is left, and the learner's own unlabelled objects
    are all still there."""
    report = selftest(lesson, engines)
    assert survivors.problems(engines.get()) == [], f"tras la autoprueba de {lesson.id}"
    table = "\n".join(
        f"{s.number:>2} {s.step:<22} resuelto={s.solved} {s.after if not s.solved else ''}\n"
        + "\n".join(f"     {c.check}: {c.problem or 'bien'}" for c in s.checks)
        for s in report.steps
    )
    assert [(s.step, c.check) for s in report.steps for c in s.weak] == [], table
    assert all(s.checks for s in report.steps), table  # judged check by check
    assert report.complete, table
    assert all(s.ok for s in report.steps), table
    assert report.leftovers.empty(), report.leftovers.describe()
    assert report.ok


TINY = """\
format_version: 1
id: mini-autoprueba
title: Mini
workdir: .
steps:
  - id: editar
    title: Editar
    explain: x
    solve: [{edit_file: {path: nota.txt, find: viejo, replace: nuevo}}]
    checks: [{host_file: {path: nota.txt, contains: nuevo}}]
STEP
cleanup: [{restore_file: {path: nota.txt, find: viejo, replace: nuevo}}]
"""
ALREADY_PASSING = """\
  - id: ya-pasa
    title: Ya pasa antes
    explain: x
    solve: [{remove_file: {path: otro.txt}}]
    checks: [{host_file: {path: nota.txt}}]
"""
OFFLINE = """\
  - id: buscar
    title: Buscar
    explain: x
    question: {prompt: "¿Cuál?"}
    solve: [{search: {term: indice-inexistente.invalid/ubuntu}}]
    checks: [{search_official: {term: indice-inexistente.invalid/ubuntu, image: ubuntu}}]
"""


def tiny(tmp_path: Path, step: str) -> Any:
    (tmp_path / "nota.txt").write_text("texto viejo", encoding="utf-8")
    path = tmp_path / "mini.yaml"
    path.write_text(TINY.replace("STEP\n", step), encoding="utf-8")
    return load_file(path)


def test_a_check_that_already_passes_before_its_action_fails_the_selftest(
    tmp_path: Path, engines: EngineProvider
) -> None:
    report = selftest(tiny(tmp_path, ALREADY_PASSING), engines)
    assert [s.ok for s in report.steps] == [True, False]
    bad = report.steps[-1]
    assert bad.step == "ya-pasa" and not bad.failed_before and bad.passed_after
    assert not report.ok
    assert (tmp_path / "nota.txt").read_text(encoding="utf-8") == "texto viejo"  # restored


def test_a_step_skipped_before_and_after_counts_as_offline(tmp_path: Path, engines: EngineProvider) -> None:
    # «.invalid» never resolves: the real engine cannot reach that index, as with Docker Hub
    # in a classroom without internet
    report = selftest(tiny(tmp_path, OFFLINE), engines)
    assert report.ok and report.complete
    step = report.steps[-1]
    assert step.offline and step.ok and not step.failed_before
    assert report.offline_steps == ("buscar",)
    assert "sin acceso a Docker Hub" in step.before
