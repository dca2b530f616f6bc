"""Walk a lesson's steps: solve, verify, skip, hint. No terminal I/O here: only events."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dockerlab import progress
from dockerlab.actions import perform
from dockerlab.checks import CheckResult, evaluate
from dockerlab.context import EngineProvider, StepContext
from dockerlab.errors import DockerlabError, EngineUnavailable
from dockerlab.events import (
    CheckFinished,
    Event,
    HintShown,
    LessonFinished,
    LessonStarted,
    Notice,
    StepFinished,
    StepStarted,
)
from dockerlab.model import Lesson, Spec, Step
from dockerlab.progress import ProgressStore


@dataclass(frozen=True)
class Verdict:
    results: tuple[tuple[Spec, CheckResult], ...]

    @property
    def offline(self) -> bool:
        """Nothing failed, but something could not be judged (e.g. no registry access)."""
        return any(r.skipped for _, r in self.results) and not self.failed

    @property
    def failed(self) -> bool:
        return any(not r.passed and not r.skipped for _, r in self.results)

    @property
    def passed(self) -> bool:
        return not self.failed and not self.offline

    @property
    def status(self) -> str:
        return progress.OFFLINE if self.offline else (progress.FAILED if self.failed
                                                      else progress.PASSED)


class Runner:
    def __init__(self, lesson: Lesson, store: ProgressStore | None, engines: EngineProvider,
                 emit: Callable[[Event], None], tty: bool = False) -> None:
        self.lesson = lesson
        self.store = store
        self.engines = engines
        self.emit = emit
        self.tty = tty
        self.answers: dict[str, str] = {}
        self.counts = {progress.PASSED: 0, progress.FAILED: 0, progress.SKIPPED: 0}

    def context(self, step: Step) -> StepContext:
        return StepContext(self.lesson, step, self.engines, self.emit,
                           answer=self.answers.get(step.id), tty=self.tty)

    def resume_step(self) -> Step:
        ids = [s.id for s in self.lesson.steps]
        point = self.store.resume_point(self.lesson.id, ids) if self.store else None
        return self.lesson.step(point) if point else self.lesson.steps[0]

    def start(self) -> None:
        where = str(self.lesson.workdir or "")
        self.emit(LessonStarted(self.lesson.id, self.lesson.title, len(self.lesson.steps), where))

    def begin(self, step: Step) -> None:
        self.emit(StepStarted(self.lesson.id, step.id, step.number, len(self.lesson.steps),
                              step.title, step.explain, step.command,
                              str(self.lesson.workdir or "")))

    def solve(self, step: Step) -> bool:
        """Perform the step's actions; False (with a notice) when one of them failed."""
        ctx = self.context(step)
        try:
            for spec in step.solve:
                perform(ctx, spec.kind, dict(spec.params))
        except EngineUnavailable:
            raise
        except DockerlabError as exc:
            self.emit(Notice("error", exc.message, exc.fix))
            return False
        finally:
            if ctx.answer is not None:
                self.answers[step.id] = ctx.answer
        return True

    def answer(self, step: Step, text: str) -> None:
        self.answers[step.id] = text

    def check(self, step: Step) -> Verdict:
        """Run the step's checks without recording anything (the self-test uses this)."""
        ctx = self.context(step)
        results = []
        for spec in step.checks:
            try:
                result = evaluate(ctx, spec.kind, dict(spec.params))
            except EngineUnavailable:
                raise
            except DockerlabError as exc:
                result = CheckResult(False, "poder comprobarlo", exc.message, exc.fix)
            results.append((spec, result))
        return Verdict(tuple(results))

    def verify(self, step: Step) -> Verdict:
        verdict = self.check(step)
        for spec, result in verdict.results:
            self.emit(CheckFinished(self.lesson.id, step.id, spec.kind, result.passed,
                                    result.expected, result.found, result.hint, result.skipped))
        status = verdict.status
        self.counts[progress.PASSED if status == progress.OFFLINE else status] += 1
        if self.store is not None:
            self.store.record(self.lesson.id, step.id, status)
        self.emit(StepFinished(self.lesson.id, step.id, status))
        return verdict

    def skip(self, step: Step) -> None:
        self.counts[progress.SKIPPED] += 1
        if self.store is not None:
            self.store.record(self.lesson.id, step.id, progress.SKIPPED)
        self.emit(StepFinished(self.lesson.id, step.id, progress.SKIPPED))

    def hint(self, step: Step, shown: int) -> int:
        """Show the next hint; returns how many have been shown."""
        if not step.hints:
            self.emit(Notice("info", "Este paso no tiene pistas. Relee la explicación y el comando."))
            return shown
        index = min(shown, len(step.hints) - 1)
        self.emit(HintShown(self.lesson.id, step.id, index + 1, len(step.hints),
                            step.hints[index]))
        return shown + 1

    def auto(self, first: Step | None = None) -> bool:
        """Solve and verify every step from ``first``; stop at the first failure."""
        self.start()
        steps = self.lesson.steps[(first.number - 1) if first else 0:]
        ok = True
        for step in steps:
            self.begin(step)
            if not self.solve(step) or self.verify(step).failed:
                ok = False
                break
        self.finish()
        return ok

    def finish(self) -> None:
        ids = [s.id for s in self.lesson.steps]
        complete = bool(self.store and self.store.resume_point(self.lesson.id, ids) is None)
        self.emit(LessonFinished(self.lesson.id, self.counts[progress.PASSED],
                                 self.counts[progress.FAILED], self.counts[progress.SKIPPED],
                                 complete))

    def cleanup(self) -> None:
        """The lesson's own cleanup actions, then everything carrying its label."""
        step = self.lesson.steps[-1]
        ctx = self.context(step)
        for spec in self.lesson.cleanup:
            try:
                perform(ctx, spec.kind, dict(spec.params))
            except EngineUnavailable:
                raise
            except DockerlabError as exc:
                self.emit(Notice("warning", exc.message, exc.fix))
        self.engines.get().remove_labelled(self.lesson.id)
