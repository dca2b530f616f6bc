"""Start-up stays fast: the heavy libraries are not imported on the quick paths.

Correctness tests, not timings (benchmarks/run.py measures): each command runs in a fresh
interpreter and reports which modules it ended up importing.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import pytest
import typer

from dockerlab.cli import lazy, spanish

HEAVY = ("docker", "questionary", "pydantic")
PROBE = (
    "import json, sys\n"
    "from dockerlab.cli import run\n"
    "code = run(sys.argv[1:])\n"
    "sys.stdout.flush()\n"
    "print(json.dumps({'code': code, 'modules': sorted(sys.modules)}), file=sys.stderr)\n"
)


def imported(*args: str, home: Path) -> tuple[int, set[str], str]:
    """Exit code, imported modules and stdout of ``dockerlab ARGS`` in a new interpreter."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        env={"DOCKERLAB_HOME": str(home), "PATH": "/usr/bin:/bin"},
        timeout=60,
        check=False,
    )
    report = json.loads(done.stderr.strip().splitlines()[-1])
    return report["code"], set(report["modules"]), done.stdout


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["-h"], ["list", "--help"]])
def test_help_and_version_import_nothing_heavy(args: list[str], dockerlab_home: Path) -> None:
    code, modules, out = imported(*args, home=dockerlab_home)
    assert code == 0
    assert not modules & {*HEAVY, "yaml"}
    # Typer's help panels without the Markdown and traceback renderers (markdown-it, Pygments)
    assert not modules & {"rich.markdown", "rich.traceback", "pygments", "markdown_it"}
    assert out.strip()


def test_version_does_not_even_import_typer(dockerlab_home: Path) -> None:
    code, modules, out = imported("--version", home=dockerlab_home)
    assert code == 0 and out.startswith("dockerlab 0.")
    assert "typer" not in modules and "rich" not in modules


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["list"], 0),
        (["list", "--json"], 0),
        (["list", "basico"], 0),
        (["progress", "--plain"], 0),
        (["lesson", "no-existe", "--auto", "--json"], 4),  # every option parsed, no engine needed
    ],
)
def test_listing_imports_neither_the_sdk_nor_prompts_nor_pydantic(
    args: list[str], expected: int, dockerlab_home: Path
) -> None:
    code, modules, out = imported(*args, home=dockerlab_home)
    assert code == expected, out
    assert not modules & set(HEAVY)
    assert "rich.markdown" not in modules  # the lesson presenters are not needed to list


def test_help_stand_ins_give_way_to_the_real_renderers() -> None:
    """After help, rich's Markdown is the real one, both directly and through Typer."""
    code = (
        "import sys\n"
        "from dockerlab.cli import run\n"
        "run(['--help'])\n"
        "assert 'rich.markdown' not in sys.modules\n"
        "from rich.markdown import Markdown\n"
        "import typer.rich_utils as ru\n"
        "made = ru.Markdown('**hola**')\n"
        "assert type(made) is Markdown, type(made)\n"
        "assert ru.Traceback.from_exception is not None\n"
        "print('OK')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.stdout.strip().endswith("OK"), done.stderr


def _values_app(seen: list[dict[str, object]]) -> typer.Typer:
    app = spanish.new_app()

    @app.command(cls=spanish.SpanishCommand)
    def hello(
        name: Annotated[str, typer.Argument()],
        loud: Annotated[bool, typer.Option("--loud", envvar="HELLO_LOUD")] = False,
        times: Annotated[int, typer.Option("--times")] = 1,
        tags: Annotated[list[str] | None, typer.Option("--tag")] = None,
        title: Annotated[str | None, typer.Option("--title")] = None,
    ) -> None:
        seen.append({"name": name, "loud": loud, "times": times, "tags": tags, "title": title})

    @app.command(cls=spanish.SpanishCommand)
    def other() -> None:
        """A second command, so Typer builds a group."""

    return app


@pytest.mark.parametrize(
    "args",
    [
        ["hello", "Ana"],
        ["hello", "Ana", "--loud", "--times", "3", "--title", "Dra."],
        ["hello", "Eva", "--tag", "a", "--tag", "b"],
        ["hello", "Eva", "--tag", ""],
    ],
)
@pytest.mark.parametrize("env_loud", [None, "1", "no"])
def test_typed_values_come_out_as_typer_would_give_them(
    args: list[str], env_loud: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Pydantic-free path gives each command exactly the values Typer's own coercion
    gives (a flag from an environment variable, «1», still goes through Typer)."""
    if env_loud is not None:
        monkeypatch.setenv("HELLO_LOUD", env_loud)
    fast: list[dict[str, object]] = []
    typer_own: list[dict[str, object]] = []
    spanish.localise(typer.main.get_command(_values_app(fast))).main(args, standalone_mode=False)
    typer.main.get_command(_values_app(typer_own)).main(args, standalone_mode=False)
    assert fast == typer_own
    assert type(fast[0]["tags"]) is type(typer_own[0]["tags"])


def test_pass_typed_values_leaves_unknown_parameters_alone() -> None:
    class Plain:
        name = "x"

    lazy.pass_typed_values(Plain())  # no Typer internals: nothing to do, no error
