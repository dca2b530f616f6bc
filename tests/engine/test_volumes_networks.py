"""Volume and network kinds on the real engine: the worked volumes lesson of the authoring
guide passes validate, the per-check self-test, ``--auto`` and the learner's own typed
commands; a learner's volume with the same name is never reused or removed; networks with
aliases; and the self-test names a weak check and runs host commands with --allow-shell."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import docker
import pytest
from helpers import STAND_IN

from dockerlab.course.catalog import load_file
from dockerlab.engine.gateway import Engine
from dockerlab.engine.provider import EngineProvider
from dockerlab.errors import ExitCode, LessonError
from dockerlab.kinds.all import evaluate, perform
from dockerlab.kinds.context import StepContext
from dockerlab.model import Lesson, Step
from dockerlab.tutor.runner import Runner
from dockerlab.tutor.selftest import selftest

pytestmark = [pytest.mark.engine, pytest.mark.lessons("volumenes")]
ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "lessons" / "56-volumenes.yaml"
LESSON = "pruebas-volumenes"


def dockerlab(*args: str, home: Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, DOCKERLAB_HOME=str(home), NO_COLOR="1", COLUMNS="200")
    return subprocess.run(
        [sys.executable, "-m", "dockerlab", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="module")
def engine(engines: EngineProvider) -> Engine:
    found = engines.get()
    if found.image("busybox") is None:
        list(found.pull("busybox"))
    return found


def context(tmp_path: Path) -> StepContext:
    step = Step("paso", 1, "Paso", "x")
    lesson = Lesson(LESSON, "Lección", "", (step,), tmp_path / "lec.yaml", workdir=tmp_path)
    return StepContext(lesson, step, EngineProvider())


@pytest.fixture
def cleanup(engine: Engine) -> Iterator[list[tuple[str, str]]]:
    """(kind, name) of the unlabelled objects a test creates as «the learner»: removed at the
    end, last first (list a volume before the containers that use it)."""
    made: list[tuple[str, str]] = []
    yield made
    engine.remove_labelled(LESSON)
    for kind, name in reversed(made):
        remove = {"container": "rm -f", "volume": "volume rm", "network": "network rm"}[kind]
        subprocess.run(["docker", *remove.split(), name], capture_output=True, check=False)


def test_worked_example_passes_validate_selftest_and_auto(tmp_path: Path, engine: Engine) -> None:
    home = tmp_path / "h"
    assert dockerlab("validate", str(EXAMPLE), home=home).returncode == ExitCode.OK
    report = selftest(load_file(EXAMPLE), EngineProvider())
    table = [(s.step, c.check, c.before, c.after) for s in report.steps for c in s.checks]
    assert report.ok and all(s.checks for s in report.steps), table
    assert sum(len(s.checks) for s in report.steps) == 14
    auto = dockerlab("lesson", str(EXAMPLE), "--auto", "--plain", home=home)
    assert auto.returncode == ExitCode.OK, auto.stdout + auto.stderr
    assert engine.labelled("volumenes").empty()
    assert engine.volume("taller_datos") is None


def read_like_a_learner(step_id: str, output: str) -> str:
    """The answer a learner reads in the output of the command they typed."""
    if step_id == "listar":
        return next(line.split()[0] for line in output.splitlines() if line.endswith(" taller_datos"))
    if step_id == "inspeccionar":
        return str(json.loads(output)[0]["Mountpoint"])
    assert step_id == "comparar", step_id
    return next(line.split()[1] for line in output.splitlines() if line.startswith("/mirador:"))


def test_the_learner_typing_each_command_passes_every_check(
    engine: Engine, cleanup: list[tuple[str, str]]
) -> None:
    """Docker's own ``-v taller_datos:/datos`` is a named volume, and the mount check says so."""
    lesson = load_file(EXAMPLE)
    cleanup += [("volume", "taller_datos")] + [("container", n) for n in ("escritor", "lector", "mirador")]
    runner = Runner(lesson, None, EngineProvider(), lambda event: None)
    for step in lesson.steps:
        assert runner.check(step).failed, f"{step.id} pasa antes de escribir el comando"
        typed = subprocess.run(
            step.command, shell=True, cwd=lesson.workdir, capture_output=True, text=True, check=False
        )
        assert typed.returncode == 0, typed.stderr
        if step.question is not None:
            runner.answer(step, read_like_a_learner(step.id, typed.stdout))
        verdict = runner.check(step)
        assert verdict.passed, [(s.kind, r.found, r.hint) for s, r in verdict.results]
    assert engine.volume("taller_datos") is None


def test_a_folder_where_a_volume_was_expected_and_back(
    tmp_path: Path, engine: Engine, cleanup: list[tuple[str, str]]
) -> None:
    (tmp_path / "taller_datos").mkdir()
    cleanup += [("volume", "dl_vol_datos"), ("container", "dl_vol_carpeta"), ("container", "dl_vol_volumen")]
    subprocess.run(
        ["docker", "run", "--name", "dl_vol_carpeta", "-v", f"{tmp_path}/taller_datos:/datos", "busybox"],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        ["docker", "run", "--name", "dl_vol_volumen", "-v", "dl_vol_datos:/datos", "busybox"],
        check=True,
        capture_output=True,
    )
    ctx = context(tmp_path)
    wrong = evaluate(
        ctx,
        "container_mount",
        {"container": "dl_vol_carpeta", "destination": "/datos", "source": "dl_vol_datos"},
    )
    assert not wrong.passed and "no un volumen" in wrong.found and "-v dl_vol_datos:/datos" in wrong.hint
    right = evaluate(
        ctx,
        "container_mount",
        {"container": "dl_vol_volumen", "destination": "/datos", "source": "dl_vol_datos"},
    )
    assert right.passed, right.found
    other = evaluate(
        ctx, "container_mount", {"container": "dl_vol_volumen", "destination": "/datos", "source": "otro"}
    )
    assert not other.passed and "«dl_vol_datos»" in other.found
    folder = evaluate(
        ctx,
        "container_mount",
        {"container": "dl_vol_volumen", "destination": "/datos", "source": "./taller_datos"},
    )
    assert not folder.passed and "no una carpeta" in folder.found
    bind = evaluate(
        ctx,
        "container_mount",
        {"container": "dl_vol_carpeta", "destination": "/datos", "source": "./taller_datos"},
    )
    assert bind.passed, bind.found


def test_a_learners_own_volume_is_never_reused_or_removed(
    tmp_path: Path, engine: Engine, cleanup: list[tuple[str, str]]
) -> None:
    subprocess.run(["docker", "volume", "create", "dl_vol_ajeno"], check=True, capture_output=True)
    cleanup.append(("volume", "dl_vol_ajeno"))
    ctx = context(tmp_path)
    for kind, params in (
        ("create_volume", {"name": "dl_vol_ajeno"}),
        ("remove_volume", {"name": "dl_vol_ajeno"}),
        ("run", {"image": "busybox", "name": "dl_vol_usa", "volumes": {"dl_vol_ajeno": "/d"}}),
    ):
        with pytest.raises(LessonError, match="no lo creó dockerlab"):
            perform(ctx, kind, params)
    assert engine.container("dl_vol_usa") is None
    engine.remove_labelled(LESSON)
    assert engine.volume("dl_vol_ajeno") is not None
    # a volume that «run» needs and does not exist is created with the lesson's label
    perform(ctx, "run", {"image": "busybox", "name": "dl_vol_usa", "volumes": {"dl_vol_nuevo": "/d"}})
    assert "dl_vol_nuevo" in engine.labelled(LESSON).volumes
    with pytest.raises(LessonError, match="lo usa dl_vol_usa") as used:
        perform(ctx, "remove_volume", {"name": "dl_vol_nuevo"})
    assert "docker rm dl_vol_usa" in used.value.fix
    engine.remove_labelled(LESSON)
    assert engine.volume("dl_vol_nuevo") is None and engine.container("dl_vol_usa") is None


def test_who_uses_a_volume_while_other_containers_come_and_go(
    tmp_path: Path, engine: Engine, cleanup: list[tuple[str, str]]
) -> None:
    """A container removed while dockerlab looks for the users of a volume (the learner's, or
    another lesson's) is not an error: CI once failed with «No existe ningún contenedor»."""
    ctx = context(tmp_path)
    perform(ctx, "run", {"image": "busybox", "name": "dl_vol_usa", "volumes": {"dl_vol_nuevo": "/d"}})
    done = threading.Event()

    def churn() -> None:  # what a learner's other terminal (or another test) does meanwhile
        api = docker.from_env().api
        while not done.is_set():
            made = api.create_container("busybox", "true", labels=STAND_IN)
            api.remove_container(made["Id"], force=True)

    thread = threading.Thread(target=churn, daemon=True)
    thread.start()
    try:
        for _ in range(40):
            with pytest.raises(LessonError, match="lo usa dl_vol_usa"):
                perform(ctx, "remove_volume", {"name": "dl_vol_nuevo"})
            assert not evaluate(ctx, "volume_absent", {"name": "dl_vol_nuevo"}).passed
    finally:
        done.set()
        thread.join(timeout=30)


def test_networks_with_aliases(tmp_path: Path, engine: Engine, cleanup: list[tuple[str, str]]) -> None:
    ctx = context(tmp_path)
    assert not evaluate(ctx, "network_exists", {"name": "dl_red"}).passed
    perform(ctx, "create_network", {"name": "dl_red"})
    assert evaluate(ctx, "network_exists", {"name": "dl_red", "driver": "bridge"}).passed
    perform(
        ctx,
        "run",
        {
            "image": "busybox",
            "name": "dl_red_base",
            "command": ["sleep", "60"],
            "detach": True,
            "network": "dl_red",
            "aliases": ["basedatos"],
        },
    )
    attached = {"container": "dl_red_base", "network": "dl_red"}
    assert evaluate(ctx, "network_attached", attached | {"alias": "basedatos"}).passed
    wrong = evaluate(ctx, "network_attached", attached | {"alias": "db"})
    assert not wrong.passed and "basedatos" in wrong.found
    elsewhere = evaluate(ctx, "network_attached", {"container": "dl_red_base", "network": "bridge"})
    assert not elsewhere.passed and "dl_red" in elsewhere.found
    busy = evaluate(ctx, "network_absent", {"name": "dl_red"})
    assert not busy.passed and "dl_red_base" in busy.found
    perform(ctx, "remove_container", {"name": "dl_red_base", "force": True})
    perform(ctx, "remove_network", {"name": "dl_red"})
    assert evaluate(ctx, "network_absent", {"name": "dl_red"}).passed
    subprocess.run(["docker", "network", "create", "dl_red_ajena"], check=True, capture_output=True)
    cleanup.append(("network", "dl_red_ajena"))
    with pytest.raises(LessonError, match=r"Ya existe una red .*no la creó dockerlab"):
        perform(ctx, "remove_network", {"name": "dl_red_ajena"})
    assert engine.network("dl_red_ajena") is not None


WEAK = """\
format_version: 1
id: dl-floja
title: Una fuerte y una floja
steps:
  - id: correr
    title: Correr
    explain: x
    solve: [{run: {image: busybox, name: dl_fuerte, command: ["true"]}}]
    checks:
      - container_exited: {name: dl_fuerte, exit_code: 0}
      - container_absent: {name: dl_nunca_existio}
"""


def test_a_weak_check_beside_a_strong_one_fails_the_selftest_naming_it(
    tmp_path: Path, engine: Engine
) -> None:
    (tmp_path / "floja.yaml").write_text(WEAK, encoding="utf-8")
    done = dockerlab("selftest", "floja.yaml", "--plain", home=tmp_path / "h", cwd=tmp_path)
    assert done.returncode == ExitCode.CHECK_FAILED, done.stdout
    assert "«container_absent name=dl_nunca_existio» ya pasaba antes del paso (no existe)" in done.stdout
    assert "✗ Autoprueba fallida" in done.stdout and "┃" not in done.stdout and "│" not in done.stdout
    data = json.loads(dockerlab("selftest", "floja.yaml", "--json", home=tmp_path / "h", cwd=tmp_path).stdout)
    checks = data["steps"][0]["checks"]
    assert [c["ok"] for c in checks] == [True, False]
    assert (
        checks[1]["check"] == "container_absent name=dl_nunca_existio" and checks[1]["before"] == "no existe"
    )
    assert engine.container("dl_fuerte") is None


SHELL = """\
format_version: 1
id: dl-con-shell
title: Con un comando del anfitrión
workdir: .
steps:
  - id: generar
    title: Generar
    explain: x
    solve: [{host_command: {argv: [touch, hecho.txt]}}]
    checks: [{host_file: {path: hecho.txt}}]
cleanup: [{remove_file: {path: hecho.txt}}]
"""


def test_selftest_runs_host_commands_only_with_allow_shell(tmp_path: Path, engine: Engine) -> None:
    (tmp_path / "shell.yaml").write_text(SHELL, encoding="utf-8")
    refused = dockerlab("selftest", "shell.yaml", "--plain", home=tmp_path / "h", cwd=tmp_path)
    assert refused.returncode == ExitCode.LESSON and "--allow-shell" in refused.stdout + refused.stderr
    allowed = dockerlab(
        "selftest", "shell.yaml", "--plain", "--allow-shell", home=tmp_path / "h", cwd=tmp_path
    )
    assert allowed.returncode == ExitCode.OK, allowed.stdout + allowed.stderr
    assert "touch hecho.txt" in allowed.stderr and "✓ Autoprueba superada" in allowed.stdout
    assert not (tmp_path / "hecho.txt").exists()  # the lesson's cleanup ran


def test_a_volume_there_before_the_lesson_is_explained_and_only_ours_removed(
    engine: Engine, cleanup: list[tuple[str, str]]
) -> None:
    from dockerlab.events import Event, Notice
    from dockerlab.tutor import leftovers

    lesson = load_file(EXAMPLE)
    subprocess.run(["docker", "volume", "create", "taller_datos"], check=True, capture_output=True)
    cleanup.append(("volume", "taller_datos"))
    found = leftovers.find(lesson, engine)
    assert [(f.kind, f.name, f.lesson_label) for f in found] == [("volume", "taller_datos", "")]
    events: list[Event] = []
    leftovers.clear_for_auto(lesson, engine, events.append)
    assert engine.volume("taller_datos") is not None  # the learner's: explained, never removed
    said = [e for e in events if isinstance(e, Notice)]
    assert "puede ser tuyo" in said[0].message and "docker volume rm taller_datos" in said[0].fix
    subprocess.run(["docker", "volume", "rm", "taller_datos"], check=True, capture_output=True)
    engine.create_volume("taller_datos", {"io.dockerlab.lesson": "volumenes"})
    leftovers.clear_for_auto(lesson, engine, events.append)
    assert engine.volume("taller_datos") is None  # an earlier attempt of this lesson: removed
