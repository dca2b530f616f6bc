"""The lesson self-test: every step's checks fail before its action and pass after it,
and the lesson leaves nothing labelled behind. CI runs it on every shipped lesson;
authors run it on their own lessons.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dockerlab.engine.provider import EngineProvider
from dockerlab.engine.types import Inventory
from dockerlab.events import Event, Notice
from dockerlab.model import Lesson
from dockerlab.tutor.runner import Runner, Verdict


def _summary(verdict: Verdict) -> str:
    return "; ".join(f"{spec.kind}: {result.found}" for spec, result in verdict.results)


def _all_skipped(verdict: Verdict) -> bool:
    return bool(verdict.results) and all(result.skipped for _, result in verdict.results)


@dataclass(frozen=True)
class StepReport:
    step: str
    number: int
    failed_before: bool
    solved: bool
    passed_after: bool
    before: str
    after: str
    offline: bool = False  # every check was skipped before and after (no network): not judged

    @property
    def ok(self) -> bool:
        """Its checks failed before the action and pass after it; an offline step is not a
        failure (it could not be judged here), but a check that already passed before is."""
        return self.solved and ((self.failed_before and self.passed_after) or self.offline)


@dataclass(frozen=True)
class SelfTestReport:
    lesson: str
    steps: tuple[StepReport, ...]
    leftovers: Inventory
    complete: bool  # every step was reached

    @property
    def ok(self) -> bool:
        return self.complete and all(s.ok for s in self.steps) and self.leftovers.empty()

    @property
    def offline_steps(self) -> tuple[str, ...]:
        return tuple(s.step for s in self.steps if s.offline)


def selftest(
    lesson: Lesson,
    engines: EngineProvider,
    emit: Callable[[Event], None] = lambda event: None,
    *,
    allow_shell: bool = False,
) -> SelfTestReport:
    """``allow_shell``: the lesson's host commands may run (``selftest --allow-shell``)."""
    notices: list[str] = []

    def record(event: Event) -> None:
        if isinstance(event, Notice):
            notices.append(event.message)
        emit(event)

    runner = Runner(lesson, None, engines, record, allow_shell=allow_shell)
    runner.cleanup()
    reports: list[StepReport] = []
    try:
        for step in lesson.steps:
            before = runner.check(step)
            notices.clear()
            solved = runner.solve(step)
            after = runner.check(step)
            offline = _all_skipped(before) and _all_skipped(after)
            reports.append(
                StepReport(
                    step.id,
                    step.number,
                    before.failed,
                    solved,
                    after.passed or after.offline,
                    _summary(before),
                    " ".join(notices) or _summary(after),
                    offline,
                )
            )
            if not reports[-1].ok:
                break
    finally:
        runner.cleanup()
    leftovers = engines.get().labelled(lesson.id)
    return SelfTestReport(lesson.id, tuple(reports), leftovers, len(reports) == len(lesson.steps))
