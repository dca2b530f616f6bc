"""The one action that runs a command on the learner's own machine — only when the learner
passes ``--allow-shell`` for that run, after the commands have been shown to them."""

from __future__ import annotations

import re
import shlex
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dockerlab.engine.labels import LABEL_LESSON
from dockerlab.errors import LessonError
from dockerlab.events import Notice, Output
from dockerlab.kinds.base import Action, Check, Param, Registry
from dockerlab.kinds.context import StepContext
from dockerlab.model import Lesson
from dockerlab.plaintext import visible_lines

actions: Registry[Action] = Registry("acción")
checks: Registry[Check] = Registry("verificación")

KIND = "host_command"


def host_commands(lesson: Lesson) -> list[str]:
    """Every host command a lesson would run, as text, for showing before the run."""
    specs = [spec for step in lesson.steps for spec in step.solve] + list(lesson.cleanup)
    return [shlex.join(spec.params.get("argv", [])) for spec in specs if spec.kind == KIND]


# «docker run», «docker volume create», «docker compose up»…: commands that leave objects.
_CREATES = re.compile(
    r"\bdocker(?:\s+(?:container|image|volume|network|buildx))?\s+(run|create|build)\b"
    r"|\bdocker\s+compose\b.*\b(up|create|run)\b"
)


def unreachable(params: Mapping[str, Any], workdir: Path | None) -> list[tuple[str, str]]:
    """A host command that creates Docker objects without the lesson's label leaves them
    where the cleanup (which only removes labelled objects) cannot reach them."""
    argv = params.get("argv")
    if not isinstance(argv, list):
        return []
    text = " ".join(str(a) for a in argv)
    found = _CREATES.search(text)
    if found is None or LABEL_LESSON in text:
        return []
    return [
        (
            "argv",
            f"«{found.group(0)}» crea objetos sin el label de la lección ({LABEL_LESSON}): "
            "la limpieza no los alcanzará y quedarán en el equipo del alumno. Usa las acciones "
            "de dockerlab (run, build, create_volume, create_network, compose_up…), que los "
            f"etiquetan, o añade «--label {LABEL_LESSON}=ID» al comando",
        )
    ]


@actions.register(
    KIND,
    "Ejecuta un programa en tu máquina (fuera de Docker). Solo con --allow-shell.",
    Param("argv", list, required=True, doc="programa y argumentos, p. ej. [python, gen.py]"),
    Param("timeout", int, default=120, doc="segundos máximos"),
    validate=unreachable,
)
def host_command(ctx: StepContext, argv: list[str], timeout: int) -> None:
    text = shlex.join(argv)
    if not ctx.allow_shell:
        raise LessonError(
            f"La lección «{ctx.lesson.id}» quiere ejecutar en tu máquina: {text}",
            "Por seguridad, dockerlab no ejecuta comandos del anfitrión salvo que lo autorices "
            "para esta ejecución con --allow-shell (revisa antes qué comandos son).",
        )
    ctx.emit(Notice("warning", f"Ejecuto en tu máquina (autorizado con --allow-shell): {text}"))
    try:
        done = subprocess.run(
            argv, cwd=ctx.workdir, capture_output=True, text=True, timeout=timeout, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise LessonError(
            f"No se pudo ejecutar {text}: {exc}", "Comprueba que el programa existe en tu máquina."
        ) from exc
    for line in visible_lines(done.stdout + done.stderr):
        ctx.emit(Output(line, "host"))
    if done.returncode != 0:
        raise LessonError(f"{text} terminó con el código {done.returncode}.", "Lee su salida más arriba.")
