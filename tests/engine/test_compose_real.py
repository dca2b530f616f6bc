"""Compose against the real engine: the actions run the real ``docker compose`` CLI (its
failures produced for real), the checks read the labels Compose stamps on what it creates."""

from __future__ import annotations

import shutil
import socket
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import pulled

from dockerlab.engine.cli import compose_version
from dockerlab.engine.gateway import Engine
from dockerlab.engine.labels import LABEL_LESSON
from dockerlab.engine.provider import EngineProvider
from dockerlab.errors import DockerlabError
from dockerlab.events import Event, Output, Solving
from dockerlab.kinds.all import evaluate
from dockerlab.kinds.compose import compose_down, compose_up
from dockerlab.kinds.context import StepContext
from dockerlab.model import Lesson, Step

OWN = "pruebas-compose"
LABELS = {LABEL_LESSON: OWN}
RUN = uuid.uuid4().hex[:8]  # names of this run: nobody else's objects are touched

# Filled in per test; every object Compose creates carries dockerlab's label.
COMPOSE = """\
name: {project}
services:
{services}
networks:
  default:
    labels: {{io.dockerlab.lesson: pruebas-compose}}
{volumes}"""
SLEEPER = """\
  {name}:
    image: busybox
    command: ["sleep", "600"]
    stop_grace_period: 1s
    labels: {{io.dockerlab.lesson: pruebas-compose}}
"""


@dataclass(frozen=True)
class Project:
    name: str
    folder: Path
    file: str = "compose.yaml"

    def compose(self, *args: str) -> str:
        """``docker compose -f FILE ARGS`` in the project folder; its output, failing loudly."""
        binary = shutil.which("docker")
        assert binary
        done = subprocess.run(
            [binary, "compose", "-f", self.file, *args],
            cwd=self.folder,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout + done.stderr


@pytest.fixture(scope="module")
def engine(engines: EngineProvider) -> Iterator[Engine]:
    engine = engines.get()
    pulled(engine, "busybox")
    compose_version.cache_clear()
    compose_version()  # «docker compose» v2 must be here, as for the ml lesson
    try:
        yield engine
    finally:
        engine.remove_labelled(OWN)


@contextmanager
def compose_project(
    folder: Path, engine: Engine, services: str, volumes: str = "", file: str = "compose.yaml"
) -> Iterator[Project]:
    """A Compose project (unique name) in ``folder``; taken down and unlabelled afterwards."""
    name = f"dl-{OWN}-{RUN}-{uuid.uuid4().hex[:6]}"
    text = COMPOSE.format(project=name, services=services, volumes=volumes)
    (folder / file).write_text(text, encoding="utf-8")
    try:
        yield Project(name, folder, file)
    finally:
        subprocess.run(
            ["docker", "compose", "-f", file, "down", "-t", "0", "-v", "--rmi", "local", "--remove-orphans"],
            cwd=folder,
            capture_output=True,
            timeout=180,
            check=False,
        )
        engine.remove_labelled(OWN)


@pytest.fixture
def project(tmp_path: Path, engine: Engine) -> Iterator[Project]:
    services = SLEEPER.format(name="ml_service") + SLEEPER.format(name="db")
    with compose_project(tmp_path, engine, services) as project:
        yield project


def context(
    folder: Path, engines: EngineProvider, events: list[Event] | None = None, lesson_id: str = OWN
) -> StepContext:
    step = Step("levantar", 1, "Levantar", "x")
    lesson = Lesson(lesson_id, "ML", "", (step,), folder / "ml.yaml", workdir=folder)
    return StepContext(lesson, step, engines, (events if events is not None else []).append)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_up_runs_the_real_cli_in_the_lesson_folder_and_explains_failures(
    tmp_path: Path, engine: Engine, engines: EngineProvider
) -> None:
    """The port the service wants is held by another container: Compose fails for real."""
    port = free_port()
    holder = f"dl_compose_tapon_{RUN}"
    engine.run(
        "busybox", name=holder, labels=LABELS, command=["sleep", "600"], ports={"80/tcp": ("127.0.0.1", port)}
    )
    service = SLEEPER.format(name="ml_service") + '    ports: ["127.0.0.1:${ML_PORT}:80"]\n'
    events: list[Event] = []
    try:
        with compose_project(tmp_path, engine, service) as project:
            with pytest.raises(DockerlabError) as info:
                compose_up(context(tmp_path, engines, events), None, True, {"ML_PORT": port}, 120)
            # in the lesson folder: the project named in its compose.yaml was the one started
            assert f"{project.name}-ml_service-1" in info.value.message
            # with the environment given: ML_PORT reached compose.yaml
            assert f"127.0.0.1:{port}" in info.value.message
    finally:
        if engine.container(holder) is not None:  # unless the project's clean-up took it
            engine.remove_container(holder, force=True)
    shown = next(e for e in events if isinstance(e, Solving))
    assert shown.command == f"ML_PORT={port} docker compose up --build -d"
    assert any(isinstance(e, Output) and "Starting" in e.text for e in events)
    assert "código 1" in info.value.message and "port is already allocated" in info.value.message


def test_down_passes_its_options(tmp_path: Path, engine: Engine, engines: EngineProvider) -> None:
    """-f FILE (there is no compose.yaml), --rmi local (the built image) and -v (the volume)."""
    (tmp_path / "Dockerfile").write_text(f"FROM busybox\nLABEL {LABEL_LESSON}={OWN}\n", encoding="utf-8")
    service = (
        SLEEPER.format(name="app").replace("image: busybox", "build: .") + "    volumes: [datos:/datos]\n"
    )
    volume = "volumes:\n  datos:\n    labels: {io.dockerlab.lesson: pruebas-compose}\n"
    with compose_project(tmp_path, engine, service, volume, file="pila.yaml") as project:
        project.compose("up", "--build", "-d")
        built = f"{project.name}-app"
        before = engine.compose_inventory(project.name)
        assert before.containers and before.networks and before.volumes, before.describe()
        assert engine.image(built) is not None
        events: list[Event] = []
        compose_down(context(tmp_path, engines, events), "pila.yaml", "local", True, 60)
        shown = next(e for e in events if isinstance(e, Solving))
        assert shown.command == "docker compose -f pila.yaml down --rmi local -v"
        left = engine.compose_inventory(project.name)
        assert left.empty(), left.describe()  # the volume too: -v
        assert engine.image(built) is None  # --rmi local


def test_service_running_by_compose_labels(project: Project, engines: EngineProvider) -> None:
    params = {"service": "ml_service", "project": project.name}
    ctx = context(project.folder, engines)
    nothing = evaluate(ctx, "compose_service_running", params)
    assert not nothing.passed and "docker compose up" in nothing.hint
    project.compose("up", "-d", "db")
    other = evaluate(ctx, "compose_service_running", params)
    assert not other.passed and "db" in other.found
    project.compose("up", "-d", "ml_service")
    up = evaluate(ctx, "compose_service_running", params)
    assert up.passed and f"{project.name}-ml_service-1" in up.found
    project.compose("stop", "ml_service")
    stopped = evaluate(ctx, "compose_service_running", params)
    assert not stopped.passed and "docker compose logs ml_service" in stopped.hint


def test_project_absent(project: Project, engines: EngineProvider) -> None:
    ctx = context(project.folder, engines, lesson_id=project.name)  # the default project
    project.compose("up", "-d", "ml_service")
    still = evaluate(ctx, "compose_project_absent", {})
    assert not still.passed and f"{project.name}_default" in still.found and "down" in still.hint
    project.compose("down", "-t", "0")
    gone = evaluate(ctx, "compose_project_absent", {})
    assert gone.passed  # the project defaults to the lesson id
