"""Help screens replayed without importing Typer.

Typer and rich take ≈ 230 ms to import on a small machine, yet a help screen only changes
with dockerlab's code, the installed Typer/rich, the terminal's width and whether colours
are on. The first time a help screen is asked for, Typer renders it as usual and a copy is
kept under the data folder (``cache/help``); later requests with the same key print the copy.

The key covers everything the rendering reads (see :func:`_key`), so a resized terminal,
``NO_COLOR``, a new version or an edited command module gives a new rendering. Anything
unusual (``--debug``, shell completion, options other than ``--help``, a failing command)
simply goes through Typer and is not kept. Standard library only: this module is imported
before Typer on every run.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable
from typing import Any

HELP_FLAGS = ("--help", "-h")
_ENV = (
    "COLUMNS",
    "LINES",
    "NO_COLOR",
    "FORCE_COLOR",
    "TERM",
    "COLORTERM",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
    "_TYPER_FORCE_DISABLE_TERMINAL",
    "TYPER_USE_RICH",
    "_TYPER_STANDARD_TRACEBACK",
    "JUPYTER_COLUMNS",
    "JUPYTER_LINES",
    "PYTHONIOENCODING",
    "LANG",
    "LC_ALL",
    "LC_CTYPE",
)
_KEEP = 64  # at most this many kept screens (different widths, commands…)


def is_help_request(args: list[str]) -> bool:
    """``dockerlab``, ``dockerlab --help`` or ``dockerlab CMD [SUB] --help``."""
    if not args:
        return True
    *words, last = args
    return last in HELP_FLAGS and all(w.replace("-", "").isalnum() and not w.startswith("-") for w in words)


def _package_files() -> list[str]:
    """The files whose change can change a help screen: dockerlab's CLI and the
    installed Typer and rich (a reinstall rewrites them)."""
    cli = os.path.dirname(os.path.abspath(__file__))
    files = [os.path.join(cli, name) for name in sorted(os.listdir(cli)) if name.endswith(".py")]
    files.append(os.path.join(os.path.dirname(cli), "__init__.py"))
    import importlib.util

    for name in ("typer", "rich"):
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.origin:
            files.append(spec.origin)
    return files


def _terminal() -> list[object]:
    facts: list[object] = []
    for fd in (0, 1, 2):
        try:
            facts.append(os.isatty(fd))
            facts.append(tuple(os.get_terminal_size(fd)))
        except OSError:
            facts.append(None)
    return facts


def _key(args: list[str]) -> str:
    import hashlib

    from dockerlab import __version__

    parts: list[object] = [
        __version__,
        sys.version,
        sys.prefix,
        args,
        _terminal(),
        getattr(sys.stdout, "encoding", None),
    ]
    parts += [(name, os.environ.get(name)) for name in _ENV]
    for path in _package_files():
        try:
            stat = os.stat(path)
            parts.append((path, stat.st_mtime_ns, stat.st_size))
        except OSError:
            parts.append((path, None))
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def _folder() -> str:
    from dockerlab.paths import data_home

    return os.path.join(str(data_home()), "cache", "help")


def replay(args: list[str]) -> bool:
    """Print the kept help screen for ``args``; False when there is none yet."""
    try:
        with open(os.path.join(_folder(), _key(args)), "rb") as kept:
            text = kept.read()
    except OSError:
        return False
    out = sys.stdout
    out.flush()
    binary = getattr(out, "buffer", None)
    if binary is None:  # a text-only stream (tests capturing output)
        out.write(text.decode(getattr(out, "encoding", None) or "utf-8", errors="replace"))
    else:
        binary.write(text)
    return True


class _Tee:
    """Everything written goes to the real stream and to a copy; the rest (isatty,
    fileno, encoding…) is the real stream's, so rich and click write exactly as they would.
    Not an ``io.TextIOBase``: its empty ``encoding`` would make click bypass the copy."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.copy = io.StringIO()

    def write(self, text: str) -> int:
        self.copy.write(text)
        return int(self.real.write(text))

    def flush(self) -> None:
        self.real.flush()

    def isatty(self) -> bool:
        return bool(self.real.isatty())

    def fileno(self) -> int:
        return int(self.real.fileno())

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


def render_and_keep(args: list[str], render: Callable[[], int]) -> int:
    """Run ``render`` (Typer) with stdout copied; keep the copy when it succeeded."""
    real = sys.stdout
    tee = _Tee(real)
    sys.stdout = tee
    try:
        code = render()
    finally:
        sys.stdout = real
    if code == 0 and tee.copy.getvalue():
        encoding = getattr(real, "encoding", None) or "utf-8"
        _keep(args, tee.copy.getvalue().encode(encoding, errors="replace"))
    return code


def _keep(args: list[str], data: bytes) -> None:
    """Write atomically; a read-only or full disk just means no copy is kept."""
    try:
        folder = _folder()
        os.makedirs(folder, exist_ok=True)
        target = os.path.join(folder, _key(args))
        partial = f"{target}.{os.getpid()}.tmp"
        with open(partial, "wb") as handle:
            handle.write(data)
        os.replace(partial, target)
        kept = sorted((e for e in os.scandir(folder) if e.is_file()), key=lambda e: e.stat().st_mtime)
        for old in kept[:-_KEEP]:
            os.unlink(old.path)
    except OSError:
        pass
