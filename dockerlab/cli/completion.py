"""Shell completion: the scripts ``dockerlab completion SHELL`` prints, and the answers.

A shell's script runs ``dockerlab`` with ``_DOCKERLAB_COMPLETE=complete_SHELL``, the words
typed so far in ``COMP_WORDS`` and the index of the word under the cursor in ``COMP_CWORD``.
The candidates come from the click objects' public API: subcommands, option names and each
argument's own completion (``dockerlab lesson <TAB>`` offers the course's lesson ids).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

COMPLETE_VAR = "_DOCKERLAB_COMPLETE"
PROG = "dockerlab"


def _ask(words: str, cword: str, shell: str) -> str:
    """The shell command that asks dockerlab for candidates."""
    return f'COMP_WORDS="{words}" COMP_CWORD={cword} {COMPLETE_VAR}=complete_{shell} {PROG} 2>/dev/null'


BASH = """\
# dockerlab: autocompletado para bash
_dockerlab_complete() {
    local IFS=$'\\n'
    COMPREPLY=( $(env ASK) )
}
complete -o default -F _dockerlab_complete dockerlab
""".replace("ASK", _ask("${COMP_WORDS[*]}", "$COMP_CWORD", "bash"))

ZSH = """\
#compdef dockerlab
# dockerlab: autocompletado para zsh
(( $+functions[compdef] )) || { autoload -Uz compinit && compinit }
_dockerlab_complete() {
    local -a found
    found=("${(@f)$(env ASK)}")
    if [[ -n "${found[1]}" ]]; then
        compadd -a found
    else
        _files
    fi
}
compdef _dockerlab_complete dockerlab
""".replace("ASK", _ask("${words[*]}", "$((CURRENT - 1))", "zsh"))

FISH = """\
# dockerlab: autocompletado para fish
function __dockerlab_complete
    set -l before (commandline -opc)
    set -l current (commandline -ct)
    env ASK
end
complete --command dockerlab --no-files --arguments '(__dockerlab_complete)'
""".replace("ASK", _ask("$before $current", "(count $before)", "fish"))

SCRIPTS = {"bash": BASH, "zsh": ZSH, "fish": FISH}

# Where --install puts each script, and the line (if any) that loads it in a new terminal.
INSTALL = {
    "bash": (".bash_completions/dockerlab.sh", ".bashrc"),
    "zsh": (".zfunc/_dockerlab", ".zshrc"),
    "fish": (".config/fish/completions/dockerlab.fish", None),
}


def detect_shell() -> str | None:
    """The learner's shell from ``$SHELL`` (bash, zsh or fish), or None."""
    name = Path(os.environ.get("SHELL", "")).name
    return name if name in SCRIPTS else None


def install(shell: str, home: Path) -> Path:
    """Write the script under ``home`` and load it from the shell's start-up file (once)."""
    relative, rc_name = INSTALL[shell]
    script = home / relative
    script.parent.mkdir(parents=True, exist_ok=True)
    script.write_text(SCRIPTS[shell], encoding="utf-8")
    if rc_name is not None:
        rc = home / rc_name
        line = f"source ~/{relative}"
        current = rc.read_text(encoding="utf-8") if rc.exists() else ""
        if line not in current.splitlines():
            with rc.open("a", encoding="utf-8") as handle:
                handle.write(("\n" if current and not current.endswith("\n") else "") + line + "\n")
    return script


def lesson_ids(incomplete: str) -> list[tuple[str, str]]:
    """(id, title) of every lesson whose id starts with what was typed."""
    try:
        from dockerlab.course.catalog import load_catalog

        lessons = load_catalog(outline=True).lessons
    except Exception:  # a broken lesson file must not spill a traceback into the shell
        return []
    return [(lesson.id, lesson.title) for lesson in lessons if lesson.id.startswith(incomplete)]


def answer_completion(root: Any, instruction: str) -> int:
    """Print the candidates for the shell named in ``instruction`` (``complete_bash``…)."""
    shell = instruction.removeprefix("complete_")
    if shell not in SCRIPTS:
        return 1
    words = _split(os.environ.get("COMP_WORDS", ""))
    try:
        cword = int(os.environ.get("COMP_CWORD", len(words)))
    except ValueError:
        cword = len(words)
    typed = words[1:cword]
    incomplete = words[cword] if cword < len(words) else ""
    for value, help_text in candidates(root, typed, incomplete):
        if shell == "fish" and help_text:
            sys.stdout.write(f"{value}\t{' '.join(help_text.split())}\n")
        else:
            sys.stdout.write(f"{value}\n")
    return 0


def _split(line: str) -> list[str]:
    import shlex

    try:
        return shlex.split(line)
    except ValueError:  # an unfinished quote
        return line.split()


def _is_group(command: Any) -> bool:
    return callable(getattr(command, "list_commands", None))


def _takes_value(param: Any) -> bool:
    return param.param_type_name == "option" and not (
        getattr(param, "is_flag", False) or getattr(param, "count", False)
    )


def candidates(root: Any, typed: list[str], incomplete: str) -> list[tuple[str, str]]:
    """(value, help) pairs that can follow ``typed`` and start with ``incomplete``."""
    command = root
    ctx = root.make_context(PROG, [], resilient_parsing=True)
    positional: list[str] = []
    value_of: Any = None  # the option whose value is being typed
    for word in typed:
        if value_of is not None:
            value_of = None
            continue
        if word.startswith("-"):
            option = _option(command, ctx, word.partition("=")[0])
            if option is not None and _takes_value(option) and "=" not in word:
                value_of = option
            continue
        sub = command.get_command(ctx, word) if _is_group(command) else None
        if sub is not None:
            command = sub
            ctx = sub.make_context(word, [], parent=ctx, resilient_parsing=True)
            positional = []
        else:
            positional.append(word)
    if value_of is not None:
        return []  # an option's value: the shell offers files
    if incomplete.startswith("-"):
        return [
            (name, getattr(param, "help", None) or "")
            for param in command.get_params(ctx)
            if param.param_type_name == "option" and not getattr(param, "hidden", False)
            for name in [*param.opts, *param.secondary_opts]
            if name.startswith(incomplete)
        ]
    if _is_group(command):
        found = []
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden and name.startswith(incomplete):
                found.append((name, sub.get_short_help_str()))
        return found
    argument = _argument_at(command, ctx, len(positional))
    if argument is None:
        return []
    return [(item.value, item.help or "") for item in argument.shell_complete(ctx, incomplete)]


def _option(command: Any, ctx: Any, name: str) -> Any:
    for param in command.get_params(ctx):
        if param.param_type_name == "option" and name in (*param.opts, *param.secondary_opts):
            return param
    return None


def _argument_at(command: Any, ctx: Any, index: int) -> Any:
    arguments = [p for p in command.get_params(ctx) if p.param_type_name == "argument"]
    for argument in arguments:
        if argument.nargs == -1 or index == 0:
            return argument
        index -= 1
    return None
