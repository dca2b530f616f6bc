"""The small shared facts of the base layer: the JSON envelope and atomic JSON writes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from dockerlab.atomic import write_json
from dockerlab.envelope import SCHEMA_VERSION, envelope
from dockerlab.events import Notice


def test_envelope_puts_schema_first_and_keeps_the_order() -> None:
    doc = envelope({"lesson": "basico", "ok": True})
    assert list(doc) == ["schema", "lesson", "ok"] and doc["schema"] == SCHEMA_VERSION == 2


def test_events_use_the_same_envelope() -> None:
    assert list(Notice("info", "hola").to_dict())[:2] == ["schema", "event"]


def test_write_json_replaces_the_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "nuevo" / "datos.json"
    write_json(target, {"b": 1, "a": "ñ"}, sort_keys=True)
    assert target.read_text(encoding="utf-8") == '{\n  "a": "ñ",\n  "b": 1\n}'
    write_json(target, [1])
    assert json.loads(target.read_text()) == [1]
    assert os.listdir(target.parent) == ["datos.json"]


def test_write_json_that_fails_keeps_the_old_file_and_leaves_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "datos.json"
    write_json(target, {"antes": True})
    with pytest.raises(TypeError):
        write_json(target, {"no serializable": object()})
    assert json.loads(target.read_text()) == {"antes": True}
    assert os.listdir(tmp_path) == ["datos.json"]
