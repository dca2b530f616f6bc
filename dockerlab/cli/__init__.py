"""Command-line entry point: runs the Typer app and maps every error to an exit code."""

from __future__ import annotations

import contextlib
import os
import sys

from dockerlab.errors import DockerlabError, ExitCode

COMPLETE_VAR = "_DOCKERLAB_COMPLETE"  # set by the shell completion scripts
GOODBYE = "\nInterrumpido. ¡Hasta pronto! Tu progreso está guardado."


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    code = run(args, debug)
    if argv is not None:
        sys.exit(code)
    # The console script: everything is said and saved (progress is written atomically and
    # closed), so skip tearing down the ~500 imported modules one by one (≈ 40–100 ms).
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            if code == ExitCode.OK:
                code = ExitCode.CHECK_FAILED
    os._exit(code)


def run(args: list[str], debug: bool = False) -> int:
    _tolerate_narrow_encodings()
    if COMPLETE_VAR not in os.environ:
        if [a for a in args if a != "--debug"] == ["--version"]:
            # The answer needs nothing from Typer, which alone takes ~130 ms to import.
            from dockerlab import __version__

            sys.stdout.write(f"dockerlab {__version__}\n")
            return ExitCode.OK
        from dockerlab.cli import helpcache

        if not debug and helpcache.is_help_request(args):
            if helpcache.replay(args):
                return ExitCode.OK
            return helpcache.render_and_keep(args, lambda: _typer(args, debug))
    return _typer(args, debug)


def _typer(args: list[str], debug: bool) -> int:
    import typer.main
    from typer._click.exceptions import ClickException
    from typer.exceptions import Abort

    from dockerlab.cli import spanish
    from dockerlab.cli.app import app

    command = spanish.localise(typer.main.get_command(app))
    try:
        result = command.main(args=args, prog_name="dockerlab", standalone_mode=False)
    except (KeyboardInterrupt, Abort):
        _stderr(GOODBYE)
        return ExitCode.INTERRUPTED
    except ClickException as exc:
        if exc.__class__.__name__ == "NoArgsIsHelpError":
            return ExitCode.OK
        rich_utils = spanish.install()
        original = exc.format_message
        exc.format_message = lambda: spanish.translate_error(original())  # type: ignore[method-assign]
        rich_utils.rich_format_error(exc)
        return int(exc.exit_code)
    except DockerlabError as exc:
        if debug:
            raise
        _report(exc)
        return int(exc.exit_code)
    except Exception as exc:
        if debug:
            raise
        _stderr(
            f"Error inesperado de dockerlab: {type(exc).__name__}: {exc}\n"
            "Repite con --debug para ver la traza y, si puedes, informa del fallo."
        )
        return ExitCode.CHECK_FAILED
    code = int(result) if isinstance(result, int) else ExitCode.OK
    if code == ExitCode.INTERRUPTED:  # Typer turns Ctrl-C into Exit(130)
        _stderr(GOODBYE)
    return code


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
