"""«dockerlab explain»: pasted messages, standard input, JSON, the catalogue, and honesty
about messages it does not know. (With the engine's facts: tests/engine/test_failures.py.)"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest
from helpers import dockerlab

from dockerlab.cli import run
from dockerlab.engine.diagnosis import ENTRIES
from dockerlab.errors import ExitCode

CONFLICT = (
    'docker: Error response from daemon: Conflict. The container name "/mi_contenedor" '
    'is already in use by container "ab12". You have to remove (or rename) that '
    "container to be able to reuse that name."
)


def explain(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return dockerlab("explain", *args, input=stdin, env=env, timeout=60)


def test_a_pasted_message_is_explained(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["explain", "--no-engine", "--plain", CONFLICT]) == ExitCode.OK
    out = capsys.readouterr().out
    assert "Error reconocido: Nombre de contenedor en uso (name_conflict)" in out
    assert "«mi_contenedor»" in out and "docker rm mi_contenedor" in out


def test_standard_input_is_read_when_no_text_is_given(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        sys,
        "stdin",
        io.StringIO(
            "Step 2/3 : RUN pip install fastapi\n"
            "ERROR: No matching distribution\n"
            "The command '/bin/sh -c pip install fastapi' "
            "returned a non-zero code: 1\n"
        ),
    )
    assert run(["explain", "--no-engine", "--json"]) == ExitCode.OK
    data = json.loads(capsys.readouterr().out)
    assert data["schema"] == 2 and data["recognised"] is True and data["code"] == "build_failed"
    assert data["facts"] == [
        "Falló en «Step 2/3 : RUN pip install fastapi».",
        "El comando terminó con el código 1.",
    ]


def test_unknown_messages_get_an_honest_answer_and_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["explain", "--no-engine", "--plain", "se me colgó el portátil"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("No lo reconozco") and "no voy a inventarme" in out
    assert "dockerlab doctor" in out
    assert run(["explain", "--no-engine", "--json", "se me colgó"]) == ExitCode.CHECK_FAILED
    data = json.loads(capsys.readouterr().out)
    assert data["recognised"] is False and data["code"] == "unknown" and data["facts"] == []


def test_rich_output_has_a_panel(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.console import Console

    from dockerlab.ui.output import Output

    monkeypatch.setattr("dockerlab.ui.output.plain_wanted", lambda: False)
    monkeypatch.setattr(
        Output, "console", property(lambda self: Console(width=90, force_terminal=True, color_system=None))
    )
    assert run(["explain", "--no-engine", CONFLICT]) == ExitCode.OK
    out = capsys.readouterr().out
    assert "✗ Nombre de contenedor en uso" in out and "Cómo arreglarlo:" in out


@pytest.mark.parametrize("stdin", ["", "   \n"])
def test_empty_input_is_a_usage_error(stdin: str) -> None:
    done = explain("--no-engine", stdin=stdin)
    assert done.returncode == ExitCode.USAGE
    assert "vacío" in done.stderr and "Traceback" not in done.stderr


def test_no_text_in_a_terminal_says_how_to_use_it(tmp_path: Path) -> None:
    env = dict(os.environ, DOCKERLAB_HOME=str(tmp_path))
    child = pexpect.spawn(
        sys.executable,
        ["-m", "dockerlab", "explain"],
        env=env,
        encoding="utf-8",
        timeout=60,
        dimensions=(30, 200),
    )
    child.expect("Dime qué mensaje explicar")
    child.expect("dockerlab explain")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == ExitCode.USAGE


def test_the_catalogue_can_be_listed(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["explain", "--list", "--json"]) == ExitCode.OK
    rows = json.loads(capsys.readouterr().out)["failures"]
    assert [row["code"] for row in rows] == [entry.code for entry in ENTRIES]
    assert all(row["title"] and row["detected"] for row in rows)
    assert run(["explain", "--list", "--plain"]) == ExitCode.OK
    assert len(capsys.readouterr().out.strip().splitlines()) == len(ENTRIES)


def test_without_an_engine_the_explanation_still_comes(tmp_path: Path) -> None:
    env = dict(os.environ, DOCKER_HOST=f"unix://{tmp_path}/no-hay-motor.sock", DOCKERLAB_HOME=str(tmp_path))
    done = explain("--json", stdin="Bind for 0.0.0.0:8000 failed: port is already allocated", env=env)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["code"] == "port_allocated" and data["facts"] == []


def test_huge_or_binary_input_does_not_break_it() -> None:
    noise = ("\x00\x1b[31m" + "ruido " * 50_000) + "\nno space left on device\n"
    done = explain("--no-engine", "--json", stdin=noise)
    assert done.returncode == 0 and json.loads(done.stdout)["code"] == "disk_full"


def test_help_is_spanish() -> None:
    done = explain("--help")
    assert done.returncode == 0
    assert "Explica en español un error de Docker" in done.stdout and "--no-engine" in done.stdout
