"""The learner's workspace: their own copy of the example folders the lessons work in.

The examples ship inside the installation (a wheel puts them under site-packages), which a
learner may not be able to write and which a reinstall replaces. So a lesson whose working
folder is a shipped example works in a copy under the workspace instead: made the first time
the lesson runs, completed with files a newer version adds, and never overwritten unless the
learner asks for it (``dockerlab workspace --reset ID``). Lessons whose folder is elsewhere
(an instructor's own lessons) keep working where they are.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
from pathlib import Path

from dockerlab.errors import DockerlabError
from dockerlab.model import Lesson
from dockerlab.paths import data_home, examples_dir

DEFAULT_NAME = "dockerlab-ejemplos"
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints", ".venv", ".env", ".DS_Store")


def workspace_home() -> Path:
    """``DOCKERLAB_WORKSPACE``, else the folder chosen with ``dockerlab workspace --set``,
    else ``~/dockerlab-ejemplos``."""
    override = os.environ.get("DOCKERLAB_WORKSPACE")
    if override:
        return Path(override).expanduser()
    try:
        chosen = json.loads(_choice_file().read_text("utf-8")).get("workspace")
    except (OSError, ValueError, AttributeError):
        chosen = None
    return Path(chosen).expanduser() if isinstance(chosen, str) and chosen else Path.home() / DEFAULT_NAME


def choose(folder: Path) -> Path:
    """Remember ``folder`` as the workspace for later runs (the lessons' copies go there)."""
    folder = folder.expanduser().resolve()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _choice_file().parent.mkdir(parents=True, exist_ok=True)
        _choice_file().write_text(json.dumps({"schema": 1, "workspace": str(folder)}), "utf-8")
    except OSError as exc:
        raise DockerlabError(
            f"No pude usar {folder} como carpeta de trabajo: {exc.strerror or exc}.",
            "Elige una carpeta tuya en la que puedas escribir.",
        ) from exc
    return folder


def _choice_file() -> Path:
    return data_home() / "workspace.json"


def shipped_example(lesson: Lesson) -> Path | None:
    """The shipped example folder a lesson works in, or None when it works elsewhere."""
    if lesson.workdir is None:
        return None
    shipped = examples_dir().resolve()
    folder = lesson.workdir.resolve()
    return folder if folder == shipped or shipped in folder.parents else None


def folder_for(lesson: Lesson) -> Path | None:
    """Where the learner works for this lesson (it may not exist yet)."""
    source = shipped_example(lesson)
    if source is None:
        return lesson.workdir
    return workspace_home() / source.relative_to(examples_dir().resolve())


def place(lesson: Lesson) -> tuple[Lesson, list[str]]:
    """The lesson working in the learner's copy; the copy is made or completed first.

    Returns the lesson and the relative paths it copied now (empty when nothing was missing).
    """
    source = shipped_example(lesson)
    if source is None:
        return lesson, []
    target = folder_for(lesson)
    assert target is not None
    copied = _copy_missing(source, target)
    return dataclasses.replace(lesson, workdir=target), copied


def reset(lesson: Lesson) -> Path:
    """Replace the learner's copy with a fresh one from the installation."""
    source = shipped_example(lesson)
    target = folder_for(lesson)
    if source is None or target is None:
        raise DockerlabError(
            f"La lección «{lesson.id}» no usa una carpeta de ejemplo del curso.",
            "Solo se pueden volver a crear las carpetas de los ejemplos que trae dockerlab.",
        )
    if target.exists():
        try:
            shutil.rmtree(target)
        except OSError as exc:
            raise DockerlabError(
                f"No pude borrar {target}: {exc.strerror or exc}.",
                "Cierra los programas que usen esa carpeta (un editor, un contenedor con "
                "ella montada) y vuelve a intentarlo.",
            ) from exc
    _copy_missing(source, target)
    return target


def _copy_missing(source: Path, target: Path) -> list[str]:
    copied: list[str] = []
    try:
        for path in sorted(source.rglob("*")):
            relative = path.relative_to(source)
            if any(IGNORED(str(path.parent), [part]) for part in relative.parts):
                continue
            destination = target / relative
            if path.is_dir():
                destination.mkdir(parents=True, exist_ok=True)
            elif not destination.exists():
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, destination)
                copied.append(relative.as_posix())
    except OSError as exc:
        raise DockerlabError(
            f"No pude preparar tu carpeta de trabajo {target}: {exc.strerror or exc}.",
            "Elige otra carpeta con la variable DOCKERLAB_WORKSPACE (por ejemplo, "
            "DOCKERLAB_WORKSPACE=~/docker-curso) o revisa sus permisos.",
        ) from exc
    return copied
