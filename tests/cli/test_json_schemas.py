"""Every ``--json`` output follows the rule of ``dockerlab/ui/jsonout.py`` and the JSON Schema
shipped for it in ``dockerlab/schemas/`` (checked against the real output of the command)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from helpers import dockerlab

from dockerlab.tutor.progress import PASSED, ProgressStore

SCHEMAS = Path(__file__).resolve().parents[2] / "dockerlab" / "schemas"
LESSON = Path(__file__).resolve().parents[2] / "lessons" / "20-basico.yaml"


def schema(name: str) -> dict[str, object]:
    loaded: dict[str, object] = json.loads((SCHEMAS / f"{name}.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(loaded)
    return loaded


def document(*args: str) -> object:
    """The command's stdout, which must be exactly one JSON document."""
    done = dockerlab(*args)
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


def test_every_schema_is_valid_and_used() -> None:
    names = {p.name.removesuffix(".schema.json") for p in SCHEMAS.glob("*.schema.json")}
    assert names == {
        "list", "list-lesson", "progress", "doctor", "validate", "selftest", "prepare", "clean",
        "report", "explain", "explain-list", "event",
    }  # fmt: skip
    for name in names:
        schema(name)


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("list", ["list", "--json"]),
        ("list-lesson", ["list", "basico", "--json"]),
        ("validate", ["validate", str(LESSON), "--json"]),
        (
            "explain",
            ["explain", "--no-engine", "--json", "Bind for 0.0.0.0:80 failed: port is already allocated"],
        ),
        ("explain", ["explain", "--no-engine", "--json", "algo que nadie reconoce"]),
        ("explain-list", ["explain", "--list", "--json"]),
    ],
)
def test_query_documents_follow_their_schema(name: str, args: list[str]) -> None:
    jsonschema.validate(document(*args), schema(name))


def test_progress_export_feeds_the_class_report(tmp_path: Path) -> None:
    ProgressStore.open().record("basico", "construir", PASSED)
    exported = document("progress", "--json")
    jsonschema.validate(exported, schema("progress"))
    assert isinstance(exported, dict) and exported["lessons"][0]["id"] == "basico"  # a list, like list's
    export = tmp_path / "ana.json"
    export.write_text(json.dumps(exported), "utf-8")
    report = document("report", str(export), "--json")
    jsonschema.validate(report, schema("report"))
    assert isinstance(report, dict)
    [learner] = report["learners"]
    assert learner["done"]["basico"] == 1


def test_a_document_that_breaks_its_schema_is_caught() -> None:
    listed = document("list", "--json")
    assert isinstance(listed, dict)
    listed["lessons"][0].pop("workdir")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(listed, schema("list"))
