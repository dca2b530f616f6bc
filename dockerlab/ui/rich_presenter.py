"""The presenter for people at a terminal: steps under a titled rule, highlighted commands,
Markdown, progress bars for pulls and a ticking status line for waits.

A step is not drawn in a box: its text, the lines it asks to paste into a file (Markdown code
blocks) and its command are copied from the screen, and a border would come with them (most
terminals select whole rows) or fold a long line in two. Code blocks are printed whole, never
split by the renderer; the terminal folds a long one itself (soft wrap)."""

from __future__ import annotations

import time
from typing import ClassVar

from rich.console import Console, ConsoleOptions, RenderResult
from rich.markdown import CodeBlock, Markdown, MarkdownElement
from rich.padding import Padding
from rich.panel import Panel
from rich.progress import BarColumn, DownloadColumn, Progress, TaskID, TextColumn
from rich.status import Status
from rich.table import Table as RichTable
from rich.text import Text

from dockerlab.events import (
    CheckFinished,
    Event,
    HintShown,
    LessonFinished,
    LessonStarted,
    Notice,
    Output,
    Solving,
    StepFinished,
    StepStarted,
    Table,
    TransferProgress,
    Waiting,
)
from dockerlab.plaintext import WORKDIR_LABEL, cd_command
from dockerlab.ui.fit import ellipsize
from dockerlab.ui.presenters import INSIDE_LABEL, STATUS_TEXT, PlainPresenter, finished_line


class _WaitLine:
    """«Esperando …» with the seconds counted on every refresh, not only on each event."""

    def __init__(self, event: Waiting) -> None:
        self.update(event)

    def update(self, event: Waiting) -> None:
        self.event = event
        self.received = time.monotonic()

    def elapsed(self) -> float:
        return min(self.event.elapsed + time.monotonic() - self.received, self.event.limit)

    def __rich__(self) -> Text:
        return Text.assemble(
            ("Esperando ", "bold"),
            (self.event.what, "bold cyan"),
            f" · {int(self.elapsed())} s de {self.event.limit:.0f} s como máximo",
        )


class _CopyableCode(CodeBlock):
    """A code block as bare lines: no padding, no background, no wrapping, no border."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Text(str(self.text).rstrip("\n") + "\n", style="bold cyan", no_wrap=True, overflow="ignore")


class StepMarkdown(Markdown):
    """A step's explanation: Markdown whose code blocks can be copied whole at any width."""

    elements: ClassVar[dict[str, type[MarkdownElement]]] = {
        **Markdown.elements,
        "fence": _CopyableCode,
        "code_block": _CopyableCode,
    }


class RichPresenter(PlainPresenter):
    """Panels, highlighted commands, Markdown and progress bars."""

    def __init__(self, console: Console) -> None:
        super().__init__(console)
        self._progress: Progress | None = None
        self._tasks: dict[str, TaskID] = {}
        self._status: Status | None = None
        self._wait_line: _WaitLine | None = None

    def _end_progress(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
            self._tasks.clear()

    def _end_wait(self) -> None:
        if self._status is not None and self._wait_line is not None:
            self._status.stop()
            line = self._wait_line
            self.console.print(
                Text(
                    f"  Esperé {line.event.what}: {int(line.elapsed())} s (máximo {line.event.limit:.0f} s)",
                    style="dim",
                )
            )
        self._status = None
        self._wait_line = None

    def handle(self, event: Event) -> None:
        if not isinstance(event, TransferProgress):
            self._end_progress()
        if not isinstance(event, Waiting):
            self._end_wait()
        console = self.console
        if isinstance(event, LessonStarted):
            steps = f" · {event.total_steps} pasos"  # kept whole; a long title gets the «…»
            title = ellipsize(event.title, console.width - len(steps) - 6)
            console.rule(Text.assemble((title, "bold"), steps))
            if event.workdir:
                console.print(Text(WORKDIR_LABEL, style="dim"), highlight=False)
                # whole, on its own line: the terminal may wrap it, the renderer never splits it
                console.print(Text(cd_command(event.workdir), style="bold cyan"), soft_wrap=True)
        elif isinstance(event, StepStarted):
            title = f"Paso {event.number}/{event.total} · {event.title}"
            console.print()
            console.rule(Text(ellipsize(title, console.width - 4), style="bold"), align="left", style="cyan")
            # crop=False: a code block wider than the terminal is left for it to fold
            console.print(StepMarkdown(event.explain.strip()), crop=False)
            if event.command:
                self.command(event.command)
            if event.inside:
                self.command("\n".join(event.inside), INSIDE_LABEL)
            if event.question:  # after the command: it is answered from what the command shows
                console.print(Text.assemble(("\nPregunta: ", "bold"), event.question))
        elif isinstance(event, Solving):
            console.print(Text.assemble(("▶ dockerlab ejecuta: ", "bold magenta"), (event.command, "cyan")))
        elif isinstance(event, Output) and event.source == "answer":
            # an answer is prose: folded at spaces under its indent (a program's output is
            # left whole for the terminal, so a copied line stays one line)
            console.print(Padding(Text(event.text, style="dim"), (0, 0, 0, 2)))
        elif isinstance(event, Output):
            step = event.source == "build" and event.text.startswith("Step ")
            console.print(Text("  " + event.text, style="bold cyan" if step else "dim"), soft_wrap=True)
        elif isinstance(event, TransferProgress):
            self._transfer(event)
        elif isinstance(event, Waiting):
            self._wait(event)
        elif isinstance(event, CheckFinished):
            self.check(event)
        elif isinstance(event, StepFinished):
            style = {"passed": "bold green", "failed": "bold red"}.get(event.status, "yellow")
            console.print(Text(STATUS_TEXT.get(event.status, event.status), style=style))
        elif isinstance(event, HintShown):
            console.print(
                Panel(
                    Markdown(event.text),
                    title=ellipsize(f"Pista {event.number}/{event.total}", console.width - 6),
                    border_style="yellow",
                    title_align="left",
                )
            )
        elif isinstance(event, Notice):
            style = {"error": "bold red", "warning": "yellow"}.get(event.level, "blue")
            console.print(Text(event.message, style=style))
            if event.fix:
                console.print(Text("→ " + event.fix))
        elif isinstance(event, Table):
            table = RichTable(*event.columns, title=event.title, title_justify="left")
            for row in event.rows:
                table.add_row(*row)
            console.print(table)
        elif isinstance(event, LessonFinished):
            console.print(Text("\n" + finished_line(event), style="bold"))

    def command(self, command: str, label: str = "Escribe en tu terminal:") -> None:
        """The step's command whole, outside any border, never split by the renderer: the
        terminal folds a long line itself (soft wrap), so copying it gives one command."""
        self.console.print(Text(label, style="bold"))
        for line in command.strip().splitlines():
            self.console.print(Text(line, style="bold cyan"), soft_wrap=True, highlight=False)

    def check(self, event: CheckFinished) -> None:
        mark, style = ("✓", "green") if event.passed else ("⊘", "yellow") if event.skipped else ("✗", "red")
        text = Text.assemble(
            (f"{mark} ", f"bold {style}"),
            ("Esperaba: ", "bold"),
            event.expected,
            ("\n  Encontré: ", "bold"),
            event.found,
        )
        if event.hint and not event.passed:
            text.append("\n  Pista: ", style="bold yellow")
            text.append(event.hint)
        self.console.print(text)

    def _transfer(self, event: TransferProgress) -> None:
        if self._progress is None:
            self._progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                DownloadColumn(),
                console=self.console,
                transient=False,
            )
            self._progress.start()
        task = self._tasks.get(event.layer)
        description = f"{event.layer[:12]} {event.status}"
        if task is None:
            task = self._progress.add_task(description, total=event.total or None)
            self._tasks[event.layer] = task
        self._progress.update(
            task,
            description=description,
            completed=event.current or (event.total if "complete" in event.status.lower() else 0),
            total=event.total or None,
        )

    def _wait(self, event: Waiting) -> None:
        """A spinner with the time waited so far (ticking between events) and the bound."""
        if self._wait_line is None:
            self._wait_line = _WaitLine(event)
        else:
            self._wait_line.update(event)
        if self._status is None:
            self._status = Status(self._wait_line, console=self.console, spinner="dots")
            self._status.start()

    def close(self) -> None:
        self._end_progress()
        self._end_wait()
