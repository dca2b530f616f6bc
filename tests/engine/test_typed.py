"""The "learner typed it" path: run each step's shown command with the real docker CLI in a
real pseudo-terminal, answer what the learner would answer, then let dockerlab verify."""

from __future__ import annotations

import re
import subprocess

import pexpect
import pytest

from dockerlab.catalog import Catalog
from dockerlab.context import EngineProvider
from dockerlab.model import Step
from dockerlab.runner import Runner

pytestmark = pytest.mark.engine

# What the learner types inside interactive containers, per step.
TYPED_INSIDE = {"shell": ["ls -l /app", "cat /app/archivo_prueba.txt", "exit"]}


def type_command(step: Step, cwd: str) -> str:
    child = pexpect.spawn(step.command, cwd=cwd, encoding="utf-8", timeout=120,
                          dimensions=(40, 200))
    pending = list(TYPED_INSIDE.get(step.id, []))
    output = ""
    while True:
        index = child.expect([r"\[y/N\]", r"root@\w+:[^#]*# ", pexpect.EOF])
        output += (child.before or "") + (child.after if isinstance(child.after, str) else "")
        if index == 0:
            child.sendline("y")
        elif index == 1:
            child.sendline(pending.pop(0) if pending else "exit")
        else:
            break
    child.close()
    return output


def learner_answer(step: Step, output: str) -> str | None:
    """What a learner would answer after reading the command's output."""
    if step.question is None:
        return None
    if step.id == "version":
        server = output.split("Server:", 1)[1]
        return re.search(r"Version:\s+(\S+)", server).group(1)  # type: ignore[union-attr]
    if step.id == "listar":
        row = next(line for line in output.splitlines() if line.startswith("mi_imagen_prueba"))
        return row.split()[2][:6]
    if step.id == "conflicto":
        assert "Conflict" in output and "already in use" in output
        return step.question.choices[0]
    accept = step.checks[0].params["accept"]  # concept questions: the learner knows
    return str(accept[0])


def test_learner_types_every_command(catalog: Catalog, engines: EngineProvider) -> None:
    engine = engines.get()
    subprocess.run(["docker", "pull", "-q", "busybox"], check=True, capture_output=True)
    subprocess.run(["docker", "rm", "-f", "mi_propio_contenedor"], capture_output=True)
    subprocess.run(["docker", "run", "--name", "mi_propio_contenedor", "busybox", "true"],
                   check=True, capture_output=True)
    subprocess.run(["docker", "tag", "busybox", "mi_imagen_propia"], check=True)
    before_hello = {c.id for c in engine.containers(ancestor="hello-world")}
    try:
        for lesson in catalog.lessons[:2]:
            runner = Runner(lesson, None, engines, lambda event: None)
            runner.cleanup()
            cwd = str(lesson.workdir or lesson.source.parent)
            for step in lesson.steps:
                output = type_command(step, cwd) if step.command else ""
                answer = learner_answer(step, output)
                if answer is not None:
                    runner.answer(step, answer)
                verdict = runner.check(step)
                assert verdict.passed, (lesson.id, step.id, verdict.results, output[-800:])
            runner.cleanup()
            assert engine.labelled(lesson.id).empty()
        own = engine.container("mi_propio_contenedor")
        assert own is not None and own.status == "exited"
        assert engine.image("mi_imagen_propia") is not None
    finally:
        subprocess.run(["docker", "rm", "-f", "mi_propio_contenedor"], capture_output=True)
        subprocess.run(["docker", "rmi", "mi_imagen_propia"], capture_output=True)
        for container in engine.containers(ancestor="hello-world"):
            if container.id not in before_hello:
                engine.remove_container(container.id, force=True)
