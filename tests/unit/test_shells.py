"""Every command a learner is told to type works in bash/zsh and in PowerShell, or the step
shows both forms; the folder to ``cd`` into is printed quoted, on one unbroken line."""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

import pytest
from rich.console import Console

from dockerlab.course.catalog import load_catalog
from dockerlab.events import LessonStarted
from dockerlab.plaintext import cd_command
from dockerlab.ui.presenters import PlainPresenter
from dockerlab.ui.rich_presenter import RichPresenter

LESSONS = load_catalog().lessons
STEPS = [(lesson, step) for lesson in LESSONS for step in lesson.steps]
# bash-only forms: $(pwd), a backslash continuation, VAR=value before a command, export, bare rm
BASH_ONLY = re.compile(r"\$\(pwd\)|\\\n|^\s*\w+=\S+ \w|\bexport \w|(^|[;&|]\s*)rm |\$PWD", re.MULTILINE)


@pytest.mark.parametrize(("lesson", "step"), STEPS, ids=[f"{lesson.id}-{step.id}" for lesson, step in STEPS])
def test_commands_work_in_both_shells_or_the_step_shows_both(lesson, step) -> None:  # type: ignore[no-untyped-def]
    typed = [step.command, *re.findall(r"```[a-z]*\n(.*?)```", step.explain, re.DOTALL)]
    typed += [quoted for hint in step.hints for quoted in re.findall(r"«([^»]+)»", hint)]
    bash_only = [text for text in typed if text and BASH_ONLY.search(text)]
    if bash_only:
        shown = step.explain + " ".join(step.hints)
        assert "PowerShell" in shown, f"{lesson.id}/{step.id}: {bash_only} needs its PowerShell form"
    if step.command:
        assert "&&" not in step.command and "\\" not in step.command  # not in Windows PowerShell 5.1


def test_the_settings_docs_show_the_powershell_form_too() -> None:
    for lesson in LESSONS:
        for setting in lesson.settings:
            if BASH_ONLY.search(setting.doc):
                assert "PowerShell" in setting.doc, (lesson.id, setting.name)


@pytest.mark.parametrize(
    "path",
    ["/home/ana/mis cursos/dockerlab/examples/basico", r"C:\Users\Ana María\dockerlab\examples\basico"],
)
def test_cd_quotes_paths_with_spaces(path: str) -> None:
    line = cd_command(path)
    assert line == f'cd "{path}"'
    if not path.startswith("C:"):  # what bash does with it: one argument, the whole path
        assert shlex.split(line) == ["cd", path]


def test_cd_keeps_dollar_signs_literal_in_bash(tmp_path: Path) -> None:
    folder = tmp_path / "precio $HOME `x`"
    folder.mkdir()
    done = subprocess.run(["bash", "-c", f"{cd_command(str(folder))} && pwd"], capture_output=True, text=True)
    assert done.stdout.strip() == str(folder), done.stderr


def test_the_workdir_line_is_never_wrapped() -> None:
    path = "/home/ana/una carpeta con un nombre bastante largo/dockerlab/examples/jupyter/[copia]"
    event = LessonStarted("jupyter", "JupyterLab", 6, path)
    for presenter in (RichPresenter, PlainPresenter):
        console = Console(record=True, width=40, color_system=None)
        presenter(console).handle(event)  # type: ignore[abstract]
        lines = console.export_text().splitlines()
        assert any(f'cd "{path}"' in line for line in lines), (presenter.__name__, lines)
