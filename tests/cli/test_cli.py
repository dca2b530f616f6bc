from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import dockerlab

from dockerlab.cli import run
from dockerlab.errors import ExitCode


def test_help_is_spanish_and_imports_nothing_heavy() -> None:
    code = (
        "import sys\n"
        "from dockerlab.cli import run\n"
        "rc = run(['--help'])\n"
        "heavy = [m for m in ('docker', 'questionary', 'pydantic', 'yaml') if m in sys.modules]\n"
        "print('HEAVY=' + ','.join(heavy))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "HEAVY=\n" in done.stdout
    assert "Uso: dockerlab" in done.stdout and "Comandos" in done.stdout
    assert "Muestra esta ayuda y sale." in done.stdout
    assert "Show this message" not in done.stdout


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--version"]) == 0
    assert capsys.readouterr().out.startswith("dockerlab 0.")


def test_unknown_command_is_a_spanish_usage_error() -> None:
    done = dockerlab("lecion")
    assert done.returncode == ExitCode.USAGE
    assert "No existe el comando «lecion»" in done.stderr and "Traceback" not in done.stderr


def test_unknown_lesson_is_exit_4_without_traceback() -> None:
    done = dockerlab("list", "basic")
    assert done.returncode == ExitCode.LESSON
    assert "No existe la lección «basic»" in done.stderr and "Traceback" not in done.stderr


def test_list_json_in_course_order(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["list", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["schema"] == 2
    assert [row["id"] for row in data["lessons"]][:2] == ["primeros-pasos", "basico"]


def test_list_one_lesson_shows_numbered_steps(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["list", "basico", "--json"]) == 0
    steps = json.loads(capsys.readouterr().out)["steps"]
    assert steps[0] == {
        "number": 1,
        "id": "construir",
        "title": "Construir la imagen",
        "command": "docker build -t mi_imagen_prueba .",
        "inside": [],
        "status": "pending",
    }
    entering = next(step for step in steps if step["inside"])  # the commands typed inside the container
    assert entering["command"].startswith("docker run") and "exit" in entering["inside"]


@pytest.mark.parametrize("args", [["start"], ["lesson", "basico"]])
def test_interactive_commands_refuse_without_a_tty(args: list[str]) -> None:
    done = dockerlab(*args)
    assert done.returncode == ExitCode.NEEDS_TTY
    assert "necesita una terminal" in done.stderr and "--auto" in done.stderr


def test_unreachable_engine_is_explained(tmp_path: Path) -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        "DOCKER_HOST": f"unix://{tmp_path}/no-hay-motor.sock",
        "DOCKERLAB_HOME": str(tmp_path),
        "HOME": str(tmp_path),
    }
    done = dockerlab("doctor", env=env)
    assert done.returncode == ExitCode.ENGINE
    assert "El motor Docker no responde" in done.stdout and "DOCKER_HOST" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr
    check = dockerlab("check", "basico", "construir", env=env)
    assert check.returncode == ExitCode.ENGINE and "Traceback" not in check.stderr
    assert "Docker Desktop" in check.stderr


def test_socket_without_permission_is_explained(tmp_path: Path) -> None:
    """A real socket the caller may not open, tried by a separate «python -m dockerlab» (not
    a fork of pytest). Root ignores file modes through two capabilities: as root the child
    runs without them (setpriv, util-linux), so the socket's mode stops it as it would a
    learner outside the docker group."""
    path = tmp_path / "docker.sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    os.chmod(path, 0)
    os.chmod(tmp_path, 0o755)
    env = {"PATH": "/usr/bin:/bin", "DOCKER_HOST": f"unix://{path}", "LANG": "C.UTF-8"}
    env["DOCKERLAB_HOME"] = env["HOME"] = str(tmp_path / "nadie")
    as_learner = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"] if os.getuid() == 0 else []
    try:
        done = subprocess.run(
            [*as_learner, sys.executable, "-m", "dockerlab", "doctor", "--plain"],
            capture_output=True,
            text=True,
            env=env,
            stdin=subprocess.DEVNULL,
            timeout=120,
            check=False,
        )
    finally:
        server.close()
    assert done.returncode == ExitCode.ENGINE, done.stdout + done.stderr
    assert "permiso" in done.stdout and "grupo docker" in done.stdout, done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_reset_needs_yes_without_tty_and_keeps_progress(dockerlab_home: Path) -> None:
    from dockerlab.tutor.progress import PASSED, ProgressStore

    ProgressStore.open().record("basico", "construir", PASSED)
    done = dockerlab("reset")
    assert done.returncode == ExitCode.NEEDS_TTY and "--yes" in done.stderr
    assert ProgressStore.open().status_of("basico", "construir") == PASSED
    assert dockerlab("reset", "basico", "--yes").returncode == 0
    assert ProgressStore.open().status_of("basico", "construir") == ""


@pytest.mark.parametrize("args", [["--help"], ["list"], ["lesson", "no-existe", "--auto"]])
def test_a_terminal_without_utf8_gets_question_marks_not_a_crash(args: list[str], tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "dockerlab", *args],
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "DOCKERLAB_HOME": str(tmp_path), "PYTHONIOENCODING": "ascii"},
        timeout=60,
        check=False,
    )
    shown = (done.stdout + done.stderr).decode("ascii")  # nothing but ASCII came out
    assert "Traceback" not in shown and "Error inesperado" not in shown
    assert done.returncode == (4 if "no-existe" in args else 0), shown
    assert "?" in shown  # «ñ», «í», «✓»… replaced, the rest readable


@pytest.mark.parametrize(
    ("library", "args"),
    [("typer", ["list"]), ("rich", ["lesson", "no-existe", "--auto"]), ("docker", ["doctor"])],
)
def test_a_missing_library_is_a_broken_installation_not_a_traceback(library: str, args: list[str]) -> None:
    """``None`` in sys.modules makes ``import LIBRARY`` fail as if it were not installed."""
    probe = f"import sys; sys.modules[{library!r}] = None; from dockerlab.cli import main; main({args!r})"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == ExitCode.CHECK_FAILED, done.stderr
    assert "Traceback" not in done.stderr
    assert f"falta la biblioteca de Python «{library}»" in done.stderr
    assert "uv tool install --reinstall dockerlab-es" in done.stderr
