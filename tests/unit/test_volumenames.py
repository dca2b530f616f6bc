"""Volume-name settings (``kind: volume_name``): which name a lesson uses when the learner
already has a volume with its name, and the Docker name rules for --set and workshop files.
Against the real engine: tests/engine/test_volume_names_real.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import dockerlab

from dockerlab.course.catalog import load_file
from dockerlab.course.settings import apply_assignments
from dockerlab.course.volumenames import Choice, choose, reason
from dockerlab.engine.labels import LABEL_LESSON
from dockerlab.engine.types import VolumeInfo
from dockerlab.errors import LessonError
from dockerlab.model import Lesson, Step
from dockerlab.tutor.progress import PASSED, ProgressStore

ROOT = Path(__file__).resolve().parents[2]
LESSON = ROOT / "lessons" / "56-volumenes.yaml"
BEGAN = 1_000_000.0  # when the learner began this attempt of the lesson


def volume(name: str, lesson: str | None = None, created: float = BEGAN - 3600) -> VolumeInfo:
    return VolumeInfo(name, "local", {LABEL_LESSON: lesson} if lesson else {}, created=created)


def engine_with(*volumes: VolumeInfo) -> dict[str, VolumeInfo]:
    return {v.name: v for v in volumes}


def pick(
    held: dict[str, VolumeInfo], since: float | None = BEGAN, taken: tuple[str, ...] = ()
) -> Choice | None:
    return choose("taller_datos", held.get, "volumenes", since, taken)


def test_a_free_name_or_one_of_this_lesson_is_kept() -> None:
    assert pick(engine_with()) == Choice("taller_datos")
    ours = volume("taller_datos", lesson="volumenes")  # left by an earlier attempt
    assert pick(engine_with(ours)) == Choice("taller_datos")


def test_the_learners_own_volume_moves_the_lesson_to_the_next_free_name() -> None:
    theirs = volume("taller_datos")
    assert pick(engine_with(theirs)) == Choice("taller_datos_2", theirs)
    also = volume("taller_datos_2")
    assert pick(engine_with(theirs, also)) == Choice("taller_datos_3", theirs)
    # the moved name, labelled by an earlier attempt of this lesson, is reused
    assert pick(engine_with(theirs, volume("taller_datos_2", lesson="volumenes"))) == Choice(
        "taller_datos_2", theirs
    )


def test_another_lessons_volume_is_not_this_lessons() -> None:
    other = volume("taller_datos", lesson="multi", created=BEGAN + 10)
    assert pick(engine_with(other)) == Choice("taller_datos_2", other)


def test_a_volume_typed_by_hand_in_this_attempt_keeps_its_name() -> None:
    """«docker volume create taller_datos» of the first step carries no label: made after
    the learner began the lesson, it is the lesson's (resuming, or «check» from elsewhere)."""
    typed = volume("taller_datos", created=BEGAN + 60)
    assert pick(engine_with(typed)) == Choice("taller_datos")
    assert pick(engine_with(typed), since=None) == Choice("taller_datos_2", typed)  # no attempt in course
    unknown_age = volume("taller_datos", created=0.0)
    assert pick(engine_with(unknown_age)) == Choice("taller_datos_2", unknown_age)


def test_names_of_other_settings_are_skipped_and_none_when_all_are_taken() -> None:
    assert pick(engine_with(), taken=("taller_datos",)) == Choice("taller_datos_2")
    everything = engine_with(volume("taller_datos"), *(volume(f"taller_datos_{n}") for n in range(2, 51)))
    assert pick(everything) is None


def test_the_reason_says_the_volume_is_left_alone() -> None:
    said = reason("taller_datos", volume("taller_datos")) + "; en esta lección usaremos «taller_datos_2»."
    assert said == (
        "Ya tienes un volumen «taller_datos» que no es de dockerlab: no lo toco; "
        "en esta lección usaremos «taller_datos_2»."
    )
    assert "de la lección «multi» de dockerlab" in reason("x", volume("x", lesson="multi"))
    assert reason("mio", volume("mio"), asked=True).startswith("Pediste el volumen «mio»")


def test_the_lesson_uses_the_setting_everywhere() -> None:
    lesson = apply_assignments(load_file(LESSON), ["volume=datos.v2"])
    assert lesson.values["volume"] == "datos.v2"
    for step in lesson.steps:
        text = [step.title, step.explain, step.command, *step.hints, str(step.solve), str(step.checks)]
        if step.question is not None:
            text.append(step.question.prompt)
        assert not any("taller_datos" in t for t in text), step.id
    escribir = lesson.step("escribir")
    assert escribir.command.startswith("docker run --name escritor -v datos.v2:/datos ")
    assert escribir.solve[0].params["volumes"] == {"datos.v2": "/datos"}
    assert lesson.step("limpiar").checks[-1].params == {"name": "datos.v2"}


@pytest.mark.parametrize("bad", ["mis datos", "/datos", "./datos", "-datos", "d", "datos/2", "ñandú"])
def test_a_bad_volume_name_is_a_spanish_error(bad: str) -> None:
    with pytest.raises(LessonError, match="no es un nombre de volumen válido") as info:
        apply_assignments(load_file(LESSON), [f"volume={bad}"])
    assert f"recibí «{bad}»" in info.value.message and "volume (nombre de volumen" in (info.value.fix or "")


def test_set_with_a_bad_volume_name_exits_non_zero_without_traceback() -> None:
    done = dockerlab("lesson", "volumenes", "--auto", "--set", "volume=../datos")
    assert done.returncode == 4, done.stdout + done.stderr
    assert "no es un nombre de volumen válido" in done.stderr and "Traceback" not in done.stderr


def test_a_workshop_file_with_a_bad_volume_name_names_the_field(tmp_path: Path) -> None:
    path = tmp_path / "taller.yaml"
    path.write_text(
        "format_version: 1\ntitle: Taller\nlessons:\n"
        "  - lesson: volumenes\n    settings: {volume: mis datos}\n",
        encoding="utf-8",
    )
    done = dockerlab("workshop", "validate", str(path))
    assert done.returncode == 4, done.stdout + done.stderr
    assert "lessons[0].settings.volume" in done.stdout and "no es un nombre de volumen válido" in done.stdout


def test_began_is_the_start_of_the_attempt_in_course() -> None:
    store = ProgressStore.open()
    lesson = Lesson("l", "L", "", (Step("a", 1, "A", ""), Step("b", 2, "B", "")), Path("l.yaml"))
    assert store.began(lesson) is None  # never shown
    store.mark_started("l", "a", now=100.0)
    store.record("l", "a", PASSED)
    store.mark_started("l", "b", now=200.0)
    assert store.began(lesson) == 100.0
    store.record("l", "b", PASSED)
    assert store.began(lesson) is None  # finished: a volume made since then is not the lesson's
