"""Questionary prompts: arrow keys, Enter, and Ctrl-C that really interrupts."""

from __future__ import annotations

from typing import Any

import questionary
from questionary import Choice
from rich.cells import cell_len

from dockerlab.model import Question, Step
from dockerlab.tutor.menu import MenuItem
from dockerlab.tutor.walk import HINT, QUIT, SKIP, SOLVE, VERIFY
from dockerlab.ui.fit import columns, wrap

POINTER = 3  # cells questionary draws before a choice (« » » or three spaces)
STYLE = questionary.Style([("highlighted", "bold"), ("pointer", "fg:cyan bold")])
EXIT = "__exit__"
INSTRUCTION = "(flechas ↑/↓ y Enter)"


def _message(message: str, instruction: str) -> str:
    """The question folded at spaces after its «? » (2 cells); the instruction questionary
    appends goes on the last line if it fits there, else on a line of its own."""
    width = columns() - 3
    folded = wrap(message, width, 2)
    last = folded.rsplit("\n", 1)[-1]
    if cell_len(last) + 1 + cell_len(instruction) > width - (0 if "\n" in folded else 2):
        folded += "\n"
    return folded


class QuestionaryPrompter:
    def __init__(self, **prompt_options: Any) -> None:
        # Tests pass ``input=`` / ``output=`` (prompt_toolkit pipe input) through here.
        self.options = prompt_options

    def _select(self, message: str, choices: list[Choice], default: str | None = None) -> Any:
        # questionary cuts a long choice at the terminal's edge: fold it at spaces instead,
        # under its first line (after the 3 cells of the pointer)
        width = columns() - POINTER - 1
        for choice in choices:
            if isinstance(choice.title, str):
                choice.title = wrap(choice.title, width, POINTER)
        return questionary.select(
            _message(message, INSTRUCTION),
            choices=choices,
            default=default,
            style=STYLE,
            instruction=INSTRUCTION,
            **self.options,
        ).unsafe_ask()

    def choose_lesson(self, items: list[MenuItem], default: str | None) -> str | None:
        choices = [Choice(f"{i.mark} {i.title}  ({i.done}/{i.total})", value=i.lesson_id) for i in items]
        choices.append(Choice("Salir", value=EXIT))
        chosen = self._select("¿Qué lección quieres hacer?", choices, default)
        return None if chosen in (EXIT, None) else str(chosen)

    def choose_action(self, step: Step, has_question: bool) -> str:
        choices = [Choice(label, value=value) for label, value in action_labels(step, has_question)]
        return str(self._select("¿Qué quieres hacer?", choices) or QUIT)

    def confirm_removal(self, name: str) -> str | None:
        choices = [Choice("Seguir sin borrarlo", value="keep"), Choice(f"Borrar «{name}»", value="remove")]
        if self._select("¿Qué hago con él?", choices) != "remove":
            return None
        reply = questionary.text(
            _message(f"Para confirmar, escribe su nombre exacto ({name}):", ""), style=STYLE, **self.options
        ).unsafe_ask()
        return None if reply is None else str(reply)

    def ask(self, question: Question) -> str | None:
        if question.choices:
            choices = [Choice(c, value=c) for c in question.choices]
            reply = self._select(question.prompt, choices)
        else:
            # folded like the menus; the answer is typed after its last line
            reply = questionary.text(_message(question.prompt, ""), style=STYLE, **self.options).unsafe_ask()
        return None if reply is None else str(reply)


def action_labels(step: Step, has_question: bool) -> list[tuple[str, str]]:
    """The per-step menu, worded for what the step asks: a question, a command to type, or
    something to do elsewhere (edit a file, use the browser)."""
    if has_question:
        done, solve = "Responder", "Respóndela por mí"
    elif step.command:
        done, solve = "Ya lo ejecuté — verificar", "Ejecútalo por mí"
    else:
        done, solve = "Ya lo hice — verificar", "Hazlo por mí"
    return [(done, VERIFY), (solve, SOLVE), ("Pista", HINT), ("Saltar", SKIP), ("Salir", QUIT)]
