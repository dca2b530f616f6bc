"""The one writer of JSON documents (``--json`` of the query commands).

The rule, for every command: a query (list, progress, doctor, validate, selftest, prepare,
clean, report, explain) prints ONE JSON document, indented; a command that reports as it
goes (``lesson --auto``, ``check``, ``workshop run``) prints JSON Lines, one event per line
(:class:`dockerlab.ui.presenters.JsonPresenter`). Each shape is described by a JSON Schema
in ``dockerlab/schemas/``. Output is UTF-8 whatever the terminal's encoding.
"""

from __future__ import annotations

import json
import sys
from typing import Any


def write_document(data: Any) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a replaced stdout (tests): it takes text
        sys.stdout.write(text)
    else:
        buffer.write(text.encode("utf-8", errors="replace"))
        buffer.flush()
