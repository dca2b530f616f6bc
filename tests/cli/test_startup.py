"""Start-up stays fast without caches or patches: the heavy libraries are not imported on
the quick paths, and dockerlab uses Typer through its public API only.

Correctness tests, not timings (benchmarks/bench_startup.py measures): each command runs in
a fresh interpreter and reports which modules it ended up importing.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("docker", "questionary", "pydantic", "_hashlib")  # _hashlib: OpenSSL, ≈ 8 ms
PROBE = (
    "import json, sys\n"
    "from dockerlab.cli import run\n"
    "code = run(sys.argv[1:])\n"
    "sys.stdout.flush()\n"
    "print(json.dumps({'code': code, 'modules': sorted(sys.modules)}), file=sys.stderr)\n"
)


def imported(*args: str, home: Path) -> tuple[int, set[str], str]:
    """Exit code, imported modules and stdout of ``dockerlab ARGS`` in a new interpreter
    (``home`` is its data folder, and its HOME: the user's cache folder is inside it)."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        env={"DOCKERLAB_HOME": str(home), "HOME": str(home.parent / "usuario"), "PATH": "/usr/bin:/bin"},
        timeout=60,
        check=False,
    )
    report = json.loads(done.stderr.strip().splitlines()[-1])
    return report["code"], set(report["modules"]), done.stdout


@pytest.mark.parametrize("args", [["--help"], ["-h"], [], ["list", "--help"], ["workshop", "run", "-h"]])
def test_help_imports_nothing_heavy_and_writes_nothing(args: list[str], dockerlab_home: Path) -> None:
    code, modules, out = imported(*args, home=dockerlab_home)
    assert code == 0
    assert out.startswith("Uso: dockerlab")
    assert not modules & {*HEAVY, "yaml"}
    # no Markdown or syntax highlighting for a help screen (markdown-it, Pygments)
    assert not modules & {"rich.markdown", "rich.syntax", "pygments", "markdown_it"}
    assert "rich.console" not in modules  # through a pipe the help is plain text: no rich at all
    assert not dockerlab_home.exists()  # nothing kept in the learner's data folder


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


@pytest.mark.parametrize(
    "args", [["list"], ["list", "--json"], ["list", "basico", "--plain"], ["progress", "--plain"]]
)
def test_listing_reads_outlines_without_importing_the_kinds(args: list[str], dockerlab_home: Path) -> None:
    """Showing lessons reads the catalog as outlines (:mod:`dockerlab.course.catalog`): no kind
    module, so none of the engine code behind them, nor the runner, the walk or the events."""
    code, modules, out = imported(*args, home=dockerlab_home)
    assert code == 0, out
    assert sorted(m for m in modules if m.startswith("dockerlab.kinds")) == []
    assert not modules & {"docker", "dockerlab.tutor.runner", "dockerlab.tutor.walk", "dockerlab.events"}
    assert sorted(m for m in modules if m.startswith("dockerlab.engine.")) == [
        "dockerlab.engine.labels",  # constants, for the lesson settings
        "dockerlab.engine.names",  # Docker's name rules, for volume_name settings
        "dockerlab.engine.ports",
        "dockerlab.engine.provider",  # a lazy handle: it imports the gateway on first use
    ]
    # JSON draws nothing, and plain tables (a pipe, as here) are drawn without rich
    assert not modules & {"rich.console", "rich.table"}


def test_a_second_listing_reads_the_parsed_lessons_instead_of_yaml(dockerlab_home: Path) -> None:
    """The first run parses the lesson files and keeps what they parsed to
    (:mod:`dockerlab.course.parsed`); the next one does not even import the YAML parser."""
    first, second = (imported("list", home=dockerlab_home) for _ in range(2))
    assert first[0] == second[0] == 0
    assert "yaml" in first[1] and "yaml" not in second[1]
    assert first[2] == second[2]


def test_only_public_typer_api_and_no_library_globals_changed() -> None:
    """No ``typer._…`` module, no ``rich_utils`` settings, no ``os._exit`` in dockerlab."""
    offending = []
    for path in sorted((ROOT / "dockerlab").rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if re.search(r"typer\._|rich_utils|os\._exit", line):
                offending.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offending == []
