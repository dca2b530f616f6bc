"""The image checks of the «dockerfile» lesson fail when the image is wrong, on images really
built here (busybox-based, so they take a second): the code copied before the RUN redoes the
RUN's layer, a missing USER, a file that should not be there, an image that is not smaller."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import pulled

from dockerlab.engine.provider import EngineProvider
from dockerlab.errors import DockerlabError
from dockerlab.kinds.all import evaluate, perform
from dockerlab.kinds.context import StepContext
from dockerlab.model import Lesson, Step

pytestmark = pytest.mark.engine
LESSON = "pruebas-imagenes"
GOOD_ORDER = "RUN mkdir /deps && date > /deps/instaladas\nCOPY . /app\n"
BAD_ORDER = "COPY . /app\nRUN mkdir /deps && date > /deps/instaladas\n"


def context(folder: Path) -> StepContext:
    step = Step("paso", 1, "Paso", "x")
    lesson = Lesson(LESSON, "Lección", "", (step,), folder / "lec.yaml", workdir=folder)
    return StepContext(lesson, step, EngineProvider())


@pytest.fixture
def ctx(tmp_path: Path, engines: EngineProvider) -> Iterator[StepContext]:
    engine = engines.get()
    pulled(engine, "busybox")
    yield context(tmp_path)
    engine.remove_labelled(LESSON)


def build_twice(ctx: StepContext, order: str) -> None:
    """Build v1, change the code, build v2: what the learner does in the «cache» step."""
    (ctx.workdir / "Dockerfile").write_text(f"FROM busybox\nLABEL io.dockerlab.lesson={LESSON}\n{order}")
    (ctx.workdir / "app.txt").write_text("versión 1\n")
    perform(ctx, "build", {"tag": f"{LESSON}:v1"})
    (ctx.workdir / "app.txt").write_text("versión 2\n")
    perform(ctx, "build", {"tag": f"{LESSON}:v2"})


def test_code_copied_before_the_run_fails_the_cache_check(ctx: StepContext) -> None:
    build_twice(ctx, BAD_ORDER)
    result = evaluate(ctx, "layers_reused", {"image": f"{LESSON}:v2", "reuses": f"{LESSON}:v1"})
    assert not result.passed and "2 nuevas" in result.found, result
    assert "requirements.txt" in result.hint


def test_code_copied_after_the_run_passes_the_cache_check(ctx: StepContext) -> None:
    build_twice(ctx, GOOD_ORDER)
    result = evaluate(ctx, "layers_reused", {"image": f"{LESSON}:v2", "reuses": f"{LESSON}:v1"})
    assert result.passed and "1 nuevas" in result.found, result
    same = evaluate(ctx, "layers_reused", {"image": f"{LESSON}:v2", "reuses": f"{LESSON}:v2"})
    assert not same.passed and "nada cambió" in same.found


def test_image_config_and_files_are_read_from_the_image(ctx: StepContext) -> None:
    build_twice(ctx, GOOD_ORDER)
    image = f"{LESSON}:v2"
    root = evaluate(ctx, "image_config", {"image": image, "user": "aprendiz"})
    assert not root.passed and "root" in root.found and "USER aprendiz" in root.hint
    cmd = evaluate(ctx, "image_config", {"image": image, "cmd": ["python", "app.py"]})
    assert not cmd.passed and 'CMD ["sh"]' in cmd.found
    assert evaluate(ctx, "image_config", {"image": image, "workdir": "/"}).passed is False
    assert evaluate(ctx, "image_path", {"image": image, "path": "/app/app.txt"}).passed
    inside = evaluate(ctx, "image_path", {"image": image, "path": "/app/app.txt", "exists": False})
    assert not inside.passed and ".dockerignore" in inside.hint
    bigger = evaluate(ctx, "image_smaller", {"image": image, "than": "busybox", "times": 2})
    assert not bigger.passed and "COPY --from" in bigger.hint
    missing = evaluate(ctx, "image_config", {"image": f"{LESSON}:nada", "user": "x"})
    assert not missing.passed and missing.found == "no existe"


def test_a_typo_in_an_instruction_is_explained_with_the_instruction_meant(ctx: StepContext) -> None:
    (ctx.workdir / "Dockerfile").write_text(
        f"FROM busybox\nLABEL io.dockerlab.lesson={LESSON}\nWORKIDR /app\n"
    )
    with pytest.raises(DockerlabError) as caught:
        perform(ctx, "build", {"tag": f"{LESSON}:typo"})
    assert caught.value.code == "dockerfile_syntax"
    assert "¿Querías escribir WORKDIR?" in caught.value.message and "WORKIDR" in caught.value.message
