"""docs/errores.md stays true: every catalogue entry is in its table, once, and every test it
cites exists."""

from __future__ import annotations

import re
from pathlib import Path

from dockerlab.engine.diagnosis import CODES, ENTRIES

ROOT = Path(__file__).resolve().parents[2]
DOCS = (ROOT / "docs" / "errores.md").read_text(encoding="utf-8")


def test_every_failure_is_in_the_table_once_with_its_title_and_detection() -> None:
    rows = re.findall(r"^\| (\d+) \| `(\w+)` \| ([^|]+) \| ([^|]+) \|", DOCS, flags=re.MULTILINE)
    assert sorted(code for _, code, _, _ in rows) == sorted(CODES)
    assert [int(number) for number, _, _, _ in rows] == list(range(1, len(CODES) + 1))
    by_code = {entry.code: entry for entry in ENTRIES}
    for _, code, title, detected in rows:
        assert title.strip() == by_code[code].title, code
        assert detected.strip() == by_code[code].detected, code


def test_every_cited_test_exists() -> None:
    cited = set(re.findall(r"(tests/[\w/]+\.py)(?:::(\w+))?", DOCS))
    assert len(cited) > 20
    for path, name in cited:
        source = (ROOT / path).read_text(encoding="utf-8")
        if name:
            assert re.search(rf"^def {name}\(", source, flags=re.MULTILINE), f"{path}::{name}"


def test_readme_links_here_and_counts_right() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/errores.md" in readme
    assert f"muestra los {len(CODES)} que conoce" in readme


def test_the_corpus_figures_in_the_docs_are_current() -> None:
    from collections import Counter

    from dockerlab.engine.explain import explain_text
    from tests.unit.test_explain_corpus import load, verdict

    items = load()
    counts = Counter(verdict(item["expect"], explain_text(item["message"]).code) for item in items)
    assert f"**Un corpus de {len(items)} mensajes reales**" in DOCS
    assert (
        f"**{counts['right']} bien explicados, {counts['honest unknown']} «No lo reconozco» honestos" in DOCS
    )
    assert re.search(rf"\*\*{len(CODES)} tipos de error\*\*", DOCS)
