"""Shell completion, as the README tells learners to set it up (``dockerlab completion``)."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from dockerlab.cli import completion

DOCKERLAB = str(Path(sys.executable).parent / "dockerlab")
needs_bash = pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
needs_zsh = pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")


def dockerlab(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [DOCKERLAB, *args],
        capture_output=True,
        text=True,
        env=dict(os.environ, **env),
        timeout=60,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def complete(words: str, cword: int, shell: str = "bash") -> list[str]:
    """What a shell's completion function gets from dockerlab for ``words``."""
    done = dockerlab(_DOCKERLAB_COMPLETE=f"complete_{shell}", COMP_WORDS=words, COMP_CWORD=str(cword))
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


@pytest.mark.parametrize(
    ("shell", "marker"),
    [("bash", "complete -o default -F"), ("zsh", "compdef"), ("fish", "complete --command dockerlab")],
)
def test_completion_prints_the_script_of_the_shell_asked_for(shell: str, marker: str) -> None:
    done = dockerlab("completion", shell, SHELL="/bin/bash")  # the argument wins over $SHELL
    assert done.returncode == 0, done.stderr
    assert done.stdout == completion.SCRIPTS[shell]
    assert marker in done.stdout and f"_DOCKERLAB_COMPLETE=complete_{shell}" in done.stdout


def test_completion_without_shell_uses_the_learners_shell() -> None:
    assert dockerlab("completion", SHELL="/usr/bin/zsh").stdout == completion.SCRIPTS["zsh"]


@pytest.mark.parametrize(("args", "env_shell"), [(["powershell"], "/bin/bash"), ([], "/bin/tcsh")])
def test_unknown_shell_is_a_spanish_usage_error(args: list[str], env_shell: str) -> None:
    done = dockerlab("completion", *args, SHELL=env_shell)
    assert done.returncode == 2
    assert "dockerlab completion SHELL" in done.stderr and "bash, zsh, fish" in done.stderr
    assert "Traceback" not in done.stderr


def test_commands_options_and_lesson_ids_complete() -> None:
    assert complete("dockerlab li", 1) == ["list"]
    assert complete("dockerlab list --j", 2) == ["--json"]
    assert complete("dockerlab lesson ba", 2) == ["basico"]
    assert {"primeros-pasos", "basico"} <= set(complete("dockerlab lesson ", 2))
    assert complete("dockerlab check prim", 2) == ["primeros-pasos"]
    assert complete("dockerlab check basico ", 3) == []  # the step: no lesson ids there
    assert complete("dockerlab --debug lesson ba", 3) == ["basico"]
    assert complete("dockerlab lesson --from ", 3) == []  # an option's value: the shell's files
    assert complete("dockerlab workshop r", 2) == ["run"]
    assert complete("dockerlab completion --i", 2) == ["--install"]


def test_fish_gets_descriptions_and_zsh_the_same_candidates() -> None:
    assert complete("dockerlab lesson ba", 2, "fish") == ["basico\tTu primera imagen con un Dockerfile"]
    assert complete("dockerlab lesson ba", 2, "zsh") == ["basico"]


class Shell:
    """An interactive shell in a pty, waited on prompt by prompt, with its whole transcript kept.

    Each prompt carries the shell's command number, so a wait can only end on the prompt that
    follows the line just sent, never on an earlier one still in the buffer. A failure shows
    everything the shell printed.
    """

    def __init__(self, program: str, args: list[str], env: dict[str, str]) -> None:
        self.transcript = io.StringIO()
        self.child = pexpect.spawn(program, args, env=env, encoding="utf-8", timeout=60, dimensions=(24, 120))
        self.child.logfile_read = self.transcript

    def expect(self, pattern: object) -> None:
        try:
            self.child.expect(pattern)
        except pexpect.TIMEOUT:
            pytest.fail(f"waited for {pattern!r}; the shell printed:\n{self.transcript.getvalue()!r}")


@needs_bash
def test_install_then_tab_in_a_real_bash(tmp_path: Path) -> None:
    """``dockerlab completion --install``, a new shell, and Tab completes a lesson id."""
    env = dict(
        os.environ,
        HOME=str(tmp_path),
        SHELL="/bin/bash",
        PS1="[\\#]$ ",  # «[1]$ », «[2]$ »…: bash's number of the command it waits for
        TERM="xterm",
        PATH=f"{Path(DOCKERLAB).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    )
    env.pop("PROMPT_COMMAND", None)
    shell = Shell("bash", ["--noprofile", "--norc", "-i"], env)
    shell.expect(re.escape("[1]$ "))
    shell.child.sendline("dockerlab completion --install")
    shell.expect("Autocompletado para bash instalado")
    shell.expect(re.escape("[2]$ "))
    shell.child.sendline("dockerlab completion --install")  # twice: still one line in .bashrc
    shell.expect(re.escape("[3]$ "))
    assert (tmp_path / ".bashrc").read_text().count("dockerlab") == 1
    shell.child.sendline("source ~/.bashrc")  # what opening a new terminal does
    shell.expect(re.escape("[4]$ "))
    shell.child.send("dockerlab lesson ba\t")
    shell.expect("basico ")
    shell.child.sendcontrol("u")  # readline's «discard the line»: nothing runs, no signal involved
    shell.child.sendline("exit")
    shell.expect(pexpect.EOF)


@needs_zsh
def test_install_then_tab_in_a_real_zsh(tmp_path: Path) -> None:
    env = dict(
        os.environ,
        HOME=str(tmp_path),
        ZDOTDIR=str(tmp_path),
        SHELL="/usr/bin/zsh",
        TERM="xterm",
        PATH=f"{Path(DOCKERLAB).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    )
    done = dockerlab("completion", "zsh", "--install", HOME=str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "source ~/.zfunc/_dockerlab" in (tmp_path / ".zshrc").read_text()
    shell = Shell("zsh", ["-i"], env)
    # the echo of this line shows «LIS''TO> », only the prompt itself shows «LISTO> »: Tab is
    # sent once zsh is waiting for input, not while it still reads its configuration
    shell.child.sendline("PS1='LIS''TO> '")
    shell.expect("LISTO> ")
    shell.child.send("dockerlab lesson ba\t")
    shell.expect("basico")
    shell.child.sendcontrol("u")  # the line editor's «discard the line»: nothing runs
    shell.child.sendline("exit")
    shell.expect(pexpect.EOF)
