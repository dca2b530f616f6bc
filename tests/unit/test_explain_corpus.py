"""The corpus of real messages (tests/data/explain_corpus.yaml): every answer right or an
honest «No lo reconozco», never a wrong explanation. The counts are printed in CI."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from dockerlab.engine.diagnosis import CODES
from dockerlab.engine.explain import explain_text

CORPUS = Path(__file__).resolve().parents[1] / "data" / "explain_corpus.yaml"


def load() -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
    return items


def verdict(expected: str, got: str) -> str:
    if got == expected:
        return "right" if got != "unknown" else "honest unknown"
    if got == "unknown":
        return "missed"  # honest, but the catalogue knows this kind: a regression
    return "wrong"


def test_the_corpus_is_big_varied_and_sourced() -> None:
    items = load()
    assert len(items) >= 100
    for item in items:
        assert item["message"].strip() and item["source"].strip(), item
        assert item["expect"] in (*CODES, "unknown"), item["expect"]
    expected = {item["expect"] for item in items}
    assert set(CODES) <= expected, sorted(set(CODES) - expected)  # every kind has real messages
    assert {item.get("form") for item in items} >= {"linux", "macos", "windows"}
    assert {item.get("wording") for item in items} >= {"old", "new"}
    assert sum(item["expect"] == "unknown" for item in items) >= 10  # and messages to refuse


def test_no_answer_is_wrong(capsys: pytest.CaptureFixture[str]) -> None:
    counts: Counter[str] = Counter()
    bad: list[str] = []
    for item in load():
        got = explain_text(item["message"]).code
        outcome = verdict(item["expect"], got)
        counts[outcome] += 1
        if outcome in ("wrong", "missed"):
            bad.append(f"{outcome}: expected {item['expect']}, got {got}: {item['message'][:120]!r}")
    with capsys.disabled():
        print(
            f"\nexplain corpus: {sum(counts.values())} messages — right {counts['right']}, "
            f"honest unknown {counts['honest unknown']}, missed {counts['missed']}, "
            f"wrong {counts['wrong']}"
        )
    assert counts["wrong"] == 0, "\n".join(bad)
    assert counts["missed"] == 0, "\n".join(bad)
