"""Where dockerlab finds its lessons and keeps the learner's data."""

from __future__ import annotations

import os
import sys
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def data_home() -> Path:
    """The folder for progress and backups: ``DOCKERLAB_HOME`` or the user's data folder."""
    override = os.environ.get("DOCKERLAB_HOME")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_path

    return user_data_path("dockerlab", appauthor=False)


def cache_home() -> Path:
    """The folder for what dockerlab can always rebuild (lessons already parsed): the user's
    cache folder, never the data folder, so deleting it is always safe. On Linux the XDG rule
    is applied here, as platformdirs applies it, without importing platformdirs (≈ 6 ms of
    every «dockerlab list»; tests/unit/test_parsed_lessons.py checks both agree)."""
    if sys.platform.startswith("linux"):
        base = os.environ.get("XDG_CACHE_HOME", "")
        return Path(base if base.strip() else os.path.expanduser("~/.cache")) / "dockerlab"
    from platformdirs import user_cache_path

    return user_cache_path("dockerlab", appauthor=False)


def _shipped(name: str) -> Path:
    """A data folder from the source checkout, or the copy packed inside the wheel."""
    checkout = PACKAGE_DIR.parent / name
    if checkout.is_dir():
        return checkout
    return PACKAGE_DIR / "_data" / name


def lessons_dir() -> Path:
    override = os.environ.get("DOCKERLAB_LESSONS")
    return Path(override) if override else _shipped("lessons")


def examples_dir() -> Path:
    """The shipped example folders; lessons work in the learner's copies of them."""
    return _shipped("examples")
