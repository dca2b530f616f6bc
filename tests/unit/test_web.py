"""The JSON comparison behind the ``http`` check. The check and the ``http_request`` action
run against servers in real containers: tests/engine/test_web_real.py."""

from __future__ import annotations

from dockerlab.kinds.web import subset


def test_subset() -> None:
    assert subset({"a": {"b": 1}}, {"a": {"b": 1, "c": 2}, "d": 3})
    assert not subset({"a": [1]}, {"a": [1, 2]})
    assert not subset({"a": 1}, [1])


def test_a_definite_answer_is_final() -> None:
    from dockerlab.kinds.web import Reply, final

    wrong = Reply(200, '{"mensaje": "viejo"}')
    assert not final(wrong, None, 200)  # the first wrong body may be a reload in progress
    assert final(wrong, Reply(200, '{"mensaje": "viejo"}'), 200)  # the same twice in a row
    assert not final(wrong, Reply(200, '{"mensaje": "otro"}'), 200)
    assert not final(wrong, Reply(0, "", "Connection refused"), 200)
    assert final(Reply(403, "Forbidden"), None, 200)  # refused credentials: at once
    assert not final(Reply(403, "Forbidden"), None, 403)  # …unless 403 is what is expected
    assert not final(Reply(0, "", "Connection refused"), Reply(0, "", "Connection refused"), 200)
