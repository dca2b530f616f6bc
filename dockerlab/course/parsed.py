"""Lesson files already parsed, kept between runs.

Turning a lesson's YAML into Python while remembering the line of every field is most of what
``dockerlab list`` does, and the files rarely change. So the catalog keeps the parsed data of
every file that read cleanly in one JSON file in the user's cache folder, keyed by the
file's path, size, modification time and inode: any edit, copy or replacement of a lesson
file misses the cache and is parsed again. The cache only ever skips the parsing: everything
else the catalog checks (fields, steps, settings, folders that must exist) runs on every read.
A missing, unreadable or corrupt cache is the same as an empty one, and one that cannot be
written is left alone; it never changes what a lesson says.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

from dockerlab.paths import cache_home

CACHE_FORMAT = 1  # bump when what the catalog stores for a file changes


def _stamp(path: Path) -> list[int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns, info.st_ino]


class ParsedLessons:
    """What each lesson file parsed to when it was last read, while it has not changed."""

    def __init__(self, file: Path | None = None) -> None:
        self.file = file or cache_home() / "lecciones.json"
        self._entries: dict[str, Any] = {}
        self._dirty = False
        try:
            stored = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(stored, dict) and stored.get("format") == CACHE_FORMAT:
            entries = stored.get("files")
            self._entries = entries if isinstance(entries, dict) else {}

    def get(self, path: Path) -> Any | None:
        """The data ``path`` parsed to, or None when it is not kept or the file changed since."""
        entry = self._entries.get(str(path.resolve()))
        if not isinstance(entry, dict) or entry.get("stamp") != _stamp(path):
            return None
        return entry.get("data")

    def put(self, path: Path, data: Any) -> None:
        """Keep ``data`` for ``path`` if JSON gives it back the same (a YAML date would not)."""
        stamp = _stamp(path)
        try:
            same = stamp is not None and json.loads(json.dumps(data)) == data
        except (TypeError, ValueError):
            same = False
        if same:
            self._entries[str(path.resolve())] = {"stamp": stamp, "data": data}
            self._dirty = True

    def save(self) -> None:
        """Write the cache if anything was added; a cache that cannot be written is skipped."""
        if not self._dirty:
            return
        from dockerlab.atomic import write_json

        # files gone since (a lesson file named by path, then deleted) are forgotten
        self._entries = {name: entry for name, entry in self._entries.items() if Path(name).is_file()}
        with contextlib.suppress(OSError):
            write_json(self.file, {"format": CACHE_FORMAT, "files": self._entries})
        self._dirty = False
