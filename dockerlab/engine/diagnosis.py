"""The catalogue of Docker failures learners meet, each explained in Spanish with its fix.

Pure matching on the text Docker produced (an SDK exception, the API's message, or CLI
output a learner pastes into ``dockerlab explain``), so one table serves the engine
gateway, the tutor and the tests. Facts that need the engine (which container holds a
port, the image's architecture…) are added by :mod:`dockerlab.engine.facts`.

An entry only matches words Docker really prints; a message no entry recognises gets
``None``, never a guess. The entries live in :mod:`dockerlab.engine.failures`, by area.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Mapping
from typing import Any

from dockerlab.engine.failures import build, containers, orchestration, registry, tools
from dockerlab.engine.failures.entry import Diagnosis, Entry, Other, clean, fields

__all__ = [
    "CODES",
    "ENTRIES",
    "Diagnosis",
    "Entry",
    "Other",
    "describe",
    "diagnose",
    "diagnose_failure",
    "fields",
]

# Order matters: on one line, the first matching entry wins, so specific messages go first.
ENTRIES: tuple[Entry, ...] = (
    *tools.ENTRIES,
    *orchestration.ENTRIES,
    *registry.ENTRIES,
    *containers.ENTRIES,
    *build.ENTRIES,
)
CODES: tuple[str, ...] = tuple(entry.code for entry in ENTRIES)
_BY_CODE: dict[str, Entry] = {entry.code: entry for entry in ENTRIES}

# Lines that only set the scene: a warning, or the «not here, pulling…» before a pull.
# Compose, BuildKit and «docker build» prefixes may come first.
_PRELUDE = re.compile(
    r"^(?:#\d+ \d+\.\d+ |[\w.-]+\s+\|\s?|\s*)"
    r"(WARN(ING)?\b|W\d{4}|level=warn|Unable to find image '[^']*' locally)",
    re.IGNORECASE,
)
MAX_OTHERS = 5
MAX_LINE = 2_000  # characters of one line that are read: its start and its end


def _short_lines(text: str) -> str:
    """Very long lines (a progress bar redrawn without newlines…) cut in the middle: the
    error is at a line's start or its end."""
    half = MAX_LINE // 2
    return "\n".join(
        line if len(line) <= MAX_LINE else f"{line[:half]} … {line[-half:]}" for line in text.split("\n")
    )


@dataclasses.dataclass(frozen=True)
class _Hit:
    line: int
    index: int  # the entry's place in the catalogue
    match: re.Match[str]

    @property
    def entry(self) -> Entry:
        return ENTRIES[self.index]


def _hits(text: str) -> list[_Hit]:
    """The first entry (in catalogue order) that recognises each line, line by line."""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    best: dict[int, _Hit] = {}
    for index, entry in enumerate(ENTRIES):
        if not entry.applies(text):
            continue
        for pattern in entry.patterns:
            for found in pattern.finditer(text):
                line = bisect.bisect_right(starts, found.start()) - 1
                if line not in best or best[line].index > index:
                    best[line] = _Hit(line, index, found)
    return [best[line] for line in sorted(best)]


def _line(text: str, hit: _Hit) -> str:
    start = text.rfind("\n", 0, hit.match.start()) + 1
    end = text.find("\n", hit.match.start())
    return text[start : end if end >= 0 else len(text)].strip()


def diagnose(message: str) -> Diagnosis | None:
    """The explanation for a Docker message, or None when we do not recognise it.

    In a paste with several failures, the first error line is explained (warnings and
    «Unable to find image … locally» yield to any error) and the others are listed."""
    text = _short_lines(clean(message))
    hits = _hits(text)
    if not hits:
        return None
    errors = [h for h in hits if not h.entry.warning and not _PRELUDE.match(_line(text, h))]
    primary = (errors or hits)[0]
    found = primary.entry.render(primary.entry.details(primary.match, text))
    others: list[Other] = []
    for hit in hits:
        if hit.entry.code != found.code and all(o.code != hit.entry.code for o in others):
            others.append(Other(hit.entry.code, hit.entry.title, _line(text, hit)[:200]))
    return dataclasses.replace(found, others=tuple(others[:MAX_OTHERS]))


def diagnose_failure(output: str) -> Diagnosis | None:
    """The cause of a command that failed, read in its output: like :func:`diagnose`, but a
    warning (compose.yaml's obsolete «version», a platform that is emulated) is never the
    cause of a failure, so it alone gives None."""
    found = diagnose(output)
    return None if found is None or found.warning else found


def describe(code: str, **details: Any) -> Diagnosis:
    """The catalogue's explanation for ``code``, for failures seen in the engine's state
    rather than in a message (an exit code, an architecture that does not match…)."""
    return _BY_CODE[code].render({k: str(v) for k, v in details.items() if v})


def redescribe(found: Diagnosis, extra: Mapping[str, str]) -> Diagnosis:
    """``found`` told again with more details (a free port, the container's state…)."""
    if not extra:
        return found
    again = _BY_CODE[found.code].render({**found.details, **extra})
    return dataclasses.replace(again, others=found.others)


def diagnose_exit(exit_code: int, output: str) -> Diagnosis | None:
    """Explain how a container ended, from its exit code and what it printed."""
    found = diagnose(output)
    if found is not None and found.code in ("wrong_arch", "command_not_found", "command_not_executable"):
        return found
    if exit_code in (126, 127, 137):
        return diagnose(f"exit code {exit_code}")
    return None
