"""The one action that runs a command on the learner's own machine — only when the learner
passes ``--allow-shell`` for that run, after the commands have been shown to them."""

from __future__ import annotations

import shlex
import subprocess

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


@actions.register(
    KIND,
    "Ejecuta un programa en tu máquina (fuera de Docker). Solo con --allow-shell.",
    Param("argv", list, required=True, doc="programa y argumentos, p. ej. [python, gen.py]"),
    Param("timeout", int, default=120, doc="segundos máximos"),
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
