"""The parsed-lessons cache (dockerlab/course/parsed.py): used when a file is unchanged, never
when it changed, and never a reason for a lesson to read differently or to fail."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from dockerlab.course.catalog import load_catalog
from dockerlab.course.parsed import FORGET_AFTER, OLD_SINGLE_FILE, folder_cache
from dockerlab.errors import LessonError
from dockerlab.paths import cache_home, lessons_dir


@pytest.fixture
def lessons(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped lessons that the test may edit (DOCKERLAB_LESSONS)."""
    folder = tmp_path / "lecciones"
    folder.mkdir()
    for name in ("10-primeros-pasos.yaml", "30-hub.yaml"):
        shutil.copy(lessons_dir() / name, folder / name)
    monkeypatch.setenv("DOCKERLAB_LESSONS", str(folder))
    return folder


def stored(folder: Path) -> dict[str, dict[str, object]]:
    return json.loads(folder_cache(folder).read_text(encoding="utf-8"))["files"]


def test_a_second_reading_gives_the_same_lessons_from_the_cache(lessons: Path) -> None:
    first = load_catalog(lessons, outline=True).lessons
    assert sorted(stored(lessons)) == sorted(str(p.resolve()) for p in lessons.iterdir())
    assert load_catalog(lessons, outline=True).lessons == first
    assert load_catalog(lessons).lessons == load_catalog(lessons, outline=True).lessons


def test_the_cache_is_what_an_unchanged_file_is_read_from(lessons: Path) -> None:
    """Proof the cache is used at all: planted data under the file's own stamp is what is read."""
    load_catalog(lessons, outline=True)
    cache = folder_cache(lessons)
    document = json.loads(cache.read_text(encoding="utf-8"))
    entry = document["files"][str((lessons / "10-primeros-pasos.yaml").resolve())]
    entry["data"]["title"] = "Título guardado en la caché"
    cache.write_text(json.dumps(document), encoding="utf-8")
    assert load_catalog(lessons, outline=True).get("primeros-pasos").title == "Título guardado en la caché"


@pytest.mark.parametrize("same_size", [False, True])
def test_an_edited_file_is_read_again(lessons: Path, same_size: bool) -> None:
    path = lessons / "10-primeros-pasos.yaml"
    load_catalog(lessons, outline=True)
    text = path.read_text(encoding="utf-8")
    title = load_catalog(lessons, outline=True).get("primeros-pasos").title
    new = "X" * len(title) if same_size else "Otro título"
    before = path.stat().st_mtime_ns
    path.write_text(text.replace(f"title: {title}", f"title: {new}", 1), encoding="utf-8")
    os.utime(path, ns=(before + 1_000_000, before + 1_000_000))  # a coarse clock would not move
    assert load_catalog(lessons, outline=True).get("primeros-pasos").title == new


def test_a_file_replaced_by_another_is_read_again(lessons: Path) -> None:
    load_catalog(lessons, outline=True)
    path = lessons / "10-primeros-pasos.yaml"
    replacement = lessons / "nuevo.tmp"
    replacement.write_text(path.read_text(encoding="utf-8").replace("id: primeros-pasos", "id: otra"))
    stamp = path.stat()
    os.utime(replacement, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    replacement.replace(path)  # same mtime; another inode and size
    assert "otra" in load_catalog(lessons, outline=True).ids()


def test_a_corrupt_or_foreign_cache_is_ignored_and_rewritten(lessons: Path) -> None:
    cache = folder_cache(lessons)
    cache.parent.mkdir(parents=True)
    for junk in ("{ no es json", '{"format": 999, "files": {}}', '{"format": 1, "files": []}', "[]"):
        cache.write_text(junk, encoding="utf-8")
        assert load_catalog(lessons, outline=True).ids() == ["primeros-pasos", "hub"]
        assert len(stored(lessons)) == 2


def test_a_cache_that_cannot_be_written_changes_nothing(lessons: Path, tmp_path: Path, monkeypatch) -> None:
    blocker = tmp_path / "no-es-carpeta"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # no folder can be made inside a file
    assert not cache_home().parent.is_dir()
    assert load_catalog(lessons, outline=True).ids() == ["primeros-pasos", "hub"]


def test_a_problem_found_on_cached_data_is_reported_with_its_line(lessons: Path, tmp_path: Path) -> None:
    """What the cache skips is the parsing, not the checks: a folder removed since still fails,
    and the message points at the line, read from the file again."""
    work = tmp_path / "carpeta"
    work.mkdir()
    path = lessons / "10-primeros-pasos.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\ntitle:", f"\nworkdir: {work}\ntitle:", 1), encoding="utf-8")
    load_catalog(lessons, outline=True)
    work.rmdir()
    with pytest.raises(LessonError) as raised:
        load_catalog(lessons, outline=True)
    line = 1 + text[: text.index("\ntitle:")].count("\n") + 1
    assert f"10-primeros-pasos.yaml:{line}: workdir: la carpeta {work} no existe" in str(raised.value)


def test_files_that_are_gone_are_forgotten(lessons: Path) -> None:
    load_catalog(lessons, outline=True)
    (lessons / "30-hub.yaml").unlink()
    (lessons / "10-primeros-pasos.yaml").touch()  # something to write back
    load_catalog(lessons, outline=True)
    assert [Path(name).name for name in stored(lessons)] == ["10-primeros-pasos.yaml"]


def test_each_folder_has_its_own_file_and_old_ones_are_forgotten(lessons: Path, tmp_path: Path) -> None:
    """What «list» reads stays the size of its own folder's lessons: another folder read once
    does not grow it, and a folder's file not written for a month goes, like the single file
    of earlier versions."""
    other = tmp_path / "otra"
    other.mkdir()
    shutil.copy(lessons / "30-hub.yaml", other / "30-hub.yaml")
    old_single = cache_home() / OLD_SINGLE_FILE
    load_catalog(lessons, outline=True)
    old_single.write_text("{}", encoding="utf-8")
    stale = folder_cache(lessons)
    month_ago = stale.stat().st_mtime - FORGET_AFTER - 60
    os.utime(stale, (month_ago, month_ago))
    load_catalog(other, outline=True)  # writes its own file, and forgets the stale ones
    assert [Path(name).name for name in stored(other)] == ["30-hub.yaml"]
    assert not stale.exists() and not old_single.exists()
    assert load_catalog(lessons, outline=True).ids() == ["primeros-pasos", "hub"]
    assert sorted(Path(name).name for name in stored(lessons)) == ["10-primeros-pasos.yaml", "30-hub.yaml"]


@pytest.mark.parametrize("xdg", [None, "", "   ", "/tmp/otra-cache"])
def test_the_cache_folder_is_the_one_platformdirs_gives(xdg: str | None, monkeypatch) -> None:
    from platformdirs import user_cache_path

    if xdg is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    assert cache_home() == user_cache_path("dockerlab", appauthor=False)
