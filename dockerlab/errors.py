"""One error hierarchy for everything dockerlab can fail at.

Errors carry a Spanish message and a concrete fix; the CLI is the only place that
catches them, prints them and turns them into an exit code.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes of every dockerlab command (documented in the README)."""

    OK = 0
    CHECK_FAILED = 1  # a verification did not pass, or a step could not be solved
    USAGE = 2  # bad command-line usage (Typer/click's own code)
    ENGINE = 3  # the Docker engine cannot be reached
    LESSON = 4  # unknown lesson/step or an invalid lesson file
    PROGRESS = 5  # the progress store cannot be read or written
    NEEDS_TTY = 6  # an interactive command was run without a terminal
    INTERRUPTED = 130  # Ctrl-C


class DockerlabError(Exception):
    """Base class: a Spanish message plus the fix the learner can apply."""

    exit_code: ExitCode = ExitCode.CHECK_FAILED

    def __init__(
        self, message: str, fix: str = "", *, code: str = "", details: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix
        self.code = code or type(self).__name__
        # What the diagnosis read in Docker's message (a name, a port…), for explain.py.
        self.details: dict[str, str] = dict(details or {})

    def __str__(self) -> str:
        return self.message if not self.fix else f"{self.message}\n{self.fix}"


class EngineUnavailable(DockerlabError):
    """The Docker engine does not answer (daemon down, permissions, wrong host)."""

    exit_code = ExitCode.ENGINE


class EngineOperationError(DockerlabError):
    """The engine answered but refused or failed an operation."""


class LessonError(DockerlabError):
    """A lesson or step that does not exist, or a lesson file that is invalid."""

    exit_code = ExitCode.LESSON


class ProgressError(DockerlabError):
    exit_code = ExitCode.PROGRESS


class NeedsTerminal(DockerlabError):
    exit_code = ExitCode.NEEDS_TTY


class UsageError(DockerlabError):
    """The command was called in a way it cannot work (our own checks, after click's)."""

    exit_code = ExitCode.USAGE
