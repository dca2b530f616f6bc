"""The envelope of every JSON document dockerlab prints: ``{"schema": 1, …}``.

Scripts read ``schema`` first; it changes only when a document's shape changes in a way
that breaks a reader (a key removed or renamed), never for a key added.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

SCHEMA_VERSION = 2  # 2: progress --json lists its lessons like list --json (1: keyed by id)


def envelope(fields: Mapping[str, Any]) -> dict[str, Any]:
    """``fields`` with ``schema`` in front, the key order every document shares."""
    return {"schema": SCHEMA_VERSION, **fields}
