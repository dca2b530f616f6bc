"""Walk a lesson's steps: solve, verify, skip, hint. No terminal I/O here: only events."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from dockerlab.course.settings import resolve as resolve_settings
from dockerlab.engine.explain import enrich_error
from dockerlab.engine.provider import EngineProvider
from dockerlab.errors import DockerlabError, EngineOperationError, EngineUnavailable
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
from dockerlab.kinds.all import evaluate, perform
from dockerlab.kinds.base import CheckResult
from dockerlab.kinds.context import StepContext
from dockerlab.model import Lesson, Spec, Step
from dockerlab.tutor import leftovers, progress, workspace
from dockerlab.tutor.progress import ProgressStore
from dockerlab.tutor.shown import shown_command


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
        return progress.OFFLINE if self.offline else (progress.FAILED if self.failed else progress.PASSED)


class Runner:
    def __init__(
        self,
        lesson: Lesson,
        store: ProgressStore | None,
        engines: EngineProvider,
        emit: Callable[[Event], None],
        *,
        tty: bool = False,
        allow_shell: bool = False,
    ) -> None:
        """``tty``: a learner is at a terminal (interactive steps hand it to ``docker``);
        ``allow_shell``: the user allowed this run's host commands (``--allow-shell``)."""
        self.store = store
        self.engines = engines
        self.emit = emit
        # busy host ports and the learner's own volume names move before anything is shown
        began = store.began(lesson) if store is not None else None
        self.lesson = resolve_settings(lesson, engines, emit, began)
        # shipped examples are worked on in the learner's own copy, never inside the install
        self.lesson, copied = workspace.place(self.lesson)
        if copied and self.lesson.workdir is not None:
            emit(
                Notice(
                    "info",
                    f"Copié los archivos de la lección ({len(copied)}) en tu carpeta de trabajo: "
                    f"{self.lesson.workdir}",
                )
            )
        self._tty = tty
        self._allow_shell = allow_shell
        self.answers: dict[str, str] = {}
        self._since: dict[str, float] = {}  # step id -> when it became current (without a store)
        self.counts = {progress.PASSED: 0, progress.FAILED: 0, progress.SKIPPED: 0}

    def own(self, step: Step) -> Step:
        """The runner's version of ``step``: with this run's settings (a port moved…)."""
        mine = self.lesson.steps[step.number - 1] if 0 < step.number <= len(self.lesson.steps) else None
        return mine if mine is not None and mine.id == step.id else self.lesson.step(step.id)

    def context(self, step: Step) -> StepContext:
        step = self.own(step)
        return StepContext(
            self.lesson,
            step,
            self.engines,
            self.emit,
            answer=self.answers.get(step.id),
            tty=self._tty,
            allow_shell=self._allow_shell,
            since=self.since(step),
        )

    def since(self, step: Step) -> float | None:
        """When ``step`` became the learner's current step: what was there before is not
        evidence for it. None when unknown («dockerlab check» before any «start»)."""
        if step.id in self._since:
            return self._since[step.id]
        return self.store.started_at(self.lesson.id, step.id) if self.store is not None else None

    def mark_started(self, step: Step) -> None:
        """``step`` is current from now on (resuming keeps the first time, see ProgressStore)."""
        if self.store is not None:
            self._since[step.id] = self.store.mark_started(self.lesson.id, step.id)
            self._store_notices()
        else:
            self._since.setdefault(step.id, time.time())

    def resume_step(self) -> Step:
        point = self.store.current_step(self.lesson) if self.store else None
        return point or self.lesson.steps[0]

    def start(self) -> None:
        where = str(self.lesson.workdir or "")
        self.emit(LessonStarted(self.lesson.id, self.lesson.title, len(self.lesson.steps), where))

    def begin(self, step: Step) -> None:
        step = self.own(step)
        self.mark_started(step)
        command, why = shown_command(step)  # as the learner's own «docker build» runs it
        self.emit(
            StepStarted(
                self.lesson.id,
                step.id,
                step.number,
                len(self.lesson.steps),
                step.title,
                step.explain,
                command,
                str(self.lesson.workdir or ""),
                step.question.prompt if step.question else "",
                step.inside,
            )
        )
        if why:
            self.emit(Notice("info", why))

    def solve(self, step: Step) -> bool:
        """Perform the step's actions; False (with a notice) when one of them failed."""
        step = self.own(step)
        ctx = self.context(step)
        try:
            taken = self._taken_name(step)
            if taken and self._done_already(step, taken):
                return True
            for spec in step.solve:
                perform(ctx, spec.kind, dict(spec.params))
        except EngineUnavailable:
            raise
        except DockerlabError as exc:
            exc = self._explained(exc)
            self.emit(Notice("error", exc.message, exc.fix))
            return False
        except (TimeoutError, OSError) as exc:  # a bounded wait ran out, a socket failed
            self.emit(
                Notice(
                    "error",
                    f"El paso no pudo terminar: {_oserror_text(exc)}",
                    "Vuelve a intentarlo; si se repite, «dockerlab doctor» revisa tu entorno.",
                )
            )
            return False
        finally:
            if ctx.answer is not None:
                self.answers[step.id] = ctx.answer
        return True

    def _taken_name(self, step: Step) -> str:
        """The name of a container the step's actions would create that already exists."""
        for spec in step.solve:
            name = str(spec.params.get("name") or "") if spec.kind == "run" else ""
            if name and self.engines.get().container(name) is not None:
                return name
        return ""

    def _done_already(self, step: Step, name: str) -> bool:
        """«Ejecútalo por mí» after the learner had already run the command in this step: the
        name is taken by what they made. If the step's checks pass as things are, say so
        instead of running it again into Docker's name conflict (the walk then verifies it
        as usual)."""
        if not self.check(step).passed:
            return False
        self.emit(
            Notice(
                "info",
                f"«{name}» ya existe: lo creaste tú en este paso, así que no lo vuelvo a crear. "
                "Compruebo el paso tal como está.",
            )
        )
        return True

    def _explained(self, exc: DockerlabError) -> DockerlabError:
        """An engine operation that failed: was it because the engine went away (then raise
        :class:`EngineUnavailable`)? Otherwise add what the engine can tell about it."""
        if not isinstance(exc, EngineOperationError):
            return exc
        try:
            self.engines.get().ping()
        except EngineUnavailable as gone:
            raise EngineUnavailable(
                f"{exc.message}\nAdemás, el motor Docker ha dejado de "
                "responder: se detuvo durante este paso.",
                gone.fix,
                code=gone.code,
            ) from exc
        return enrich_error(exc, self.engines)

    def answer(self, step: Step, text: str) -> None:
        self.answers[step.id] = text

    def check(self, step: Step) -> Verdict:
        """Run the step's checks without recording anything (the self-test uses this)."""
        step = self.own(step)
        ctx = self.context(step)
        results = []
        for spec in step.checks:
            try:
                result = evaluate(ctx, spec.kind, dict(spec.params))
            except EngineUnavailable:
                raise
            except DockerlabError as exc:
                result = CheckResult(False, "poder comprobarlo", exc.message, exc.fix)
            except (TimeoutError, OSError) as exc:  # e.g. a server that did not answer in time
                result = CheckResult(
                    False,
                    "una respuesta a tiempo",
                    _oserror_text(exc),
                    "Quizá aún está arrancando: espera unos segundos y vuelve a verificar.",
                )
            results.append((spec, result))
            ctx.doomed = ctx.doomed or not (result.passed or result.skipped)
        return Verdict(tuple(results))

    def verify(self, step: Step) -> Verdict:
        verdict = self.check(step)
        for spec, result in verdict.results:
            self.emit(
                CheckFinished(
                    self.lesson.id,
                    step.id,
                    spec.kind,
                    result.passed,
                    result.expected,
                    result.found,
                    result.hint,
                    result.skipped,
                )
            )
        status = verdict.status
        self.counts[progress.PASSED if status == progress.OFFLINE else status] += 1
        if self.store is not None:
            self.store.record(self.lesson.id, step.id, status)
            self._store_notices()
        self.emit(StepFinished(self.lesson.id, step.id, status))
        return verdict

    def _store_notices(self) -> None:
        """Progress that could not be saved is a warning, never a crash."""
        if self.store is not None:
            for notice in self.store.drain_notices():
                self.emit(Notice("warning", notice))

    def skip(self, step: Step) -> None:
        self.counts[progress.SKIPPED] += 1
        if self.store is not None:
            self.store.record(self.lesson.id, step.id, progress.SKIPPED)
            self._store_notices()
        self.emit(StepFinished(self.lesson.id, step.id, progress.SKIPPED))

    def hint(self, step: Step, shown: int) -> int:
        """Show the next hint; returns how many have been shown."""
        step = self.own(step)
        if not step.hints:
            self.emit(Notice("info", "Este paso no tiene pistas. Relee la explicación y el comando."))
            return shown
        index = min(shown, len(step.hints) - 1)
        self.emit(HintShown(self.lesson.id, step.id, index + 1, len(step.hints), step.hints[index]))
        return shown + 1

    def auto(self, first: Step | None = None, after_step: Callable[[Step], None] | None = None) -> bool:
        """Solve and verify every step from ``first``; stop at the first failure.

        ``after_step`` runs between steps (an instructor's pause when presenting live).
        """
        self.start()
        self.clear_leftovers(first)
        steps = self.lesson.steps[(first.number - 1) if first else 0 :]
        ok = True
        for step in steps:
            self.begin(step)
            if not self.solve(step) or self.verify(step).failed:
                ok = False
                break
            if after_step is not None and step is not steps[-1]:
                after_step(step)
        self.finish()
        return ok

    def clear_leftovers(self, first: Step | None = None) -> None:
        """Without a learner to ask: remove only this lesson's own labelled leftovers."""
        if not leftovers.planned(self.lesson, first):
            return
        try:
            leftovers.clear_for_auto(self.lesson, self.engines.get(), self.emit, first)
        except DockerlabError:
            return  # the engine is not there: the first step reports it

    def finish(self) -> None:
        complete = bool(self.store and self.store.finished(self.lesson))
        self.emit(
            LessonFinished(
                self.lesson.id,
                self.counts[progress.PASSED],
                self.counts[progress.FAILED],
                self.counts[progress.SKIPPED],
                complete,
            )
        )

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


def _oserror_text(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError):
        return f"se agotó el tiempo de espera ({exc or 'sin respuesta'})."
    return f"{type(exc).__name__}: {exc}"
