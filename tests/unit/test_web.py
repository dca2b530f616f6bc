"""The JSON comparison behind the ``http`` check. The check and the ``http_request`` action
run against servers in real containers: tests/engine/test_web_real.py."""

from __future__ import annotations

from dockerlab.kinds.web import subset


def test_subset() -> None:
    assert subset({"a": {"b": 1}}, {"a": {"b": 1, "c": 2}, "d": 3})
    assert not subset({"a": [1]}, {"a": [1, 2]})
    assert not subset({"a": 1}, [1])
