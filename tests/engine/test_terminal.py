"""`dockerlab start` in a real pseudo-terminal, driven with the arrow keys."""

from __future__ import annotations

from pathlib import Path

import pexpect
import pytest
from helpers import DOWN, ENTER, spawn

from dockerlab.engine.provider import EngineProvider
from dockerlab.tutor.progress import ProgressStore

pytestmark = [pytest.mark.terminal, pytest.mark.lessons("primeros-pasos", "basico")]


def start(home: Path, columns: int = 100) -> pexpect.spawn:
    return spawn("start", home=home, columns=columns)


def quit_lesson(child: pexpect.spawn) -> int:
    """Choose «Salir» at a step's menu; the exit status once dockerlab has said goodbye."""
    child.send(DOWN * 4 + ENTER)  # Salir
    child.expect("Hasta pronto")
    child.expect(pexpect.EOF)
    child.close()
    return int(child.exitstatus)


def test_start_hint_solve_quit_and_resume(dockerlab_home: Path, engines: EngineProvider) -> None:
    child = start(dockerlab_home)
    child.expect("Bienvenido a dockerlab")
    child.expect("Motor Docker")
    child.expect("¿Qué lección quieres hacer?")
    child.send(ENTER)  # the suggested lesson: primeros-pasos
    child.expect("Paso 1/5")
    child.expect("¿Qué quieres hacer?")
    child.send(DOWN + DOWN + ENTER)  # Pista
    child.expect("Pista 1/1")
    child.expect("¿Qué quieres hacer?")
    child.send(DOWN + ENTER)  # Respóndela por mí
    child.expect("Paso superado")
    child.expect("Paso 2/5")
    child.expect("¿Qué quieres hacer?")
    assert quit_lesson(child) == 0
    assert ProgressStore.open().status_of("primeros-pasos", "contenedor-vs-vm") == "passed"
    assert ProgressStore.open().status_of("primeros-pasos", "piezas") == ""
    saved = (dockerlab_home / "progress.json").read_bytes()

    child = start(dockerlab_home, columns=60)
    child.expect("¿Qué lección quieres hacer?")
    child.expect("◐")
    child.send(ENTER)
    child.expect("Paso 2/5")  # lands where the learner stopped
    child.expect("¿Qué quieres hacer?")  # the menu is up: Ctrl-C goes to it
    child.sendcontrol("c")
    child.expect("Hasta pronto")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert (dockerlab_home / "progress.json").read_bytes() == saved  # Ctrl-C: intact, byte for byte
    assert ProgressStore.open().status_of("primeros-pasos", "contenedor-vs-vm") == "passed"


def test_arrows_choose_a_lesson_hint_run_it_for_me_quit_and_resume(
    dockerlab_home: Path, engines: EngineProvider
) -> None:
    """The journey a learner takes: pick «basico» with the arrows, ask for the hint, let
    dockerlab run the build (a real image appears), leave, come back to the next step."""
    engine = engines.get()
    assert engine.labelled("basico").empty(), "the engine already has basico objects"
    try:
        child = start(dockerlab_home)
        child.expect("¿Qué lección quieres hacer?")
        child.send(DOWN + ENTER)  # the second lesson: basico
        child.expect("Paso 1/15")
        child.expect("¿Qué quieres hacer?")
        child.send(DOWN + DOWN + ENTER)  # Pista
        child.expect("Pista 1/")
        child.expect("¿Qué quieres hacer?")
        assert engine.labelled("basico").empty()  # nothing built before «Ejecútalo por mí»
        child.send(DOWN + ENTER)  # Ejecútalo por mí
        child.expect("dockerlab ejecuta")
        child.expect("✓")
        child.expect("Paso 2/15")
        child.expect("¿Qué quieres hacer?")
        assert quit_lesson(child) == 0
        assert not engine.labelled("basico").empty()  # the image the build step made
        assert ProgressStore.open().status_of("basico", "construir") == "passed"

        child = start(dockerlab_home)
        child.expect("¿Qué lección quieres hacer?")
        child.expect("◐")
        child.send(ENTER)  # the lesson in progress is the suggested one
        child.expect("Paso 2/15")  # lands where the learner stopped
        child.expect("¿Qué quieres hacer?")
        assert quit_lesson(child) == 0
    finally:
        engine.remove_labelled("basico")
