"""Compose actions run the real ``docker compose`` CLI (here a stand-in script on PATH, to
drive its failures); Compose checks read Compose's labels. Real-engine runs: the ml lesson."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dockerlab.checks import evaluate
from dockerlab.compose import ComposeUnavailable, compose_down, compose_up, compose_version
from dockerlab.context import EngineProvider, StepContext
from dockerlab.engine.types import ContainerInfo, Inventory
from dockerlab.errors import DockerlabError
from dockerlab.events import Event, Output, Solving
from dockerlab.model import Lesson, Step

FAKE_DOCKER = """#!/bin/sh
# stand-in for the docker CLI: records its arguments, answers like Compose would
echo "$PWD|$ML_PORT|$*" >> "{log}"
case "$*" in
  "compose version") echo "Docker Compose version v2.40.3" ;;
  *"up --build -d"*) echo " Container ml-ml_service-1  Starting"
        echo "Error response from daemon: driver failed programming external connectivity" \\
             "on endpoint ml-ml_service-1: Bind for 127.0.0.1:8000 failed: port is already allocated"
        exit 1 ;;
  *"down"*) echo " Network ml_default  Removed" ;;
esac
"""


@pytest.fixture
def fake_docker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "calls.log"
    script = bin_dir / "docker"
    script.write_text(FAKE_DOCKER.format(log=log), encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}/usr/bin:/bin")
    compose_version.cache_clear()
    yield log
    compose_version.cache_clear()


def context(tmp_path: Path, events: list[Event], engine: Any = None) -> StepContext:
    step = Step("levantar", 1, "Levantar", "x")
    lesson = Lesson("ml", "ML", "", (step,), tmp_path / "ml.yaml", workdir=tmp_path)
    return StepContext(lesson, step, EngineProvider(lambda: engine), events.append)


def test_missing_compose_is_explained_in_spanish(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no docker at all
    compose_version.cache_clear()
    try:
        with pytest.raises(ComposeUnavailable) as info:
            compose_up(context(tmp_path, []), None, True, None, 60)
    finally:
        compose_version.cache_clear()
    assert "docker compose" in info.value.message
    assert "docker-compose-plugin" in info.value.fix and "v1" in info.value.fix


def test_up_runs_the_real_cli_in_the_lesson_folder_and_explains_failures(
        tmp_path: Path, fake_docker: Path) -> None:
    events: list[Event] = []
    with pytest.raises(DockerlabError) as info:
        compose_up(context(tmp_path, events), None, True, {"ML_PORT": 8001}, 60)
    calls = fake_docker.read_text(encoding="utf-8").splitlines()
    assert calls[-1] == f"{tmp_path}|8001|compose up --build -d"
    shown = next(e for e in events if isinstance(e, Solving))
    assert shown.command == "ML_PORT=8001 docker compose up --build -d"
    assert any(isinstance(e, Output) and "Starting" in e.text for e in events)
    assert "código 1" in info.value.message and "port is already allocated" in info.value.message


def test_down_passes_its_options(tmp_path: Path, fake_docker: Path) -> None:
    compose_down(context(tmp_path, []), "compose.yaml", "local", True, 60)
    assert fake_docker.read_text(encoding="utf-8").splitlines()[-1].endswith(
        "|compose -f compose.yaml down --rmi local -v")


class FakeEngine:
    def __init__(self, containers: list[ContainerInfo], left: Inventory | None = None) -> None:
        self._containers = containers
        self.left = left or Inventory()

    def containers(self, **filters: Any) -> list[ContainerInfo]:
        project = filters["label"].split("=", 1)[1]
        return [c for c in self._containers
                if c.labels.get("com.docker.compose.project") == project]

    def compose_inventory(self, project: str) -> Inventory:
        return self.left


def service(name: str, status: str, service_name: str = "ml_service") -> ContainerInfo:
    labels = {"com.docker.compose.project": "ml", "com.docker.compose.service": service_name}
    return ContainerInfo(name, name, "ml-ml_service", "", status, 137, labels)


def test_service_running_by_compose_labels(tmp_path: Path) -> None:
    params = {"service": "ml_service", "project": "ml"}
    up = evaluate(context(tmp_path, [], FakeEngine([service("ml-ml_service-1", "running")])),
                  "compose_service_running", params)
    assert up.passed and "ml-ml_service-1" in up.found
    stopped = evaluate(context(tmp_path, [], FakeEngine([service("ml-ml_service-1", "exited")])),
                       "compose_service_running", params)
    assert not stopped.passed and "docker compose logs ml_service" in stopped.hint
    other = evaluate(context(tmp_path, [], FakeEngine([service("ml-db-1", "running", "db")])),
                     "compose_service_running", params)
    assert not other.passed and "db" in other.found
    nothing = evaluate(context(tmp_path, [], FakeEngine([])), "compose_service_running", params)
    assert not nothing.passed and "docker compose up" in nothing.hint


def test_project_absent(tmp_path: Path) -> None:
    left = Inventory(containers=("ml-ml_service-1",), networks=("ml_default",))
    still = evaluate(context(tmp_path, [], FakeEngine([], left)), "compose_project_absent", {})
    assert not still.passed and "ml_default" in still.found and "down" in still.hint
    gone = evaluate(context(tmp_path, [], FakeEngine([])), "compose_project_absent", {})
    assert gone.passed  # the project defaults to the lesson id
