"""The guided, interactive path: a lesson menu and the per-step choices.

Logic only: the learner is reached through an injected :class:`Prompter`, and everything
shown goes through the runner's events, so tests drive it with a scripted prompter.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from dockerlab.course.catalog import Catalog
from dockerlab.errors import DockerlabError, EngineUnavailable
from dockerlab.events import Notice
from dockerlab.model import Lesson, Question, Step
from dockerlab.tutor import leftovers
from dockerlab.tutor.menu import MenuItem, menu_items, suggested_lesson
from dockerlab.tutor.progress import ProgressStore

if TYPE_CHECKING:  # the runner (its actions and checks) comes in ready-made
    from dockerlab.tutor.runner import Runner

VERIFY, SOLVE, HINT, SKIP, QUIT = "verify", "solve", "hint", "skip", "quit"


class Prompter(Protocol):
    def choose_lesson(self, items: list[MenuItem], default: str | None) -> str | None: ...

    def choose_action(self, step: Step, has_question: bool) -> str: ...

    def ask(self, question: Question) -> str | None: ...

    def confirm_removal(self, name: str) -> str | None:
        """Offer to remove ``name``: what the learner typed to confirm, None to keep it."""
        ...


def walk_lesson(runner: Runner, prompter: Prompter, first: Step | None = None) -> bool:
    """Walk the learner through ``runner``'s lesson. False when they chose to quit."""
    lesson: Lesson = runner.lesson
    runner.start()
    step: Step | None = first or runner.resume_step()
    if step is not None:
        review_leftovers(runner, prompter, step)
    while step is not None:
        runner.begin(step)
        if not _walk_step(runner, prompter, step):
            runner.finish()
            return False
        step = lesson.next_step(step)
    runner.finish()
    return True


def _walk_step(runner: Runner, prompter: Prompter, step: Step) -> bool:
    hints = 0
    while True:
        choice = prompter.choose_action(step, step.question is not None)
        try:
            if choice == QUIT:
                return False
            if choice == SKIP:
                runner.skip(step)
                return True
            if choice == HINT:
                hints = runner.hint(step, hints)
                continue
            if choice == VERIFY and step.question is not None:
                reply = prompter.ask(step.question)
                if reply is None:
                    continue
                runner.answer(step, reply)
            if choice == SOLVE and not runner.solve(step):
                continue
            if not runner.verify(step).failed:
                return True
        except EngineUnavailable as exc:
            runner.engines.reset()
            runner.emit(
                Notice(
                    "error",
                    exc.message,
                    exc.fix + " Tu progreso está guardado: "
                    "cuando el motor vuelva, elige otra vez una opción.",
                )
            )


def review_leftovers(runner: Runner, prompter: Prompter, first: Step) -> None:
    """Explain each object an earlier attempt left in the lesson's way; remove one only when
    the learner types its exact name."""
    if not leftovers.planned(runner.lesson, first):
        return
    try:
        engine = runner.engines.get()
        found = leftovers.find(runner.lesson, engine, first, runner.since(first))
    except DockerlabError:
        return  # no engine now: the step itself will say so
    for leftover in found:
        runner.emit(
            Notice(
                "warning",
                leftover.describe(runner.lesson),
                f"Puedes borrarlo ahora («{leftover.remove_command}») o seguir sin tocarlo.",
            )
        )
        typed = prompter.confirm_removal(leftover.name)
        if typed is None:
            runner.emit(Notice("info", f"No toco «{leftover.name}»."))
            continue
        if typed.strip() != leftover.name:
            runner.emit(Notice("info", f"«{typed.strip()}» no es «{leftover.name}»: no he borrado nada."))
            continue
        try:
            leftovers.remove(engine, leftover)
        except DockerlabError as exc:
            runner.emit(Notice("warning", exc.message, exc.fix))
            continue
        runner.emit(Notice("info", f"Borrado «{leftover.name}»."))


def unmet_requirements(lesson: Lesson, catalog: Catalog, store: ProgressStore) -> list[Lesson]:
    """The lessons named in ``lesson.requires`` that the learner has not finished yet."""
    known = {other.id: other for other in catalog.lessons}
    return [known[ref] for ref in lesson.requires if ref in known and not store.finished(known[ref])]


def run_menu(
    catalog: Catalog, store: ProgressStore, prompter: Prompter, make_runner: Callable[[Lesson], Runner]
) -> None:
    """Menu → lesson → menu, until the learner quits. A lesson chosen before the ones it
    builds on gets a word of advice, never a refusal."""
    while True:
        items = menu_items(catalog, store)
        chosen = prompter.choose_lesson(items, suggested_lesson(items))
        if chosen is None:
            return
        lesson = catalog.get(chosen)
        runner = make_runner(lesson)
        missing = unmet_requirements(lesson, catalog, store)
        if missing:
            names = " y ".join(f"«{other.title}»" for other in missing)
            runner.emit(
                Notice(
                    "info",
                    f"«{lesson.title}» da por sabido lo que se ve en {names}, que aún no terminaste.",
                    "Puedes seguir igualmente, o salir al menú y hacer antes "
                    + ("esa lección." if len(missing) == 1 else "esas lecciones."),
                )
            )
        if not walk_lesson(runner, prompter):
            return
