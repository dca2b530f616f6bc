"""The kinds the later lessons use, against the real engine: host files edited and
restored byte for byte, Docker Hub search (offline for real, and answered by a stand-in
index that the engine itself queries) and images pulled by dockerlab vs already there.
Build comparisons are measured in tests/engine/test_builders.py."""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from dockerlab.engine.ledger import KEPT, PULLED, Ledger
from dockerlab.engine.provider import EngineProvider
from dockerlab.errors import LessonError
from dockerlab.events import Event, Notice, Table
from dockerlab.kinds.all import evaluate, perform
from dockerlab.kinds.context import StepContext
from dockerlab.model import Lesson, Step

from .search_index import SearchIndex, search_index

ORIGINAL = b'"""App."""\r\nMESSAGE = "Modelo iris listo"\r\n\r\nX = 1'  # CRLF, no final newline
EDIT = {
    "path": "app/main.py",
    "find": 'MESSAGE = "Modelo iris listo"',
    "replace": 'MESSAGE = "Modelo iris actualizado"',
}
LESSON = "pruebas-kinds"


def context(
    tmp_path: Path, events: list[Event] | None = None, answer: str | None = None, tty: bool = False
) -> StepContext:
    """A step of a throwaway lesson; the engine is the real one, connected on first use."""
    step = Step("paso", 1, "Paso", "x")
    lesson = Lesson(LESSON, "Lección", "", (step,), tmp_path / "lec.yaml", workdir=tmp_path)
    sink = events if events is not None else []
    return StepContext(lesson, step, EngineProvider(), sink.append, answer=answer, tty=tty)


@pytest.fixture
def app(tmp_path: Path) -> Path:
    path = tmp_path / "app" / "main.py"
    path.parent.mkdir()
    path.write_bytes(ORIGINAL)
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_edit_then_restore_is_byte_for_byte(tmp_path: Path, app: Path, dockerlab_home: Path) -> None:
    ctx = context(tmp_path)
    before = digest(app)
    check = {"path": "app/main.py", "contains": EDIT["find"], "lacks": "actualizado"}
    assert evaluate(ctx, "host_file", check).passed
    perform(ctx, "edit_file", dict(EDIT))
    assert b'"Modelo iris actualizado"\r\n' in app.read_bytes()
    assert (dockerlab_home / "backups" / LESSON / "app" / "main.py").read_bytes() == ORIGINAL
    failed = evaluate(ctx, "host_file", check)
    assert not failed.passed and "todavía dice" in failed.found
    perform(ctx, "edit_file", dict(EDIT))  # a second edit changes nothing and keeps the copy
    perform(ctx, "restore_file", dict(EDIT))
    assert digest(app) == before
    assert not (dockerlab_home / "backups" / LESSON).exists()
    assert evaluate(ctx, "host_file", check).passed


def test_restore_without_a_copy_undoes_the_known_edit(tmp_path: Path, app: Path) -> None:
    """The learner edited the file in their own editor: dockerlab has no copy."""
    app.write_bytes(ORIGINAL.replace(b"listo", b"actualizado"))
    perform(context(tmp_path), "restore_file", dict(EDIT))
    assert app.read_bytes() == ORIGINAL


def test_edit_refuses_what_it_cannot_find_and_paths_outside(tmp_path: Path, app: Path) -> None:
    with pytest.raises(LessonError, match="No encuentro"):
        perform(context(tmp_path), "edit_file", {**EDIT, "find": "otra cosa", "replace": "x"})
    with pytest.raises(LessonError, match="sale de la carpeta"):
        perform(context(tmp_path), "remove_file", {"path": "../fuera.txt"})


def test_remove_file_and_host_file_absent(tmp_path: Path) -> None:
    ctx = context(tmp_path)
    (tmp_path / "work" / ".ipynb_checkpoints").mkdir(parents=True)
    (tmp_path / "work" / "nb.ipynb").write_text("{}")
    (tmp_path / "work" / "mio.txt").write_text("del alumno")
    absent = {"path": "work/nb.ipynb", "exists": False}
    assert not evaluate(ctx, "host_file", absent).passed
    for path in ("work/nb.ipynb", "work/.ipynb_checkpoints", "work/no-existe"):
        perform(ctx, "remove_file", {"path": path})
    perform(ctx, "remove_file", {"path": "work"})  # not empty: left alone
    assert evaluate(ctx, "host_file", absent).passed
    assert (tmp_path / "work" / "mio.txt").exists()


@pytest.fixture
def index() -> Iterator[SearchIndex]:
    with search_index() as stand_in:
        yield stand_in


def test_search_without_network_is_skipped_not_failed(tmp_path: Path, engines: EngineProvider) -> None:
    # .invalid never resolves: the engine fails to reach this index for real, as it does
    # with Docker Hub in a classroom without internet
    term = "indice-inexistente.invalid/ubuntu"
    events: list[Event] = []
    perform(context(tmp_path, events), "search", {"term": term})  # no exception
    assert any(isinstance(e, Notice) and "no llega a Docker Hub" in e.message for e in events)
    for answer in (None, "ubuntu"):
        result = evaluate(
            context(tmp_path, answer=answer), "search_official", {"term": term, "image": "ubuntu"}
        )
        assert result.skipped and not result.passed
        assert "inexistente.invalid" in result.found and "no such host" in result.found
        assert "no cuenta como fallo" in result.hint


def test_search_with_network_checks_the_answer(
    tmp_path: Path, index: SearchIndex, engines: EngineProvider
) -> None:
    params = {"term": f"{index.address}/ubuntu", "image": "ubuntu"}
    events: list[Event] = []
    ctx = context(tmp_path, events)
    perform(ctx, "search", {"term": params["term"]})
    assert "/v1/search" in index.asked  # the real engine asked the stand-in index
    assert ctx.answer == "ubuntu" and any(isinstance(e, Table) for e in events)
    verdicts = {
        answer: evaluate(context(tmp_path, answer=answer), "search_official", params)
        for answer in (None, "alguien/ubuntu", "debian", "Ubuntu")
    }
    assert [v.passed for v in verdicts.values()] == [False, False, False, True]
    assert not any(v.skipped for v in verdicts.values())
    assert "no es oficial" in verdicts["alguien/ubuntu"].found
    assert "no está en los resultados" in verdicts["debian"].found


@pytest.fixture
def hub_image(engines: EngineProvider) -> Iterator[str]:
    """A real image with no dockerlab label, like one pulled from Docker Hub: its own image
    (not a tag of busybox, whose containers elsewhere would count as using it)."""
    ref = "dockerlab-pruebas/hub:latest"
    subprocess.run(
        ["docker", "build", "-q", "-t", ref, "-"],
        check=True,
        capture_output=True,
        input=b"FROM busybox\nLABEL org.example.purpose=dockerlab-tests\n",
    )
    try:
        yield ref
    finally:
        subprocess.run(["docker", "rmi", ref], check=False, capture_output=True)


def test_a_pulled_image_is_removed_unattended_only_if_dockerlab_pulled_it(
    tmp_path: Path, hub_image: str, engines: EngineProvider, dockerlab_home: Path
) -> None:
    engine = engines.get()
    check = {"name": hub_image.removesuffix(":latest")}
    # already there before the lesson (an instructor pre-loaded it): kept, and that passes
    Ledger.open().note_pull(LESSON, hub_image, existed=True)
    events: list[Event] = []
    perform(context(tmp_path, events), "remove_pulled_image", check)
    assert engine.image(hub_image) is not None
    assert any(isinstance(e, Notice) and "No borro" in e.message for e in events)
    kept = evaluate(context(tmp_path), "pulled_image_removed", check)
    assert kept.passed and "ya la tenías" in kept.found
    # pulled by dockerlab: removed, and the ledger forgets it
    Ledger.open().forget(LESSON, hub_image)
    Ledger.open().note_pull(LESSON, hub_image, existed=False)
    assert Ledger.open().image_origin(LESSON, hub_image) == PULLED
    assert not evaluate(context(tmp_path), "pulled_image_removed", check).passed
    perform(context(tmp_path), "remove_pulled_image", check)
    assert engine.image(hub_image) is None
    assert engine.image("busybox:latest") is not None  # only that image went
    assert Ledger.open().image_origin(LESSON, hub_image) is None
    assert evaluate(context(tmp_path), "pulled_image_removed", check).passed


def test_unknown_origin_is_kept_unattended_but_removed_when_the_learner_asks(
    tmp_path: Path, hub_image: str, engines: EngineProvider, dockerlab_home: Path
) -> None:
    engine = engines.get()
    perform(context(tmp_path), "remove_pulled_image", {"name": hub_image})
    assert engine.image(hub_image) is not None
    failed = evaluate(context(tmp_path), "pulled_image_removed", {"name": hub_image.removesuffix(":latest")})
    assert not failed.passed and f"docker rmi {hub_image}" in failed.hint
    # «Ejecútalo por mí» on this step, in a terminal: the learner chose this exact name
    perform(context(tmp_path, tty=True), "remove_pulled_image", {"name": hub_image})
    assert engine.image(hub_image) is None


def test_a_pull_of_an_image_already_pulled_by_dockerlab_stays_ours(tmp_path: Path) -> None:
    ledger = Ledger.open()
    ledger.note_pull("lec", "ubuntu:latest", existed=False)
    ledger.note_pull("lec", "ubuntu:latest", existed=True)  # pulled again in a later run
    assert Ledger.open().image_origin("lec", "ubuntu:latest") == PULLED
    Ledger.open().note_pull("otra", "ubuntu:latest", existed=True)
    assert Ledger.open().image_origin("otra", "ubuntu:latest") == KEPT


def test_a_broken_ledger_starts_again_and_removes_nothing(dockerlab_home: Path) -> None:
    dockerlab_home.mkdir(parents=True, exist_ok=True)
    (dockerlab_home / "ledger.json").write_text("{roto", encoding="utf-8")
    assert Ledger.open().image_origin("lec", "ubuntu:latest") is None


def test_the_course_is_in_syllabus_order() -> None:
    from dockerlab.course.catalog import load_catalog

    ids = load_catalog().ids()
    later = ["hub", "fastapi", "ml", "jupyter", "uv"]
    assert ids[:7] == ["primeros-pasos", "basico", *later]
