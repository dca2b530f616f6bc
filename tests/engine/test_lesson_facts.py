"""What the lessons tell learners holds on the real engine and the real ``docker`` CLI: the
paths a learner can really take (Ctrl-C on a container that ignores it, a shell where the
lesson expected a name conflict), with the lesson's own hints and checks."""

from __future__ import annotations

import re
import shlex
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import pulled

from dockerlab.course.catalog import Catalog
from dockerlab.engine.labels import LABEL_LESSON
from dockerlab.engine.provider import EngineProvider
from dockerlab.kinds.all import evaluate
from dockerlab.kinds.context import StepContext
from dockerlab.model import Lesson, Step

pytestmark = [pytest.mark.engine, pytest.mark.lessons("basico")]
LESSON = "pruebas-hechos"
LABEL = f"{LABEL_LESSON}={LESSON}"


def step_of(catalog: Catalog, lesson_id: str, step_id: str) -> tuple[Lesson, Step]:
    lesson = catalog.get(lesson_id)
    return lesson, next(s for s in lesson.steps if s.id == step_id)


def as_ours(lesson: Lesson, step: Step, answer: str | None = None) -> StepContext:
    """The shipped step, but under a test lesson id (so cleanup only touches our objects)."""
    ours = Lesson(LESSON, lesson.title, "", (step,), lesson.source, workdir=lesson.workdir)
    return StepContext(ours, step, EngineProvider(), answer=answer)


@pytest.fixture
def clean(engines: EngineProvider) -> Iterator[None]:
    engines.get().remove_labelled(LESSON)
    yield
    engines.get().remove_labelled(LESSON)


def check_of(step: Step, kind: str) -> dict[str, object]:
    return dict(next(spec for spec in step.checks if spec.kind == kind).params)


def test_ctrl_c_does_not_stop_sleep_and_the_hint_says_what_works(
    catalog: Catalog, clean: None, engines: EngineProvider
) -> None:
    lesson, step = step_of(catalog, "basico", "segundo-plano")
    name = "dl-hechos-servidor"
    # the learner forgot -d: the CLI stays attached to «sleep 600»
    attached = subprocess.Popen(
        ["docker", "run", "--name", name, "--label", LABEL, "busybox", "sleep", "600"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while (found := engines.get().container(name)) is None or found.status != "running":
            assert time.monotonic() < deadline, "the container did not start"
            time.sleep(0.3)
        attached.send_signal(signal.SIGINT)  # Ctrl-C: forwarded to «sleep», which ignores it
        time.sleep(3)
        assert attached.poll() is None, "the CLI stopped on the first Ctrl-C"
        container = engines.get().container(name)
        assert container is not None and container.status == "running"
        hints = " ".join(step.hints)
        assert "Ctrl-C no lo para" in hints and "otra terminal" in hints
        # the step's own check passes from another terminal: nothing to redo
        ctx = as_ours(lesson, step)
        assert evaluate(ctx, "container_running", {"name": name}).passed
        # and the hint's command for a clean retry works (the retry without it would clash)
        retry = ["docker", "run", "-d", "--name", name, "--label", LABEL, "busybox", "sleep", "600"]
        clash = subprocess.run(retry, capture_output=True, text=True, timeout=60)
        assert clash.returncode != 0 and "already in use" in clash.stderr
        command = re.search(r"«(docker rm -f mi_servidor)»", hints)
        assert command is not None, hints
        argv = [name if arg == "mi_servidor" else arg for arg in shlex.split(command.group(1))]
        assert subprocess.run(argv, capture_output=True, timeout=60).returncode == 0
        assert subprocess.run(retry, capture_output=True, timeout=60).returncode == 0
    finally:
        attached.kill()
        attached.wait(timeout=30)


@pytest.fixture
def basico_image(engines: EngineProvider, clean: None) -> str:
    tag = "dl-hechos-basico"
    folder = Path(__file__).resolve().parents[2] / "examples" / "basico"
    list(engines.get().build(folder, tag, {LABEL_LESSON: LESSON}))
    return tag


@pytest.mark.parametrize("got_a_shell", [False, True])
def test_conflict_question_fits_what_really_happened(
    catalog: Catalog, engines: EngineProvider, basico_image: str, got_a_shell: bool
) -> None:
    lesson, step = step_of(catalog, "basico", "conflicto")
    params = check_of(step, "answer_fits_container")
    assert params["name"] == "mi_contenedor"
    params["name"] = "dl-hechos-contenedor"  # the same check, on a container of ours
    # «mi_contenedor» from the previous step lists /app; if the learner had removed it, the
    # step's command created it and gave them bash instead
    command = ["bash", "-c", "exit 0"] if got_a_shell else None
    engines.get().run(
        basico_image, name="dl-hechos-contenedor", labels={LABEL_LESSON: LESSON}, command=command
    )
    conflict, shell = str(params["otherwise"]), str(params["then"])
    assert conflict in (step.question.choices if step.question else ())
    assert shell in (step.question.choices if step.question else ())
    right, wrong = (shell, conflict) if got_a_shell else (conflict, shell)
    assert evaluate(as_ours(lesson, step, right), "answer_fits_container", params).passed
    failed = evaluate(as_ours(lesson, step, wrong), "answer_fits_container", params)
    assert not failed.passed and right not in failed.hint


def test_image_id_answers_accept_what_either_cli_shows(catalog: Catalog, engines: EngineProvider) -> None:
    """The classic image store shows the config digest; the containerd store (Docker 29's
    default) shows the digest of the image's index or manifest, which for a pulled image is
    its repository digest. Both are the learner's right answer; anything else is not."""
    engine = engines.get()
    pulled(engine, "busybox")
    lesson, step = step_of(catalog, "basico", "listar")
    assert check_of(step, "answer_image_id") == {"image": "mi_imagen_prueba"}
    config_id = engine.image("busybox").id.removeprefix("sha256:")  # type: ignore[union-attr]
    repo_digests = subprocess.run(
        ["docker", "image", "inspect", "busybox", "--format", "{{range .RepoDigests}}{{.}} {{end}}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert repo_digests, "the mirror's busybox has a repository digest"
    manifest_id = repo_digests[0].partition("@sha256:")[2]
    assert manifest_id[:6] != config_id[:6]

    def verdict(answer: str) -> bool:
        return evaluate(as_ours(lesson, step, answer), "answer_image_id", {"image": "busybox"}).passed

    assert verdict(config_id[:12]) and verdict(config_id[:4]) and verdict("sha256:" + config_id[:8])
    assert verdict(manifest_id[:12]) and verdict(manifest_id[:4].upper())
    wrong = next(
        w for w in ("0000", "ffff", "1234") if not config_id.startswith(w) and not manifest_id.startswith(w)
    )
    assert not verdict(wrong) and not verdict(manifest_id[:4] + "x")


def test_run_it_for_me_waits_for_the_first_line_of_a_container_just_started(
    catalog: Catalog, engines: EngineProvider
) -> None:
    """basico «registros»: «Respóndela por mí» right after «reloj» started the container found
    no line yet on a busy machine. It now waits (bounded) for the first one."""
    from dockerlab.kinds.all import perform

    engine = engines.get()
    pulled(engine, "busybox")
    lesson, step = step_of(catalog, "basico", "registros")
    name = f"dl_reloj_tardio_{time.monotonic_ns()}"
    late = ["sh", "-c", "sleep 3; echo 12:34:56; sleep 60"]  # its first line comes 3 s in
    engine.run("busybox", name=name, labels={LABEL_LESSON: "pruebas-hechos"}, command=late)
    try:
        ctx = as_ours(lesson, step)
        perform(ctx, "answer_fact", {"name": name, "fact": "log_line"})
        assert ctx.answer == "12:34:56"
    finally:
        engine.remove_container(name, force=True)
