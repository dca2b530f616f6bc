"""Build hook: the packages carry the lessons and examples exactly as git tracks them.

A learner's stray files in a checkout (an ``examples/ml/.env``, Jupyter checkpoints, a saved
notebook) must never reach a wheel or an sdist. In a git checkout the data files are the ones
``git ls-files`` lists; building from an sdist (no git), they are the sdist's own files, which
were chosen the same way.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

DATA = ("lessons", "examples")  # shipped inside the wheel, under dockerlab/_data/
SOURCE_EXTRA = ("tests", "docs", "benchmarks", "scripts", ".ci", "README.md", "LICENSE")


def project_files(root: Path, tops: tuple[str, ...]) -> list[str]:
    """Relative paths of the files under ``tops``: git's tracked ones when there is git."""
    try:
        done = subprocess.run(
            ["git", "ls-files", "-z", "--", *tops],
            cwd=root,
            capture_output=True,
            check=True,
        )
        listed = [name for name in done.stdout.decode().split("\0") if name]
        return [name for name in listed if (root / name).is_file()]
    except (OSError, subprocess.CalledProcessError):
        found: list[str] = []
        for top in tops:
            path = root / top
            if path.is_file():
                found.append(top)
            elif path.is_dir():
                found += [p.relative_to(root).as_posix() for p in sorted(path.rglob("*")) if p.is_file()]
        return found


class DataFromGit(BuildHookInterface):  # type: ignore[misc]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        root = Path(self.root)
        include = build_data.setdefault("force_include", {})
        if self.target_name == "wheel":
            for name in project_files(root, DATA):
                include[str(root / name)] = f"dockerlab/_data/{name}"
        elif self.target_name == "sdist":
            for name in project_files(root, DATA + SOURCE_EXTRA):
                include[str(root / name)] = name
