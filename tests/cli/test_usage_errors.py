"""Usage errors in Spanish: Click's English never reaches the learner."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dockerlab.cli import spanish
from dockerlab.errors import ExitCode

# Fragments of Click's and Typer's English that must never be shown.
ENGLISH = (
    "Usage:",
    "Error:",
    "Try '",
    "Got unexpected",
    "Possible options",
    "Did you mean",
    "does not take a value",
    "No such",
    "Missing",
    "Invalid value",
    "requires an argument",
    "Traceback",
)


def dockerlab(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, DOCKERLAB_HOME=str(home), COLUMNS="200")
    env.pop("NO_COLOR", None)
    return subprocess.run(
        [sys.executable, "-m", "dockerlab", *args],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("args", "spanish_text"),
    [
        (["lecion"], "No existe el comando «lecion». ¿Querías decir «lesson»"),
        (["workshop", "nada"], "No existe el comando «nada»."),
        (["list", "basico", "otra"], "Sobra un argumento: «otra»."),
        (["check", "basico", "construir", "x", "y"], "Sobran argumentos: «x», «y»."),
        (["list", "--jsn"], "No existe la opción «--jsn». ¿Querías decir «--json»?"),
        (["list", "--plian"], "No existe la opción «--plian». ¿Querías decir «--plain»?"),
        (["list", "--nada"], "No existe la opción «--nada»."),
        (["--version=3"], "La opción «--version» no lleva valor."),
        (["lesson", "basico", "--from"], "La opción «--from» necesita un valor."),
        (["lesson"], "Falta el argumento «ID»."),
        (["report"], "Falta el argumento «PROGRESO.json...»."),
        (["workshop", "run", "t.yaml", "--auto", "--pause", "abc"], "Valor no válido para «--pause»"),
        (["workshop"], "Falta el comando."),
    ],
)
def test_usage_errors_are_spanish_with_exit_2(args: list[str], spanish_text: str, tmp_path: Path) -> None:
    done = dockerlab(*args, home=tmp_path)
    assert done.returncode == ExitCode.USAGE
    assert spanish_text in done.stderr
    shown = done.stdout + done.stderr
    assert not [fragment for fragment in ENGLISH if fragment in shown], shown


def test_a_usage_error_shows_the_spanish_usage_and_where_to_find_help(tmp_path: Path) -> None:
    done = dockerlab("list", "--nada", home=tmp_path)
    assert "Uso: dockerlab list [OPCIONES] [ID]" in done.stderr
    assert "Prueba «dockerlab list --help» para ver la ayuda." in done.stderr


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        # the wordings of the Click versions Typer has shipped with
        ("No such command 'lecion'. Did you mean 'lesson', 'list'?", "¿Querías decir «lesson» o «list»?"),
        ("No such command 'x'.", "No existe el comando «x»."),
        ("Got unexpected extra argument (a)", "Sobra un argumento: «a»."),
        ("Got unexpected extra arguments (a b)", "Sobran argumentos: «a», «b»."),
        ("Got unexpected extra argument(s) (a b)", "Sobran argumentos: «a», «b»."),
        ("Missing argument 'ID'.", "Falta el argumento «ID»."),
        ("Missing option '--name'.", "Falta la opción «--name»."),
        ("Option '--from' requires an argument.", "La opción «--from» necesita un valor."),
        ("Option '--x' requires 2 arguments.", "La opción «--x» necesita 2 valores."),
        ("Option '--version' does not take a value.", "La opción «--version» no lleva valor."),
        (
            "Invalid value for '--pause': 'abc' is not a valid float.",
            "Valor no válido para «--pause»: «abc».",
        ),
        ("Missing command.", "Falta el comando."),
        ("Something Click adds one day", spanish.GENERAL),
    ],
)
def test_each_click_message_is_reworded(message: str, expected: str) -> None:
    class Fake(Exception):
        def format_message(self) -> str:
            return message

    assert expected in spanish.usage_error_message(Fake())


def test_no_such_option_from_its_attributes_in_any_click_wording() -> None:
    class NoSuchOption(Exception):
        option_name = "--jsn"
        possibilities: tuple[str, ...] = ()
        message = "No such option: --jsn Did you mean --json?"

    assert (
        spanish.usage_error_message(NoSuchOption()) == "No existe la opción «--jsn». ¿Querías decir «--json»?"
    )
    NoSuchOption.possibilities = ("--plain", "--json")
    assert "«--json» o «--plain»" in spanish.usage_error_message(NoSuchOption())


def test_help_screens_are_spanish(tmp_path: Path) -> None:
    for args in (["--help"], ["lesson", "--help"], ["workshop", "--help"], ["completion", "-h"]):
        done = dockerlab(*args, home=tmp_path)
        assert done.returncode == 0
        assert done.stdout.startswith("Uso: dockerlab")
        assert "Opciones" in done.stdout and "Muestra esta ayuda y sale." in done.stdout
        assert not [w for w in ("Usage", "Options", "Arguments", "Commands", "Show this") if w in done.stdout]
    assert "Argumentos" in dockerlab("lesson", "--help", home=tmp_path).stdout
    assert "Comandos" in dockerlab("workshop", "--help", home=tmp_path).stdout
