"""The mistakes of the course-coverage lessons (versiones, volumenes), made for real on the
engine, each explained in Spanish with its fix: a push before tagging, a registry port typo,
removing a volume still in use. (Uppercase names and exec into a stopped container are
produced in test_failures.py.)"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from helpers import pulled

from dockerlab.engine.explain import explain_text
from dockerlab.engine.gateway import Engine
from dockerlab.engine.labels import LABEL_LESSON
from dockerlab.engine.provider import EngineProvider
from dockerlab.errors import DockerlabError
from tests.engine.test_failures import cli, free_port

pytestmark = pytest.mark.engine
LESSON = "pruebas-curso"
LABELS = {LABEL_LESSON: LESSON}


@pytest.fixture
def engine(engines: EngineProvider) -> Iterator[Engine]:
    engine = engines.get()
    pulled(engine, "busybox")
    yield engine
    engine.remove_labelled(LESSON)


def raised(call: object, *args: object) -> DockerlabError:
    with pytest.raises(DockerlabError) as info:
        result = call(*args)  # type: ignore[operator]
        if hasattr(result, "__next__"):
            list(result)
    return info.value


def test_push_before_tagging(engine: Engine) -> None:
    port = free_port()
    exc = raised(engine.push, f"127.0.0.1:{port}/dl_sin_etiquetar:1.0")
    assert exc.code == "push_missing_image", exc.message
    assert "docker tag" in exc.fix
    typed = cli("push", f"127.0.0.1:{port}/dl_sin_etiquetar:1.0")
    assert typed.returncode != 0
    found = explain_text(typed.stderr + typed.stdout)
    assert found.recognised and found.code == "push_missing_image"


def test_registry_port_typo(engine: Engine) -> None:
    port = free_port()  # nothing listens there: a mistyped registry port
    target = f"127.0.0.1:{port}/dl_mal_puerto:1.0"
    engine.tag("busybox", target)
    try:
        exc = raised(engine.push, target)
        assert exc.code == "registry_refused", exc.message
        assert f"127.0.0.1:{port}" in exc.message and "docker ps" in exc.fix
        typed = cli("push", target)
        found = explain_text(typed.stderr + typed.stdout)
        assert found.recognised and found.code == "registry_refused"
    finally:
        engine.remove_image(target)


def test_remove_a_volume_in_use(engine: Engine) -> None:
    engine.create_volume("dl_volumen_usado", LABELS)
    engine.run(
        "busybox",
        name="dl_usa_volumen",
        labels=LABELS,
        command=["true"],
        volumes={"dl_volumen_usado": {"bind": "/datos", "mode": "rw"}},
    )
    engine.wait("dl_usa_volumen", 30)
    exc = raised(engine.remove_volume, "dl_volumen_usado")
    assert exc.code == "volume_in_use", exc.message
    assert "dl_volumen_usado" in exc.message + exc.fix
    typed = cli("volume", "rm", "dl_volumen_usado")
    found = explain_text(typed.stderr)
    assert found.recognised and found.code == "volume_in_use"
