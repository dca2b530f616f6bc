"""Which builder dockerlab picks for the learner's ``docker`` CLI, and how BuildKit's plain
output is explained when a build fails. The builds themselves run on the real engine:
tests/engine/test_builders.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from dockerlab.engine.builder import (
    BUILDKIT,
    BUILDX,
    LEGACY,
    Builder,
    buildkit_failed,
    choose,
    uses_buildkit_syntax,
)

if TYPE_CHECKING:
    from dockerlab.engine.gateway import Engine


@pytest.fixture(autouse=True)
def fresh_choice() -> Iterator[None]:
    choose.cache_clear()
    yield
    choose.cache_clear()


BUILDX_ANSWER = "echo github.com/docker/buildx v0.29.1; exit 0"


def fake_docker(folder: Path, version: str, buildx: bool) -> None:
    """A ``docker`` program that only answers the two probes the choice makes."""
    script = folder / "docker"
    script.write_text(
        "#!/bin/sh\n"
        f'if [ "$1" = "--version" ]; then echo "Docker version {version}, build abc"; exit 0; fi\n'
        f'if [ "$1" = "buildx" ]; then {BUILDX_ANSWER if buildx else "exit 1"}; fi\n'
        "exit 1\n"
    )
    script.chmod(0o755)


@pytest.mark.parametrize(
    ("version", "buildx", "kind"),
    [
        ("29.0.1", True, BUILDX),  # Docker Desktop, docker-ce today
        ("20.10.24+dfsg1", False, BUILDKIT),  # BuildKit built into the CLI
        ("28.2.2", False, LEGACY),  # a current CLI without its buildx plugin
    ],
)
def test_the_builder_follows_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, version: str, buildx: bool, kind: str
) -> None:
    fake_docker(tmp_path, version, buildx)
    monkeypatch.setenv("PATH", str(tmp_path))
    chosen = choose()
    assert chosen.kind == kind
    assert bool(chosen.reason) == (kind == LEGACY)
    if kind == LEGACY:
        assert "buildx" in chosen.reason and "28" in chosen.reason
        # the reason says why; what to install is the fix (no «(instala …)» inside a reason)
        assert "instala" not in chosen.reason and "docker-buildx-plugin" in chosen.fix


def test_without_docker_on_path_the_reason_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    chosen = choose()
    assert chosen.kind == LEGACY and "PATH" in chosen.reason


def test_the_command_carries_the_label_and_the_builder_flags() -> None:
    labels = {"io.dockerlab.lesson": "uv"}
    buildx = Builder(BUILDX).argv("t", labels, Path("Dockerfile.uv"))
    assert buildx[:5] == ["docker", "buildx", "build", "--load", "--progress=plain"]
    assert buildx[buildx.index("--label") : buildx.index("--label") + 2] == [
        "--label",
        "io.dockerlab.lesson=uv",
    ]
    assert buildx[buildx.index("-f") : buildx.index("-f") + 2] == ["-f", "Dockerfile.uv"]
    assert Builder(BUILDKIT).argv("t", labels, None)[:3] == ["docker", "build", "--progress=plain"]
    assert "--no-cache" in Builder(LEGACY).argv("t", labels, None, nocache=True)


def test_buildkit_only_syntax_is_recognised(tmp_path: Path) -> None:
    mounted = tmp_path / "a"
    mounted.write_text("FROM x\nRUN --mount=type=cache,target=/root/.cache/uv uv sync\n")
    plain = tmp_path / "b"
    plain.write_text("FROM x\n# RUN --mount en un comentario no cuenta\nRUN pip install -r r.txt\n")
    assert uses_buildkit_syntax(mounted) and not uses_buildkit_syntax(plain)
    assert not uses_buildkit_syntax(tmp_path / "no-existe")


# BuildKit's plain output of a failed RUN (Debian's 20.10 CLI; newer ones say «process … did
# not complete successfully» and end with «ERROR: failed to build: failed to solve: …»).
FAILED_RUN = """#5 [2/3] RUN echo hola
#5 sha256:463353b782ddc7f1fe244fe0c4fa9362c17c004ec8ba0f28026ce70e6f460f7c
#5 1.003 hola
#5 DONE 1.6s
#6 [3/3] RUN pip install paquete-que-no-existe
#6 sha256:4f5ed390c098594d912d764e0d8624afafecca2266c4b6dd7aeae82da8875c3c
#6 2.101 ERROR: No matching distribution found for paquete-que-no-existe
#6 ERROR: executor failed running [/bin/sh -c pip install paquete-que-no-existe]: exit code: 1
------
 > [3/3] RUN pip install paquete-que-no-existe:
------
executor failed running [/bin/sh -c pip install paquete-que-no-existe]: exit code: 1"""

NEW_CLI = """#7 [2/2] COPY nope.txt /x
#7 ERROR: failed to calculate checksum of ref 1a2b::3c4d: "/nope.txt": not found
------
 > [2/2] COPY nope.txt /x:
------
ERROR: failed to build: failed to solve: failed to compute cache key: failed to calculate \
checksum of ref 1a2b::3c4d: "/nope.txt": not found"""


def test_a_failed_run_step_is_named_with_its_own_output() -> None:
    error = buildkit_failed("mi_imagen", FAILED_RUN.splitlines())
    assert error.code == "build_failed"
    assert "«3/3 RUN pip install paquete-que-no-existe»" in error.message
    assert "No matching distribution found" in error.message and "hola" not in error.message
    assert error.details["exit"] == "1"
    assert "Arréglalo en el Dockerfile" in error.fix


def test_a_missing_file_in_newer_buildkit_output_is_explained() -> None:
    error = buildkit_failed("mi_imagen", NEW_CLI.splitlines())
    assert error.code == "build_file_missing" and error.details["path"] == "/nope.txt"
    assert "«2/2 COPY nope.txt /x»" in error.message


def test_an_unrecognised_failure_still_says_what_docker_said() -> None:
    error = buildkit_failed("mi_imagen", ["#1 [internal] load build definition", "algo raro pasó"])
    assert error.code == "build_failed" and "algo raro pasó" in error.message


@pytest.mark.parametrize(("version", "buildx", "ok"), [("29.0.1", True, True), ("28.2.2", False, False)])
def test_doctor_says_which_builder_lessons_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, version: str, buildx: bool, ok: bool
) -> None:
    from dockerlab.classroom.doctor import run_doctor
    from dockerlab.engine.provider import EngineProvider
    from dockerlab.errors import EngineUnavailable

    def no_engine() -> Engine:
        raise EngineUnavailable("sin motor", "arráncalo")

    fake_docker(tmp_path, version, buildx)
    monkeypatch.setenv("PATH", str(tmp_path))
    item = next(i for i in run_doctor(EngineProvider(no_engine)).items if i.key == "buildkit")
    assert item.ok is ok and not item.required
    assert ("buildx build" in item.detail) if ok else ("constructor clásico, porque" in item.detail)
    if not ok:  # the fix reads as a sentence, names and all
        assert item.fix.startswith("Instala el complemento buildx («docker-buildx-plugin» en Linux)")
        assert "Docker Desktop" in item.fix
