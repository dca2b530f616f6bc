"""Lesson files already parsed, kept between runs.

Turning a lesson's YAML into Python while remembering the line of every field is most of what
``dockerlab list`` does, and the files rarely change. So the catalog keeps the parsed data of
every file that read cleanly, one JSON file per lesson folder in the user's cache folder
(``lecciones/<folder>-<checksum>.json``), keyed by the file's path, size, modification time and
inode: any edit, copy or replacement of a lesson file misses the cache and is parsed again.
One file per folder keeps what ``list`` reads as small as the shipped lessons, however many
folders an author has tried; a folder's file not written for :data:`FORGET_AFTER` is removed
(it is only a cache: the next reading writes it again). The cache only ever skips the parsing:
everything else the catalog checks (fields, steps, settings, folders that must exist) runs on
every read.
A missing, unreadable or corrupt cache is the same as an empty one, and one that cannot be
written is left alone; it never changes what a lesson says.
"""

from __future__ import annotations

import contextlib
import json
import time
import zlib
from pathlib import Path
from typing import Any

from dockerlab.paths import cache_home

CACHE_FORMAT = 1  # bump when what the catalog stores for a file changes
FOLDERS = "lecciones"  # under the cache folder: one file per lesson folder
FORGET_AFTER = 30 * 24 * 3600  # seconds without a write after which a folder's file goes
OLD_SINGLE_FILE = "lecciones.json"  # before the cache was per folder: removed when seen


def folder_cache(folder: Path) -> Path:
    """The cache file of the lessons in ``folder``: its name, and a checksum of its whole path
    (zlib's, already loaded: hashlib would load OpenSSL, ≈ 8 ms of every «list»). Two folders
    that shared a file would only share it: entries are kept by each lesson file's own path."""
    where = str(folder.resolve())
    return cache_home() / FOLDERS / f"{folder.name[:40]}-{zlib.crc32(where.encode('utf-8')):08x}.json"


def _stamp(path: Path) -> list[int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns, info.st_ino]


class ParsedLessons:
    """What each lesson file parsed to when it was last read, while it has not changed."""

    def __init__(self, file: Path) -> None:
        self.file = file
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
        _forget_old()


def _forget_old() -> None:
    """Remove, in dockerlab's cache folder only (wherever this instance's own file is), the
    folders' files not written for :data:`FORGET_AFTER` (a lesson folder since deleted, a copy
    tried once) and the single file of earlier versions."""
    now = time.time()
    with contextlib.suppress(OSError):
        (cache_home() / OLD_SINGLE_FILE).unlink(missing_ok=True)
        for file in (cache_home() / FOLDERS).glob("*.json"):
            with contextlib.suppress(OSError):
                if now - file.stat().st_mtime > FORGET_AFTER:
                    file.unlink()
