"""Tables and summaries for list, progress and doctor, in rich or plain form."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from dockerlab.plaintext import cd_command
from dockerlab.tutor.workspace import folder_for

if TYPE_CHECKING:  # only for annotations: list and progress need not import the doctor
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


def _table(console: Console, title: str, *columns: str) -> Table:
    plain = console.no_color
    table = Table(
        title=title,
        box=None if plain else Table().box,
        show_edge=not plain,
        header_style="" if plain else "bold",
        title_justify="left",
    )
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


def lessons_table(console: Console, items: list[MenuItem], summaries: dict[str, str]) -> None:
    table = _table(console, "Lecciones (en orden del curso)", "", "id", "título", "pasos", "de qué trata")
    for item in items:
        table.add_row(
            item.mark,
            item.lesson_id,
            item.title,
            f"{item.done}/{item.total}",
            summaries.get(item.lesson_id, ""),
        )
    console.print(table)
    console.print(Text("Empieza con «dockerlab start» o «dockerlab lesson ID».", style="dim"))


def steps_table(console: Console, lesson: Lesson, store: ProgressStore) -> None:
    table = _table(console, f"{lesson.title} ({lesson.id})", "nº", "id", "paso", "comando", "estado")
    for step in lesson.steps:
        state = store.status_of(lesson.id, step.id)
        table.add_row(
            str(step.number),
            step.id,
            step.title,
            step.command or "—",
            f"{STATE_MARK.get(state, '?')} {STATE_WORD.get(state, state)}",
        )
    console.print(table)
    folder = folder_for(lesson)
    if folder is not None:
        state = "" if folder.is_dir() else " (se crea al empezar la lección)"
        console.print(f"Carpeta de trabajo{state}:", highlight=False)
        console.print(Text(cd_command(str(folder))), highlight=False, soft_wrap=True)


def progress_table(console: Console, lessons: list[Lesson], store: ProgressStore) -> None:
    table = _table(console, "Tu progreso", "", "lección", "hechos", "siguiente paso")
    for lesson in lessons:
        done = store.done_count(lesson)
        point = store.current_step(lesson)
        mark = "✓" if point is None else ("◐" if done else "○")
        table.add_row(
            mark,
            lesson.id,
            f"{done}/{len(lesson.steps)}",
            "—" if point is None else f"{point.number}. {point.id}",
        )
    console.print(table)
    console.print(f"Archivo: {store.path}", highlight=False)


def doctor_summary(console: Console, report: DoctorReport) -> None:
    for item in report.items:
        if item.ok:
            mark, style = "✓", "green"
        else:
            mark, style = ("✗", "red") if item.required else ("!", "yellow")
        line = Text.assemble((f"{mark} ", f"bold {style}"), (f"{item.label}: ", "bold"), item.detail)
        console.print(line)
        if not item.ok and item.fix:
            console.print(Text("   → " + item.fix))
