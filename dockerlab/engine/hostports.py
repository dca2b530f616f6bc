"""Which ports of this machine are free right now (to suggest one instead of a busy one)."""

from __future__ import annotations

import errno
import os
import socket
from collections.abc import Iterable

WINDOWS_ADDRESS_IN_USE = 10048


def is_free(port: int) -> bool:
    """Nothing listens on ``port`` on any address of this machine (we could bind it)."""
    for address in ("127.0.0.1", "0.0.0.0"):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            if os.name != "nt":  # elsewhere REUSEADDR would let us share a port that is in use
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((address, port))
            except OSError as exc:
                if exc.errno in (errno.EADDRINUSE, WINDOWS_ADDRESS_IN_USE, errno.EACCES):
                    return False
                raise
    return True


def free_port_near(port: int, taken: Iterable[int] = ()) -> int | None:
    """A port to use instead of ``port``: 8080… for privileged ones, the next ones otherwise;
    never ``port`` itself nor one in ``taken`` (published by a container). None if the
    twenty candidates are all busy."""
    start = 8080 if port < 1024 else port + 1
    skip = {port, *taken}
    for candidate in range(start, min(start + 20, 65536)):
        try:
            if candidate not in skip and is_free(candidate):
                return candidate
        except OSError:  # this machine does not let us probe: suggest nothing
            return None
    return None
