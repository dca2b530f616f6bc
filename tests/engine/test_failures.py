"""Every catalogue failure that can be produced on a real engine, produced for real, and the
explanation (plus the engine's facts) asserted. tests/engine/test_errors.py has the first
few (name conflict, port, missing image, rm running, rmi in use); this file has the rest.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import socket
import subprocess
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import dockerlab, pulled

from dockerlab.engine.explain import arch_mismatch, enrich_error, explain_exit, explain_text
from dockerlab.engine.gateway import Engine
from dockerlab.engine.labels import LABEL_LESSON
from dockerlab.engine.provider import EngineProvider
from dockerlab.errors import DockerlabError, EngineOperationError, EngineUnavailable

LESSON = "pruebas-fallos"
LABELS = {LABEL_LESSON: LESSON}
DOCKER = shutil.which("docker")


@pytest.fixture
def engine(engines: EngineProvider) -> Iterator[Engine]:
    engine = engines.get()
    pulled(engine, "busybox")
    yield engine
    engine.remove_labelled(LESSON)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def failure(call: object, *args: object, **kwargs: object) -> DockerlabError:
    with pytest.raises(DockerlabError) as info:
        result = call(*args, **kwargs)  # type: ignore[operator]
        if hasattr(result, "__next__"):
            list(result)
    return info.value


def cli(*args: str, stdin: int | None = subprocess.DEVNULL) -> subprocess.CompletedProcess[str]:
    assert DOCKER, "the docker CLI is needed to produce CLI messages"
    return subprocess.run(
        [DOCKER, *args], capture_output=True, text=True, stdin=stdin, timeout=120, check=False
    )


def dockerlab_explain(text: str, *extra: str) -> dict[str, object]:
    done = dockerlab("explain", "--json", *extra, input=text)
    assert "Traceback" not in done.stderr, done.stderr
    data: dict[str, object] = json.loads(done.stdout)
    assert done.returncode == (0 if data["recognised"] else 1)
    return data


def build_dir(tmp_path: Path, dockerfile: str, **files: str) -> Path:
    folder = tmp_path / "contexto"
    folder.mkdir()
    (folder / "Dockerfile").write_text(dockerfile)
    for name, content in files.items():
        (folder / name).write_text(content)
    return folder


# -- ports ---------------------------------------------------------------------------------
def test_port_taken_by_a_container_names_that_container(engine: Engine, engines: EngineProvider) -> None:
    port = free_port()
    engine.run(
        "busybox",
        name="dl_puerto_dueno",
        labels=LABELS,
        command=["sleep", "60"],
        ports={"80/tcp": ("127.0.0.1", port)},
    )
    exc = failure(
        engine.run,
        "busybox",
        name="dl_puerto_otro",
        labels=LABELS,
        command=["sleep", "60"],
        ports={"80/tcp": ("127.0.0.1", port)},
    )
    assert exc.code == "port_allocated" and exc.details["port"] == str(port)
    enrich_error(exc, engines)
    assert "Lo publica el contenedor «dl_puerto_dueno»" in exc.message
    assert "docker stop dl_puerto_dueno" in exc.message
    assert engine.container("dl_puerto_otro") is None  # the one that failed is not left
    # the command the fix suggests really finds the owner
    owner = cli("ps", "--filter", f"publish={port}", "--format", "{{.Names}}")
    assert owner.stdout.split() == ["dl_puerto_dueno"]
    # and the learner who pastes the CLI's message gets the same name
    data = dockerlab_explain(
        f"docker: Error response from daemon: driver failed programming "
        f"external connectivity on endpoint x (ab): Bind for "
        f"127.0.0.1:{port} failed: port is already allocated."
    )
    assert data["code"] == "port_allocated"
    assert any("dl_puerto_dueno" in str(f) for f in data["facts"])  # type: ignore[attr-defined]


def test_port_taken_by_a_program_on_the_host(engine: Engine, engines: EngineProvider) -> None:
    port = free_port()
    with socket.socket() as program:  # a host program that holds the port
        program.bind(("127.0.0.1", port))
        program.listen()
        exc = failure(
            engine.run,
            "busybox",
            name="dl_puerto_host",
            labels=LABELS,
            command=["sleep", "60"],
            ports={"80/tcp": ("127.0.0.1", port)},
        )
    assert exc.code == "port_in_use" and exc.details["port"] == str(port)
    assert "programa de tu máquina" in exc.message and f"lsof -i :{port}" in exc.fix
    enrich_error(exc, engines)
    assert "ningún contenedor publica el puerto" in exc.message
    assert engine.container("dl_puerto_host") is None


# -- commands inside the image ---------------------------------------------------------------
def test_command_not_found_in_the_image(engine: Engine, engines: EngineProvider) -> None:
    exc = failure(engine.run, "busybox", name="dl_sin_bash", labels=LABELS, command=["bash"])
    assert exc.code == "command_not_found" and exc.details["command"] == "bash"
    assert "«bash»" in exc.message and "«sh»" in exc.fix
    assert engine.container("dl_sin_bash") is None
    # through a shell the container starts, prints «not found» and exits 127
    engine.run("busybox", name="dl_sh_bash", labels=LABELS, command=["sh", "-c", "bash"])
    assert engine.wait("dl_sh_bash", 30) == 127
    ended = engine.container("dl_sh_bash")
    assert ended is not None
    found = explain_exit(engine, ended)
    assert found is not None and found.code == "command_not_found"
    assert found.details["command"] == "bash"
    # «docker exec» into a running container
    engine.run("busybox", name="dl_exec", labels=LABELS, command=["sleep", "60"])
    code, output = engine.exec("dl_exec", ["bash"])
    assert code in (126, 127)
    assert explain_text(output).code == "command_not_found"


def test_command_that_is_not_executable(engine: Engine, tmp_path: Path) -> None:
    # an image of the test's own with a file that is there but not executable (mode 644)
    context = build_dir(tmp_path, "FROM busybox\nRUN echo 'echo hola' > /saludo.sh && chmod 644 /saludo.sh\n")
    list(engine.build(context, "dl-no-ejecutable", LABELS))
    exc = failure(
        engine.run, "dl-no-ejecutable", name="dl_no_ejecutable", labels=LABELS, command=["/saludo.sh"]
    )
    assert exc.code == "command_not_executable" and "«/saludo.sh»" in exc.message
    assert "chmod +x /saludo.sh" in exc.fix


def test_killed_process_exit_137(engine: Engine) -> None:
    engine.run(
        "busybox", name="dl_matado", labels=LABELS, command=["sh", "-c", "sleep 30 & kill -9 $!; wait $!"]
    )
    assert engine.wait("dl_matado", 30) == 137
    ended = engine.container("dl_matado")
    assert ended is not None
    found = explain_exit(engine, ended)
    assert found is not None and found.code == "killed" and "memoria" in found.fix


def test_exec_in_a_stopped_container(engine: Engine, engines: EngineProvider) -> None:
    engine.run("busybox", name="dl_parado", labels=LABELS, command=["true"])
    engine.wait("dl_parado", 30)
    exc = failure(engine.exec, "dl_parado", ["ls"])
    assert exc.code == "container_not_running"
    enrich_error(exc, engines)
    assert "está detenido (código de salida 0)" in exc.message


# -- wrong architecture ----------------------------------------------------------------------
def _tar(files: dict[str, tuple[bytes, int]]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for name, (data, mode) in files.items():
            info = tarfile.TarInfo(name)
            info.size, info.mode = len(data), mode
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def foreign_image(tag: str, arch: str) -> bytes:
    """A «docker save» archive whose config says ``arch`` and whose program is an ELF
    header for that CPU (aarch64 or x86-64): built offline, byte by byte."""
    machine = {"arm64": b"\xb7\x00", "amd64": b"\x3e\x00"}[arch]
    elf = b"\x7fELF\x02\x01\x01" + b"\0" * 9 + b"\x02\x00" + machine + b"\x01\0\0\0" + b"\0" * 100
    layer = _tar({"hola": (elf, 0o755)})
    config = json.dumps(
        {
            "architecture": arch,
            "os": "linux",
            "config": {"Cmd": ["/hola"], "Labels": LABELS},
            "rootfs": {"type": "layers", "diff_ids": ["sha256:" + hashlib.sha256(layer).hexdigest()]},
            "history": [{"created_by": "dockerlab: imagen de otra arquitectura para las pruebas"}],
        }
    ).encode()
    config_name = hashlib.sha256(config).hexdigest() + ".json"
    manifest = json.dumps([{"Config": config_name, "RepoTags": [tag], "Layers": ["capa/layer.tar"]}]).encode()
    return _tar(
        {"manifest.json": (manifest, 0o644), config_name: (config, 0o644), "capa/layer.tar": (layer, 0o644)}
    )


def test_image_of_another_architecture(engine: Engine, engines: EngineProvider, tmp_path: Path) -> None:
    native = engine.info().arch
    other = "arm64" if native != "arm64" else "amd64"
    pack = tmp_path / "otra-arquitectura.tar"
    pack.write_bytes(foreign_image("dl-otra-arquitectura:1", other))
    loaded = cli("load", "-i", str(pack))
    assert loaded.returncode == 0, loaded.stderr
    image = engine.image("dl-otra-arquitectura:1")
    assert image is not None and image.arch == other
    before = arch_mismatch(engine, "dl-otra-arquitectura:1")  # seen before running it
    assert before is not None and before.code == "wrong_arch"
    assert before.facts == (f"La imagen es para {other} y tu motor es {native}.",)
    engine.run("dl-otra-arquitectura:1", name="dl_otra_arq", labels=LABELS)
    assert engine.wait("dl_otra_arq", 30) != 0
    assert "exec format error" in engine.logs("dl_otra_arq")
    ended = engine.container("dl_otra_arq")
    assert ended is not None
    found = explain_exit(engine, ended)
    assert found is not None and found.code == "wrong_arch"
    assert f"La imagen es para {other} y tu motor es {native}." in found.facts
    pasted = explain_text(engine.logs("dl_otra_arq"), engines)
    assert pasted.code == "wrong_arch" and f"Tu motor Docker es linux/{native}." in pasted.facts
    assert arch_mismatch(engine, "busybox") is None


# -- builds ----------------------------------------------------------------------------------
def _unlabelled_images() -> set[str]:
    every = cli("images", "-a", "-q", "--no-trunc").stdout.split()
    ours = cli("images", "-a", "-q", "--no-trunc", "--filter", f"label={LABEL_LESSON}").stdout
    return set(every) - set(ours.split())


def test_failing_build_step_shows_the_step_and_its_last_lines(engine: Engine, tmp_path: Path) -> None:
    context = build_dir(
        tmp_path,
        "FROM busybox\nLABEL io.dockerlab.lesson=pruebas-fallos\n"
        "RUN echo preparando\n"
        'RUN echo buscando && ls /no-existe\nCMD ["true"]\n',
    )
    images_before = _unlabelled_images()
    exc = failure(engine.build, context, "dl-build-falla", LABELS)
    assert isinstance(exc, EngineOperationError) and exc.code == "build_failed"
    assert "RUN echo buscando && ls /no-existe" in exc.details["step"]
    assert "falló en «Step 4/" in exc.message
    # stdout and stderr of the failing RUN arrive in either order: both must be shown
    assert "buscando" in exc.message.split("Últimas líneas:")[-1]
    assert "ls: /no-existe: No such file or directory" in exc.message
    assert "\x1b[" not in exc.message and "Removing intermediate" not in exc.message
    assert "Lee las últimas líneas" in exc.fix
    assert engine.image("dl-build-falla") is None
    assert _unlabelled_images() == images_before  # half-built layers carry the label
    pasted = explain_text(
        "Step 4/5 : RUN echo buscando && ls /no-existe\n ---> Running in ab\n"
        "ls: /no-existe: No such file or directory\nThe command '/bin/sh -c "
        "echo buscando && ls /no-existe' returned a non-zero code: 1"
    )
    assert pasted.code == "build_failed"
    assert pasted.facts[0] == "Falló en «Step 4/5 : RUN echo buscando && ls /no-existe»."


@pytest.mark.parametrize(
    ("dockerfile", "code"),
    [
        (
            "FROM busybox\nLABEL io.dockerlab.lesson=pruebas-fallos\nCOPY no-existe.txt /\n",
            "build_file_missing",
        ),
        ("FROM busybox\nLABEL io.dockerlab.lesson=pruebas-fallos\nRUNN echo hola\n", "dockerfile_syntax"),
        (None, "dockerfile_missing"),
    ],
)
def test_build_problems_before_any_step_runs(
    engine: Engine, tmp_path: Path, dockerfile: str | None, code: str
) -> None:
    context = build_dir(tmp_path, dockerfile or "")
    if dockerfile is None:
        (context / "Dockerfile").unlink()
        (context / "dockerfile.txt").write_text("FROM busybox\n")
    exc = failure(engine.build, context, "dl-build-problema", LABELS)
    assert exc.code == code, exc.message
    assert exc.fix


# -- images ----------------------------------------------------------------------------------
def test_missing_image_suggests_the_close_names(engine: Engine, engines: EngineProvider) -> None:
    exc = failure(engine.run, "busyboxx", name=None, labels=LABELS)
    assert exc.code == "image_not_found" and "«busyboxx" in exc.message
    enrich_error(exc, engines)
    assert "«busybox:latest»" in exc.message


def test_invalid_image_name(engine: Engine) -> None:
    exc = failure(engine.run, "Mi_Imagen", name=None, labels=LABELS)
    assert exc.code == "invalid_reference"
    assert explain_text(cli("run", "--rm", "Mi_Imagen").stderr).code == "invalid_reference"


def test_image_in_use_names_the_container(engine: Engine, engines: EngineProvider, tmp_path: Path) -> None:
    context = build_dir(tmp_path, 'FROM busybox\nLABEL io.dockerlab.lesson=pruebas-fallos\nCMD ["true"]\n')
    list(engine.build(context, "dl-imagen-usada", LABELS))
    engine.run("dl-imagen-usada", name="dl_usa_la_imagen", labels=LABELS)
    engine.wait("dl_usa_la_imagen", 30)
    exc = failure(engine.remove_image, "dl-imagen-usada")
    assert exc.code == "image_in_use"
    enrich_error(exc, engines)
    assert "La usa el contenedor «dl_usa_la_imagen»" in exc.message


def test_image_with_children(engine: Engine, tmp_path: Path) -> None:
    parent = build_dir(
        tmp_path, "FROM busybox\nLABEL io.dockerlab.lesson=pruebas-fallos\nRUN echo padre > /padre\n"
    )
    list(engine.build(parent, "dl-padre", LABELS))
    child = tmp_path / "hija"
    child.mkdir()
    (child / "Dockerfile").write_text("FROM dl-padre\nRUN echo hija > /hija\n")
    list(engine.build(child, "dl-hija", LABELS))
    parent_id = engine.image("dl-padre")
    assert parent_id is not None
    engine.remove_image("dl-padre")  # by name: only the tag goes
    exc = failure(engine.remove_image, parent_id.id)
    assert exc.code == "image_has_children"
    # and the lesson clean-up still removes both, whatever order the engine lists them in
    engine.remove_labelled(LESSON)
    assert engine.image(parent_id.id) is None and engine.image("dl-hija") is None


# -- registries ------------------------------------------------------------------------------
def test_tag_that_the_registry_does_not_have(engine: Engine) -> None:
    exc = failure(engine.pull, "127.0.0.1:5000/dockerlab-no-existe:1")
    assert exc.code == "manifest_unknown"


def test_no_network_to_the_registry(engine: Engine) -> None:
    exc = failure(engine.pull, "dockerlab-sin-red.invalid/nada:1")  # a name that never resolves
    assert exc.code == "no_network" and "docker load" in exc.fix
    refused = failure(engine.pull, f"127.0.0.1:{free_port()}/nada:1")  # a loopback port: no registry
    assert refused.code == "registry_refused", refused.message


# -- messages only the docker CLI prints, produced with the real CLI --------------------------
def test_cli_messages_are_explained(engine: Engine, tmp_path: Path) -> None:
    missing = tmp_path / "no-existe"
    mount = cli("run", "--rm", "--mount", f"type=bind,source={missing},target=/x", "busybox", "true")
    data = dockerlab_explain(mount.stderr)
    assert data["code"] == "mount_source_missing"
    assert data["facts"] == [f"Ruta: «{missing}»."]
    tty = cli("run", "--rm", "-it", "busybox", "true")
    assert dockerlab_explain(tty.stderr)["code"] == "not_a_tty"
    engine.run("busybox", name="dl_nombre_usado", labels=LABELS, command=["true"])
    conflict = cli("run", "--name", "dl_nombre_usado", "busybox", "true")
    data = dockerlab_explain(conflict.stderr)
    assert data["code"] == "name_conflict"
    assert "dl_nombre_usado" in str(data["message"]) and "docker rm dl_nombre_usado" in str(data["fix"])
    assert any("lo creó dockerlab (lección «pruebas-fallos»)" in str(f) for f in data["facts"])  # type: ignore[attr-defined]
    gone = cli("rm", "dl_no_hay_tal")
    assert dockerlab_explain(gone.stderr)["code"] == "no_such_container"
    unknown = dockerlab_explain("Successfully built 0123456789ab")
    assert unknown["recognised"] is False and "No lo reconozco" in str(unknown["message"])


def test_engine_endpoint_problems(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Wrong DOCKER_HOST, a context that does not exist, no engine at the socket."""
    monkeypatch.setenv("DOCKER_HOST", f"tcp://127.0.0.1:{free_port()}")
    with pytest.raises(EngineUnavailable) as info:
        Engine.connect(timeout=5)
    assert info.value.code == "wrong_host" and "127.0.0.1" in info.value.message
    assert dockerlab_explain(cli("ps").stderr)["code"] == "wrong_host"
    monkeypatch.setenv("DOCKER_HOST", "nonsense://x")
    with pytest.raises(EngineUnavailable) as info:
        Engine.connect(timeout=5)
    assert info.value.code == "wrong_host"
    monkeypatch.setenv("DOCKER_HOST", f"unix://{tmp_path}/no-hay-motor.sock")
    with pytest.raises(EngineUnavailable) as info:
        Engine.connect(timeout=5)
    assert info.value.code == "daemon_down" and "DOCKER_HOST" in info.value.message
    assert dockerlab_explain(cli("ps").stderr)["code"] == "daemon_down"
    monkeypatch.delenv("DOCKER_HOST")
    monkeypatch.setenv("DOCKER_CONTEXT", "dockerlab-no-existe")
    with pytest.raises(EngineUnavailable) as info:
        Engine.connect(timeout=5)
    assert info.value.code == "wrong_context" and "«dockerlab-no-existe»" in info.value.message
    assert dockerlab_explain(cli("ps").stderr)["code"] == "wrong_context"
    # the same through the CLI's config file («docker context use» writes currentContext)
    monkeypatch.delenv("DOCKER_CONTEXT")
    config = tmp_path / "docker-config"
    config.mkdir()
    (config / "config.json").write_text('{"currentContext": "dockerlab-no-existe"}')
    monkeypatch.setenv("DOCKER_CONFIG", str(config))
    with pytest.raises(EngineUnavailable) as info:
        Engine.connect(timeout=5)
    assert info.value.code == "wrong_context"
    assert os.environ.get("DOCKER_HOST") is None
    # a context that does exist (made by the CLI, no config.json beside it) is not refused
    (config / "config.json").unlink()
    made = cli("context", "create", "dockerlab-existe", "--docker", "host=unix:///var/run/docker.sock")
    assert made.returncode == 0, made.stderr
    monkeypatch.setenv("DOCKER_CONTEXT", "dockerlab-existe")
    Engine.connect(timeout=5).close()


@pytest.mark.parametrize(
    ("command", "code", "said"),
    [
        (["sh", "-c", "no-existe-este-comando"], 127, "no existe dentro de la imagen"),
        (["sh", "-c", "sh -c 'kill -9 $$'; exit $?"], 137, "señal KILL"),  # PID 1 cannot be killed
        (["sh", "-c", "exit 3"], 3, None),  # nothing to explain: the code alone, no guess
    ],
)
def test_a_run_step_says_why_its_container_ended_badly(
    command: list[str], code: int, said: str | None, tmp_path: Path, engine: Engine, engines: EngineProvider
) -> None:
    from dockerlab.events import Event, Notice
    from dockerlab.kinds.all import perform
    from dockerlab.kinds.context import StepContext
    from dockerlab.model import Lesson, Step

    step = Step("ejecutar", 1, "Ejecutar", "x")
    lesson = Lesson(LESSON, "Fallos", "", (step,), tmp_path / "l.yaml", workdir=tmp_path)
    events: list[Event] = []
    perform(
        StepContext(lesson, step, engines, events.append),
        "run",
        {"image": "busybox", "name": f"pruebas-fallos-{code}", "command": command},
    )
    notices = [e for e in events if isinstance(e, Notice)]
    assert len(notices) == 1 and f"terminó con el código {code}." in notices[0].message
    if said is None:
        assert notices[0].message == f"El contenedor terminó con el código {code}."
    else:
        assert said in notices[0].message and notices[0].fix, notices[0]
