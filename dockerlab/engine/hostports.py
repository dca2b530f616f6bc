"""Which ports of this machine can be published right now, and which to suggest instead.

One probe serves both callers: the lesson settings (is 127.0.0.1:PORT usable before the
lesson starts?) and the explanation of a «port is already allocated» error (which free port
to suggest). ``socket`` is imported on the first probe, so commands that never probe a
port (``dockerlab list``) do not pay for it.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable
from typing import Literal

WINDOWS_ADDRESS_IN_USE = 10048
LOOPBACK = "127.0.0.1"
EVERYWHERE = (LOOPBACK, "0.0.0.0")  # what «-p PORT:…» without an address needs

# busy: something holds it; forbidden: a range Windows reserves (Hyper-V, WSL), which Docker
# cannot publish either; error: this machine did not let us probe.
Problem = Literal["busy", "forbidden", "error"]


def port_problem(port: int, addresses: Iterable[str] = (LOOPBACK,)) -> Problem | None:
    """Why ``port`` cannot be published on ``addresses`` of this machine, or None if it can.

    The engine binds published ports, not the learner: with rootful Docker and Docker
    Desktop that works below 1024 without admin rights. So a port our own user may not
    bind (PermissionError on Linux/macOS) only counts as taken when something answers on it.
    """
    import socket

    for address in addresses:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            if os.name != "nt":  # elsewhere REUSEADDR would let us share a port that is in use
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((address, port))
            except PermissionError:
                if os.name == "nt":
                    return "forbidden"
                if _answers(port):
                    return "busy"
            except OSError as exc:
                if exc.errno in (errno.EADDRINUSE, WINDOWS_ADDRESS_IN_USE):
                    return "busy"
                return "error"
    return None


def _answers(port: int) -> bool:
    """Something accepts connections on 127.0.0.1:``port``."""
    import socket

    try:
        with socket.create_connection((LOOPBACK, port), timeout=1):
            return True
    except OSError:
        return False


def is_free(port: int) -> bool:
    """Nothing holds ``port`` on any address of this machine (a plain ``-p PORT:…`` works)."""
    return port_problem(port, EVERYWHERE) is None


def fallbacks(port: int) -> list[int]:
    """Where to go when ``port`` is taken, in order: 8080… for ports below 1024 (the web's
    usual alternative), the next ones otherwise; twenty at most, never ``port`` itself."""
    start = 8080 if port < 1024 else port + 1
    return [p for p in range(start, min(start + 20, 65536)) if p != port]


def free_port_near(port: int, taken: Iterable[int] = ()) -> int | None:
    """A free port to use instead of ``port``, never one in ``taken`` (published by a
    container). None if every fallback is busy or this machine does not let us probe."""
    skip = set(taken)
    for candidate in fallbacks(port):
        if candidate in skip:
            continue
        problem = port_problem(candidate, EVERYWHERE)
        if problem is None:
            return candidate
        if problem == "error":
            return None
    return None
