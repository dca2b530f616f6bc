"""The mistakes of the «multi» and «orquestacion» lessons, made for real: a compose.yaml with
bad indentation or an unknown key, a service name that does not resolve, swarm commands
outside a swarm, a second «swarm init», scaling a service that does not exist. Each is
explained in Spanish (never a traceback); in a lesson, the step fails and progress stays."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import pulled

from dockerlab.engine.gateway import Engine
from dockerlab.engine.labels import LABEL_LESSON
from dockerlab.engine.provider import EngineProvider

pytestmark = [pytest.mark.engine, pytest.mark.lessons("orquestacion")]
LESSON = "pruebas-multi"
DOCKER = shutil.which("docker")
ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    assert DOCKER, "the docker CLI is needed to produce CLI messages"
    return subprocess.run([DOCKER, *args], capture_output=True, text=True, cwd=cwd, timeout=120, check=False)


def explain(text: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-m", "dockerlab", "explain", "--json"],
        input=text,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in done.stderr, done.stderr
    data: dict[str, object] = json.loads(done.stdout)
    return data


@pytest.fixture
def engine(engines: EngineProvider) -> Iterator[Engine]:
    engine = engines.get()
    pulled(engine, "busybox")
    yield engine
    engine.remove_labelled(LESSON)


BROKEN = {
    "compose_yaml": 'services:\n  api:\n    image: busybox\n   ports:\n      - "80:80"\n',
    "compose_schema": "services:\n  api:\n    image: busybox\n    portz:\n      - 80:80\n",
    "compose_undefined_service": "services:\n  api:\n    image: busybox\n    depends_on: [cahce]\n",
}

LESSON_FILE = """\
format_version: 1
id: {id}
title: Compose roto
workdir: .
steps:
  - id: levantar
    title: Levantar
    explain: x
    command: docker compose up -d
    solve: [{{compose_up: {{build: false}}}}]
    checks: [{{compose_service_running: {{service: api}}}}]
"""


@pytest.mark.parametrize("code", sorted(BROKEN))
def test_compose_file_mistakes_are_explained(code: str, tmp_path: Path) -> None:
    (tmp_path / "compose.yaml").write_text(BROKEN[code], encoding="utf-8")
    config = cli("compose", "config", cwd=tmp_path)
    assert config.returncode != 0
    data = explain(config.stderr)
    assert data["code"] == code, (config.stderr, data)
    # the same file inside a lesson: the step fails in Spanish, the run exits non-zero,
    # no traceback, and the progress file keeps the lesson
    lesson_id = f"compose-roto-{code.replace('_', '-')}"
    (tmp_path / "leccion.yaml").write_text(LESSON_FILE.format(id=lesson_id), encoding="utf-8")
    home = tmp_path / "casa"
    done = subprocess.run(
        [sys.executable, "-m", "dockerlab", "lesson", str(tmp_path / "leccion.yaml"), "--auto", "--plain"],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_COLOR": "1", "DOCKERLAB_HOME": str(home)},
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert done.returncode != 0
    assert "Traceback" not in done.stdout + done.stderr
    assert "Docker Compose falló al levantar los servicios" in done.stdout + done.stderr
    assert "progreso está guardado" in done.stdout + done.stderr


def test_a_name_that_does_not_resolve_is_explained(engine: Engine) -> None:
    network = "dl_pruebas_multi_red"
    engine.create_network(network, {LABEL_LESSON: LESSON})
    done = cli(
        "run", "--rm", "--network", network, "--label", f"{LABEL_LESSON}={LESSON}",
        "busybox", "ping", "-c", "1", "cahce",
    )  # fmt: skip
    assert done.returncode != 0
    data = explain(done.stdout + done.stderr)
    assert data["code"] == "name_not_resolved", done.stdout + done.stderr
    assert "«cahce»" in str(data["message"]) and "docker compose config --services" in str(data["fix"])


def test_swarm_messages_are_explained(engine: Engine) -> None:
    """Outside a swarm, then inside one (created here and left at the end, unless the engine
    was already in a swarm: then it is used and kept)."""
    already = engine.swarm().active
    had_bridge = engine.network("docker_gwbridge") is not None
    if not already:
        outside = cli("service", "scale", "dl_no_hay=3")
        assert explain(outside.stderr)["code"] == "swarm_not_manager", outside.stderr
        assert cli("swarm", "init", "--advertise-addr", "127.0.0.1").returncode == 0
    try:
        again = cli("swarm", "init", "--advertise-addr", "127.0.0.1")
        assert explain(again.stderr)["code"] == "swarm_already", again.stderr
        missing = cli("service", "scale", "dl_no_hay=3")
        assert missing.returncode != 0
        data = explain(missing.stdout + missing.stderr)
        assert data["code"] == "no_such_service", missing.stderr
        assert "«dl_no_hay»" in str(data["message"]) and "docker service ls" in str(data["fix"])
    finally:
        if not already:
            assert cli("swarm", "leave", "--force").returncode == 0
            if not had_bridge:  # swarm init created it; leaving keeps it
                cli("network", "rm", "docker_gwbridge")
    assert engine.swarm().active == already
