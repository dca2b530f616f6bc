"""«todavía no aparece (últimas líneas: …)» quotes whole lines (found walking fastapi: it
began «ss CTRL+C to quit)», the tail of uvicorn's «Press CTRL+C to quit»)."""

from __future__ import annotations

from dockerlab.kinds.containers import last_lines

UVICORN = """INFO:     Started server process [1]
INFO:     Waiting for application startup.
INFO:     Application startup complete.
INFO:     Uvicorn running on http://0.0.0.0:80 (Press CTRL+C to quit)
INFO:     172.17.0.1:42878 - "GET /docs HTTP/1.1" 200 OK
INFO:     172.17.0.1:42888 - "GET / HTTP/1.1" 200 OK
"""


def test_whole_lines_from_the_end_with_an_ellipsis_for_what_is_left_out() -> None:
    said = last_lines(UVICORN, 120)
    assert said == (
        '… INFO: 172.17.0.1:42878 - "GET /docs HTTP/1.1" 200 OK / '
        'INFO: 172.17.0.1:42888 - "GET / HTTP/1.1" 200 OK'
    )


def test_short_output_whole_and_no_output_said_so() -> None:
    assert last_lines("uno\ndos\n", 120) == "uno / dos"
    assert last_lines("\n", 120) == "sin salida"


def test_one_line_longer_than_the_room_keeps_its_end() -> None:
    assert last_lines("x" * 10 + " fin", 8) == "…xxx fin"
