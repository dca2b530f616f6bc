"""Which shipped lessons a test names without saying so, for tests/conftest.py's groups.

A test in the parallel pass that uses a shipped lesson's objects (its containers, images,
ports) must run in that lesson's group, or another worker running the lesson meets them. The
group comes from the test's ``lesson_id``/``lesson`` parameter or its ``lessons(...)`` mark;
this module reads the test's own code for the lessons it names, so a test that names one and
forgot the mark stops the run at collection instead of failing now and then on a busy machine.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

LABEL = "io.dockerlab.lesson="


@cache
def _literals(function: Callable[..., Any]) -> frozenset[str]:
    """The strings in ``function``'s body: not its decorators (a parametrization's names),
    not a dictionary's keys («dockerfile»: a build parameter, not the lesson)."""
    try:
        source = textwrap.dedent(inspect.getsource(function))
    except (OSError, TypeError):
        return frozenset()
    definition = ast.parse(source).body[0]
    body = definition.body if isinstance(definition, ast.FunctionDef | ast.AsyncFunctionDef) else []
    nodes = [node for statement in body for node in ast.walk(statement)]
    keys = {id(key) for node in nodes if isinstance(node, ast.Dict) for key in node.keys}
    return frozenset(
        node.value
        for node in nodes
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in keys
    )


def named_lessons(function: Callable[..., Any], shipped: Iterable[str]) -> set[str]:
    """The shipped lesson ids ``function`` names: as a whole string («basico») or in the
    lesson label («io.dockerlab.lesson=basico»)."""
    texts = _literals(function)
    return {
        lesson
        for lesson in shipped
        if lesson in texts or any(text.startswith(LABEL + lesson) for text in texts)
    }
