"""Ctrl-C at a prompt or in the middle of a build or a pull: a short Spanish goodbye, exit
code 130, the progress file intact, and nothing half-created left without dockerlab's label.
(Ctrl-C at the lesson menu and at the action prompt: tests/engine/test_terminal.py.)"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest
from helpers import DOWN, ENTER, pulled, spawn

from dockerlab.course.catalog import load_file
from dockerlab.engine.labels import LABEL_LESSON
from dockerlab.engine.provider import EngineProvider
from dockerlab.events import Event, TransferProgress
from dockerlab.tutor.progress import PASSED, ProgressStore, StepRecord
from dockerlab.tutor.runner import Runner

pytestmark = [pytest.mark.serial]  # compares every unlabelled object before and after

LESSON_ID = "pruebas-ctrl-c"


def seeded_progress() -> list[StepRecord]:
    store = ProgressStore.open()
    store.record("primeros-pasos", "contenedor-vs-vm", PASSED)
    store.record("basico", "construir", PASSED)
    return recorded()


def recorded() -> list[StepRecord]:
    """Every step's status, attempts and time, read back from the file (which must parse).
    Showing a step writes when it became current; Ctrl-C must change nothing else."""
    return ProgressStore.open().records()


def interrupted(child: pexpect.spawn) -> None:
    child.sendcontrol("c")
    child.expect("Interrumpido. ¡Hasta pronto!")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in (child.before or "")


def unlabelled() -> set[str]:
    """Every container and image (also intermediate ones) without dockerlab's label."""
    docker = shutil.which("docker")
    assert docker
    found: set[str] = set()
    for listing in (["ps", "-a"], ["images", "-a"]):
        every = subprocess.run(
            [docker, *listing, "-q", "--no-trunc"], capture_output=True, text=True, check=True
        ).stdout.split()
        ours = subprocess.run(
            [docker, *listing, "-q", "--no-trunc", "--filter", f"label={LABEL_LESSON}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        found |= set(every) - set(ours)
    return found


@pytest.mark.terminal
def test_ctrl_c_at_a_question(dockerlab_home: Path) -> None:
    before = seeded_progress()
    child = spawn("lesson", "primeros-pasos", "--from", "version", home=dockerlab_home, columns=120)
    child.expect("Paso 3/5")
    child.expect("¿Qué quieres hacer?")
    child.send(ENTER)  # «Responder»
    child.expect("¿Qué versión tiene tu motor")
    child.send("27.")
    interrupted(child)
    assert recorded() == before


@pytest.mark.terminal
def test_ctrl_c_during_a_build(dockerlab_home: Path, tmp_path: Path, engines: EngineProvider) -> None:
    engine = engines.get()
    pulled(engine, "busybox")
    # this run's own mark in the RUN line: a build cache left by an earlier run never
    # serves it, so the build really is under way when Ctrl-C comes
    (tmp_path / "Dockerfile").write_text(
        f"FROM busybox\nLABEL {LABEL_LESSON}={LESSON_ID}\n"
        f"RUN echo empieza-lo-lento {uuid.uuid4().hex} && sleep 30 && echo fin\n"
    )
    lesson = tmp_path / "lenta.yaml"
    lesson.write_text(f"""\
format_version: 1
id: {LESSON_ID}
title: Una construcción lenta
workdir: .
steps:
  - id: construir
    title: Construir despacio
    explain: Tarda medio minuto.
    command: docker build -t dl-ctrl-c .
    solve: [{{build: {{tag: dl-ctrl-c}}}}]
    checks: [{{image_exists: {{name: dl-ctrl-c}}}}]
""")
    before_progress = seeded_progress()
    before = unlabelled()
    child = spawn("lesson", str(lesson), home=dockerlab_home, columns=120)
    try:
        child.expect("¿Qué quieres hacer?")
        child.send(DOWN + ENTER)  # «Ejecútalo por mí»
        child.expect("empieza-lo-lento")
        interrupted(child)
        assert recorded() == before_progress
        # the engine cancels the build when the client goes: give it a moment, then nothing
        # new may be there without the label (the build's container inherits the LABEL)
        deadline = time.monotonic() + 30
        while engine.containers(label=f"{LABEL_LESSON}={LESSON_ID}", status="running"):
            assert time.monotonic() < deadline, "the interrupted build is still running"
            time.sleep(0.5)
        assert unlabelled() - before == set()  # nothing new without the label
        assert engine.image("dl-ctrl-c") is None
    finally:
        child.close(force=True)
        engine.remove_labelled(LESSON_ID)


REGISTRY = "127.0.0.1:5000"  # the local mirror of the CI engine (.ci/engine.sh)
LAYER_MB = 48


@pytest.fixture
def remote_only_image(tmp_path: Path) -> Iterator[str]:
    """An image of the suite's own in the local registry and not on the engine: one layer of
    LAYER_MB MB of random bytes (nothing to compress, nothing shared with other images), so
    pulling it is a real download of a new image. Built and pushed here when the registry does
    not have it yet; reused after that, so each run does not leave LAYER_MB more in it."""
    docker = shutil.which("docker")
    assert docker
    ref = f"{REGISTRY}/dockerlab-pruebas/descarga-aleatoria:{LAYER_MB}mb"
    in_registry = subprocess.run([docker, "manifest", "inspect", "--insecure", ref], capture_output=True)
    if in_registry.returncode != 0:
        context = tmp_path / "imagen"
        context.mkdir()
        (context / "relleno.bin").write_bytes(os.urandom(LAYER_MB * 1024 * 1024))
        (context / "Dockerfile").write_text("FROM scratch\nCOPY relleno.bin /relleno.bin\n")
        env = dict(os.environ, DOCKER_BUILDKIT="0")
        subprocess.run(
            [docker, "build", "-q", "-t", ref, str(context)], check=True, capture_output=True, env=env
        )
        subprocess.run([docker, "push", ref], check=True, capture_output=True)
    subprocess.run([docker, "rmi", ref], capture_output=True)  # not on the engine (our own tag)
    yield ref
    subprocess.run([docker, "rmi", ref], capture_output=True)  # a failed run may have left it


def test_ctrl_c_during_a_pull(
    dockerlab_home: Path, tmp_path: Path, engines: EngineProvider, remote_only_image: str
) -> None:
    """Ctrl-C in the middle of a layer's download (some bytes in, not all): no container, no
    image, no half-downloaded layer left as an image; the progress file intact byte for byte."""
    engine = engines.get()
    ref = remote_only_image
    lesson = tmp_path / "descarga.yaml"
    lesson.write_text(f"""\
format_version: 1
id: {LESSON_ID}
title: Una descarga
steps:
  - id: descargar
    title: Descargar
    explain: Descarga una imagen.
    solve: [{{pull: {{image: "{ref}"}}}}]
    checks: [{{image_exists: {{name: "{ref}"}}}}]
""")
    before = unlabelled()
    before_progress = seeded_progress()
    interrupted_at: list[TransferProgress] = []

    def ctrl_c(event: Event) -> None:
        downloading = isinstance(event, TransferProgress) and event.status == "Downloading"
        if downloading and 0 < event.current < event.total:
            interrupted_at.append(event)  # the learner presses Ctrl-C while this layer downloads
            raise KeyboardInterrupt

    runner = Runner(load_file(lesson), ProgressStore.open(), engines, ctrl_c)
    with pytest.raises(KeyboardInterrupt):
        runner.solve(runner.lesson.steps[0])
    [event] = interrupted_at  # on a machine where a layer arrives in one piece, this says so
    assert event.total >= LAYER_MB * 1024 * 1024 * 0.9, event  # the random layer, mid-way
    # the engine drops the download when the client goes; it never becomes an image
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        assert engine.image(ref) is None, "an interrupted pull left the image"
        time.sleep(0.5)
    assert unlabelled() - before == set()  # nothing new without the label
    assert recorded() == before_progress
