"""Command-line entry point: runs the Typer app and maps every error to an exit code."""

from __future__ import annotations

import contextlib
import errno
import os
import sys

from dockerlab.errors import DockerlabError, ExitCode

GOODBYE = "\nInterrumpido. ¡Hasta pronto! Tu progreso está guardado."
# The output was closed by its reader (``| head``): the code Unix tools end with on SIGPIPE,
# 128 + 13, so scripts can tell it from "a check failed" (README, «Códigos de salida»).
CLOSED_PIPE = 141
# import names of pyproject.toml's dependencies: one missing means a broken installation
DEPENDENCIES = {
    "typer",
    "click",
    "rich",
    "questionary",
    "prompt_toolkit",
    "docker",
    "platformdirs",
    "yaml",
    "filelock",
}


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    code = run(args, debug="--debug" in args)
    try:
        sys.stdout.flush()
    except OSError as exc:
        if not _closed_pipe(exc):
            raise
        code = _after_closed_pipe()
    sys.exit(code)


def run(args: list[str], debug: bool = False) -> int:
    _tolerate_narrow_encodings()
    from dockerlab.cli.completion import COMPLETE_VAR

    if COMPLETE_VAR not in os.environ and [a for a in args if a != "--debug"] == ["--version"]:
        # The answer needs nothing from Typer, which alone takes ~130 ms to import.
        from dockerlab import __version__

        sys.stdout.write(f"dockerlab {__version__}\n")
        return ExitCode.OK
    try:
        return _typer(args, debug)
    except OSError as exc:
        if not _closed_pipe(exc):
            raise
        return _after_closed_pipe()
    except ModuleNotFoundError as exc:
        if debug or not _missing_dependency(exc):
            raise
        return _report_missing(exc)


def _library(exc: ModuleNotFoundError) -> str:
    """The top-level package that could not be imported («yaml» for «yaml.cyaml»)."""
    return (exc.name or "").split(".")[0]


def _missing_dependency(exc: ModuleNotFoundError) -> bool:
    return _library(exc) in DEPENDENCIES


def _report_missing(exc: ModuleNotFoundError) -> int:
    """A library dockerlab needs is not installed: said plainly (rich may be the one missing)."""
    library = _library(exc)
    sys.stderr.write(
        f"Error: falta la biblioteca de Python «{library}», que dockerlab necesita: la "
        "instalación está incompleta.\n"
        "→ Reinstálalo con «uv tool install --reinstall dockerlab-es» (o, si lo instalaste "
        "con pip, «pip install --force-reinstall dockerlab-es»).\n"
    )
    return ExitCode.CHECK_FAILED


def _typer(args: list[str], debug: bool) -> int:
    import typer
    import typer.main

    from dockerlab.cli import spanish
    from dockerlab.cli.app import app
    from dockerlab.cli.completion import COMPLETE_VAR, answer_completion

    command = typer.main.get_command(app)
    if COMPLETE_VAR in os.environ:
        return answer_completion(command, os.environ[COMPLETE_VAR])
    try:
        result = command.main(args=args, prog_name="dockerlab", standalone_mode=False)
    except SystemExit as exc:
        # Typer ends the process itself when the output pipe is closed (``| head``).
        if _closed_pipe(exc.__context__):
            return _after_closed_pipe()
        raise
    except (KeyboardInterrupt, typer.Abort):
        _stderr(GOODBYE)
        return ExitCode.INTERRUPTED
    except DockerlabError as exc:
        if debug:
            raise
        _report(exc)
        return int(exc.exit_code)
    except Exception as exc:
        if spanish.is_usage_error(exc):
            if type(exc).__name__ == "NoArgsIsHelpError":  # a group run without a command
                sys.stdout.write(exc.ctx.get_help() + "\n")  # type: ignore[attr-defined]
                return ExitCode.OK
            spanish.show_usage_error(exc)
            return ExitCode.USAGE
        if debug or _closed_pipe(exc):
            raise
        if isinstance(exc, ModuleNotFoundError) and _missing_dependency(exc):
            return _report_missing(exc)
        _stderr(
            f"Error inesperado de dockerlab: {type(exc).__name__}: {exc}\n"
            "Repite con --debug para ver la traza y, si puedes, informa del fallo."
        )
        return ExitCode.CHECK_FAILED
    code = int(result) if isinstance(result, int) else ExitCode.OK
    if code == ExitCode.INTERRUPTED:  # Typer turns Ctrl-C into Exit(130)
        _stderr(GOODBYE)
    return code


def _closed_pipe(exc: BaseException | None) -> bool:
    return isinstance(exc, OSError) and exc.errno == errno.EPIPE


def _after_closed_pipe() -> int:
    """Whoever read our output stopped early (``dockerlab list | head -1``): not an error of
    the command. Nothing more can be shown, so later writes go nowhere; the exit code is the
    one Unix tools end with on SIGPIPE (see the README's table)."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return CLOSED_PIPE


def _stderr(text: str) -> None:
    from dockerlab.ui.output import error_console

    error_console().print(text, markup=False, highlight=False)


def _report(exc: DockerlabError) -> None:
    from rich.text import Text

    from dockerlab.ui.output import error_console

    console = error_console()
    console.print(Text("Error: ", style="bold red") + Text(exc.message), soft_wrap=True)
    if exc.fix:
        console.print(Text("→ ", style="bold") + Text(exc.fix), soft_wrap=True)


def _tolerate_narrow_encodings() -> None:
    """On a terminal that cannot show «ñ» or «✓» (PYTHONIOENCODING=ascii, an old Windows
    code page…), print «?» instead of failing: the Spanish is still readable."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        reconfigure = getattr(stream, "reconfigure", None)
        if encoding != "utf8" and reconfigure is not None:
            with contextlib.suppress(OSError, ValueError):
                reconfigure(errors="replace")
