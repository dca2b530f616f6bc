"""The ``--json`` outputs that need the engine, checked against their shipped JSON Schemas:
one document for the queries, one valid event per line for a lesson run."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from helpers import dockerlab

from dockerlab.engine.provider import EngineProvider

pytestmark = [pytest.mark.lessons("primeros-pasos")]

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "dockerlab" / "schemas"


def schema(name: str) -> dict[str, object]:
    loaded: dict[str, object] = json.loads((SCHEMAS / f"{name}.schema.json").read_text("utf-8"))
    return loaded


def test_engine_queries_follow_their_schema(engines: EngineProvider) -> None:
    engines.get()
    for name, args in [
        ("doctor", ["doctor", "--json"]),
        ("clean", ["clean", "--dry-run", "--json"]),
        ("prepare", ["prepare", "--list", "--json"]),
        ("selftest", ["selftest", str(ROOT / "tests" / "data" / "catalogo" / "10-preguntas.yaml"), "--json"]),
    ]:
        done = dockerlab(*args)
        assert done.returncode in (0, 1), (args, done.stderr)  # prepare: 1 while images are missing
        jsonschema.validate(json.loads(done.stdout), schema(name))


def test_a_lesson_run_is_json_lines_of_valid_events(engines: EngineProvider) -> None:
    engines.get()
    done = dockerlab("lesson", "primeros-pasos", "--auto", "--json")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) > 10
    events = [json.loads(line) for line in lines]  # every line is one JSON object
    for event in events:
        jsonschema.validate(event, schema("event"))
    assert events[0]["event"] == "lesson_started" and events[-1]["event"] == "lesson_finished"
