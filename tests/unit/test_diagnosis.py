"""The failure catalogue on the exact words Docker prints (copied from real engines and CLIs).

Failures that can be produced on the CI engine are also produced for real in
tests/engine/test_errors.py and tests/engine/test_failures.py; this file covers every
entry, including those that cannot be (a full disk, Docker Desktop's file sharing…).
"""

from __future__ import annotations

import re
import string

import pytest

from dockerlab.engine.diagnosis import (
    CODES,
    ENTRIES,
    describe,
    diagnose,
    diagnose_exit,
    diagnose_failure,
    fields,
)

# code -> real messages (Docker 20.10–28 engine, CLI and SDK; BuildKit and the classic builder)
SAMPLES: dict[str, list[str]] = {
    "docker_missing": ["bash: docker: command not found", "zsh: command not found: docker"],
    "compose_hyphen": [
        "bash: docker-compose: command not found",
        "zsh: command not found: docker-compose",
    ],
    "compose_missing": [
        "docker: 'compose' is not a docker command.\nSee 'docker --help'",
        "docker: unknown command: docker compose\n\nRun 'docker --help' for more information",
    ],
    "compose_file_missing": ["no configuration file provided: not found"],
    "compose_version_obsolete": [
        "WARN[0000] /home/ana/ml/compose.yaml: the attribute `version` is obsolete, it will be "
        "ignored, please remove it to avoid potential confusion",
    ],
    "compose_yaml": ["yaml: line 5: mapping values are not allowed in this context"],
    "compose_schema": [
        "validating /home/ana/ml/compose.yaml: services.api additional properties 'prots' not allowed"
    ],
    "missing_argument": ["\"docker build\" requires exactly 1 argument.\nSee 'docker build --help'."],
    "cgroup_mount": [
        "docker: Error response from daemon: cgroups: cgroup mountpoint does not exist: unknown.",
    ],
    "tls_untrusted": [
        'Error response from daemon: Get "https://registry-1.docker.io/v2/": tls: failed to verify '
        "certificate: x509: certificate signed by unknown authority",
    ],
    "windows_containers": ["no matching manifest for windows/amd64 in the manifest list entries"],
    "os_mismatch": ['image operating system "windows" cannot be used on this platform'],
    "platform_warning": [
        "WARNING: The requested image's platform (linux/arm64) does not match the detected host "
        "platform (linux/amd64) and no specific platform was requested",
    ],
    "push_missing_image": ["An image does not exist locally with the tag: ana/mi_imagen"],
    "push_denied": [
        "The push refers to repository [docker.io/library/mi_imagen]\n5f70bf18a086: Preparing\n"
        "denied: requested access to the resource is denied",
    ],
    "registry_denied": ["denied: requested access to the resource is denied"],
    "container_restarting": [
        "Error response from daemon: Container 5d904ddb92f0 is restarting, wait until the "
        "container is running",
    ],
    "volume_in_use": [
        "Error response from daemon: remove datos: volume is in use - [c76a270145ef]",
    ],
    "network_not_found": ["Error response from daemon: network mi_red not found"],
    "compose_v1": [
        "docker-compose version 1.29.2, build unknown",
        "ERROR: The Compose file './docker-compose.yml' is invalid because:\nUnsupported config "
        "option for services: 'api'",
    ],
    "compose_undefined_service": [
        'service "api" depends on undefined service "cahce": invalid compose project',
    ],
    "name_not_resolved": [
        "redis.exceptions.ConnectionError: Error -2 connecting to cahce:6379. Name or service not known.",
        "Error -3 connecting to cahce:6379. Temporary failure in name resolution.",
        "ping: bad address 'cahce'",
        "curl: (6) Could not resolve host: cahce",
    ],
    "swarm_not_manager": [
        'Error response from daemon: This node is not a swarm manager. Use "docker swarm init" or '
        '"docker swarm join" to connect this node to swarm and try again.',
    ],
    "swarm_already": [
        'Error response from daemon: This node is already part of a swarm. Use "docker swarm '
        'leave" to leave this swarm and join another one.',
    ],
    "swarm_advertise_addr": [
        "Error response from daemon: could not choose an IP address to advertise since this "
        "system has multiple addresses on interface eth0 (10.0.0.2 and 10.0.0.3)",
    ],
    "no_such_service": [
        "nope: Error response from daemon: service nope not found",
        "Error: No such service: nope",
    ],
    "not_a_tty": ["the input device is not a TTY"],
    "wrong_context": [
        'Failed to initialize: unable to resolve docker endpoint: context "nope": context not '
        "found: open /root/.docker/contexts/meta/ca37/meta.json: no such file or directory",
    ],
    "wrong_host": [
        "Cannot connect to the Docker daemon at tcp://127.0.0.1:1. Is the docker daemon running?",
        "DockerException: Invalid bind address protocol: nonsense://x",
        "DockerException: Error while fetching server API version: HTTPConnectionPool("
        "host='127.0.0.1', port=1): Max retries exceeded with url: /version",
    ],
    "permission_denied": [
        "permission denied while trying to connect to the Docker daemon socket at "
        'unix:///var/run/docker.sock: Get "http://%2Fvar%2Frun%2Fdocker.sock/v1.24/containers/'
        'json": dial unix /var/run/docker.sock: connect: permission denied',
        "ConnectionError: ('Connection aborted.', PermissionError(13, 'Permission denied'))",
    ],
    "no_network": [
        'Error response from daemon: Get "https://registry-1.docker.io/v2/": dial tcp: lookup '
        "registry-1.docker.io on 10.255.255.53:53: no such host",
        'Get "http://10.0.0.9:5000/v2/": dial tcp 10.0.0.9:5000: connect: connection refused',
        'Get "https://registry-1.docker.io/v2/": net/http: TLS handshake timeout',
    ],
    "registry_refused": [
        'Get "http://127.0.0.1:5999/v2/": dial tcp 127.0.0.1:5999: connect: connection refused',
        'Error response from daemon: Get "http://localhost:5001/v2/": dial tcp [::1]:5001: connect: '
        "connection refused",
    ],
    "daemon_down": [
        "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?",
        "ConnectionError: ('Connection aborted.', FileNotFoundError(2, 'No such file or directory'))",
        "error during connect: This error may indicate that the docker daemon is not running.: "
        'Get "http://%2F%2F.%2Fpipe%2Fdocker_engine/v1.24/containers/json": open '
        "//./pipe/docker_engine: The system cannot find the file specified.",
    ],
    "disk_full": [
        "failed to register layer: Error processing tar file(exit status 1): write "
        "/usr/lib/x86_64-linux-gnu/libLLVM-15.so.1: no space left on device",
    ],
    "rate_limited": [
        "toomanyrequests: You have reached your pull rate limit. You may increase the limit by "
        "authenticating and upgrading: https://www.docker.com/increase-rate-limit",
    ],
    "name_conflict": [
        'docker: Error response from daemon: Conflict. The container name "/mi_contenedor" is '
        'already in use by container "ab12". You have to remove (or rename) that container.',
    ],
    "port_allocated": [
        "driver failed programming external connectivity on endpoint web (ab12): Bind for "
        "0.0.0.0:80 failed: port is already allocated",
    ],
    "port_reserved": [
        "Ports are not available: exposing port TCP 0.0.0.0:8000 -> 0.0.0.0:0: listen tcp "
        "0.0.0.0:8000: bind: An attempt was made to access a socket in a way forbidden by its "
        "access permissions.",
    ],
    "port_in_use": [
        "driver failed programming external connectivity on endpoint x (ab): Error starting "
        "userland proxy: listen tcp4 127.0.0.1:18555: bind: address already in use",
        "Ports are not available: exposing port TCP 0.0.0.0:80 -> 0.0.0.0:0: listen tcp "
        "0.0.0.0:80: bind: Only one usage of each socket address is normally permitted.",
    ],
    "platform_unavailable": ["no matching manifest for linux/arm64/v8 in the manifest list entries"],
    "wrong_arch": [
        "exec /hola: exec format error",
        "standard_init_linux.go:228: exec user process caused: exec format error",
    ],
    "command_not_executable": [
        "failed to create shim task: OCI runtime create failed: runc create failed: unable to "
        'start container process: exec: "/etc/passwd": permission denied: unknown',
        "sh: ./arranca.sh: Permission denied",
    ],
    "command_not_found": [
        "failed to create shim task: OCI runtime create failed: runc create failed: unable to "
        'start container process: exec: "bash": executable file not found in $PATH: unknown',
        "sh: bash: not found",
        "/bin/sh: 1: pyhton: not found",
        "bash: pyhton: command not found",
    ],
    "killed": [
        "The command '/bin/sh -c pip install -r requirements.txt' returned a non-zero code: 137",
    ],
    "mount_source_missing": [
        'docker: Error response from daemon: invalid mount config for type "bind": bind source '
        "path does not exist: /no/existe.",
    ],
    "mount_denied": [
        "docker: Error response from daemon: Mounts denied: \nThe path /opt/datos is not shared "
        "from the host and is not known to Docker.",
    ],
    "context_unreadable": [
        "error checking context: 'can't stat '/home/ana/proyecto/datos''.",
        "PermissionError: [Errno 13] Permission denied: '/home/ana/ml/__pycache__/main.pyc'",
    ],
    "dockerfile_missing": [
        "Cannot locate specified Dockerfile: Dockerfile",
        "unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat "
        "/home/ana/Dockerfile: no such file or directory",
    ],
    "build_file_missing": [
        "COPY failed: file not found in build context or excluded by .dockerignore: stat "
        "archivo.txt: file does not exist",
        "ERROR: failed to solve: failed to compute cache key: failed to calculate checksum of "
        'ref ab::cd: "/archivo.txt": not found',
        'failed to compute cache key: "/nope.txt" not found: not found',  # BuildKit in 20.10
    ],
    "dockerfile_syntax": ["dockerfile parse error line 3: unknown instruction: RUNN"],
    "build_failed": [
        "The command '/bin/sh -c ls /no-existe' returned a non-zero code: 1",
        'ERROR: failed to solve: process "/bin/sh -c ls /no-existe" did not complete '
        "successfully: exit code: 2",
        "#7 ERROR: executor failed running [/bin/sh -c exit 3]: exit code: 3",  # BuildKit in 20.10
    ],
    "buildkit_required": [
        "the --mount option requires BuildKit. Refer to https://docs.docker.com/go/buildkit/ to "
        "learn how to build images with BuildKit enabled",
        "ERROR: BuildKit is enabled but the buildx component is missing or broken.",
    ],
    "invalid_reference": [
        "docker: invalid reference format: repository name (library/Mi_Imagen) must be lowercase.",
    ],
    "pull_denied": [
        "Error response from daemon: pull access denied for ubunto, repository does not exist or "
        "may require 'docker login': denied: requested access to the resource is denied",
    ],
    "manifest_unknown": [
        "manifest for 127.0.0.1:5000/nada:1 not found: manifest unknown: manifest unknown",
    ],
    "image_not_found": [
        "Error response from daemon: No such image: mi_imagen_no:latest",
        "Unable to find image 'mi_imagen:latest' locally",
    ],
    "container_running": [
        "You cannot remove a running container 3f1b2c. Stop the container before attempting "
        "removal or force remove",
        'cannot remove container "/web": container is running: stop the container before '
        "removing or force remove",
    ],
    "image_has_children": [
        "conflict: unable to delete 476738750162 (cannot be forced) - image has dependent child images",
    ],
    "image_many_tags": [
        "conflict: unable to delete 4b8ac3b48b5d (must be forced) - image is referenced in "
        "multiple repositories",
    ],
    "image_in_use": [
        "conflict: unable to delete 476738750162 (must be forced) - image is being used by "
        "stopped container 3c1a2b",
        'conflict: unable to remove repository reference "busybox" (must force) - container '
        "3c1a is using its referenced image 4767",
    ],
    "container_not_running": ["Error response from daemon: Container 3c1a2b is not running"],
    "no_such_container": ["Error response from daemon: No such container: no-hay"],
    "missing_env_var": [
        'Traceback (most recent call last):\n  File "/app/servicio.py", line 10, in <module>\n'
        '    modelo = os.environ["MODELO"]\n'
        "  File \"<frozen os>\", line 679, in __getitem__\nKeyError: 'MODELO'",
        "Error: Database is uninitialized and superuser password is not specified.\n"
        "       You must specify POSTGRES_PASSWORD to a non-empty value for the\n",
    ],
    "empty_reply": [
        "curl: (52) Empty reply from server",
        "curl: (56) Recv failure: Connection reset by peer",
    ],
}

CASES = [(code, message) for code, messages in SAMPLES.items() for message in messages]


def test_every_entry_has_real_samples() -> None:
    assert set(SAMPLES) == set(CODES)
    assert len(CODES) == len(set(CODES))


@pytest.mark.parametrize(("code", "message"), CASES)
def test_known_messages_get_a_spanish_explanation(code: str, message: str) -> None:
    found = diagnose(message)
    assert found is not None, message
    assert found.code == code
    assert found.message and found.fix and found.title


def test_details_make_the_explanation_concrete() -> None:
    conflict = diagnose(SAMPLES["name_conflict"][0])
    assert conflict is not None and conflict.details["name"] == "mi_contenedor"
    assert "«mi_contenedor»" in conflict.message and "docker rm mi_contenedor" in conflict.fix
    port = diagnose(SAMPLES["port_in_use"][0])
    assert port is not None and "18555" in port.message and "lsof -i :18555" in port.fix
    arch = diagnose(SAMPLES["platform_warning"][0])
    assert arch is not None and arch.warning and "linux/arm64" in arch.message
    missing = diagnose(SAMPLES["command_not_found"][0])
    assert missing is not None and "«bash»" in missing.message


@pytest.mark.parametrize(
    ("message", "suggestion"),
    [
        ("dockerfile parse error line 5: unknown instruction: COPPY", "COPY"),
        ("dockerfile parse error on line 3: unknown instruction: WORKIDR (did you mean workdir?)", "WORKDIR"),
        ("Dockerfile parse error line 9: unknown instruction: ENTRYPIONT", "ENTRYPOINT"),
        ("dockerfile parse error line 2: unknown instruction: USR", "USER"),
    ],
)
def test_a_typo_in_a_dockerfile_instruction_gets_the_instruction_it_looks_like(
    message: str, suggestion: str
) -> None:
    found = diagnose(message)
    assert found is not None and found.code == "dockerfile_syntax"
    assert found.facts[-1] == f"¿Querías escribir {suggestion}?"


def test_an_unknown_word_gets_no_suggestion() -> None:
    found = diagnose("dockerfile parse error line 2: unknown instruction: XYZZY")
    assert found is not None and found.facts == ("Instrucción desconocida: XYZZY.",)


def test_a_missing_variable_is_named_in_the_fix() -> None:
    found = diagnose(SAMPLES["missing_env_var"][0])
    assert found is not None and "«MODELO»" in found.message and "docker run -e MODELO=valor" in found.fix
    postgres = diagnose(SAMPLES["missing_env_var"][1])
    assert postgres is not None and "-e POSTGRES_PASSWORD=valor" in postgres.fix


def test_without_details_the_text_has_placeholders_not_holes() -> None:
    for entry in ENTRIES:
        used = {
            name
            for template in (entry.message, entry.fix)
            for _, name, _, _ in string.Formatter().parse(template)
            if name
        }
        for name in used:
            assert name.endswith("_cli") or name in entry.defaults, (entry.code, name)
        found = describe(entry.code)
        assert not re.search(r"(?<!\$)\{[a-z_]+\}", found.message + found.fix)
        assert found.facts == ()
        for fact in entry.facts:  # facts appear only when their values are known
            assert fields(fact)


@pytest.mark.parametrize(
    "message",
    [
        "Hello from Docker!",
        "Successfully built 3f1b2c4d5e6f",
        "Successfully tagged mi_imagen_prueba:latest",
        "Status: Downloaded newer image for busybox:latest",
        "algo completamente distinto",
        "",
        "ModuleNotFoundError: No module named 'fastapi'",
    ],
)
def test_unknown_messages_are_not_guessed(message: str) -> None:
    assert diagnose(message) is None


def test_patterns_do_not_join_unrelated_lines() -> None:
    # «image … not found» must be on one line, not «image» here and «not found» far below
    assert diagnose("Using default tag: latest\nimage\nsomething else\nnot found") is None


def test_in_a_pasted_log_the_last_error_line_decides() -> None:
    log = (
        "Step 3/4 : RUN pip install -r requirements.txt\n"
        "WARNING: Retrying after connection broken by 'NewConnectionError(': Failed to "
        "establish a new connection: [Errno 111] Connection refused')'\n"
        "ERROR: Could not find a version that satisfies the requirement fastapi\n"
        "The command '/bin/sh -c pip install -r requirements.txt' returned a non-zero code: 1"
    )
    found = diagnose(log)
    assert found is not None and found.code == "build_failed"  # not «daemon_down»
    arch = diagnose(
        "WARNING: The requested image's platform (linux/arm64) does not match the "
        "detected host platform (linux/amd64)\nexec /hola: exec format error\n"
    )
    assert arch is not None and arch.code == "wrong_arch" and arch.details["engine"] == "linux/amd64"


def test_first_match_wins_for_pasted_output() -> None:
    pasted = (
        "Unable to find image 'ubunto:latest' locally\ndocker: Error response from "
        "daemon: pull access denied for ubunto, repository does not exist"
    )
    found = diagnose(pasted)
    assert found is not None and found.code == "pull_denied"


@pytest.mark.parametrize(
    ("exit_code", "output", "code"),
    [
        (127, "sh: bash: not found\n", "command_not_found"),
        (126, "", "command_not_executable"),
        (1, "exec /hola: exec format error\n", "wrong_arch"),
        (137, "", "killed"),
        (1, "Traceback (most recent call last):\n", None),
        (0, "Hello from Docker!", None),
    ],
)
def test_exit_codes_are_explained(exit_code: int, output: str, code: str | None) -> None:
    found = diagnose_exit(exit_code, output)
    assert (found.code if found else None) == code


def test_catalogue_size_is_what_the_docs_say() -> None:
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[2] / "docs" / "errores.md").read_text("utf-8")
    assert re.search(rf"\*\*{len(CODES)} tipos de error\*\*", docs), len(CODES)


def test_a_warning_is_never_the_cause_of_a_failure() -> None:
    # «docker compose up» failed: its last lines hold the version warning and an error we
    # do not know; the warning must not be given as the reason
    tail = (
        "WARN[0000] /app/compose.yaml: the attribute `version` is obsolete, it will be ignored\n"
        "Error response from daemon: something dockerlab does not know\n"
    )
    assert diagnose(tail) is not None and diagnose(tail).warning  # type: ignore[union-attr]
    assert diagnose_failure(tail) is None
    port = tail + "Bind for 0.0.0.0:8000 failed: port is already allocated\n"
    assert diagnose_failure(port) is not None and diagnose_failure(port).code == "port_allocated"  # type: ignore[union-attr]
