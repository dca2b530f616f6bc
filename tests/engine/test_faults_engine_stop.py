"""The engine stops in the middle of a lesson: the real dockerd is stopped while a step is
building, and started again with exactly the same command line.

The step reports it in Spanish, progress up to the last verified step is kept, ``--auto``
and ``check`` exit with code 3 without a traceback, and once the engine is back the lesson
resumes at that step. Needs root and a dockerd on this machine (CI has both); the shared
engine lock must be held by whoever runs the suite.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import dockerlab

from dockerlab.course.catalog import load_file
from dockerlab.engine.gateway import Engine
from dockerlab.engine.provider import EngineProvider
from dockerlab.errors import DockerlabError, ExitCode
from dockerlab.events import Event, Notice, Output, StepFinished
from dockerlab.model import Question, Step
from dockerlab.tutor.menu import MenuItem
from dockerlab.tutor.progress import PASSED, ProgressStore
from dockerlab.tutor.runner import Runner
from dockerlab.tutor.walk import QUIT, SOLVE, VERIFY, walk_lesson

pytestmark = [pytest.mark.serial]  # stops the engine

LESSON_ID = "pruebas-motor-parado"


@dataclass
class Dockerd:
    """The running dockerd, as /proc describes it, so it can be started again identically."""

    pid: int
    argv: list[str]
    env: dict[str, str]
    cwd: str
    log: str

    @staticmethod
    def _alive(pid: int) -> bool:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            return False
        return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has already stopped

    @classmethod
    def find(cls) -> Dockerd | None:
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                if (entry / "comm").read_text().strip() != "dockerd" or not cls._alive(int(entry.name)):
                    continue
                argv = (entry / "cmdline").read_bytes().decode().split("\0")[:-1]
                env = dict(
                    item.split("=", 1)
                    for item in (entry / "environ").read_bytes().decode().split("\0")
                    if "=" in item
                )
                out = os.readlink(entry / "fd" / "1")
                return cls(
                    int(entry.name),
                    argv,
                    env,
                    os.readlink(entry / "cwd"),
                    out if out.startswith("/") and os.path.isfile(out) else os.devnull,
                )
            except OSError:
                continue
        return None

    def stop(self) -> None:
        os.kill(self.pid, signal.SIGTERM)
        deadline = time.monotonic() + 90
        while self._alive(self.pid):
            assert time.monotonic() < deadline, "dockerd did not stop within 90 s"
            time.sleep(0.2)

    def start(self) -> None:
        """Detached exactly as .ci/engine.sh starts it (setsid, same argv, env, cwd and log)."""
        with open(self.log, "ab") as log:
            subprocess.run(
                ["setsid", "-f", *self.argv],
                env=self.env,
                cwd=self.cwd,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                check=True,
            )
        deadline = time.monotonic() + 90
        while True:
            try:
                Engine.connect(timeout=5).close()
                break
            except DockerlabError:
                assert time.monotonic() < deadline, "dockerd did not answer within 90 s"
                time.sleep(0.5)
        found = Dockerd.find()
        assert found is not None
        self.pid = found.pid


@pytest.fixture
def dockerd(engines: EngineProvider) -> Iterator[Dockerd]:
    daemon = Dockerd.find() if os.geteuid() == 0 and not os.environ.get("DOCKER_HOST") else None
    if daemon is None:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("CI=true but there is no local dockerd this test may stop and restart")
        pytest.skip("needs root and a local dockerd (not Docker Desktop) to stop and restart")
    try:
        yield daemon
    finally:
        if not Dockerd._alive(daemon.pid):
            daemon.start()  # never leave the shared engine down
        engines.reset()


class Prompter:
    """Scripted choices; a callable in the script runs (e.g. starts the engine) in between."""

    def __init__(self, script: list[str | Callable[[], None]]) -> None:
        self.script = script

    def choose_lesson(self, items: list[MenuItem], default: str | None) -> str | None:
        return None

    def choose_action(self, step: Step, has_question: bool) -> str:
        item = self.script.pop(0)
        while callable(item):
            item()
            item = self.script.pop(0)
        return item

    def ask(self, question: Question) -> str | None:
        return None

    def confirm_removal(self, name: str) -> str | None:
        return None


def write_lesson(folder: Path) -> Path:
    (folder / "espera.txt").write_text("60")  # seconds the slow step sleeps
    (folder / "Dockerfile").write_text(
        f"FROM busybox\nLABEL io.dockerlab.lesson={LESSON_ID}\nCOPY espera.txt /\n"
        "RUN echo empieza-el-paso-lento && sleep $(cat /espera.txt) && echo fin\n"
    )
    lesson = folder / "motor-parado.yaml"
    lesson.write_text(f"""\
format_version: 1
id: {LESSON_ID}
title: El motor se para a mitad de lección
workdir: .
steps:
  - id: primero
    title: Un contenedor que saluda
    explain: Primer paso.
    solve: [{{run: {{image: busybox, name: dl_motor_primero, command: [echo, hola]}}}}]
    checks: [{{container_exited: {{name: dl_motor_primero, logs_contain: hola}}}}]
  - id: construir
    title: Una construcción lenta
    explain: Durante este paso se para el motor.
    solve: [{{build: {{tag: dl-motor-lento}}}}]
    checks: [{{image_exists: {{name: dl-motor-lento}}}}]
  - id: ultimo
    title: Después
    explain: El último paso.
    solve: [{{run: {{image: busybox, name: dl_motor_ultimo, command: [echo, adios]}}}}]
    checks: [{{container_exited: {{name: dl_motor_ultimo, logs_contain: adios}}}}]
""")
    return lesson


PLAIN = {"NO_COLOR": "1"}


def test_engine_stops_mid_lesson_and_the_lesson_resumes(
    dockerd: Dockerd, tmp_path: Path, dockerlab_home: Path
) -> None:
    path = write_lesson(tmp_path)
    lesson = load_file(path)
    own = EngineProvider()
    own.get().remove_labelled(LESSON_ID)
    events: list[Event] = []
    seen: dict[str, str] = {}

    def emit(event: Event) -> None:
        events.append(event)
        if isinstance(event, Output) and "empieza-el-paso-lento" in event.text and not seen:
            seen["stopped"] = "yes"
            dockerd.stop()  # the engine goes away while the build step is running

    def while_down() -> None:
        """The learner tries the command line while the engine is down."""
        auto = dockerlab("lesson", str(path), "--auto", "--plain", home=dockerlab_home, extra_env=PLAIN)
        check = dockerlab("check", str(path), "construir", home=dockerlab_home, extra_env=PLAIN)
        seen["auto"], seen["check"] = str(auto.returncode), str(check.returncode)
        seen["output"] = auto.stdout + auto.stderr + check.stdout + check.stderr

    runner = Runner(lesson, ProgressStore.open(), own, emit)
    prompter = Prompter([SOLVE, SOLVE, VERIFY, while_down, dockerd.start, QUIT])
    try:
        assert walk_lesson(runner, prompter) is False  # the learner quit, nothing raised
        assert seen.get("stopped") == "yes"
        errors = [e for e in events if isinstance(e, Notice) and e.level == "error"]
        assert len(errors) == 2, errors  # the interrupted step, then the retry while down
        # the cut shows either mid-stream (the connection drops) or on the next request
        assert any(
            said in errors[0].message
            for said in ("el motor Docker ha dejado de responder", "Se cortó la conexión con el motor Docker")
        ), errors[0].message
        assert "Tu progreso está guardado" in errors[0].fix
        assert "El motor Docker no responde" in errors[1].message
        assert "Docker Desktop" in errors[1].fix
        assert [e.status for e in events if isinstance(e, StepFinished)] == [PASSED]
        assert seen["auto"] == seen["check"] == str(ExitCode.ENGINE)
        assert "El motor Docker no responde" in seen["output"]
        assert "Traceback" not in seen["output"]
        # progress up to the last verified step is kept...
        store = ProgressStore.open()
        assert store.status_of(LESSON_ID, "primero") == PASSED
        assert store.current_step(lesson) == lesson.step("construir")
        # ...and with the engine back the lesson resumes there and finishes
        (tmp_path / "espera.txt").write_text("1")
        again: list[Event] = []
        resumed = Runner(lesson, store, own, again.append)
        assert resumed.resume_step().id == "construir"
        assert walk_lesson(resumed, Prompter([SOLVE, SOLVE])) is True
        assert [e.step for e in again if isinstance(e, StepFinished)] == ["construir", "ultimo"]
        assert ProgressStore.open().finished(lesson)
    finally:
        own.reset()
        if Dockerd._alive(dockerd.pid):
            own.get().remove_labelled(LESSON_ID)
            own.reset()
