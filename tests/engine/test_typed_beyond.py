"""The "learner typed it" path for the lessons past the course (dockerfile, depurar): each
step's command typed in a real pseudo-terminal with the real docker CLI, the edits made as
in an editor, the mistakes a learner makes on the way, then dockerlab's verification."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pexpect
import pytest

from dockerlab.course.catalog import Catalog
from dockerlab.engine.provider import EngineProvider
from dockerlab.model import Step
from dockerlab.tutor.runner import Runner

pytestmark = pytest.mark.engine
BIN = str(Path(sys.executable).parent)  # where «dockerlab» is, as on the learner's PATH


def typed(command: str, cwd: Path) -> tuple[int, str]:
    """A command line as the learner types it in their shell; its exit code and output."""
    env = {**os.environ, "PATH": f"{BIN}:{os.environ.get('PATH', '')}", "NO_COLOR": "1"}
    child = pexpect.spawn(
        "bash", ["-c", command], cwd=str(cwd), env=env, encoding="utf-8", timeout=600, dimensions=(50, 200)
    )
    output = child.read()
    child.close()
    return int(child.exitstatus or 0), output


def snapshot(folder: Path) -> dict[Path, bytes]:
    files = (p for p in sorted(folder.rglob("*")) if p.is_file() and "__pycache__" not in p.parts)
    return {p: p.read_bytes() for p in files}


def edit(folder: Path, step: Step) -> None:
    """What the learner does in their editor: the step's own change, by hand."""
    for spec in step.solve:
        if spec.kind == "edit_file":
            path = folder / spec.params["path"]
            text = path.read_text("utf-8")
            assert spec.params["find"] in text, (step.id, spec.params)
            path.write_text(text.replace(spec.params["find"], spec.params["replace"], 1), "utf-8")


@pytest.mark.lessons("dockerfile")
def test_learner_types_the_dockerfile_lesson(catalog: Catalog, engines: EngineProvider) -> None:
    engine = engines.get()
    runner = Runner(catalog.get("dockerfile"), None, engines, lambda event: None)
    lesson = runner.lesson
    runner.cleanup()
    workdir = lesson.workdir or lesson.source.parent
    original = snapshot(workdir)
    try:
        for step in lesson.steps:
            if step.id == "copiar":  # first a typo, as learners do: the build fails, explained
                code, output = typed("dockerlab check dockerfile desde --plain", workdir)
                assert code == 0, output  # step 1 recorded in the learner's progress
                dockerfile = workdir / "Dockerfile"
                good = dockerfile.read_text("utf-8")
                dockerfile.write_text(good.replace("# AQUÍ: WORKDIR, COPY y RUN", "WORKIDR /app"), "utf-8")
                code, output = typed(f"{step.command} 2>&1 | tee /dev/stderr | dockerlab explain", workdir)
                assert "unknown instruction" in output.lower(), output[-1500:]
                assert "¿Querías escribir WORKDIR?" in output, output[-1500:]
                assert "Traceback" not in output
                code, output = typed("dockerlab check dockerfile copiar --plain", workdir)
                assert code != 0 and "WORKDIR" in output and "Traceback" not in output, output
                code, output = typed("dockerlab progress --plain", workdir)
                row = next(line for line in output.splitlines() if " dockerfile " in line)
                assert "1/" in row and "2. copiar" in row, output  # progress kept
                dockerfile.write_text(good, "utf-8")
            if step.id == "deshacer":  # the learner puts the files back (git checkout)
                for path, data in original.items():
                    path.write_bytes(data)
            edit(workdir, step)
            if step.command:
                code, output = typed(step.command, workdir)
                assert code == 0, (step.id, output[-1500:])
                if step.id == "cache":  # only the code's layer is redone; pip's comes from the cache
                    assert output.count("Using cache") >= 3, output[-2000:]
            verdict = runner.check(step)
            assert verdict.passed, (step.id, verdict.results)
    finally:
        for path, data in original.items():
            path.write_bytes(data)
        runner.cleanup()
    assert engine.labelled("dockerfile").empty(), engine.labelled("dockerfile").describe()
    assert snapshot(workdir) == original


def _hint(runner: Runner, step: Step) -> str:
    """What dockerlab says when the learner verifies before doing the step."""
    verdict = runner.check(step)
    assert not verdict.passed, step.id
    return " ".join(f"{result.found} {result.hint}" for _, result in verdict.results)


def _restarting_message(container: str, cwd: Path) -> str:
    """«docker exec» on a container in a restart loop: the engine's own refusal."""
    deadline = time.monotonic() + 30
    output = ""
    while time.monotonic() < deadline:
        _, output = typed(f"docker exec {container} ls 2>&1", cwd)
        if "is restarting" in output:
            return output
        time.sleep(0.3)
    raise AssertionError(output)


# What the check says before each fix: the clue it found (the container's last words…).
CLUES = {"arreglar-web": "http.serve", "arreglar-api": "127.0.0.1", "arreglar-modelo": "MODELO"}


@pytest.mark.lessons("depurar")
def test_learner_types_the_depurar_lesson(catalog: Catalog, engines: EngineProvider) -> None:
    engine = engines.get()
    runner = Runner(catalog.get("depurar"), None, engines, lambda event: None)
    lesson = runner.lesson  # with this machine's ports
    runner.cleanup()
    workdir = lesson.workdir or lesson.source.parent
    api = f"http://127.0.0.1:{lesson.values['port_api']}/"
    try:
        for step in lesson.steps:
            if step.id in ("arreglar-web", "arreglar-api", "arreglar-modelo"):
                before = _hint(runner, step)  # the hint follows what the check found
                assert CLUES[step.id] in before, before
            if step.id == "dentro":  # the browser gets nothing: curl's error, explained
                code, output = typed(f"curl -sS {api} 2>&1 | tee /dev/stderr | dockerlab explain", workdir)
                assert "Empty reply" in output or "reset by peer" in output, output
                assert "escucha solo en 127.0.0.1" in output and "Traceback" not in output, output
            if step.id == "explicar":
                said = _restarting_message("depurar_modelo", workdir)
                code, output = typed(f"echo '{said.strip()}' | dockerlab explain", workdir)
                assert "se reinicia una y otra vez" in output and "«MODELO»" in output, output
            code, output = typed(step.command, workdir)
            if step.id == "sale":
                assert code == 0  # «docker run -d» says nothing of the failure
            answer = None
            if step.id == "leer":
                assert "No module named http.serve" in output, output
                assert step.question is not None
                answer = step.question.choices[0]
            if step.id == "dentro":
                assert output.strip().splitlines()[-1] == "200", output
                assert step.question is not None
                answer = next(c for c in step.question.choices if c.startswith("200"))
            if step.id == "explicar":
                assert "variable de entorno «MODELO»" in output, output
                assert "docker run -e MODELO=valor" in output, output
                answer = "MODELO"
            if answer is not None:
                runner.answer(step, answer)
            verdict = runner.check(step)
            assert verdict.passed, (step.id, verdict.results, output[-1500:])
    finally:
        runner.cleanup()
        for name in ("depurar_web", "depurar_api", "depurar_modelo"):  # unlabelled if a step failed
            subprocess.run(["docker", "rm", "-f", name], capture_output=True)
    assert engine.labelled("depurar").empty(), engine.labelled("depurar").describe()
    for name in ("depurar_web", "depurar_api", "depurar_modelo"):
        assert engine.container(name) is None
