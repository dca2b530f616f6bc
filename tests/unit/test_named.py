"""Volumes and networks share one wording for being there or gone, and it agrees in gender
with each noun («un volumen … créalo», «una red … créala»)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dockerlab.engine.provider import EngineProvider
from dockerlab.engine.types import NetworkInfo, VolumeInfo
from dockerlab.errors import LessonError
from dockerlab.kinds.context import StepContext
from dockerlab.kinds.named import Noun, absent, exists, refuse_foreign
from dockerlab.kinds.networks import NETWORK
from dockerlab.kinds.volumes import VOLUME
from dockerlab.model import Lesson, Step


def test_exists_names_a_similar_one_and_agrees_with_the_noun() -> None:
    missing = exists(NETWORK, "mi_red", None, lambda: ["mi-red", "bridge"])
    assert not missing.passed and missing.expected == "una red llamada «mi_red»"
    assert missing.found == "no existe; sí existe «mi-red»"
    assert missing.hint == "Créala con «docker network create mi_red»; «docker network ls» las lista."
    there = exists(VOLUME, "datos", VolumeInfo("datos", "local"), lambda: [])
    assert there.passed and there.expected == "un volumen llamado «datos»"
    assert there.found == "existe (driver local)"


def test_exists_with_another_driver_fails_and_says_how_to_recreate_it() -> None:
    found = NetworkInfo("id", "mi_red", "bridge")
    wrong = exists(NETWORK, "mi_red", found, lambda: [], driver="overlay")
    assert not wrong.passed and wrong.expected == "una red llamada «mi_red» con driver overlay"
    assert wrong.found == "existe con driver bridge"
    assert "«docker network create -d overlay mi_red»" in wrong.hint
    assert exists(NETWORK, "mi_red", found, lambda: [], driver="bridge").passed


def test_absent_frees_it_from_its_containers_first() -> None:
    assert absent(VOLUME, "datos", False, []).passed
    idle = absent(NETWORK, "mi_red", True, [])
    assert not idle.passed and idle.hint == "Bórrala con «docker network rm mi_red»."
    held = absent(VOLUME, "datos", True, ["escritor", "lector"])
    assert held.expected == "que no exista el volumen «datos»"
    assert held.found == "existe (en uso por: escritor, lector)"
    assert held.hint == (
        "Lo usa escritor, lector: borra antes el contenedor («docker rm escritor») y luego "
        "«docker volume rm datos»."
    )


@pytest.mark.parametrize(
    ("noun", "words"),
    [
        (VOLUME, ("Ya existe un volumen «x»", "no lo creó", "tuyo", "bórralo («docker volume rm x»)")),
        (NETWORK, ("Ya existe una red «x»", "no la creó", "tuya", "bórrala («docker network rm x»)")),
    ],
)
def test_one_that_is_not_the_lessons_is_refused_in_words_that_agree(
    noun: Noun, words: tuple[str, ...], tmp_path: Path
) -> None:
    step = Step("paso", 1, "Paso", "x")
    lesson = Lesson("prueba", "Lección", "", (step,), tmp_path / "lec.yaml", workdir=tmp_path)
    ctx = StepContext(lesson, step, EngineProvider())  # refusing never connects
    refuse_foreign(ctx, noun, "x", "prueba")  # its own: no error
    with pytest.raises(LessonError) as refused:
        refuse_foreign(ctx, noun, "x", None)
    text = f"{refused.value.message} {refused.value.fix}"
    assert all(word in text for word in words), text
