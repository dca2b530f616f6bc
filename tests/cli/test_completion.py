"""Shell completion, as the README tells learners to set it up."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

DOCKERLAB = str(Path(sys.executable).parent / "dockerlab")
needs_bash = pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")


def complete(words: str, cword: int) -> list[str]:
    """What bash's completion function gets from dockerlab for ``words``."""
    env = dict(os.environ, _DOCKERLAB_COMPLETE="complete_bash", COMP_WORDS=words, COMP_CWORD=str(cword))
    done = subprocess.run(
        [DOCKERLAB], capture_output=True, text=True, env=env, timeout=60, check=True, stdin=subprocess.DEVNULL
    )
    return done.stdout.split()


@needs_bash
def test_show_completion_prints_a_bash_script() -> None:
    done = subprocess.run(
        ["bash", "-c", f"{DOCKERLAB} --show-completion bash"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    assert "_DOCKERLAB_COMPLETE=complete_bash" in done.stdout
    assert "complete -o default -F _dockerlab_completion dockerlab" in done.stdout


def test_commands_options_and_lesson_ids_complete() -> None:
    assert complete("dockerlab li", 1) == ["list"]
    assert complete("dockerlab list --j", 2) == ["--json"]
    assert complete("dockerlab lesson ba", 2) == ["basico"]
    assert {"primeros-pasos", "basico"} <= set(complete("dockerlab lesson ", 2))
    assert complete("dockerlab check prim", 2) == ["primeros-pasos"]


@needs_bash
def test_install_completion_then_tab_in_a_real_bash(tmp_path: Path) -> None:
    """``dockerlab --install-completion``, a new shell, and Tab completes a lesson id."""
    env = dict(
        os.environ,
        HOME=str(tmp_path),
        PS1="$ ",
        TERM="xterm",
        PATH=f"{Path(DOCKERLAB).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    )
    env.pop("PROMPT_COMMAND", None)
    shell = pexpect.spawn(
        "bash", ["--noprofile", "--norc", "-i"], env=env, encoding="utf-8", timeout=60, dimensions=(24, 120)
    )
    shell.expect_exact("$ ")
    shell.sendline("dockerlab --install-completion")
    shell.expect("Autocompletado para bash instalado")
    shell.expect_exact("$ ")
    assert "dockerlab" in (tmp_path / ".bashrc").read_text()
    shell.sendline("source ~/.bashrc")  # what opening a new terminal does
    shell.expect_exact("$ ")
    shell.send("dockerlab lesson ba\t")
    shell.expect("basico")
    shell.sendcontrol("c")
    shell.sendline("exit")
    shell.expect(pexpect.EOF)
