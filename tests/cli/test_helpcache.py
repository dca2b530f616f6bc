"""Help screens are rendered by Typer once and replayed byte for byte without Typer."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dockerlab.cli import helpcache

PROBE = (
    "import json, sys\n"
    "from dockerlab.cli import run\n"
    "code = run(sys.argv[1:])\n"
    "sys.stdout.flush()\n"
    "print(json.dumps({'code': code, 'typer': 'typer' in sys.modules}), file=sys.stderr)\n"
)


def dockerlab(home: Path, *args: str, **env: str) -> tuple[int, bool, bytes]:
    """Exit code, whether Typer was imported, and the exact bytes written to stdout."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        env={"DOCKERLAB_HOME": str(home), "PATH": "/usr/bin:/bin", **env},
        timeout=60,
        check=False,
    )
    report = json.loads(done.stderr.decode().strip().splitlines()[-1])
    return report["code"], report["typer"], done.stdout


def kept(home: Path) -> list[Path]:
    folder = home / "cache" / "help"
    return sorted(folder.iterdir()) if folder.is_dir() else []


@pytest.mark.parametrize(
    "args", [["--help"], ["-h"], [], ["lesson", "--help"], ["workshop", "run", "--help"]]
)
def test_second_help_is_the_same_bytes_without_typer(args: list[str], tmp_path: Path) -> None:
    code, used_typer, first = dockerlab(tmp_path, *args)
    assert code == 0 and used_typer and b"Uso: dockerlab" in first
    assert len(kept(tmp_path)) == 1
    code, used_typer, second = dockerlab(tmp_path, *args)
    assert code == 0 and not used_typer
    assert second == first


def test_each_width_and_colour_setting_gets_its_own_rendering(tmp_path: Path) -> None:
    narrow = dockerlab(tmp_path, "--help", COLUMNS="60")[2]
    wide = dockerlab(tmp_path, "--help", COLUMNS="120")[2]
    assert narrow != wide
    assert max(len(line) for line in narrow.decode().splitlines()) <= 60
    assert len(kept(tmp_path)) == 2
    # replayed, each is what Typer draws for that width in a fresh data folder
    code, used_typer, again = dockerlab(tmp_path, "--help", COLUMNS="60")
    assert code == 0 and not used_typer and again == narrow
    assert again == dockerlab(tmp_path / "fresh", "--help", COLUMNS="60")[2]


def test_a_failing_help_request_is_not_kept(tmp_path: Path) -> None:
    code, _, _ = dockerlab(tmp_path, "no-existe", "--help")
    assert code == 2
    assert kept(tmp_path) == []


def test_help_still_works_when_nothing_can_be_kept(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    for _ in range(2):
        code, used_typer, out = dockerlab(blocker, "--help")
        assert code == 0 and used_typer and b"Uso: dockerlab" in out


def test_editing_a_command_module_changes_the_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    module = tmp_path / "app.py"
    module.write_text("# v1\n")
    monkeypatch.setattr(helpcache, "_package_files", lambda: [str(module)])
    before = helpcache._key(["--help"])
    assert helpcache._key(["--help"]) == before
    module.write_text("# v2, longer\n")
    os.utime(module, ns=(1, 1))
    assert helpcache._key(["--help"]) != before
    assert helpcache._key(["lesson", "--help"]) != helpcache._key(["--help"])
    monkeypatch.delenv("NO_COLOR", raising=False)
    coloured = helpcache._key(["--help"])
    monkeypatch.setenv("NO_COLOR", "1")
    colourless = helpcache._key(["--help"])
    assert colourless != coloured
    monkeypatch.setenv("PYTHONIOENCODING", "ascii")  # rich draws ASCII boxes then
    assert helpcache._key(["--help"]) != colourless


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], True),
        (["--help"], True),
        (["-h"], True),
        (["lesson", "--help"], True),
        (["workshop", "run", "-h"], True),
        (["list"], False),
        (["--version"], False),
        (["lesson", "basico", "--help"], True),
        (["lesson", "--auto", "--help"], False),
        (["--help", "list"], False),
        (["lesson", "../x.yaml", "--help"], False),
    ],
)
def test_what_counts_as_a_help_request(args: list[str], expected: bool) -> None:
    assert helpcache.is_help_request(args) is expected
