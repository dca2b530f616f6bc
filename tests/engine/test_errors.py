"""Engine failures produced for real, and the Spanish explanation each one gets."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from dockerlab.engine.gateway import Engine
from dockerlab.engine.labels import LABEL_LESSON
from dockerlab.engine.provider import EngineProvider
from dockerlab.errors import DockerlabError

pytestmark = pytest.mark.engine
LABELS = {LABEL_LESSON: "pruebas-errores"}


@pytest.fixture
def engine(engines: EngineProvider) -> Iterator[Engine]:
    engine = engines.get()
    if engine.image("busybox") is None:
        list(engine.pull("busybox"))
    yield engine
    engine.remove_labelled("pruebas-errores")


def sleeper(engine: Engine, name: str, **kwargs: object) -> None:
    engine.run("busybox", name=name, labels=LABELS, command=["sleep", "60"], **kwargs)  # type: ignore[arg-type]


def test_name_conflict(engine: Engine) -> None:
    sleeper(engine, "dl_conflicto")
    with pytest.raises(DockerlabError) as info:
        sleeper(engine, "dl_conflicto")
    assert info.value.code == "name_conflict"
    assert "Ya existe un contenedor con el nombre «dl_conflicto»" in info.value.message
    assert "docker rm" in info.value.fix


def test_port_already_allocated_by_a_container(engine: Engine) -> None:
    sleeper(engine, "dl_puerto_a", ports={"80/tcp": ("127.0.0.1", 18081)})
    with pytest.raises(DockerlabError) as info:
        sleeper(engine, "dl_puerto_b", ports={"80/tcp": ("127.0.0.1", 18081)})
    assert info.value.code == "port_allocated"  # by a container; a host program: port_in_use
    assert "puerto" in info.value.message
    # the container that could not start is not left behind
    assert engine.container("dl_puerto_b") is None


def test_missing_image(engine: Engine) -> None:
    with pytest.raises(DockerlabError) as info:
        engine.run("imagen-que-no-existe-dl:1", name=None, labels=LABELS)
    assert info.value.code == "image_not_found"
    assert "«imagen-que-no-existe-dl:1» no está en tu máquina" in info.value.message


def test_pull_of_unknown_image_is_explained(engine: Engine) -> None:
    with pytest.raises(DockerlabError) as info:
        list(engine.pull("dockerlab-no-existe-esta-imagen:1"))
    assert info.value.code in ("pull_denied", "no_network", "manifest_unknown")
    assert info.value.fix


def test_remove_running_container(engine: Engine) -> None:
    sleeper(engine, "dl_en_marcha")
    with pytest.raises(DockerlabError) as info:
        engine.remove_container("dl_en_marcha")
    assert info.value.code == "container_running"
    assert "docker stop" in info.value.fix


def test_remove_image_in_use(engine: Engine) -> None:
    engine.run("busybox", name="dl_usa_imagen", labels=LABELS, command=["true"])
    engine.wait("dl_usa_imagen", 30)
    tag_target = engine.image("busybox")
    assert tag_target is not None
    with pytest.raises(DockerlabError) as info:
        engine.remove_image(tag_target.id)
    assert info.value.code == "image_in_use"
    assert "contenedor" in info.value.message
