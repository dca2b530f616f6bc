"""Issue 15: a volume the learner already owns with the lesson's volume name is never reused
or deleted: the lesson picks another name (``kind: volume_name``), against the real engine.

The lesson is the real lessons/56-volumenes.yaml with a name of this run (its default and
its containers), so the learner's volume made here is the only one such a test could touch."""

from __future__ import annotations

import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import dockerlab, pulled

from dockerlab.course.catalog import load_file
from dockerlab.course.settings import apply_assignments, resolve
from dockerlab.engine.gateway import Engine
from dockerlab.engine.labels import LABEL_LESSON
from dockerlab.engine.provider import EngineProvider
from dockerlab.errors import ExitCode
from dockerlab.events import Event, Notice

pytestmark = pytest.mark.engine
ROOT = Path(__file__).resolve().parents[2]
RUN = uuid.uuid4().hex[:8]
OWN = f"pruebas-volname-{RUN}"  # the test lesson's id, so its label is this run's alone
THEIRS = f"dlvol_{RUN}"  # the learner's own volume (and the lesson's default name)
MARK = "io.dockerlab-tests.learner"  # on the learner's volume: we remove only what has it
WIDE = {"NO_COLOR": "1", "COLUMNS": "250"}  # each message on one line, to search it whole


def lesson_file(tmp_path: Path) -> Path:
    text = (ROOT / "lessons" / "56-volumenes.yaml").read_text(encoding="utf-8")
    replaced = text.replace("id: volumenes", f"id: {OWN}").replace("requires: [ml]\n", "")
    replaced = replaced.replace("default: taller_datos", f"default: {THEIRS}")
    replaced = replaced.replace(
        "workdir: ../examples/volumenes", f"workdir: {ROOT / 'examples' / 'volumenes'}"
    )
    for container in ("escritor", "lector", "mirador"):
        replaced = replaced.replace(container, f"{container}-{RUN}")
    assert f"default: {THEIRS}" in replaced and "kind: volume_name" in replaced
    path = tmp_path / f"{OWN}.yaml"
    path.write_text(replaced, encoding="utf-8")
    return path


@pytest.fixture
def engine(engines: EngineProvider) -> Iterator[Engine]:
    engine = engines.get()
    pulled(engine, "busybox")
    try:
        yield engine
    finally:
        engine.remove_labelled(OWN)
        for name in (THEIRS, f"{THEIRS}_2"):
            found = engine.volume(name)
            if found is not None and found.labels.get(MARK) == RUN:
                engine.remove_volume(name)


def learners_volume(name: str = THEIRS) -> None:
    """Made the way the learner would, with Docker's CLI: no dockerlab label."""
    subprocess.run(
        ["docker", "volume", "create", "--label", f"{MARK}={RUN}", name], check=True, capture_output=True
    )


def test_the_lesson_moves_to_another_name_and_leaves_the_learners_volume_alone(
    tmp_path: Path, engine: Engine
) -> None:
    learners_volume()
    before = engine.volume(THEIRS)
    assert before is not None and before.created > 0 and LABEL_LESSON not in before.labels
    done = dockerlab(
        "lesson",
        str(lesson_file(tmp_path)),
        "--auto",
        "--plain",
        home=tmp_path / "home",
        extra_env=WIDE,
        timeout=600,
    )
    said = done.stdout + done.stderr
    assert done.returncode == ExitCode.OK, said
    assert (
        f"Ya tienes un volumen «{THEIRS}» que no es de dockerlab: no lo toco; "
        f"en esta lección usaremos «{THEIRS}_2»." in " ".join(said.split())
    ), said
    assert f"docker volume create {THEIRS}_2" in said  # what the steps showed
    after = engine.volume(THEIRS)
    assert after == before  # still there: same creation time, labels, mountpoint
    assert engine.volume(f"{THEIRS}_2") is None  # the lesson's last step removed its own
    assert engine.labelled(OWN).empty()


def test_resolve_reads_labels_and_creation_times_from_the_engine(tmp_path: Path, engine: Engine) -> None:
    lesson = load_file(lesson_file(tmp_path))
    events: list[Event] = []
    began = time.time() - 5
    learners_volume()  # made after the learner began: typed in this attempt, the lesson's
    assert resolve(lesson, EngineProvider(), events.append, since=began).values["volume"] == THEIRS
    assert events == []
    # made before this attempt (or no attempt in course): the learner's own, left alone
    later = resolve(lesson, EngineProvider(), events.append, since=time.time() + 60)
    assert later.values["volume"] == f"{THEIRS}_2" and later.step("crear-volumen").command.endswith("_2")
    assert [e.level for e in events if isinstance(e, Notice)] == ["warning"]
    # asked for with --set: still never reused
    asked = apply_assignments(load_file(lesson_file(tmp_path)), [f"volume={THEIRS}"])
    events.clear()
    assert resolve(asked, EngineProvider(), events.append).values["volume"] == f"{THEIRS}_2"
    assert isinstance(events[0], Notice) and events[0].message.startswith(f"Pediste el volumen «{THEIRS}»")
    # the moved name left by an earlier attempt of this lesson is reused, not moved again
    engine.create_volume(f"{THEIRS}_2", {LABEL_LESSON: OWN})
    assert resolve(lesson, EngineProvider(), events.append).values["volume"] == f"{THEIRS}_2"


def test_resuming_keeps_the_volume_the_learner_typed_in_this_attempt(tmp_path: Path, engine: Engine) -> None:
    """The tutor passes when the learner began (progress) to resolve: their own
    «docker volume create» of the first step is the lesson's, not a reason to move."""
    from dockerlab.tutor.progress import ProgressStore
    from dockerlab.tutor.runner import Runner

    lesson = load_file(lesson_file(tmp_path))
    store = ProgressStore(tmp_path / "progress.json")
    store.mark_started(lesson.id, "crear-volumen", now=time.time() - 5)
    learners_volume()  # typed by hand: no dockerlab label
    runner = Runner(lesson, store, EngineProvider(), lambda event: None)
    assert runner.lesson.values["volume"] == THEIRS
    assert runner.check(runner.lesson.step("crear-volumen")).passed
    fresh = Runner(lesson, ProgressStore(tmp_path / "other.json"), EngineProvider(), lambda event: None)
    assert fresh.lesson.values["volume"] == f"{THEIRS}_2"  # a new learner: not theirs to reuse


def compose_lesson(tmp_path: Path) -> Path:
    """The real multi lesson, its Compose volume named for this run: the guard runs before
    anything else, so the rest of the lesson never starts."""
    text = (ROOT / "lessons" / "90-multi.yaml").read_text(encoding="utf-8")
    replaced = text.replace("id: multi", f"id: {OWN}", 1).replace("requires: [ml]\n", "")
    replaced = replaced.replace("compose_volumes: [multi_datos_cache]", f"compose_volumes: [{THEIRS}]")
    replaced = replaced.replace("workdir: ../examples/multi", f"workdir: {ROOT / 'examples' / 'multi'}")
    assert f"compose_volumes: [{THEIRS}]" in replaced
    path = tmp_path / f"{OWN}.yaml"
    path.write_text(replaced, encoding="utf-8")
    return path


def test_a_compose_volume_the_learner_owns_stops_the_lesson_untouched(tmp_path: Path, engine: Engine) -> None:
    """Compose would mount the learner's volume and «down -v» would delete it (tried with
    Compose v2.40): the lesson does not start, says why and what to do, and touches nothing."""
    learners_volume()
    before = engine.volume(THEIRS)
    done = dockerlab(
        "lesson", str(compose_lesson(tmp_path)), "--auto", "--plain", home=tmp_path / "home", extra_env=WIDE
    )
    said = " ".join((done.stdout + done.stderr).split())
    assert done.returncode == ExitCode.CHECK_FAILED, said
    assert f"Ya tienes un volumen «{THEIRS}» que no es de esta lección" in said
    assert f"docker volume rm {THEIRS}" in said and "Traceback" not in said
    assert "docker compose" not in done.stdout.replace("docker compose down -v", "")  # no step ran
    assert engine.volume(THEIRS) == before  # same creation time, labels and mountpoint
    assert engine.labelled(OWN).empty()


def test_a_compose_volume_of_the_lesson_itself_does_not_stop_it(tmp_path: Path, engine: Engine) -> None:
    lesson = load_file(compose_lesson(tmp_path))
    engine.create_volume(THEIRS, {LABEL_LESSON: OWN, MARK: RUN})  # left by an earlier attempt
    assert resolve(lesson, EngineProvider()).compose_volumes == (THEIRS,)
