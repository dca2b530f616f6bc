"""Engine failures produced for real, and the Spanish explanation each one gets."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import dockerlab, pulled

from dockerlab.engine.gateway import Engine
from dockerlab.engine.labels import LABEL_LESSON
from dockerlab.engine.provider import EngineProvider
from dockerlab.errors import DockerlabError

from .login_registry import login_registry

LABELS = {LABEL_LESSON: "pruebas-errores"}


@pytest.fixture
def engine(engines: EngineProvider) -> Iterator[Engine]:
    engine = engines.get()
    pulled(engine, "busybox")
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


def test_pull_the_registry_refuses_is_explained(engine: Engine) -> None:
    """The engine asks a registry that wants a login (what Docker Hub answers for a repository
    that does not exist or is private) and is refused; what the docker CLI prints then is
    explained as «pull_denied» by dockerlab's own pull (it knows it was a pull). The CLI's bare
    text («unauthorized: requested access…») fits a refused pull and a refused push alike, so
    ``explain`` says both (registry_denied), never one as a guess. (Docker Hub's own wording,
    «pull access denied…», cannot be produced without Docker Hub: tests/unit/test_diagnosis.py
    has it copied.)"""
    with login_registry() as registry:
        ref = f"{registry}/nadie/no-existe:1"
        with pytest.raises(DockerlabError) as info:  # dockerlab's own pull (the SDK)
            list(engine.pull(ref))
        done = subprocess.run(["docker", "pull", ref], capture_output=True, text=True, timeout=60)
    assert info.value.code == "pull_denied" and "docker login" in info.value.fix, info.value.message
    assert done.returncode != 0 and "unauthorized" in done.stderr, done.stderr
    assert engine.image(ref) is None
    explained = dockerlab("explain", "--json", "--no-engine", input=done.stderr)
    data = json.loads(explained.stdout)
    assert explained.returncode == 0 and data["code"] == "registry_denied", (done.stderr, data)
    assert "descargar" in data["message"] and "subir" in data["message"] and "docker login" in data["fix"]


def test_remove_running_container(engine: Engine) -> None:
    sleeper(engine, "dl_en_marcha")
    with pytest.raises(DockerlabError) as info:
        engine.remove_container("dl_en_marcha")
    assert info.value.code == "container_running"
    assert "docker stop" in info.value.fix


def test_remove_image_in_use(engine: Engine, tmp_path: Path) -> None:
    # an image of the test's own: busybox itself may be the base of other images on a shared
    # engine, and «has children» would then be the engine's first complaint
    (tmp_path / "Dockerfile").write_text(f"FROM busybox\nLABEL prueba={tmp_path.name}\n")
    list(engine.build(tmp_path, "dl-imagen-en-uso", LABELS))
    own = engine.image("dl-imagen-en-uso")
    assert own is not None
    engine.run("dl-imagen-en-uso", name="dl_usa_imagen", labels=LABELS, command=["true"])
    engine.wait("dl_usa_imagen", 30)
    with pytest.raises(DockerlabError) as info:
        engine.remove_image(own.id)
    assert info.value.code == "image_in_use"
    assert "contenedor" in info.value.message
