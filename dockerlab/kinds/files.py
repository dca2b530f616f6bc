"""Files in the lesson's folder on the learner's machine: edit, restore, remove, check.

Lessons edit shipped example files (to show a bind mount and ``--reload`` at work), so every
edit keeps a byte-for-byte copy of the original under ``DOCKERLAB_HOME/backups/<lesson>/``
and ``restore_file`` puts it back. Paths never leave the lesson's folder.
"""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

from dockerlab.errors import LessonError
from dockerlab.events import Output, Solving
from dockerlab.kinds.base import Action, Check, CheckResult, Param, Registry
from dockerlab.kinds.context import StepContext
from dockerlab.paths import data_home

actions: Registry[Action] = Registry("acción")
checks: Registry[Check] = Registry("verificación")


def _relative(ctx: StepContext, path: str) -> tuple[Path, str]:
    target = ctx.path(path)
    return target, target.relative_to(ctx.workdir.resolve()).as_posix()


def backup_path(ctx: StepContext, relative: str) -> Path:
    return data_home() / "backups" / ctx.lesson.id / relative


@actions.register(
    "edit_file",
    "Cambia un texto por otro en un archivo de la carpeta de la lección (lo que harías en tu "
    "editor). Guarda antes una copia exacta que restore_file devuelve a su lugar.",
    Param("path", str, required=True, doc="archivo, relativo a workdir"),
    Param("find", str, required=True, doc="texto actual"),
    Param("replace", str, required=True, doc="texto nuevo"),
)
def edit_file(ctx: StepContext, path: str, find: str, replace: str) -> None:
    target, relative = _relative(ctx, path)
    ctx.emit(
        Solving(
            ctx.lesson.id,
            ctx.step.id,
            f"# editar {relative}: «{find}» → «{replace}»",
            f"Edito {relative} como lo harías en tu editor, y guardo",
        )
    )
    try:
        data = target.read_bytes()
    except OSError as exc:
        raise LessonError(
            f"No puedo leer {target} ({exc.strerror}).",
            "¿Existe el archivo? Si lo borraste, recupéralo (git checkout).",
        ) from exc
    old, new = find.encode("utf-8"), replace.encode("utf-8")
    if old not in data:
        if new in data:
            ctx.emit(Output(f"{relative} ya tenía el cambio.", "file"))
            return
        raise LessonError(
            f"No encuentro «{find}» en {relative}.",
            "Quizá lo cambiaste a mano: déjalo como estaba y vuelve a probar.",
        )
    backup = backup_path(ctx, relative)
    if not backup.exists():
        backup.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(target, backup)
    target.write_bytes(data.replace(old, new, 1))
    ctx.emit(Output(f"Guardado {relative} (copia del original en {backup}).", "file"))


@actions.register(
    "restore_file",
    "Devuelve un archivo editado a su contenido original, byte a byte (la copia de edit_file; "
    "sin copia, deshace el cambio conocido).",
    Param("path", str, required=True, doc="archivo, relativo a workdir"),
    Param("find", str, doc="el texto original (el «find» de edit_file)"),
    Param("replace", str, doc="el texto que puso la edición (el «replace» de edit_file)"),
)
def restore_file(ctx: StepContext, path: str, find: str | None, replace: str | None) -> None:
    target, relative = _relative(ctx, path)
    ctx.emit(
        Solving(
            ctx.lesson.id, ctx.step.id, f"# restaurar {relative}", f"Dejo {relative} como venía con el curso"
        )
    )
    backup = backup_path(ctx, relative)
    if backup.is_file():
        shutil.copy2(backup, target)
        backup.unlink()
        folder = backup.parent
        while folder != data_home() / "backups" and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
        ctx.emit(Output(f"Restaurado {relative} desde la copia.", "file"))
        return
    if find is not None and replace is not None and target.is_file():
        data = target.read_bytes()
        edited, original = replace.encode("utf-8"), find.encode("utf-8")
        if edited in data and original not in data:
            target.write_bytes(data.replace(edited, original, 1))
            ctx.emit(Output(f"Deshecho el cambio en {relative}.", "file"))
            return
    ctx.emit(Output(f"{relative} ya estaba como al principio.", "file"))


@actions.register(
    "copy_file",
    "Copia un archivo de la carpeta de la lección (p. ej. un ejemplo de .env). Si el destino "
    "ya existe, no lo toca: puede ser el del alumno.",
    Param("source", str, required=True, doc="archivo de origen, relativo a workdir"),
    Param("target", str, required=True, doc="archivo de destino, relativo a workdir"),
)
def copy_file(ctx: StepContext, source: str, target: str) -> None:
    origin, shown_source = _relative(ctx, source)
    destination, shown_target = _relative(ctx, target)
    ctx.emit(
        Solving(ctx.lesson.id, ctx.step.id, f"cp {shown_source} {shown_target}", f"Copio {shown_source}")
    )
    if destination.exists():
        ctx.emit(Output(f"{shown_target} ya existe: lo dejo como está.", "files"))
        return
    if not origin.is_file():
        raise LessonError(f"No encuentro {shown_source} en la carpeta de la lección ({ctx.workdir}).")
    shutil.copyfile(origin, destination)


@actions.register(
    "remove_file",
    "Borra un archivo (o una carpeta vacía) que creó la lección dentro de su carpeta.",
    Param("path", str, required=True, doc="ruta, relativa a workdir"),
)
def remove_file(ctx: StepContext, path: str) -> None:
    target, relative = _relative(ctx, path)
    if target == ctx.workdir.resolve():
        raise LessonError("remove_file no puede borrar la carpeta de la lección entera.")
    ctx.emit(Solving(ctx.lesson.id, ctx.step.id, f"rm {relative}", f"Borro {relative}"))
    if target.is_dir():
        with contextlib.suppress(OSError):  # only when empty: never a learner's files
            target.rmdir()
    elif target.exists():
        target.unlink()


@checks.register(
    "host_file",
    "Un archivo de la carpeta de la lección, en tu equipo: existe (o no) y contiene un texto.",
    Param("path", str, required=True, doc="ruta, relativa a workdir"),
    Param("exists", bool, default=True, doc="false: se comprueba que NO existe"),
    Param("contains", str, doc="texto que debe contener"),
    Param("lacks", str, doc="texto que no debe contener"),
)
def host_file(
    ctx: StepContext, path: str, exists: bool, contains: str | None, lacks: str | None
) -> CheckResult:
    target, relative = _relative(ctx, path)
    if not exists:
        expected = f"que no exista {relative} en tu equipo"
        if not target.exists():
            return CheckResult(True, expected, "no existe")
        return CheckResult(
            False,
            expected,
            f"existe ({target})",
            f"Bórralo: «rm {relative}» (en PowerShell también sirve «rm»).",
        )
    expected = f"{relative} en tu equipo"
    if contains:
        expected += f" con «{contains}»"
    if lacks:
        expected += f" y sin «{lacks}»"
    if not target.is_file():
        near = lookalikes(target)
        if near:
            return CheckResult(
                False,
                expected,
                f"no existe {relative}, pero veo {' y '.join(near)} en esa carpeta",
                f"Cámbiale el nombre a {target.name} (en Jupyter: clic derecho → Rename) y "
                "guárdalo; o, desde la carpeta de la lección: "
                f"«mv {(Path(relative).parent / near[0]).as_posix()} {relative}».",
            )
        return CheckResult(
            False,
            expected,
            f"no existe {target}",
            "Revisa el nombre exacto y la carpeta (la ruta de arriba).",
        )
    text = target.read_bytes().decode("utf-8", errors="replace")
    size = f"existe ({len(text.encode('utf-8'))} bytes)"
    if lacks and lacks in text:
        return CheckResult(
            False,
            expected,
            f"{size}, y todavía dice «{lacks}»",
            "Cámbialo, guarda el archivo y vuelve a verificar.",
        )
    if contains and contains not in text:
        return CheckResult(
            False,
            expected,
            f"{size}, pero sin «{contains}»",
            "Abre el archivo y comprueba el texto (mayúsculas y comillas incluidas).",
        )
    return CheckResult(True, expected, size)


def lookalikes(target: Path) -> list[str]:
    """Files next to a missing one that are probably it under another name: the editor's
    default name («Untitled.ipynb», «Untitled1.ipynb») or a near spelling."""
    import difflib

    try:
        siblings = [f.name for f in target.parent.iterdir() if f.is_file() and f.suffix == target.suffix]
    except OSError:
        return []
    close = set(difflib.get_close_matches(target.name, siblings, n=3, cutoff=0.75))
    return sorted(name for name in siblings if name.startswith("Untitled") or name in close)
