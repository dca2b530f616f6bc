"""The kinds the later lessons use, checked without an engine (small fakes stand in for it):
host files edited and restored byte for byte, Docker Hub search without network, images
pulled by dockerlab vs already there, and build times read from an image's history.
The same kinds run against the real engine in test_lessons_auto.py and the self-test."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from dockerlab.actions import perform
from dockerlab.checks import evaluate
from dockerlab.context import EngineProvider, StepContext
from dockerlab.engine.types import ImageInfo
from dockerlab.errors import EngineOperationError, LessonError
from dockerlab.events import Event, Notice, Table
from dockerlab.ledger import KEPT, PULLED, Ledger
from dockerlab.model import Lesson, Step

ORIGINAL = b'"""App."""\r\nMESSAGE = "Modelo iris listo"\r\n\r\nX = 1'  # CRLF, no final newline
EDIT = {"path": "app/main.py", "find": 'MESSAGE = "Modelo iris listo"',
        "replace": 'MESSAGE = "Modelo iris actualizado"'}


class FakeEngine:
    def __init__(self) -> None:
        self.present: dict[str, ImageInfo] = {}
        self.removed: list[str] = []
        self.search_error: str | None = None
        self.rows: list[dict[str, Any]] = []
        self.histories: dict[str, list[dict[str, Any]]] = {}

    def image(self, ref: str) -> ImageInfo | None:
        return self.present.get(ref if ":" in ref else f"{ref}:latest")

    def remove_image(self, ref: str, force: bool = False) -> None:
        self.removed.append(ref)
        self.present.pop(ref, None)

    def containers(self, **filters: Any) -> list[Any]:
        return []

    def search(self, term: str, limit: int = 25) -> list[dict[str, Any]]:
        if self.search_error:
            raise EngineOperationError(f"No se pudo buscar.\nDocker dijo: {self.search_error}")
        return self.rows

    def history(self, ref: str) -> list[dict[str, Any]]:
        return self.histories[ref]


def context(tmp_path: Path, engine: FakeEngine | None = None, events: list[Event] | None = None,
            answer: str | None = None, tty: bool = False) -> StepContext:
    step = Step("paso", 1, "Paso", "x")
    lesson = Lesson("lec", "Lección", "", (step,), tmp_path / "lec.yaml", workdir=tmp_path)
    sink = events if events is not None else []
    return StepContext(lesson, step, EngineProvider(lambda: engine),  # type: ignore[arg-type,return-value]
                       sink.append, answer=answer, tty=tty)


@pytest.fixture
def app(tmp_path: Path) -> Path:
    path = tmp_path / "app" / "main.py"
    path.parent.mkdir()
    path.write_bytes(ORIGINAL)
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_edit_then_restore_is_byte_for_byte(tmp_path: Path, app: Path,
                                            dockerlab_home: Path) -> None:
    ctx = context(tmp_path)
    before = digest(app)
    check = {"path": "app/main.py", "contains": EDIT["find"], "lacks": "actualizado"}
    assert evaluate(ctx, "host_file", check).passed
    perform(ctx, "edit_file", dict(EDIT))
    assert b'"Modelo iris actualizado"\r\n' in app.read_bytes()
    assert (dockerlab_home / "backups" / "lec" / "app" / "main.py").read_bytes() == ORIGINAL
    failed = evaluate(ctx, "host_file", check)
    assert not failed.passed and "todavía dice" in failed.found
    perform(ctx, "edit_file", dict(EDIT))  # a second edit changes nothing and keeps the copy
    perform(ctx, "restore_file", dict(EDIT))
    assert digest(app) == before
    assert not (dockerlab_home / "backups" / "lec").exists()
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


def test_search_without_network_is_skipped_not_failed(tmp_path: Path) -> None:
    engine = FakeEngine()
    engine.search_error = 'Get "https://index.docker.io/v1/search?q=ubuntu": no such host'
    events: list[Event] = []
    perform(context(tmp_path, engine, events), "search", {"term": "ubuntu"})  # no exception
    assert any(isinstance(e, Notice) and "no llega a Docker Hub" in e.message for e in events)
    for answer in (None, "ubuntu"):
        result = evaluate(context(tmp_path, engine, answer=answer), "search_official",
                          {"term": "ubuntu", "image": "ubuntu"})
        assert result.skipped and not result.passed and "no such host" in result.found
        assert "no cuenta como fallo" in result.hint


def test_search_with_network_checks_the_answer(tmp_path: Path) -> None:
    engine = FakeEngine()
    engine.rows = [{"name": "ubuntu", "description": "Ubuntu", "stars": 17000, "official": True},
                   {"name": "alguien/ubuntu", "description": "", "stars": 3, "official": False}]
    params = {"term": "ubuntu", "image": "ubuntu"}
    events: list[Event] = []
    ctx = context(tmp_path, engine, events)
    perform(ctx, "search", {"term": "ubuntu"})
    assert ctx.answer == "ubuntu" and any(isinstance(e, Table) for e in events)
    verdicts = {answer: evaluate(context(tmp_path, engine, answer=answer), "search_official",
                                 params) for answer in (None, "alguien/ubuntu", "debian", "Ubuntu")}
    assert [v.passed for v in verdicts.values()] == [False, False, False, True]
    assert not any(v.skipped for v in verdicts.values())
    assert "no es oficial" in verdicts["alguien/ubuntu"].found


def image(ref: str) -> ImageInfo:
    return ImageInfo("sha256:" + "ab" * 32, (ref,), 77_000_000)


def test_a_pulled_image_is_removed_unattended_only_if_dockerlab_pulled_it(
        tmp_path: Path) -> None:
    engine = FakeEngine()
    engine.present["ubuntu:latest"] = image("ubuntu:latest")
    check = {"name": "ubuntu"}
    # already there before the lesson (an instructor pre-loaded it): kept, and that passes
    Ledger.open().note_pull("lec", "ubuntu:latest", existed=True)
    events: list[Event] = []
    perform(context(tmp_path, engine, events), "remove_pulled_image", check)
    assert engine.removed == [] and any(isinstance(e, Notice) and "No borro" in e.message
                                        for e in events)
    kept = evaluate(context(tmp_path, engine), "pulled_image_removed", check)
    assert kept.passed and "ya la tenías" in kept.found
    # pulled by dockerlab: removed, and the ledger forgets it
    Ledger.open().forget("lec", "ubuntu:latest")
    Ledger.open().note_pull("lec", "ubuntu:latest", existed=False)
    assert Ledger.open().image_origin("lec", "ubuntu:latest") == PULLED
    assert not evaluate(context(tmp_path, engine), "pulled_image_removed", check).passed
    perform(context(tmp_path, engine), "remove_pulled_image", check)
    assert engine.removed == ["ubuntu:latest"]
    assert Ledger.open().image_origin("lec", "ubuntu:latest") is None
    assert evaluate(context(tmp_path, engine), "pulled_image_removed", check).passed


def test_unknown_origin_is_kept_unattended_but_removed_when_the_learner_asks(
        tmp_path: Path) -> None:
    engine = FakeEngine()
    engine.present["ubuntu:latest"] = image("ubuntu:latest")
    perform(context(tmp_path, engine), "remove_pulled_image", {"name": "ubuntu:latest"})
    assert engine.removed == []
    failed = evaluate(context(tmp_path, engine), "pulled_image_removed", {"name": "ubuntu"})
    assert not failed.passed and "docker rmi ubuntu:latest" in failed.hint
    # «Ejecútalo por mí» on this step, in a terminal: the learner chose this exact name
    perform(context(tmp_path, engine, tty=True), "remove_pulled_image", {"name": "ubuntu:latest"})
    assert engine.removed == ["ubuntu:latest"]


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


def history(*steps: tuple[int, str]) -> list[dict[str, Any]]:
    """Newest first, as the engine returns it."""
    return [{"created": created, "created_by": by, "size": 0} for created, by in reversed(steps)]


def test_build_comparison_reads_the_install_step_from_the_history(tmp_path: Path) -> None:
    engine = FakeEngine()
    for ref in ("demo_pip:latest", "demo_uv:latest", "demo_bk:latest"):
        engine.present[ref] = image(ref)
    base = (1000, "/bin/sh -c #(nop) ADD file:abc in / ")
    engine.histories["demo_pip"] = history(base, (5000, "COPY requirements.txt"),
                                           (5011, "RUN pip install -r /tmp/requirements.txt"),
                                           (5012, "COPY app/ /app/"), (5012, "CMD [\"python\"]"))
    engine.histories["demo_uv"] = history(base, (6000, "COPY requirements.txt"),
                                          (6004, "RUN pip install uv && uv pip install -r …"),
                                          (6005, "CMD [\"python\"]"))
    engine.histories["demo_bk"] = history(base, (7000, "COPY requirements.txt"),
                                          (7000, "RUN pip install -r …"))  # BuildKit: one time
    events: list[Event] = []
    ctx = context(tmp_path, engine, events)
    perform(ctx, "compare_builds", {"images": ["demo_pip", "demo_uv", "demo_bk"]})
    table = next(e for e in events if isinstance(e, Table))
    assert table.rows == (("demo_pip", "≈ 11 s", "77 MB"), ("demo_uv", "≈ 4 s", "77 MB"),
                          ("demo_bk", "—", "77 MB"))
    result = evaluate(ctx, "build_comparison", {"images": ["demo_pip", "demo_uv"]})
    assert result.passed and "demo_pip: instalación ≈ 11 s" in result.found
    missing = evaluate(ctx, "build_comparison", {"images": ["demo_pip", "no_esta"]})
    assert not missing.passed and "no_esta" in missing.found


def test_the_course_is_in_syllabus_order() -> None:
    from dockerlab.catalog import load_catalog

    ids = load_catalog().ids()
    later = ["hub", "fastapi", "ml", "jupyter", "uv"]
    assert ids[:7] == ["primeros-pasos", "basico", *later]
