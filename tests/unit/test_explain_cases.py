"""The cases of issue 13 (and the «explain» items of issues 11 and 19), each with the
verbatim message and where it comes from. (Cases that need the engine's facts:
tests/engine/test_explain_engine.py.)"""

from __future__ import annotations

import json
import re
import shlex
import socket
import subprocess
import sys
from collections.abc import Iterator

import pytest

from dockerlab.engine.diagnosis import diagnose
from dockerlab.engine.explain import MAX_TEXT, explain_text
from dockerlab.engine.hostports import is_free


def explain_cli(*args: str, data: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "dockerlab", "explain", "--no-engine", *args],
        input=data,
        capture_output=True,
        timeout=120,
        check=False,
    )


# -- wrong but confident ------------------------------------------------------------------------
# moby/moby distribution/push_v2.go prints «The push refers to repository»; the registry answers
# 401/403. Verbatim paste: https://github.com/docker/for-mac/issues/1271
PUSH_DENIED = (
    "c:\\Docker>docker push myiis\nThe push refers to a repository [docker.io/library/myiis]\n"
    "47f5e43a4809: Preparing\nb06178850402: Preparing\nc28d44287ce5: Skipped foreign layer\n"
    "denied: requested access to the resource is denied"
)
PUSH_UNAUTHORIZED = (
    "The push refers to repository [docker.io/ana/mi_imagen]\n5f70bf18a086: Preparing\n"
    "unauthorized: authentication required"
)


@pytest.mark.parametrize("paste", [PUSH_DENIED, PUSH_UNAUTHORIZED])
def test_push_errors_are_about_login_and_namespace_not_a_missing_image(paste: str) -> None:
    found = explain_text(paste)
    assert found.code == "push_denied"
    assert "docker login" in found.fix and "docker tag IMAGEN TU_USUARIO/nombre" in found.fix
    assert "no existe" not in found.message and "ubunto" not in found.fix


def test_denied_alone_says_both_causes() -> None:
    # https://github.com/docker/docs/issues/12386: no command in the paste
    found = explain_text("denied: requested access to the resource is denied")
    assert found.code == "registry_denied"
    assert "descargar" in found.message and "subir" in found.message
    assert "docker login" in found.fix and "docker search" in found.fix


def test_windows_manifest_is_windows_containers_mode_not_an_architecture() -> None:
    # https://github.com/docker-archive-public/docker.kitematic/issues/3610
    found = explain_text("no matching manifest for windows/amd64 in the manifest list entries")
    assert found.code == "windows_containers"
    assert "Switch to Linux containers" in found.fix and "--platform" not in found.fix
    assert found.facts == ()  # no «tu motor pidió windows/amd64» next to a Linux engine


# -- missed although the kind is known --------------------------------------------------------
@pytest.mark.parametrize(
    ("paste", "code"),
    [
        # https://github.com/Santandersecurityresearch/asvs/issues/62 (BuildKit, older wording)
        (
            "executor failed running [/bin/sh -c pip3 install -r requirements.txt]: exit code: 1",
            "build_failed",
        ),
        # https://github.com/DragonMinded/libdragon/issues/918
        (
            'ERROR: Error response from daemon: Get "https://registry-1.docker.io/v2/": '
            "context deadline exceeded",
            "no_network",
        ),
        # zsh's own wording (exec.c); fish (src/exec.rs); PowerShell: docker/for-win#10282
        ("zsh: command not found: docker-compose", "compose_hyphen"),
        ("fish: Unknown command: docker-compose", "compose_hyphen"),
        (
            "docker-compose : The term 'docker-compose' is not recognized as the name of a cmdlet, "
            "function, script file, or operable program.",
            "compose_hyphen",
        ),
        # docker/compose pkg/compose/printer.go; docker/cli formatter «Exited (137) … ago»
        ("api-1 exited with code 137", "killed"),
        ("Exited (137) 2 minutes ago", "killed"),
    ],
)
def test_known_kinds_in_the_forms_learners_paste(paste: str, code: str) -> None:
    assert explain_text(paste).code == code


def test_compose_exit_127_names_the_command_printed_above_it() -> None:
    found = explain_text("api-1  | /bin/sh: 1: uvicorn: not found\napi-1 exited with code 127")
    assert found.code == "command_not_found" and "«uvicorn»" in found.message


# -- right kind, wrong fix ----------------------------------------------------------------------
@pytest.fixture
def two_busy_ports() -> Iterator[int]:
    """A port held by a program of this machine, and the next one held too."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        if port < 65000 and is_free(port) and is_free(port + 1):
            break
    holders = []
    for number in (port, port + 1):
        holder = socket.socket()
        holder.bind(("127.0.0.1", number))
        holder.listen()
        holders.append(holder)
    yield port
    for holder in holders:
        holder.close()


@pytest.mark.parametrize(
    "template",
    [
        # moby/moby libnetwork/portallocator/portallocator.go
        "docker: Error response from daemon: driver failed programming external connectivity on "
        "endpoint web (ab12): Bind for 0.0.0.0:{port} failed: port is already allocated.",
        # moby/moby libnetwork/portmapper (docker-proxy)
        "Error starting userland proxy: listen tcp4 0.0.0.0:{port}: bind: address already in use",
        # Docker Desktop on Windows, a port in a range reserved by winnat
        "Ports are not available: exposing port TCP 0.0.0.0:{port} -> 0.0.0.0:0: listen tcp "
        "0.0.0.0:{port}: bind: An attempt was made to access a socket in a way forbidden by its "
        "access permissions.",
    ],
)
def test_a_busy_port_gets_a_port_that_is_free_now(two_busy_ports: int, template: str) -> None:
    port = two_busy_ports
    found = explain_text(template.format(port=port))
    suggested = re.search(r"«-p (\d+):…» en lugar de «-p (\d+):…»", found.fix)
    assert suggested is not None, found.fix
    new, old = int(suggested.group(1)), int(suggested.group(2))
    assert old == port and new not in (port, port + 1)  # never the busy one
    assert is_free(new)


def test_a_busy_port_under_compose_points_at_compose_yaml(two_busy_ports: int) -> None:
    # Compose v2's progress lines (docker/compose pkg/progress) before the engine's error
    paste = (
        "[+] Running 1/2\n ✔ Network ml_default  Created\n ✘ Container ml-api-1  Starting\n"
        "Error response from daemon: driver failed programming external connectivity on endpoint "
        f"ml-api-1 (ab): Bind for 0.0.0.0:{two_busy_ports} failed: port is already allocated"
    )
    found = explain_text(paste)
    assert found.code == "port_allocated"
    assert "«ports:» de compose.yaml" in found.fix and "«-p" not in found.fix
    suggested = re.search(r'«- "(\d+):…"» en lugar de «- "(\d+):…"»', found.fix)
    assert suggested is not None and int(suggested.group(2)) == two_busy_ports
    assert int(suggested.group(1)) not in (two_busy_ports, two_busy_ports + 1)


@pytest.mark.parametrize(
    ("paste", "must", "must_not"),
    [
        # moby/moby daemon/images/image_delete.go: a running container cannot be «docker rm»-ed
        (
            "Error response from daemon: conflict: unable to delete 476738750162 (cannot be forced) "
            "- image is being used by running container 3c1a2b5d8e9f",
            ["docker stop 3c1a2b5d8e9f", "docker rm -f 3c1a2b5d8e9f"],
            ["aunque esté detenido"],
        ),
        (
            "Error response from daemon: conflict: unable to delete 476738750162 (must be forced) "
            "- image is being used by stopped container 3c1a2b5d8e9f",
            ["docker rm 3c1a2b5d8e9f"],
            ["docker stop"],
        ),
    ],
)
def test_image_in_use_fix_depends_on_the_container_state(
    paste: str, must: list[str], must_not: list[str]
) -> None:
    found = explain_text(paste)
    assert found.code == "image_in_use"
    for text in must:
        assert text in found.fix
    for text in must_not:
        assert text not in found.fix


def test_docker_compose_with_a_hyphen_suggests_the_space_first() -> None:
    # https://github.com/dockersamples/compose-dev-env/issues/14
    fix = explain_text("bash: docker-compose: command not found").fix
    assert fix.startswith("Escribe «docker compose» (con espacio)")
    assert fix.index("docker compose up") < fix.index("docker-compose-plugin")


def test_a_platform_warning_is_a_warning() -> None:
    # docker/cli cli/command/container/create.go
    found = explain_text(
        "WARNING: The requested image's platform (linux/amd64) does not match the detected host "
        "platform (linux/arm64/v8) and no specific platform was requested"
    )
    assert found.code == "platform_warning" and found.warning
    assert "Es un aviso, no un error" in found.message and "no puede ejecutar" not in found.message
    assert (
        explain_text(
            "WARNING: The requested image's platform (x) does not match the detected host platform (y)"
        ).to_dict()["severity"]
        == "warning"
    )


def test_exec_format_error_gives_both_causes() -> None:
    found = explain_text("exec /usr/local/bin/docker-entrypoint.sh: exec format error")
    assert found.code == "wrong_arch"
    assert "arquitectura" in found.message and "#!/bin/sh" in found.message


# -- kinds to add ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("paste", "code", "says"),
    [
        # https://github.com/docker-library/hello-world/issues/86
        (
            "Error response from daemon: Get https://registry-1.docker.io/v2/: x509: certificate signed "
            "by unknown authority",
            "tls_untrusted",
            "proxy",
        ),
        # compose-go, old wording: https://github.com/docker/getting-started-todo-app/issues/22
        (
            "validating /srv/app/compose.yml: services.backend Additional property develop is not allowed",
            "compose_schema",
            "«develop»",
        ),
        # compose-go, new wording (santhosh-tekuri/jsonschema)
        (
            "validating /x/compose.yaml: services.api additional properties 'prots' not allowed",
            "compose_schema",
            "prots",
        ),
        # (root) form: https://github.com/microsoft/vscode-docker/issues/3116
        ("(root) Additional property db is not allowed", "compose_schema", "services:"),
        # go-yaml via Compose v2, and PyYAML via Compose v1
        ("yaml: line 5: mapping values are not allowed in this context", "compose_yaml", "Línea 5"),
        (
            "ERROR: yaml.scanner.ScannerError: mapping values are not allowed here\n"
            '  in "./docker-compose.yml", line 5, column 12',
            "compose_yaml",
            "tabuladores",
        ),
        # https://github.com/warp-tech/warpgate/pull/1435
        (
            "WARN[0000] /srv/warpgate/docker-compose.yml: the attribute `version` is obsolete, it will be "
            "ignored, please remove it to avoid potential confusion",
            "compose_version_obsolete",
            "no un error",
        ),
        # moby/moby libnetwork; docker/compose pkg/compose/create.go
        (
            "Error response from daemon: network mi_red not found",
            "network_not_found",
            "docker network create mi_red",
        ),
        # both wordings: https://github.com/moby/moby/issues/31446 and volume/service/errors.go
        (
            "Error response from daemon: Unable to remove volume, volume still in use: remove my-volume: "
            "volume is in use - [c76a270145ef]",
            "volume_in_use",
            "«my-volume»",
        ),
        (
            "Error response from daemon: remove datos: volume is in use - [c76a270145ef]",
            "volume_in_use",
            "«datos»",
        ),
        # https://github.com/google/battery-historian/issues/161
        (
            'docker: image operating system "linux" cannot be used on this platform.',
            "windows_containers",
            "Linux",
        ),
        # https://github.com/docker/for-linux/issues/1334 and #219
        (
            "Cannot start service wolweb: cgroups: cgroup mountpoint does not exist: unknown",
            "cgroup_mount",
            "WSL",
        ),
        # moby/moby daemon/exec.go
        (
            "Error response from daemon: Container 5d904ddb92f0 is restarting, wait until the "
            "container is running",
            "container_restarting",
            "docker logs --tail 30 5d904ddb92f0",
        ),
    ],
)
def test_new_kinds(paste: str, code: str, says: str) -> None:
    found = explain_text(paste)
    assert found.code == code
    assert says in found.message + found.fix + " ".join(found.facts)


# -- issues 11 and 19 --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("paste", "says"),
    [
        # docker/cli cli/required.go (new) and Docker 1.x (old)
        (
            "\"docker build\" requires exactly 1 argument.\nSee 'docker build --help'.",
            "docker build -t NOMBRE .",
        ),
        ("'docker build' requires 1 argument.", "docker build -t NOMBRE ."),
        ('"docker run" requires at least 1 argument.', "docker run hello-world"),
        ('"docker image rm" requires at least 1 argument.', "docker image rm IMAGEN"),
    ],
)
def test_argument_count_errors(paste: str, says: str) -> None:
    found = explain_text(paste)
    assert found.code == "missing_argument" and says in found.fix


def test_rmi_of_a_name_that_is_not_an_image_mentions_containers() -> None:
    fix = explain_text("Error response from daemon: No such image: mi_ubuntu:latest").fix
    assert "docker images" in fix and "docker rm NOMBRE" in fix


def test_compose_from_the_wrong_folder() -> None:
    # https://github.com/docker/compose/issues/11264
    found = explain_text("no configuration file provided: not found")
    assert found.code == "compose_file_missing" and "cd RUTA" in found.fix and "-f" in found.fix


# -- safe output -------------------------------------------------------------------------------
def test_names_are_cleaned_and_quoted_for_the_shell() -> None:
    evil = "$(rm -rf ~)\x1b[31m\x00"
    found = explain_text(f'Conflict. The container name "/{evil}" is already in use by container "ab"')
    assert found.code == "name_conflict"
    assert "\x1b" not in found.fix + found.message and "\x00" not in found.fix + found.message
    assert "docker rm '$(rm -rf ~)'" in found.fix
    assert shlex.split(found.fix.split("«docker rm ")[1].split("»")[0]) == ["$(rm -rf ~)"]


def test_json_is_valid_utf8_whatever_bytes_come_in() -> None:
    latin1 = 'Conflict. The container name "/año" is already in use'.encode("latin-1") + b"\xff\x00\x1b[1m"
    done = explain_cli("--json", data=latin1)
    assert done.returncode == 0
    data = json.loads(done.stdout.decode("utf-8"))  # strict: invalid UTF-8 would raise
    assert data["code"] == "name_conflict" and "\ufffd" in data["message"]


def test_a_long_paste_is_read_from_its_end() -> None:
    log = (
        "#5 12.3 Collecting paquete\n" * 80_000
    ) + "The command '/bin/sh -c pip install x' returned a non-zero code: 1\n"
    assert len(log) > 1_500_000
    done = explain_cli("--json", data=log.encode())
    data = json.loads(done.stdout)
    assert data["code"] == "build_failed"
    assert any("muy largo" in fact for fact in data["facts"]) and len(log) > MAX_TEXT


def test_several_errors_explain_the_first_and_list_the_others() -> None:
    paste = (
        "WARN[0000] /app/compose.yaml: the attribute `version` is obsolete, it will be ignored\n"
        "Error response from daemon: driver failed programming external connectivity on endpoint "
        "api (ab): Bind for 0.0.0.0:8000 failed: port is already allocated\n"
        "Error response from daemon: No such container: api\n"
    )
    found = explain_text(paste)
    assert found.code == "port_allocated"  # the first error; the warning yields
    assert [o.code for o in found.others] == ["compose_version_obsolete", "no_such_container"]
    done = explain_cli("--plain", data=paste.encode())
    assert "también veo:" in done.stdout.decode() and "no_such_container" in done.stdout.decode()


def test_a_warning_alone_is_explained_as_a_warning() -> None:
    diagnosis = diagnose("WARN[0000] x.yaml: the attribute `version` is obsolete")
    assert diagnosis is not None and diagnosis.warning and diagnosis.others == ()


@pytest.mark.parametrize(
    "paste",
    [
        "dial tcp " * 25_000,  # one line of 225 000 characters
        ("dial tcp " * 220 + "\n") * 100,  # lines just under the cut, each full of starts
        "error checking context: " * 9_000,
        "Exited (137) " * 16_000,
        ("Unable to find image '" * 300 + "\n") * 30,
    ],
)
def test_adversarial_pastes_do_not_make_it_crawl(paste: str) -> None:
    import time

    started = time.monotonic()
    explain_text(paste)
    assert time.monotonic() - started < 5


def test_a_long_run_command_in_the_older_buildkit_wording() -> None:
    command = "pip install " + " ".join(f"paquete{n}" for n in range(80))
    found = explain_text(f"executor failed running [/bin/sh -c {command}]: exit code: 2")
    assert found.code == "build_failed" and "El comando terminó con el código 2." in found.facts


def test_bytes_that_are_not_utf8_in_the_argument_too() -> None:
    arg = 'Conflict. The container name "/a\xf1o" is already in use'.encode("latin-1")
    done = subprocess.run(
        [sys.executable, "-m", "dockerlab", "explain", "--no-engine", "--json", arg],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "«a\ufffdo»" in json.loads(done.stdout.decode("utf-8"))["message"]


def test_stdin_longer_than_what_is_kept_is_read_to_its_end() -> None:
    log = (
        b"#7 1.0 Downloading paquete\n" * 250_000
        + b'ERROR: failed to solve: process "/bin/sh -c x" did not complete successfully: exit code: 3\n'
    )
    assert len(log) > 6_000_000
    data = json.loads(explain_cli("--json", data=log).stdout)
    assert data["code"] == "build_failed" and "El comando terminó con el código 3." in data["facts"]


def test_an_engine_that_does_not_answer_is_asked_once() -> None:
    from dockerlab.engine.provider import EngineProvider
    from dockerlab.errors import EngineUnavailable

    calls: list[int] = []

    def unreachable() -> object:
        calls.append(1)
        raise EngineUnavailable("no responde")

    found = explain_text(
        "Bind for 0.0.0.0:8080 failed: port is already allocated",
        EngineProvider(unreachable),  # type: ignore[arg-type]
    )
    assert found.code == "port_allocated" and found.facts == ()
    assert "OTRO_PUERTO" not in found.fix  # this machine still finds a free port
    assert calls == [1]
