"""A question's answer: a wrong one gets the why as a hint, a right one says why it is right."""

from __future__ import annotations

from dockerlab.course.catalog import Catalog
from dockerlab.engine.provider import EngineProvider
from dockerlab.kinds.all import evaluate
from dockerlab.kinds.context import StepContext


def test_a_right_answer_says_why(catalog: Catalog) -> None:
    lesson = catalog.get("primeros-pasos")
    step = lesson.step("contenedor-vs-vm")
    [spec] = step.checks
    params = dict(spec.params)
    right = StepContext(lesson, step, EngineProvider(), answer=str(params["accept"][0]))
    result = evaluate(right, spec.kind, params)
    assert result.passed
    # the reason follows as a sentence of its own (no «Por qué: Cada…», a capital after a colon)
    assert result.found.startswith("respondiste «")
    assert "». Cada máquina virtual arranca su propio sistema operativo" in result.found
    wrong = StepContext(lesson, step, EngineProvider(), answer="Un disco duro virtual por contenedor")
    result = evaluate(wrong, spec.kind, params)
    assert not result.passed and "Cada máquina" not in result.found
    assert result.hint.startswith("Cada máquina virtual")
