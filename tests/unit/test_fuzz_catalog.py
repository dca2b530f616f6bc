"""Fuzz the lesson loader: random and mutated lesson YAML never produces anything but a list
of Problems (``check_file``) or a LessonError (``load_file``), never a crash.

Five generators: random text; random YAML documents; lesson-shaped documents with random
values (so the deep validation paths run); the shipped lessons' text with line and character
mutations; and the shipped lessons' data with random nodes replaced, removed or renamed.
``DOCKERLAB_FUZZ_EXAMPLES`` sets the examples per generator (default 300). The total is
printed at the end of the run and recorded in docs/errores.md.
"""

from __future__ import annotations

import copy
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dockerlab.course.catalog import Problem, check_file, lesson_files, load_file
from dockerlab.errors import LessonError
from dockerlab.kinds.all import ACTIONS, CHECKS

EXAMPLES = int(os.environ.get("DOCKERLAB_FUZZ_EXAMPLES", "300"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
EXAMPLE_FILES = Path(__file__).resolve().parents[2] / "examples"  # what lessons' workdirs point at
SHIPPED = [path.read_text(encoding="utf-8") for path in lesson_files()]
SHIPPED_DATA = [yaml.safe_load(text) for text in SHIPPED]
Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when present: 10× faster


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False)


COUNT: Counter[str] = Counter()


@pytest.fixture(scope="module")
def target(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Iterator[Path]:
    """Where each case is written: lessons/ next to a link to the real examples/, so the
    shipped lessons' «workdir: ../examples/…» resolves and the valid paths are reached."""
    base = tmp_path_factory.mktemp("fuzz")
    (base / "lessons").mkdir()
    (base / "examples").symlink_to(EXAMPLE_FILES, target_is_directory=True)
    failed_before = request.session.testsfailed
    yield base / "lessons" / "mutada.yaml"
    total = sum(COUNT.values())
    failed = request.session.testsfailed - failed_before  # this module's failed tests
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None and total:
        detail = ", ".join(f"{name}: {n}" for name, n in sorted(COUNT.items()))
        verdict = {0: "sin un solo fallo", 1: "1 prueba falló"}.get(failed, f"{failed} pruebas fallaron")
        with capture.global_and_fixture_disabled():
            reporter.write_line(f"\nfuzz del cargador de lecciones: {total} casos, {verdict} ({detail})")


def survives(path: Path, text: str | bytes, generator: str) -> None:
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
    else:
        path.write_bytes(text)
    lesson, problems = check_file(path)  # must not raise
    assert (lesson is None) == bool(problems)
    for problem in problems:
        assert isinstance(problem, Problem) and problem.message and str(problem)
    if lesson is not None:
        assert lesson.steps and all(step.checks for step in lesson.steps)
        assert all(spec.kind in ACTIONS for step in lesson.steps for spec in step.solve)
        assert all(spec.kind in CHECKS for step in lesson.steps for spec in step.checks)
    if COUNT[generator] % 10 == 0:  # load_file parses again: a sample is enough
        try:
            load_file(path)
        except LessonError as exc:
            assert lesson is None and exc.message
        else:
            assert lesson is not None
    COUNT[generator] += 1


# -- generators ------------------------------------------------------------------------------
scalars = (
    st.none()
    | st.booleans()
    | st.integers(-10, 10**12)
    | st.floats(allow_nan=True)
    | st.text(max_size=40)
    | st.sampled_from(["", "..", "../../etc/passwd", "~", "*", "!!python/object", "1.0", "yes", "null"])
)
yaml_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12) | st.integers(), inner, max_size=4)
    ),
    max_leaves=25,
)
kinds = st.sampled_from([*ACTIONS.names(), *CHECKS.names(), "shell", "exec", "", "run "])
params = st.dictionaries(
    st.sampled_from(
        [
            "name",
            "image",
            "tag",
            "context",
            "command",
            "ports",
            "accept",
            "timeout",
            "detach",
            "argv",
            "value",
            "dockerfile",
            "otro",
        ]
    ),
    yaml_values,
    max_size=4,
)
specs = st.lists(
    st.one_of(st.dictionaries(kinds, params | scalars, min_size=1, max_size=2), kinds, scalars), max_size=3
)
steps = st.lists(
    st.fixed_dictionaries(
        {
            "id": st.sampled_from(["paso", "Paso 1", "", "a-b", "x" * 50]) | scalars,
            "title": st.text(max_size=20) | scalars,
            "explain": st.text(max_size=20) | scalars,
        },
        optional={
            "command": scalars,
            "solve": specs | scalars,
            "checks": specs | scalars,
            "hints": st.lists(scalars, max_size=3) | scalars,
            "question": st.dictionaries(
                st.sampled_from(["prompt", "choices", "otro"]), yaml_values, max_size=3
            )
            | scalars,
            "desconocido": scalars,
        },
    ),
    max_size=3,
)
lessons = st.fixed_dictionaries(
    {
        "format_version": st.sampled_from([1, 0, 2, 99, -1, "1", True, None, 1.5]),
        "id": st.sampled_from(["mi-leccion", "Mi Lección", "", "x" * 60]) | scalars,
        "title": st.text(max_size=20) | scalars,
        "steps": steps | scalars,
    },
    optional={
        "summary": scalars,
        "workdir": scalars
        | st.sampled_from(["../examples/basico", "../../..", "/etc", "../examples/no-existe", "\x00"]),
        "images": st.lists(scalars, max_size=3) | scalars,
        "requires": yaml_values,
        "cleanup": specs | scalars,
        "extra": yaml_values,
    },
)


@st.composite
def mutated_text(draw: st.DrawFn) -> str:
    lines = draw(st.sampled_from(SHIPPED)).splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 6))):
        if not lines:
            break
        at = draw(st.integers(0, len(lines) - 1))
        operation = draw(
            st.sampled_from(
                ["delete", "duplicate", "swap", "insert", "chars", "indent", "truncate", "replace"]
            )
        )
        line = lines[at]
        if operation == "delete":
            del lines[at]
        elif operation == "duplicate":
            lines.insert(at, line)
        elif operation == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], line
        elif operation == "insert":
            lines.insert(at, draw(st.text(max_size=30)) + "\n")
        elif operation == "chars":
            cut = draw(st.integers(0, len(line)))
            lines[at] = line[:cut] + draw(st.text(max_size=5)) + line[cut + draw(st.integers(0, 3)) :]
        elif operation == "indent":
            lines[at] = draw(st.sampled_from(["", " ", "  ", "\t", "      "])) + line.lstrip()
        elif operation == "truncate":
            lines = lines[:at]
        else:  # swap a value for one of YAML's surprises
            key, colon, _ = line.partition(":")
            if colon:
                lines[at] = (
                    key
                    + ": "
                    + draw(
                        st.sampled_from(
                            [
                                "",
                                "~",
                                "[]",
                                "{}",
                                "yes",
                                "0x1F",
                                "2024-01-01",
                                "&a x",
                                "*a",
                                "|",
                                "'",
                                "!!binary aGk=",
                                "!!python/object/apply:os.system ['true']",
                                "[1, [2",
                            ]
                        )
                    )
                )
                lines[at] += "\n"
    return "".join(lines)


def _paths(data: Any, here: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield here
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, here + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _paths(value, here + (index,))


@st.composite
def mutated_data(draw: st.DrawFn) -> str:
    data = copy.deepcopy(draw(st.sampled_from(SHIPPED_DATA)))
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(list(_paths(data))))
        if not path:
            continue
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        last = path[-1]
        operation = draw(st.sampled_from(["replace", "remove", "rename", "wrap"]))
        if operation == "replace":
            parent[last] = draw(yaml_values)
        elif operation == "remove":
            del parent[last]
        elif operation == "rename" and isinstance(parent, dict):
            parent[draw(st.text(max_size=10))] = parent.pop(last)
        else:
            parent[last] = [parent[last]]
    return dump(data)


# -- the properties --------------------------------------------------------------------------
@FUZZ
@given(st.text(max_size=400) | st.binary(max_size=400))
def test_random_text(target: Path, text: str | bytes) -> None:
    survives(target, text, "texto al azar")


@FUZZ
@given(yaml_values)
def test_random_yaml(target: Path, data: Any) -> None:
    survives(target, dump(data), "YAML al azar")


@FUZZ
@given(lessons)
def test_lesson_shaped_documents(target: Path, data: dict[str, Any]) -> None:
    survives(target, dump(data), "con forma de lección")


@FUZZ
@given(mutated_text())
def test_shipped_lessons_with_text_mutations(target: Path, text: str) -> None:
    survives(target, text, "lecciones mutadas (texto)")


@FUZZ
@given(mutated_data())
def test_shipped_lessons_with_data_mutations(target: Path, text: str) -> None:
    survives(target, text, "lecciones mutadas (datos)")


def test_shipped_lessons_themselves_load(target: Path) -> None:
    for text in SHIPPED:
        target.write_text(text, encoding="utf-8")
        lesson, problems = check_file(target)
        assert lesson is not None, problems
