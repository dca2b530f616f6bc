"""«orquestacion» on an engine that was already in a swarm before the lesson: dockerlab uses
that swarm, never leaves it, and leaves the learner's own service alone.

The lesson runs without its rolling update and rollback: those steps
only ever touch the lesson's own service (the whole lesson runs in test_lessons_auto.py,
test_typed.py and test_selftest.py). Joining, creating the service, removing it, leaving
and cleaning up all still run.

The check of the order a service changes versions in (``service_running`` with ``order``)
is proven here too, on the learner's own service: Docker's default is stop-first."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from helpers import pulled

from dockerlab.engine.labels import LABEL_LESSON
from dockerlab.engine.provider import EngineProvider
from dockerlab.kinds.all import evaluate
from dockerlab.kinds.context import StepContext
from dockerlab.model import Lesson, Step

from .survivors import RUN

pytestmark = [pytest.mark.engine, pytest.mark.lessons("orquestacion")]
ROOT = Path(__file__).resolve().parents[2]
OWN_SERVICE = f"servicio_propio_alumno_{RUN}"  # this run's mark: never one left by another
SKIPPED = {"actualizar", "revertir"}


def shorter_lesson(folder: Path) -> Path:
    data = yaml.safe_load((ROOT / "lessons" / "95-orquestacion.yaml").read_text(encoding="utf-8"))
    assert {step["id"] for step in data["steps"]} >= SKIPPED
    data["steps"] = [step for step in data["steps"] if step["id"] not in SKIPPED]
    data["workdir"] = str(ROOT / "examples" / "orquestacion")
    path = folder / "orquestacion.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def docker(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["docker", *args], capture_output=True, text=True, timeout=180, check=False)


def order_is_checked(engines: EngineProvider, folder: Path) -> None:
    """On a service made with Docker's defaults, ``order: start-first`` fails and says how to
    change it; after that very command it passes."""
    step = Step("crear", 1, "Crear", "x")
    ctx = StepContext(Lesson("orquestacion", "L", "", (step,), folder / "l.yaml"), step, engines)
    params = {"name": OWN_SERVICE, "replicas": 1, "order": "start-first"}
    before = evaluate(ctx, "service_running", params)
    assert not before.passed and "actualiza con stop-first y vuelve atrás con stop-first" in before.found
    fix = before.hint.split("«")[1].split("»")[0]
    assert (
        fix == f"docker service update --update-order start-first --rollback-order start-first {OWN_SERVICE}"
    )
    changed = docker(*fix.split()[1:], "--detach")
    assert changed.returncode == 0, changed.stderr
    after = evaluate(ctx, "service_running", params)
    assert after.passed, after.found
    assert not evaluate(ctx, "service_running", {**params, "order": "stop-first"}).passed


def test_a_swarm_the_learner_already_had_is_used_and_kept(engines: EngineProvider, tmp_path: Path) -> None:
    engine = engines.get()
    engine.remove_labelled("orquestacion")
    already = engine.swarm().active
    had_bridge = engine.network("docker_gwbridge") is not None
    pulled(engine, "busybox")
    if not already:  # the learner's own swarm, made before the lesson (no dockerlab label)
        assert docker("swarm", "init", "--advertise-addr", "127.0.0.1").returncode == 0
    try:
        assert engine.service(OWN_SERVICE) is None, f"«{OWN_SERVICE}» exists: not ours to touch"
        made = docker("service", "create", "--name", OWN_SERVICE, "busybox", "sleep", "3600")
        assert made.returncode == 0, made.stderr
        done = subprocess.run(
            [sys.executable, "-m", "dockerlab", "lesson", str(shorter_lesson(tmp_path)), "--auto", "--plain"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=900,
            env={**os.environ, "NO_COLOR": "1"},
            stdin=subprocess.DEVNULL,
        )
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
        assert "ya está en modo swarm: lo uso tal cual" in done.stdout
        assert "docker swarm leave" not in "\n".join(
            line for line in done.stdout.splitlines() if line.startswith("> dockerlab ejecuta")
        )
        swarm = engine.swarm()
        assert swarm.active and LABEL_LESSON not in swarm.node_labels
        assert engine.service(OWN_SERVICE) is not None  # the learner's service is still there
        assert engine.labelled("orquestacion").empty(), engine.labelled("orquestacion").describe()
        order_is_checked(engines, tmp_path)
    finally:
        docker("service", "rm", OWN_SERVICE)
        if not already:
            docker("swarm", "leave", "--force")
            if not had_bridge:
                docker("network", "rm", "docker_gwbridge")
    assert engine.swarm().active == already
