"""docs/errores.md stays true: every catalogue entry is in its table, once, and every test it
cites exists."""

from __future__ import annotations

import re
from pathlib import Path

from dockerlab.engine.diagnosis import CODES, ENTRIES

ROOT = Path(__file__).resolve().parents[2]
DOCS = (ROOT / "docs" / "errores.md").read_text(encoding="utf-8")


def test_every_failure_is_in_the_table_once_in_catalogue_order() -> None:
    rows = re.findall(r"^\| \d+ \| `(\w+)` \| ([^|]+) \|", DOCS, flags=re.MULTILINE)
    assert [code for code, _ in rows] == list(CODES)
    assert [title.strip() for _, title in rows] == [entry.title for entry in ENTRIES]


def test_every_cited_test_exists() -> None:
    cited = set(re.findall(r"(tests/[\w/]+\.py)(?:::(\w+))?", DOCS))
    assert len(cited) > 20
    for path, name in cited:
        source = (ROOT / path).read_text(encoding="utf-8")
        if name:
            assert re.search(rf"^def {name}\(", source, flags=re.MULTILINE), f"{path}::{name}"


def test_readme_links_here() -> None:
    assert "docs/errores.md" in (ROOT / "README.md").read_text(encoding="utf-8")
