"""The lesson self-test: each check of every step fails before the step's action and passes
after it (a weak check beside a strong one is caught, and named), and the lesson leaves
nothing labelled behind. CI runs it on every shipped lesson;
authors run it on their own lessons.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dockerlab.engine.provider import EngineProvider
from dockerlab.engine.types import Inventory
from dockerlab.events import Event, Notice
from dockerlab.model import Lesson, Spec
from dockerlab.tutor.runner import Runner, Verdict


def _summary(verdict: Verdict) -> str:
    return "; ".join(f"{spec.kind}: {result.found}" for spec, result in verdict.results)


def _all_skipped(verdict: Verdict) -> bool:
    return bool(verdict.results) and all(result.skipped for _, result in verdict.results)


def describe_spec(spec: Spec) -> str:
    """``container_absent name=mi_contenedor``: a check as the author wrote it, in one line."""
    params = " ".join(
        f"{key}={_short(value)}" for key, value in spec.params.items() if value not in (None, "")
    )
    return f"{spec.kind} {params}".strip()


def _short(value: object, size: int = 40) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= size else text[: size - 1] + "…"


@dataclass(frozen=True)
class CheckReport:
    """One check of a step: it must fail before the step's action and pass after it."""

    check: str  # kind and parameters, as written in the lesson
    failed_before: bool
    passed_after: bool
    before: str  # what it found before the action (the object that made it pass early)
    after: str
    offline: bool = False  # skipped before and after (no network): not judged

    @property
    def ok(self) -> bool:
        return (self.failed_before and self.passed_after) or self.offline

    @property
    def problem(self) -> str:
        """In Spanish, what is wrong with this check ("" when nothing is)."""
        if self.ok:
            return ""
        if not self.failed_before:
            return f"ya pasaba antes del paso ({self.before}): no prueba nada"
        return f"no pasa después del paso: {self.after}"


def _check_reports(before: Verdict, after: Verdict) -> tuple[CheckReport, ...]:
    reports = []
    for (spec, was), (_, now) in zip(before.results, after.results, strict=True):
        reports.append(
            CheckReport(
                describe_spec(spec),
                not was.passed and not was.skipped,
                now.passed or now.skipped,
                was.found,
                now.found,
                was.skipped and now.skipped,
            )
        )
    return tuple(reports)


@dataclass(frozen=True)
class StepReport:
    step: str
    number: int
    failed_before: bool  # every check failed before the action
    solved: bool
    passed_after: bool
    before: str
    after: str
    offline: bool = False  # every check was skipped before and after (no network): not judged
    checks: tuple[CheckReport, ...] = ()

    @property
    def ok(self) -> bool:
        """Each check failed before the action and passes after it; an offline check is not a
        failure (it could not be judged here), but a check that already passed before is."""
        if not self.solved:
            return False
        if self.checks:
            return all(c.ok for c in self.checks)
        return (self.failed_before and self.passed_after) or self.offline

    @property
    def weak(self) -> tuple[CheckReport, ...]:
        """The checks that already passed before the step: they prove nothing."""
        return tuple(c for c in self.checks if not c.failed_before and not c.offline)


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
            checks = _check_reports(before, after)
            reports.append(
                StepReport(
                    step.id,
                    step.number,
                    all(c.failed_before or c.offline for c in checks) and not _all_skipped(before),
                    solved,
                    after.passed or after.offline,
                    _summary(before),
                    " ".join(notices) or _summary(after),
                    _all_skipped(before) and _all_skipped(after),
                    checks,
                )
            )
            if not reports[-1].ok:
                break
    finally:
        runner.cleanup()
    leftovers = engines.get().labelled(lesson.id)
    return SelfTestReport(lesson.id, tuple(reports), leftovers, len(reports) == len(lesson.steps))
