"""Files written whole or not at all: a temporary file in the same folder, then a rename.

A crash, a full disk or Ctrl-C in the middle never leaves half a file behind, and never a
stray temporary file either.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any


def write_json(path: Path, data: Any, *, sort_keys: bool = False) -> None:
    """Replace ``path`` with ``data`` as indented UTF-8 JSON. Raises :class:`OSError`."""
    import tempfile  # with «random», ≈ 2 ms at start-up that only a write needs

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=2, sort_keys=sort_keys)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:  # also Ctrl-C: the rename did not happen, so the temp file goes
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
