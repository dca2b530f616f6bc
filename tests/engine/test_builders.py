"""«Ejecútalo por mí» builds the way the learner's own ``docker build`` does, on the real engine.

BuildKit: a folder whose ``docker`` is Debian's 20.10 CLI (BuildKit built in) goes first in
PATH. Fallback: the default PATH here starts with a 28.x CLI without the buildx plugin, so
dockerlab uses the SDK's legacy builder and says so once. Both build a lesson's example with
the lesson's label and its check passes; BuildKit-only Dockerfiles take their plain variant
on the legacy builder, and failures are explained in Spanish on both routes.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import buildkit_path

from dockerlab.engine.builder import BUILDKIT, LEGACY, choose
from dockerlab.engine.labels import LABEL_LESSON
from dockerlab.engine.provider import EngineProvider
from dockerlab.errors import EngineOperationError
from dockerlab.events import Event, Notice, Output, Table
from dockerlab.kinds import images
from dockerlab.kinds.all import evaluate, perform
from dockerlab.kinds.context import StepContext
from dockerlab.model import Lesson, Step

pytestmark = pytest.mark.engine
ROOT = Path(__file__).resolve().parents[2]
LESSON = "pruebas-builders"


def context(workdir: Path, events: list[Event]) -> StepContext:
    step = Step("construir", 1, "Construir", "x")
    lesson = Lesson(LESSON, "Lección", "", (step,), workdir / "lec.yaml", workdir=workdir)
    return StepContext(lesson, step, EngineProvider(), events.append)


@pytest.fixture
def buildkit_cli(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("PATH", buildkit_path(tmp_path_factory.mktemp("cli")))
    choose.cache_clear()
    yield
    choose.cache_clear()


@pytest.fixture
def default_cli() -> Iterator[None]:
    choose.cache_clear()
    images._TOLD.clear()
    yield
    choose.cache_clear()


@pytest.fixture
def clean(engines: EngineProvider) -> Iterator[None]:
    engines.get().remove_labelled(LESSON)
    yield
    engines.get().remove_labelled(LESSON)


def lines(events: list[Event]) -> list[str]:
    return [e.text for e in events if isinstance(e, Output)]


def notices(events: list[Event]) -> list[str]:
    return [e.message for e in events if isinstance(e, Notice)]


def build_basico(events: list[Event], engines: EngineProvider) -> None:
    ctx = context(ROOT / "examples" / "basico", events)
    perform(ctx, "build", {"tag": "dl-builders-basico"})
    assert evaluate(ctx, "image_exists", {"name": "dl-builders-basico"}).passed
    image = engines.get().image("dl-builders-basico")
    assert image is not None and image.labels.get(LABEL_LESSON) == LESSON  # --label wins over LABEL


def test_buildkit_builds_a_lesson_example(buildkit_cli: None, clean: None, engines: EngineProvider) -> None:
    assert choose().kind == BUILDKIT
    events: list[Event] = []
    build_basico(events, engines)
    output = lines(events)
    assert any(line.startswith("#") and "[internal] load build definition" in line for line in output)
    assert not any(line.startswith("Step ") for line in output)  # the legacy builder's format
    assert notices(events) == []


def test_the_fallback_builds_it_and_says_why_once(
    default_cli: None, clean: None, engines: EngineProvider
) -> None:
    if shutil.which("docker") != "/usr/local/bin/docker":
        pytest.skip("the fallback needs the buildx-less 28.x CLI first in PATH, as on CI")
    chosen = choose()
    assert chosen.kind == LEGACY and "buildx" in chosen.reason
    events: list[Event] = []
    build_basico(events, engines)
    build_basico(events, engines)
    told = [n for n in notices(events) if "constructor clásico" in n]
    assert len(told) == 1 and "buildx" in told[0]
    fixes = [e.fix for e in events if isinstance(e, Notice) and "constructor clásico" in e.message]
    assert fixes == [
        "Para construir con BuildKit, instala el complemento buildx («docker-buildx-plugin» en Linux) "
        "o actualiza Docker Desktop."
    ]
    assert any(line.startswith("Step ") for line in lines(events))


HEAD = "FROM busybox\nLABEL io.dockerlab.lesson=pruebas-builders\n"
CACHED = HEAD + "RUN --mount=type=cache,target=/cache echo hecho > /cache/x && echo listo > /listo\n"
PLAIN = HEAD + "RUN echo listo > /listo\n"


@pytest.fixture
def two_dockerfiles(tmp_path: Path) -> Path:
    (tmp_path / "Dockerfile.cache").write_text(CACHED)
    (tmp_path / "Dockerfile.clasico").write_text(PLAIN)
    return tmp_path


def test_cache_mounts_build_through_buildkit(
    buildkit_cli: None, clean: None, two_dockerfiles: Path, engines: EngineProvider
) -> None:
    events: list[Event] = []
    ctx = context(two_dockerfiles, events)
    perform(
        ctx,
        "build",
        {
            "tag": "dl-builders-cache",
            "dockerfile": "Dockerfile.cache",
            "classic_dockerfile": "Dockerfile.clasico",
        },
    )
    assert any("--mount=type=cache" in line for line in lines(events))
    assert notices(events) == []  # BuildKit needed no variant


def test_the_fallback_takes_the_plain_variant(
    default_cli: None, clean: None, two_dockerfiles: Path, engines: EngineProvider
) -> None:
    if choose().buildkit:
        pytest.skip("needs the legacy fallback (the buildx-less CLI first in PATH)")
    events: list[Event] = []
    ctx = context(two_dockerfiles, events)
    perform(
        ctx,
        "build",
        {
            "tag": "dl-builders-cache",
            "dockerfile": "Dockerfile.cache",
            "classic_dockerfile": "Dockerfile.clasico",
        },
    )
    said = " ".join(notices(events))
    assert "Dockerfile.clasico" in said and "montajes de caché" in said
    assert engines.get().image("dl-builders-cache") is not None


def test_the_legacy_builder_refuses_cache_mounts_and_says_why(
    clean: None, two_dockerfiles: Path, engines: EngineProvider
) -> None:
    with pytest.raises(EngineOperationError) as info:
        list(
            engines.get().build(
                two_dockerfiles, "dl-builders-sin", {LABEL_LESSON: LESSON}, dockerfile="Dockerfile.cache"
            )
        )
    assert info.value.code == "buildkit_required"
    assert "docker-buildx-plugin" in info.value.fix and "BuildKit" in info.value.message


def test_a_failed_buildkit_step_is_explained_in_spanish(
    buildkit_cli: None, clean: None, tmp_path: Path
) -> None:
    (tmp_path / "Dockerfile").write_text(
        "FROM busybox\nLABEL io.dockerlab.lesson=pruebas-builders\nRUN echo antes && no-existe-este-comando\n"
    )
    with pytest.raises(EngineOperationError) as info:
        perform(context(tmp_path, []), "build", {"tag": "dl-builders-falla"})
    error = info.value
    assert error.code == "command_not_found", error.message
    assert "RUN echo antes && no-existe-este-comando" in error.message
    assert "antes" in error.message.split("Últimas líneas:")[-1]


def test_a_missing_copy_source_is_explained_through_buildkit(
    buildkit_cli: None, clean: None, tmp_path: Path
) -> None:
    (tmp_path / "Dockerfile").write_text("FROM busybox\nCOPY no-esta.txt /app/\n")
    with pytest.raises(EngineOperationError) as info:
        perform(context(tmp_path, []), "build", {"tag": "dl-builders-falla"})
    assert info.value.code == "build_file_missing" and "no-esta.txt" in info.value.details["path"]


# Each «package» costs 2 s to «download»; with the cache mount, only the ones not seen yet.
COMPARE_HEAD = HEAD + "COPY deps.txt /deps.txt\n"
COMPARE_CACHED = COMPARE_HEAD + (
    "RUN --mount=type=cache,id={cache},target=/cache for d in $(grep -v '^#' /deps.txt); do "
    "test -f /cache/$d || {{ sleep 2; touch /cache/$d; }}; cp /cache/$d /instalado-$d; done\n"
)
COMPARE_PLAIN = (
    COMPARE_HEAD + "RUN for d in $(grep -v '^#' /deps.txt); do sleep 2; touch /instalado-$d; done\n"
)
VARIANTS = [
    {"name": "sin caché", "dockerfile": "Dockerfile.clasico", "tag": "dl-builders-comparar:sin"},
    {"name": "con caché", "dockerfile": "Dockerfile.cache", "tag": "dl-builders-comparar:con"},
]


@pytest.fixture
def comparison(tmp_path: Path) -> Path:
    (tmp_path / "Dockerfile.cache").write_text(COMPARE_CACHED.format(cache=tmp_path.name))
    (tmp_path / "Dockerfile.clasico").write_text(COMPARE_PLAIN)
    (tmp_path / "deps.txt").write_text("a b\n")
    (tmp_path / "una-mas").mkdir()
    (tmp_path / "una-mas" / "deps.txt").write_text("a b c\n")
    return tmp_path


def compare(folder: Path, events: list[Event]) -> tuple[tuple[str, ...], ...]:
    ctx = context(folder, events)
    params = {"variants": VARIANTS}
    assert not evaluate(ctx, "build_comparison", params).passed
    perform(ctx, "compare_builds", {**params, "changed": "una-mas"})
    assert evaluate(ctx, "build_comparison", params).passed
    assert (folder / "deps.txt").read_text() == "a b\n"  # the lesson folder is left alone
    return next(e for e in events if isinstance(e, Table)).rows


def seconds(cell: str) -> float:
    return float(cell.removesuffix(" s"))


@pytest.mark.serial  # measures build times
def test_the_comparison_measures_the_rebuild_after_one_dependency_through_buildkit(
    buildkit_cli: None, clean: None, comparison: Path, engines: EngineProvider
) -> None:
    rows = {row[0]: row for row in compare(comparison, [])}
    plain, cached = rows["sin caché"], rows["con caché"]
    assert seconds(plain[1]) >= 4 and seconds(cached[1]) >= 4  # cold: a fresh cache downloads all
    assert seconds(plain[2]) >= 6 > seconds(cached[2]) >= 2, rows  # then only the new one
    assert cached[3].endswith(" MB")
    # measured again (a learner repeating the step): BuildKit still holds the layers of the
    # first one-more-dependency build, yet the rebuild must really run
    engines.get().remove_labelled(LESSON)
    again = {row[0]: row for row in compare(comparison, [])}
    assert seconds(again["sin caché"][2]) >= 6, again
    tags = {tag for image in engines.get().images(f"{LABEL_LESSON}={LESSON}") for tag in image.tags}
    assert tags == {"dl-builders-comparar:sin", "dl-builders-comparar:con"}  # cold images removed


@pytest.mark.serial  # measures build times
def test_the_comparison_on_the_legacy_builder_measures_what_it_can(
    default_cli: None, clean: None, comparison: Path
) -> None:
    if choose().buildkit:
        pytest.skip("needs the legacy fallback (the buildx-less CLI first in PATH)")
    events: list[Event] = []
    rows = {row[0]: row for row in compare(comparison, events)}
    assert rows["con caché"][1] == "necesita BuildKit"
    assert seconds(rows["sin caché"][2]) >= 6
    assert any("constructor clásico" in n for n in notices(events))


ARGUED = HEAD + "ARG VERSION=1\nENV MODELO_VERSION=$VERSION\n"


@pytest.mark.parametrize("route", ["buildkit", "clasico"])
def test_build_args_reach_the_image_on_both_routes(
    route: str, clean: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engines: EngineProvider
) -> None:
    """«--build-arg» (the build kind's ``build_args``, which the orquestacion lesson uses for
    its version 2) through BuildKit and through the legacy builder's SDK call: the lesson
    itself runs through BuildKit only (tests/engine/test_lessons_auto.py), so this is where
    the fallback's handling of build arguments is proved."""
    if route == "buildkit":
        (tmp_path / "cli").mkdir()
        monkeypatch.setenv("PATH", buildkit_path(tmp_path / "cli"))
    elif shutil.which("docker") != "/usr/local/bin/docker":
        pytest.skip("the fallback needs the buildx-less 28.x CLI first in PATH, as on CI")
    choose.cache_clear()
    try:
        assert choose().kind == (BUILDKIT if route == "buildkit" else LEGACY)
        (tmp_path / "Dockerfile").write_text(ARGUED)
        ctx = context(tmp_path, [])
        for version in ("1", "7"):
            params = {
                "tag": "dl-builders-args",
                **({"build_args": {"VERSION": version}} if version != "1" else {}),
            }
            perform(ctx, "build", params)
            wanted = {"image": "dl-builders-args", "env": {"MODELO_VERSION": version}}
            assert evaluate(ctx, "image_config", wanted).passed, version
        assert not evaluate(
            ctx, "image_config", {"image": "dl-builders-args", "env": {"MODELO_VERSION": "1"}}
        ).passed
    finally:
        choose.cache_clear()
