"""One engine client per command: connected on first use, shared, and dropped after a failure."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dockerlab.engine.gateway import Engine


class EngineProvider:
    """Connects to the engine on first use and then shares that one client."""

    def __init__(self, factory: Callable[[], Engine] | None = None) -> None:
        self._factory = factory
        self._engine: Engine | None = None

    def get(self) -> Engine:
        if self._engine is None:
            if self._factory is None:
                from dockerlab.engine.gateway import Engine

                self._engine = Engine.connect()
            else:
                self._engine = self._factory()
        return self._engine

    def reset(self) -> None:
        """Forget the client (after the engine went away) so the next use reconnects."""
        if self._engine is not None:
            # closing a dead connection must not mask the real error
            with contextlib.suppress(Exception):
                self._engine.close()
        self._engine = None
