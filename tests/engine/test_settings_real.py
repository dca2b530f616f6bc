"""Host-port settings moved when busy, against the real engine: the ports its containers
publish (ours, of this lesson, or another's) decide whether a port is kept or moved."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from helpers import pulled

from dockerlab.course.catalog import load_file
from dockerlab.course.settings import apply_assignments, resolve
from dockerlab.engine.gateway import Engine
from dockerlab.engine.hostports import fallbacks, port_problem
from dockerlab.engine.labels import LABEL_LESSON
from dockerlab.engine.provider import EngineProvider
from dockerlab.events import Event, Notice, StepStarted
from dockerlab.tutor.runner import Runner

OWN = "pruebas-ajustes"  # LESSON's id: this label marks the lesson's own containers
RUN = uuid.uuid4().hex[:8]  # container names of this run: nobody else's are touched

LESSON = (
    (Path(__file__).parents[1] / "data" / "ajustes.yaml")
    .read_text(encoding="utf-8")
    .replace("LESSON_ID", OWN)
)


def free_port(also_free_after: int = 0) -> int:
    """A port free on 127.0.0.1 now, with the next ``also_free_after`` ports free too."""
    while True:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = int(probe.getsockname()[1])
        if port + also_free_after <= 65535 and all(
            port_problem(p) is None for p in range(port, port + also_free_after + 1)
        ):
            return port


def lesson_file(tmp_path: Path, port: int = 18080, text: str = LESSON) -> Path:
    path = tmp_path / f"{OWN}.yaml"
    path.write_text(text.replace("PORT", str(port)), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def engine(engines: EngineProvider) -> Iterator[Engine]:
    engine = engines.get()
    pulled(engine, "busybox")
    try:
        yield engine
    finally:
        engine.remove_labelled(OWN)


def publisher(engine: Engine, name: str, port: int, lesson: str | None) -> None:
    """A running container publishing ``port`` on 127.0.0.1 (of ``lesson``, or nobody's)."""
    labels = {LABEL_LESSON: lesson} if lesson else {}
    engine.run(
        "busybox", name=name, labels=labels, command=["sleep", "600"], ports={"80/tcp": ("127.0.0.1", port)}
    )


@contextmanager
def busy_port() -> Iterator[int]:
    """A port of 127.0.0.1 really in use (listening) while the block runs."""
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        yield int(busy.getsockname()[1])


def remove(engine: Engine, name: str) -> None:
    if engine.container(name) is not None:
        engine.remove_container(name, force=True)


def test_a_busy_port_moves_to_a_free_one_with_an_explanation(tmp_path: Path, engines: EngineProvider) -> None:
    with busy_port() as port:
        lesson = load_file(lesson_file(tmp_path, port))
        events: list[Event] = []
        moved = resolve(lesson, engines, events.append)
    new = moved.values["port"]
    assert new != port and new in fallbacks(port)
    assert moved.steps[0].command.startswith(f"docker run -p 127.0.0.1:{new}:80")
    notice = next(e for e in events if isinstance(e, Notice))
    assert f"El puerto {port}" in notice.message and "ocupado" in notice.message
    assert str(new) in notice.message and "--set port=" in notice.fix


def test_a_free_port_stays_and_nothing_is_said(tmp_path: Path, engines: EngineProvider) -> None:
    port = free_port()
    events: list[Event] = []
    lesson = load_file(lesson_file(tmp_path, port))
    assert resolve(lesson, engines, events.append).values["port"] == port
    assert events == []


def test_a_port_held_by_a_container_of_the_same_lesson_is_kept(
    tmp_path: Path, engine: Engine, engines: EngineProvider
) -> None:
    """The learner resumes, or checks from another terminal: their container holds it."""
    port = free_port(also_free_after=1)
    lesson = load_file(lesson_file(tmp_path, port))
    ours = f"dl_ajustes_nuestro_{RUN}"
    publisher(engine, ours, port + 1, OWN)  # an earlier session moved it there
    events: list[Event] = []
    try:
        kept = resolve(lesson, engines, events.append)
        assert kept.values["port"] == port + 1  # stay with it
        assert any(isinstance(e, Notice) and f"«{ours}» de esta lección" in e.message for e in events)
    finally:
        remove(engine, ours)
    publisher(engine, ours, port, OWN)  # on the lesson's own port: busy, but by us
    events.clear()
    try:
        assert resolve(lesson, engines, events.append).values["port"] == port
        assert events == []
    finally:
        remove(engine, ours)


def test_a_port_used_by_another_container_is_named(
    tmp_path: Path, engine: Engine, engines: EngineProvider
) -> None:
    port = free_port()
    lesson = load_file(lesson_file(tmp_path, port))
    other = f"dl_ajustes_ajeno_{RUN}"
    publisher(engine, other, port, None)  # unlabelled, like a learner's own container
    events: list[Event] = []
    try:
        moved = resolve(lesson, engines, events.append)
    finally:
        remove(engine, other)
    assert moved.values["port"] != port
    assert any(isinstance(e, Notice) and f"contenedor «{other}»" in e.message for e in events)


def test_an_explicit_port_is_never_changed_only_warned(tmp_path: Path, engines: EngineProvider) -> None:
    with busy_port() as port:
        lesson = apply_assignments(load_file(lesson_file(tmp_path)), [f"port={port}"])
        events: list[Event] = []
        assert resolve(lesson, engines, events.append).values["port"] == port
    assert any(isinstance(e, Notice) and e.level == "warning" for e in events)


def test_the_runner_shows_and_uses_the_moved_port(tmp_path: Path, engines: EngineProvider) -> None:
    """Steps handed in from the catalog (default port) are swapped for the runner's own."""
    with busy_port() as port:
        lesson = load_file(lesson_file(tmp_path, port))
        events: list[Event] = []
        runner = Runner(lesson, None, engines, events.append)
    new = runner.lesson.values["port"]
    assert new != port
    runner.begin(lesson.steps[0])  # the catalog's step, as the CLI passes it
    started = next(e for e in events if isinstance(e, StepStarted))
    assert f"127.0.0.1:{new}:80" in started.command and str(new) in started.explain
    assert runner.context(lesson.steps[0]).step.checks[0].params["host_port"] == new


def test_a_moved_port_brings_the_lessons_own_instructions(tmp_path: Path, engines: EngineProvider) -> None:
    text = LESSON.replace("doc: Puerto de la API}", 'doc: "«ML_PUERTO=${port} docker compose up»"}')
    with busy_port() as port:
        events: list[Event] = []
        moved = resolve(load_file(lesson_file(tmp_path, port, text)), engines, events.append)
    notice = next(e for e in events if isinstance(e, Notice))
    assert notice.fix.startswith(f"«ML_PUERTO={moved.values['port']} docker compose up»")
