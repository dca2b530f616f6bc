"""Leftovers from an earlier attempt (a container or an image with a lesson's name, labelled
or not): explained, removed only after the learner types that exact name, or kept; in
``--auto`` only this lesson's labelled ones go, unlabelled ones never."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest
from helpers import STAND_IN, clear_leftovers, dockerlab, pulled, spawn

from dockerlab.course.catalog import Catalog, load_file
from dockerlab.engine.gateway import Engine
from dockerlab.engine.labels import LABEL_LESSON
from dockerlab.engine.provider import EngineProvider
from dockerlab.events import Event, Notice
from dockerlab.model import Question, Step
from dockerlab.tutor import leftovers
from dockerlab.tutor.menu import MenuItem
from dockerlab.tutor.progress import PASSED, ProgressStore
from dockerlab.tutor.runner import Runner
from dockerlab.tutor.walk import QUIT, walk_lesson

pytestmark = [pytest.mark.lessons("basico")]

BASICO = {LABEL_LESSON: "basico"}
OWN = "pruebas-restos"


class Prompter:
    def __init__(self, typed: list[str | None]) -> None:
        self.typed = typed
        self.offered: list[str] = []

    def choose_lesson(self, items: list[MenuItem], default: str | None) -> str | None:
        return None

    def choose_action(self, step: Step, has_question: bool) -> str:
        return QUIT

    def ask(self, question: Question) -> str | None:
        return None

    def confirm_removal(self, name: str) -> str | None:
        self.offered.append(name)
        return self.typed.pop(0)


def test_planned_names_skip_what_earlier_steps_created(catalog: Catalog) -> None:
    basico = catalog.get("basico")
    everything = leftovers.planned(basico)
    assert ("image", "mi_imagen_prueba:latest") in everything
    assert ("container", "mi_contenedor") in everything
    resumed = leftovers.planned(basico, basico.step("conflicto"))
    assert ("container", "mi_contenedor") not in resumed  # step «ejecutar» made it: expected
    assert ("image", "mi_imagen_prueba:latest") not in resumed
    assert ("container", "mi_servidor") in resumed
    assert leftovers.planned(catalog.get("primeros-pasos")) == []  # nothing named: no engine


@pytest.fixture
def engine(engines: EngineProvider) -> Iterator[Engine]:
    engine = engines.get()
    pulled(engine, "busybox")
    names = ["mi_contenedor", "mi_servidor", "mi_contenedor_bash", "dl_resto"]
    clear_leftovers(engine, containers=tuple(names))
    yield engine
    for name in names:  # ours: created by this test, labelled or not
        if engine.container(name) is not None:
            engine.remove_container(name, force=True)
    engine.remove_labelled(OWN)


def test_interactive_leftovers_are_removed_only_with_their_exact_name(
    catalog: Catalog, engine: Engine, engines: EngineProvider
) -> None:
    engine.run("busybox", name="mi_contenedor", labels=BASICO, command=["true"])
    engine.run("busybox", name="mi_servidor", labels=STAND_IN, command=["sleep", "60"])  # not ours
    engine.run("busybox", name="mi_contenedor_bash", labels=STAND_IN, command=["true"])
    lesson = catalog.get("basico")
    events: list[Event] = []
    runner = Runner(lesson, ProgressStore.open(), engines, events.append)
    prompter = Prompter(["mi_contenedor", None, "mi_servidr"])  # exact, keep, a typo
    assert walk_lesson(runner, prompter, lesson.step("ejecutar")) is False
    assert prompter.offered == ["mi_contenedor", "mi_contenedor_bash", "mi_servidor"]
    notices = [e for e in events if isinstance(e, Notice)]
    texts = "\n".join(n.message for n in notices)
    assert "Ya existe el contenedor «mi_contenedor»" in texts
    assert "lo dejó un intento anterior de esta lección" in texts
    assert "no lleva el label de dockerlab: puede ser tuyo" in texts
    assert "Borrado «mi_contenedor»." in texts
    assert "«mi_servidr» no es «mi_servidor»: no he borrado nada." in texts
    assert "No toco «mi_contenedor_bash»." in texts
    assert engine.container("mi_contenedor") is None
    kept = engine.container("mi_servidor")
    assert kept is not None and kept.status == "running"
    assert engine.container("mi_contenedor_bash") is not None


def own_lesson(folder: Path) -> Path:
    path = folder / "restos.yaml"
    path.write_text(f"""\
format_version: 1
id: {OWN}
title: Restos de un intento anterior
steps:
  - id: crear
    title: Crear dl_resto
    explain: Crea un contenedor con nombre fijo.
    command: docker run --name dl_resto busybox true
    solve: [{{run: {{image: busybox, name: dl_resto, command: ["true"]}}}}]
    checks: [{{container_exited: {{name: dl_resto, exit_code: 0}}}}]
""")
    return path


def auto(path: Path, home: Path) -> tuple[int, list[dict[str, object]]]:
    done = dockerlab("lesson", str(path), "--auto", "--json", home=home)
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, [json.loads(line) for line in done.stdout.splitlines()]


def test_auto_removes_only_its_own_labelled_leftovers(
    engine: Engine, tmp_path: Path, dockerlab_home: Path
) -> None:
    path = own_lesson(tmp_path)
    engine.run("busybox", name="dl_resto", labels={LABEL_LESSON: OWN}, command=["sleep", "60"])
    code, events = auto(path, dockerlab_home)
    assert code == 0
    notices = [e["message"] for e in events if e["event"] == "notice"]
    assert any("Retiré «dl_resto»" in str(n) for n in notices)
    assert ProgressStore.open().status_of(OWN, "crear") == PASSED
    engine.remove_container("dl_resto", force=True)
    # an unlabelled container with that name is never removed: reported, and the step fails
    engine.run("busybox", name="dl_resto", labels=STAND_IN, command=["sleep", "60"])
    code, events = auto(path, dockerlab_home)
    assert code == 1
    notices = [e for e in events if e["event"] == "notice"]
    assert any(
        "no lleva el label de dockerlab" in str(n["message"]) and "No lo borro" in str(n["fix"])
        for n in notices
    )
    conflict = next(n for n in notices if n["level"] == "error")
    assert "Ya existe un contenedor con el nombre «dl_resto»" in str(conflict["message"])
    assert "no lo creó dockerlab" in str(conflict["message"])  # the engine's fact
    survivor = engine.container("dl_resto")
    assert survivor is not None and survivor.status == "running" and LABEL_LESSON not in survivor.labels


@pytest.mark.terminal
def test_ctrl_c_at_the_leftover_prompt(engine: Engine, tmp_path: Path, dockerlab_home: Path) -> None:
    path = own_lesson(tmp_path)
    engine.run("busybox", name="dl_resto", labels=STAND_IN, command=["true"])
    ProgressStore.open().record("basico", "construir", PASSED)
    before = ProgressStore.open().records()  # the steps' records (a lesson from a file is
    # remembered by where it came from as soon as it starts: that is not progress)
    child = spawn("lesson", str(path), home=dockerlab_home, columns=120)
    child.expect("Ya existe el contenedor «dl_resto»")
    child.expect("¿Qué hago con él?")
    child.send("\x1b[B\r")  # «Borrar dl_resto»
    child.expect("escribe su nombre exacto")
    child.sendcontrol("c")
    child.expect("Hasta pronto")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert engine.container("dl_resto") is not None  # not confirmed: not removed
    assert ProgressStore.open().records() == before


def test_leftover_descriptions(catalog: Catalog) -> None:
    lesson = load_file(catalog.get("basico").source)
    other = leftovers.Leftover("image", "mi_imagen_prueba:latest", "fastapi", "imagen ab12")
    assert "lo creó la lección «fastapi»" in other.describe(lesson)
    assert other.remove_command == "docker rmi mi_imagen_prueba:latest"
