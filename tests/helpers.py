"""What many tests share: running the dockerlab CLI as a learner would (a real process, the
suite's environment), in a pipe or in a pseudo-terminal, and the CI rule for skips."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pexpect
import pytest

if TYPE_CHECKING:
    from dockerlab.engine.gateway import Engine

CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
DOWN, ENTER = "\x1b[B", "\r"
# Debian's docker.io 20.10 CLI has BuildKit built in; the newer CLI first in PATH on these
# machines has no buildx, so its «docker build» falls back to the legacy builder.
DEBIAN_CLI = Path("/usr/bin/docker")


def buildkit_path(folder: Path) -> str:
    """A PATH that starts with ``folder``, where ``docker`` is Debian's CLI (so a learner's
    «docker build» goes through BuildKit); fails the test when that CLI is not installed."""
    if not DEBIAN_CLI.exists():
        pytest.fail(f"this test needs Debian's docker.io CLI at {DEBIAN_CLI} (BuildKit built in)")
    (folder / "docker").symlink_to(DEBIAN_CLI)
    return f"{folder}{os.pathsep}{os.environ['PATH']}"


def dockerlab(
    *args: str,
    home: Path | None = None,
    env: Mapping[str, str] | None = None,
    extra_env: Mapping[str, str] | None = None,
    input: str | None = None,
    cwd: Path | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """``python -m dockerlab ARGS`` in a real child process; never raises on its exit code.

    ``env`` replaces the whole environment (a learner's bare shell); otherwise the child gets
    the suite's environment plus ``extra_env``, and ``home`` as its DOCKERLAB_HOME.
    Standard input is empty (no terminal) unless ``input`` is given.
    """
    child_env = dict(env) if env is not None else dict(os.environ)
    child_env.update(extra_env or {})
    if home is not None:
        child_env["DOCKERLAB_HOME"] = str(home)
    return subprocess.run(
        [sys.executable, "-m", "dockerlab", *args],
        capture_output=True,
        text=True,
        env=child_env,
        cwd=cwd,
        input=input,
        stdin=None if input is not None else subprocess.DEVNULL,
        timeout=timeout,
        check=False,
    )


def spawn(*args: str, home: Path, columns: int = 100, **extra_env: str) -> pexpect.spawn:
    """``python -m dockerlab ARGS`` in a real pseudo-terminal of 40 rows × ``columns``."""
    env = dict(os.environ, DOCKERLAB_HOME=str(home), TERM="xterm-256color", **extra_env)
    return pexpect.spawn(
        sys.executable,
        ["-m", "dockerlab", *args],
        env=env,
        encoding="utf-8",
        timeout=90,
        dimensions=(40, columns),
    )


def pulled(engine: Engine, ref: str) -> None:
    """Make sure the engine has ``ref``, pulling it (through CI's mirror) when it is missing."""
    if engine.image(ref) is None:
        list(engine.pull(ref))


# What the suite puts on the objects it makes to stand for a learner's own: not dockerlab's
# label (dockerlab must treat them as somebody else's), but a mark the suite can recognise
# when an interrupted earlier run left one behind.
SUITE_LABEL = "io.dockerlab.test"
STAND_IN = {SUITE_LABEL: "ajeno"}


def clear_leftovers(engine: Engine, containers: tuple[str, ...] = (), images: tuple[str, ...] = ()) -> None:
    """Before a test that needs these container and image names free: what an earlier,
    interrupted run left with them (dockerlab's lesson label or the suite's mark) goes; one
    with neither is somebody's own, and the test stops without touching it."""
    from dockerlab.engine.labels import LABEL_LESSON

    found: list[tuple[str, Any, Callable[..., None]]]
    found = [(name, engine.container(name), engine.remove_container) for name in containers]
    found += [(name, engine.image(name), engine.remove_image) for name in images]
    for name, thing, remove in found:
        if thing is None:
            continue
        assert LABEL_LESSON in thing.labels or SUITE_LABEL in thing.labels, (
            f"«{name}» exists and is not the suite's: this test will not touch it"
        )
        remove(name, force=True)
