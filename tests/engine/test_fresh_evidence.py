"""Fresh evidence (issue 11): a step counts only what the learner did for it. The learner's
commands are typed with the real docker CLI; dockerlab verifies against the real engine.

The engine's «Created» cannot be backdated, so each test makes the «old» object first and
records the step's start after it (past the clock margin of kinds/fresh.py)."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import SUITE_LABEL, clear_leftovers

from dockerlab.course.catalog import Catalog, load_file
from dockerlab.engine.gateway import Engine
from dockerlab.engine.provider import EngineProvider
from dockerlab.events import Event, Notice, Solving
from dockerlab.kinds.fresh import SLACK
from dockerlab.model import Question, Step
from dockerlab.tutor.menu import MenuItem
from dockerlab.tutor.progress import ProgressStore
from dockerlab.tutor.runner import Runner, Verdict
from dockerlab.tutor.walk import QUIT, walk_lesson

pytestmark = [pytest.mark.lessons("primeros-pasos", "hub")]

OWN = "pruebas-frescas"
SERVER = "dl_fresco_srv"
IMAGE = "dl_fresca_img"


def docker(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """The learner typing a command (the real docker CLI)."""
    return subprocess.run(["docker", *args], capture_output=True, text=True, check=check, timeout=120)


def past_the_margin() -> None:
    time.sleep(SLACK + 0.5)


def found(verdict: Verdict) -> str:
    return " | ".join(f"{r.found} {r.hint}" for _, r in verdict.results)


@pytest.fixture
def hello_containers(engines: EngineProvider) -> Iterator[None]:
    """Removes the hello-world containers the test makes (only those)."""
    engine = engines.get()
    docker("pull", "-q", "hello-world")
    before = {c.id for c in engine.containers(ancestor="hello-world")}
    yield
    for container in engine.containers(ancestor="hello-world"):
        if container.id not in before:
            engine.remove_container(container.id, force=True)


def own_lesson(tmp_path: Path) -> Path:
    (tmp_path / "Dockerfile").write_text("FROM busybox\nLABEL io.dockerlab.test=frescas\n")
    path = tmp_path / "leccion.yaml"
    path.write_text(f"""\
format_version: 1
id: {OWN}
title: Pruebas de evidencia fresca
steps:
  - id: servidor
    title: Un servidor
    explain: Arráncalo.
    command: docker run -d --name {SERVER} busybox sleep 300
    solve: [{{run: {{image: busybox, name: {SERVER}, command: [sleep, "300"], detach: true}}}}]
    checks: [{{container_running: {{name: {SERVER}}}}}]
  - id: parar
    title: Pararlo
    explain: Detenlo.
    command: docker stop {SERVER}
    solve: [{{stop: {{name: {SERVER}, timeout: 4}}}}]
    checks: [{{container_exited: {{name: {SERVER}}}}}]
  - id: construir
    title: Construir
    explain: Construye.
    command: docker build -t {IMAGE} .
    solve: [{{build: {{tag: {IMAGE}}}}}]
    checks: [{{image_exists: {{name: {IMAGE}}}}}]
""")
    return path


@pytest.fixture
def own_objects(engines: EngineProvider) -> Iterator[Engine]:
    engine = engines.get()
    docker("pull", "-q", "busybox")
    clear_leftovers(engine, containers=(SERVER,))
    yield engine
    docker("rm", "-f", SERVER, check=False)
    for tag in (IMAGE, f"{IMAGE}s", f"{IMAGE}:v2"):
        docker("rmi", tag, check=False)


def test_a_stale_hello_world_does_not_pass(
    catalog: Catalog, engines: EngineProvider, hello_containers: None
) -> None:
    lesson = catalog.get("primeros-pasos")
    step = lesson.step("hola-mundo")
    docker("run", "hello-world")  # from an earlier day, as far as this step is concerned
    past_the_margin()
    runner = Runner(lesson, ProgressStore.open(), engines, lambda event: None)
    runner.begin(step)
    docker("run", "helo-world", check=False)  # the typo: nothing runs
    verdict = runner.check(step)
    assert verdict.failed, found(verdict)
    assert "encontré uno de antes de este paso" in found(verdict)
    assert "hello-world" in found(verdict) and "creado hace" in found(verdict)
    assert "ejecuta «docker run hello-world» de nuevo" in found(verdict)
    docker("run", "hello-world")
    verdict = runner.check(step)
    assert verdict.passed, found(verdict)
    assert "el contenedor de hello-world" in found(verdict)
    assert "hace unos segundos" in found(verdict)


def test_resuming_keeps_the_start_so_the_work_still_counts(
    catalog: Catalog, engines: EngineProvider, hello_containers: None
) -> None:
    lesson = catalog.get("primeros-pasos")
    step = lesson.step("hola-mundo")
    Runner(lesson, ProgressStore.open(), engines, lambda event: None).begin(step)
    docker("run", "hello-world")
    past_the_margin()
    again = Runner(lesson, ProgressStore.open(), engines, lambda event: None)  # «Salir», start again
    again.begin(step)
    assert again.check(step).passed
    # «dockerlab check» from another terminal uses the same recorded start
    assert Runner(lesson, ProgressStore.open(), engines, lambda event: None).check(step).passed


class Prompter:
    def __init__(self) -> None:
        self.offered: list[str] = []

    def choose_lesson(self, items: list[MenuItem], default: str | None) -> str | None:
        return None

    def choose_action(self, step: Step, has_question: bool) -> str:
        return QUIT

    def ask(self, question: Question) -> str | None:
        return None

    def confirm_removal(self, name: str) -> str | None:
        self.offered.append(name)
        return None


def test_resume_never_offers_to_delete_the_current_steps_own_objects(
    tmp_path: Path, engines: EngineProvider, own_objects: Engine
) -> None:
    lesson = load_file(own_lesson(tmp_path))
    first = Prompter()
    walk_lesson(Runner(lesson, ProgressStore.open(), engines, lambda event: None), first)
    assert first.offered == []
    docker(
        "run", "-d", "--name", SERVER, "--label", f"{SUITE_LABEL}=frescas", "busybox", "sleep", "300"
    )  # the step's own work
    docker("build", "-q", "-t", IMAGE, str(tmp_path))
    again = Prompter()  # «Salir», then «dockerlab start» again
    walk_lesson(Runner(lesson, ProgressStore.open(), engines, lambda event: None), again)
    assert again.offered == []
    assert own_objects.container(SERVER) is not None


def test_an_object_from_before_the_step_is_still_offered(
    tmp_path: Path, engines: EngineProvider, own_objects: Engine
) -> None:
    lesson = load_file(own_lesson(tmp_path))
    docker("run", "-d", "--name", SERVER, "busybox", "sleep", "300")  # an earlier attempt's
    past_the_margin()
    prompter = Prompter()
    walk_lesson(Runner(lesson, ProgressStore.open(), engines, lambda event: None), prompter)
    assert prompter.offered == [SERVER]
    # and it does not pass the step that creates it: it is not this step's work
    runner = Runner(lesson, ProgressStore.open(), engines, lambda event: None)
    verdict = runner.check(lesson.steps[0])
    assert verdict.failed and "encontré uno de antes de este paso" in found(verdict), found(verdict)
    assert "busybox" in found(verdict) and "sleep 300" in found(verdict)


def test_stopping_during_the_grace_period_says_wait_then_explains_137(
    tmp_path: Path, engines: EngineProvider, own_objects: Engine
) -> None:
    lesson = load_file(own_lesson(tmp_path))
    runner = Runner(lesson, ProgressStore.open(), engines, lambda event: None)
    runner.begin(lesson.steps[0])
    docker("run", "-d", "--name", SERVER, "busybox", "sleep", "300")  # PID 1 ignores TERM
    assert runner.check(lesson.steps[0]).passed
    step = lesson.steps[1]
    runner.begin(step)
    docker("restart", "-t", "1", SERVER)  # the same signal, then it runs again: not stopping
    verdict = runner.check(step)
    assert verdict.failed and "se está deteniendo" not in found(verdict), found(verdict)
    stopping = subprocess.Popen(["docker", "stop", "-t", "4", SERVER], stdout=subprocess.DEVNULL)
    try:
        time.sleep(1.5)
        verdict = runner.check(step)
        assert verdict.failed
        assert "se está deteniendo" in found(verdict) and "Espera unos segundos" in found(verdict)
        assert "exit" not in found(verdict)
    finally:
        stopping.wait(timeout=30)
    verdict = runner.check(step)
    assert verdict.passed, found(verdict)
    assert "137" in found(verdict) and "KILL" in found(verdict) and "gracia" in found(verdict)


def test_typos_are_named_before_any_folder_hint(
    tmp_path: Path, engines: EngineProvider, own_objects: Engine
) -> None:
    lesson = load_file(own_lesson(tmp_path))
    build = lesson.steps[2]
    runner = Runner(lesson, ProgressStore.open(), engines, lambda event: None)
    failed = docker("build", "-t", IMAGE, check=False)  # the final «.» forgotten
    assert failed.returncode != 0
    verdict = runner.check(build)
    assert "punto final" in found(verdict), found(verdict)
    docker("build", "-q", "-t", f"{IMAGE}s", str(tmp_path))  # a letter too many
    verdict = runner.check(build)
    assert verdict.failed
    assert f"tu imagen se llama «{IMAGE}s:latest»" in found(verdict), found(verdict)
    assert f"¿Quisiste decir «{IMAGE}»?" in found(verdict)
    assert "carpeta" not in found(verdict)
    docker("rmi", f"{IMAGE}s")
    docker("build", "-q", "-t", f"{IMAGE}:v2", str(tmp_path))  # the same image, another tag
    verdict = runner.check(build)
    assert "la misma imagen con otra etiqueta" in found(verdict), found(verdict)
    docker("rmi", f"{IMAGE}:v2")
    docker("run", "-d", "--name", IMAGE, "busybox", "sleep", "300")  # a container by that name
    try:
        verdict = runner.check(build)
        assert "es un contenedor, no una imagen" in found(verdict), found(verdict)
    finally:
        docker("rm", "-f", IMAGE)


def test_a_pull_typo_gets_no_folder_hint(catalog: Catalog, engines: EngineProvider) -> None:
    lesson = catalog.get("hub")
    step = next(s for s in lesson.steps if any(spec.kind == "pull" for spec in s.solve))
    image = str(dict(step.solve[0].params)["image"])
    if engines.get().image(image) is not None:
        pytest.skip(f"«{image}» is already here (not ours to remove)")
    docker("pull", "ubunto", check=False)
    verdict = Runner(lesson, ProgressStore.open(), engines, lambda event: None).check(step)
    assert verdict.failed
    assert "carpeta" not in found(verdict) and "docker pull" in found(verdict), found(verdict)


SISTER = "dl_fresca_pip"  # the image an earlier step of the same lesson builds
BROTHER = "dl_fresca_uvb"  # this step's image: a name close to the earlier one


def test_an_earlier_steps_image_is_not_taken_for_a_typo(tmp_path: Path, engines: EngineProvider) -> None:
    """Found walking uv without BuildKit: «docker build -f Dockerfile.uv -t uv_demo_uv .»
    failed before any RUN (no trace), and the check advised «docker tag uv_demo_pip:latest
    uv_demo_uv:latest», the previous step's image, as if the learner had mistyped."""
    engine = engines.get()
    clear_leftovers(engine, images=(SISTER, BROTHER, f"{BROTHER}x"))
    (tmp_path / "Dockerfile").write_text("FROM busybox\nLABEL io.dockerlab.test=frescas\n")
    path = tmp_path / "hermanas.yaml"
    path.write_text(f"""\
format_version: 1
id: {OWN}
title: Dos imágenes de la misma lección
steps:
  - id: primera
    title: La primera
    explain: Construye.
    command: docker build -t {SISTER} .
    solve: [{{build: {{tag: {SISTER}}}}}]
    checks: [{{image_exists: {{name: {SISTER}}}}}]
  - id: segunda
    title: La segunda
    explain: Construye.
    command: docker build -t {BROTHER} .
    solve: [{{build: {{tag: {BROTHER}}}}}]
    checks: [{{image_exists: {{name: {BROTHER}}}}}]
""")
    lesson = load_file(path)
    try:
        # built just before the step began, as «Ejecútalo por mí» on the previous step does
        docker("build", "-q", "-t", SISTER, str(tmp_path))
        runner = Runner(lesson, ProgressStore.open(), engines, lambda event: None)
        runner.begin(lesson.steps[1])
        verdict = runner.check(lesson.steps[1])
        assert verdict.failed
        assert "Quisiste decir" not in found(verdict) and "docker tag" not in found(verdict), found(verdict)
        assert f"docker build -t {BROTHER} ." in found(verdict), found(verdict)
        # a mistake made during the step is still named: the earlier command typed again
        docker("build", "-q", "-t", f"{BROTHER}x", str(tmp_path))
        verdict = runner.check(lesson.steps[1])
        assert f"tu imagen se llama «{BROTHER}x:latest»" in found(verdict), found(verdict)
    finally:
        for tag in (SISTER, BROTHER, f"{BROTHER}x"):
            docker("rmi", tag, check=False)


def test_run_it_for_me_after_the_learner_already_ran_it_passes_without_a_conflict(
    tmp_path: Path, engines: EngineProvider, own_objects: Engine
) -> None:
    """Found walking basico: the learner typed the command, then chose «Ejecútalo por mí»,
    and got Docker's name conflict for the container they had just made."""
    lesson = load_file(own_lesson(tmp_path))
    step = lesson.steps[0]
    events: list[Event] = []
    runner = Runner(lesson, ProgressStore.open(), engines, events.append)
    # the name taken by a container from before the step: Docker's conflict, explained
    docker("run", "-d", "--name", SERVER, "--label", f"{SUITE_LABEL}=frescas", "busybox", "sleep", "300")
    past_the_margin()
    runner.begin(step)
    assert runner.solve(step) is False
    errors = [e for e in events if isinstance(e, Notice) and e.level == "error"]
    assert errors and "Ya existe un contenedor con el nombre" in errors[0].message, events
    docker("rm", "-f", SERVER)
    # typed during the step, then «Ejecútalo por mí»: said so, no error, and the step passes
    events.clear()
    docker("run", "-d", "--name", SERVER, "--label", f"{SUITE_LABEL}=frescas", "busybox", "sleep", "300")
    assert runner.solve(step) is True
    assert not [e for e in events if isinstance(e, Solving)]  # nothing run a second time
    notices = [e for e in events if isinstance(e, Notice)]
    assert [n.level for n in notices] == ["info"], notices
    assert f"«{SERVER}» ya existe: lo creaste tú en este paso" in notices[0].message
    assert runner.verify(step).passed
