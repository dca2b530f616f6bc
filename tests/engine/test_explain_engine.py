"""«dockerlab explain» with the engine's facts, on failures produced for real with the real
docker and compose CLIs: the fix follows what the engine says (a free port, the state of the
container in the way, a local image with a similar name, a container where an image was
expected)."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import pulled

from dockerlab.engine.explain import enrich_error, explain_text
from dockerlab.engine.gateway import Engine
from dockerlab.engine.hostports import is_free
from dockerlab.engine.labels import LABEL_LESSON
from dockerlab.engine.provider import EngineProvider
from dockerlab.errors import DockerlabError

pytestmark = pytest.mark.engine
LESSON = "pruebas-explain"
LABELS = {LABEL_LESSON: LESSON}
DOCKER = shutil.which("docker")


@pytest.fixture
def engine(engines: EngineProvider) -> Iterator[Engine]:
    engine = engines.get()
    pulled(engine, "busybox")
    yield engine
    engine.remove_labelled(LESSON)


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    assert DOCKER, "the docker CLI is needed to produce CLI messages"
    return subprocess.run(
        [DOCKER, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
    )


def test_offline_pull_of_a_typo_points_at_the_local_image(engine: Engine, engines: EngineProvider) -> None:
    # a registry whose name does not resolve, as with no network (a loopback port where
    # nobody listens is «registry_refused», a registry of the learner's own); busybox is local
    done = cli("run", "--rm", "dockerlab-sin-red.invalid/busyboxx")
    assert done.returncode != 0
    found = explain_text(done.stderr, engines)
    assert found.code == "no_network", done.stderr
    assert found.facts[0].startswith("¿Querías decir «busybox»?"), found.facts
    assert "«docker run busybox»" in found.facts[0]
    # without the engine it still explains the network, and says nothing it cannot know
    assert explain_text(done.stderr).facts == ()


def test_rmi_of_a_container_name_says_it_is_a_container(engine: Engine, engines: EngineProvider) -> None:
    engine.run("busybox", name="dl_mi_ubuntu", labels=LABELS, command=["true"])
    engine.wait("dl_mi_ubuntu", 30)
    done = cli("rmi", "dl_mi_ubuntu")
    assert done.returncode != 0
    found = explain_text(done.stderr, engines)
    assert found.code == "image_not_found", done.stderr
    assert any(
        "no es una imagen sino un contenedor" in f and "«docker rm dl_mi_ubuntu»" in f for f in found.facts
    )


def test_compose_up_in_a_folder_without_compose_yaml(tmp_path: Path) -> None:
    done = cli("compose", "up", "-d", cwd=tmp_path)
    assert done.returncode != 0
    found = explain_text(done.stderr)
    assert found.code == "compose_file_missing", done.stderr
    assert "cd RUTA" in found.fix


def _free_pair() -> int:
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = int(probe.getsockname()[1])
        if port < 65000 and is_free(port) and is_free(port + 1):
            return port
    raise AssertionError("no two free ports in a row")


def test_port_taken_by_a_container_gets_a_free_port(engine: Engine, engines: EngineProvider) -> None:
    port = _free_pair()
    engine.run(
        "busybox",
        name="dl_explica_puerto",
        labels=LABELS,
        command=["sleep", "60"],
        ports={"80/tcp": ("127.0.0.1", port)},
    )
    with socket.socket() as program:  # and the next port is held by a program
        program.bind(("127.0.0.1", port + 1))
        program.listen()
        with pytest.raises(DockerlabError) as info:
            engine.run(
                "busybox",
                name="dl_explica_otro",
                labels=LABELS,
                command=["sleep", "60"],
                ports={"80/tcp": ("127.0.0.1", port)},
            )
        exc = enrich_error(info.value, engines)
        assert exc.code == "port_allocated"
        suggested = re.search(r"«-p (\d+):…» en lugar de «-p (\d+):…»", exc.fix)
        assert suggested is not None, exc.fix
        assert int(suggested.group(2)) == port and int(suggested.group(1)) not in (port, port + 1)
        assert is_free(int(suggested.group(1)))
        assert "«docker stop dl_explica_puerto»" in exc.message


def test_image_used_by_a_running_container_says_stop_first(
    engine: Engine, engines: EngineProvider, tmp_path: Path
) -> None:
    (tmp_path / "Dockerfile").write_text(f"FROM busybox\nLABEL {LABEL_LESSON}={LESSON}\n")
    list(engine.build(tmp_path, "dl-explica-usada", LABELS))
    engine.run("dl-explica-usada", name="dl_explica_usa", labels=LABELS, command=["sleep", "60"])
    done = cli("rmi", "dl-explica-usada")
    assert done.returncode != 0
    found = explain_text(done.stderr, engines)
    assert found.code == "image_in_use", done.stderr
    assert "docker rm -f dl_explica_usa" in found.fix and "docker stop dl_explica_usa" in found.fix
    engine.stop("dl_explica_usa", timeout=1)
    found = explain_text(cli("rmi", "dl-explica-usada").stderr, engines)
    assert "«docker rm dl_explica_usa»" in found.fix and "docker stop" not in found.fix


def test_windows_containers_facts_agree_with_the_engine(engine: Engine, engines: EngineProvider) -> None:
    # the paste of https://github.com/docker-archive-public/docker.kitematic/issues/3610, read
    # against a Linux engine: the facts must not contradict the explanation
    found = explain_text("no matching manifest for windows/amd64 in the manifest list entries", engines)
    info = engine.info()
    assert found.code == "windows_containers"
    assert found.facts == (
        f"Tu motor Docker es linux/{info.arch}. Ahora ya está en modo Linux: si cambiaste de modo, "
        "repite el comando.",
    )


def test_exit_137_is_told_apart_by_the_engine(engine: Engine, engines: EngineProvider) -> None:
    engine.run(
        "busybox",
        name="dl_explica_matado",
        labels=LABELS,
        command=["sh", "-c", "sleep 30 & kill -9 $!; wait $!"],
    )
    assert engine.wait("dl_explica_matado", 30) == 137
    table = cli("ps", "-a", "--filter", "name=dl_explica_matado").stdout  # the real «docker ps»
    assert "Exited (137)" in table
    found = explain_text(table, engines)
    assert found.code == "killed" and "dos causas" in found.message
    assert found.facts == (
        "«dl_explica_matado» no se quedó sin memoria (el motor dice que no fue OOMKilled): lo detuvo "
        "alguien o algo («docker stop», «docker kill», Ctrl-C en Compose, o el motor al pararse).",
    )
    assert explain_text(table).facts == ()  # without the engine: both causes, no guess


def test_pull_denied_for_a_typo_points_at_the_local_image(engine: Engine, engines: EngineProvider) -> None:
    # moby/moby distribution/errors.go, as «docker run busyboxx» prints it against Docker Hub
    pasted = (
        "Unable to find image 'busyboxx:latest' locally\ndocker: Error response from daemon: pull "
        "access denied for busyboxx, repository does not exist or may require 'docker login': "
        "denied: requested access to the resource is denied.\nSee 'docker run --help'."
    )
    found = explain_text(pasted, engines)
    assert found.code == "pull_denied"
    assert found.facts == (
        "¿Querías decir «busybox»? Esa sí está en tu máquina (no necesita red): «docker run busybox».",
    )


def test_the_whole_corpus_with_the_engine_answering(engine: Engine, engines: EngineProvider) -> None:
    """Asking the real engine about every corpus message never breaks the explanation and
    never changes which failure it is."""
    import yaml

    corpus = Path(__file__).resolve().parents[1] / "data" / "explain_corpus.yaml"
    for item in yaml.safe_load(corpus.read_text(encoding="utf-8")):
        alone = explain_text(item["message"])
        found = explain_text(item["message"], engines)
        assert found.code == alone.code == item["expect"], item["message"][:120]
        assert found.fix and found.message
