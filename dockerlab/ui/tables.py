"""Tables and summaries for list, progress and doctor, in rich or plain form.

Plain tables (pipes, ``NO_COLOR``, screen readers) are drawn without importing rich, so a
``dockerlab list`` into a pipe starts as fast as it can; rich draws them in a terminal."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from dockerlab.plaintext import cd_command
from dockerlab.tutor.workspace import folder_for
from dockerlab.ui.output import Output, OutputMode

if TYPE_CHECKING:  # only for annotations: list and progress need not import the doctor
    from rich.console import Console

    from dockerlab.classroom.doctor import DoctorReport
    from dockerlab.model import Lesson
    from dockerlab.tutor.menu import MenuItem
    from dockerlab.tutor.progress import ProgressStore

STATE_MARK = {"passed": "✓", "skipped": "↷", "offline": "⊘", "failed": "✗", "": "·"}
STATE_WORD = {
    "passed": "superado",
    "skipped": "saltado",
    "offline": "sin red",
    "failed": "sin superar",
    "": "pendiente",
}


def _show(
    output: Output,
    title: str,
    headers: tuple[str, ...],
    rows: Sequence[Sequence[str]],
    after: Sequence[tuple[str, str]],
) -> None:
    """The table, then the ``after`` lines (text, rich style); lines are never folded, so a
    path or a command in them copies whole."""
    if output.mode is OutputMode.PLAIN:
        from dockerlab.ui.plaintable import render

        sys.stdout.write(render(title, headers, rows) + "\n")
        sys.stdout.write("".join(text + "\n" for text, _ in after))
        return
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, header_style="bold", title_justify="left")
    for header in headers:
        table.add_column(header, overflow="fold")
    for row in rows:
        table.add_row(*row)
    output.console.print(table)
    for text, style in after:
        output.console.print(Text(text, style=style), highlight=False, soft_wrap=True)


def lessons_table(output: Output, items: list[MenuItem], summaries: dict[str, str]) -> None:
    rows = [
        (
            item.mark,
            item.lesson_id,
            item.title,
            f"{item.done}/{item.total}",
            summaries.get(item.lesson_id, ""),
        )
        for item in items
    ]
    _show(
        output,
        "Lecciones (en orden del curso)",
        ("", "id", "título", "pasos", "de qué trata"),
        rows,
        [("Empieza con «dockerlab start» o «dockerlab lesson ID».", "dim")],
    )


def steps_table(output: Output, lesson: Lesson, store: ProgressStore) -> None:
    rows = []
    for step in lesson.steps:
        state = store.status_of(lesson.id, step.id)
        mark = f"{STATE_MARK.get(state, '?')} {STATE_WORD.get(state, state)}"
        rows.append((str(step.number), step.id, step.title, step.command or "—", mark))
    after: list[tuple[str, str]] = []
    folder = folder_for(lesson)
    if folder is not None:
        state = "" if folder.is_dir() else " (se crea al empezar la lección)"
        after = [(f"Carpeta de trabajo{state}:", ""), (cd_command(str(folder)), "")]
    _show(output, f"{lesson.title} ({lesson.id})", ("nº", "id", "paso", "comando", "estado"), rows, after)


def progress_table(output: Output, lessons: list[Lesson], store: ProgressStore) -> None:
    rows = []
    for lesson in lessons:
        done = store.done_count(lesson)
        point = store.current_step(lesson)
        mark = "✓" if point is None else ("◐" if done else "○")
        step = "—" if point is None else f"{point.number}. {point.id}"
        rows.append((mark, lesson.id, f"{done}/{len(lesson.steps)}", step))
    _show(
        output,
        "Tu progreso",
        ("", "lección", "hechos", "siguiente paso"),
        rows,
        [(f"Archivo: {store.path}", "")],
    )


def doctor_summary(console: Console, report: DoctorReport) -> None:
    from rich.text import Text

    for item in report.items:
        if item.ok:
            mark, style = "✓", "green"
        else:
            mark, style = ("✗", "red") if item.required else ("!", "yellow")
        line = Text.assemble((f"{mark} ", f"bold {style}"), (f"{item.label}: ", "bold"), item.detail)
        console.print(line)
        if not item.ok and item.fix:
            console.print(Text("   → " + item.fix))
