"""One kind of Docker failure: the words that reveal it and its explanation in Spanish.

Values read from Docker's words (a container name, a port…) are cleaned of terminal codes
before they are shown, and quoted for the shell wherever they go into a command the learner
may copy: a container called ``$(rm -rf ~)`` is shown as ``'$(rm -rf ~)'``, never as
something a shell would run.
"""

from __future__ import annotations

import re
import shlex
import string
from collections.abc import Mapping
from dataclasses import dataclass, field

from dockerlab.plaintext import visible_text

# Placeholders a command in a fix shows when the real value is unknown («docker rm NOMBRE»).
_PLACEHOLDERS = {
    "name": "NOMBRE",
    "image": "IMAGEN",
    "command": "COMANDO",
    "port": "PUERTO",
    "free": "OTRO_PUERTO",
    "path": "RUTA",
    "container": "CONTENEDOR",
    "volume": "VOLUMEN",
    "network": "RED",
    "repo": "USUARIO/REPOSITORIO",
}
_QUOTED = frozenset(
    {
        "name",
        "image",
        "command",
        "context",
        "host",
        "path",
        "container",
        "volume",
        "network",
        "repo",
        "key",
        "official",
    }
)
_FORMAT = string.Formatter()
# C1 controls, bidirectional overrides and the BOM: invisible, and able to disguise a command.
_INVISIBLE = re.compile("[\x80-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
MAX_VALUE = 200  # characters of a name read from a paste


def clean(text: str) -> str:
    """Text as a terminal would show it: no colours, cursor codes, NUL bytes or other
    invisible characters; carriage-return redraws keep their last drawing."""
    return _INVISIBLE.sub("", visible_text(text.replace("\r\n", "\n")))


def clean_value(value: str) -> str:
    return clean(value).replace("\n", " ").replace("\t", " ").strip()[:MAX_VALUE]


@dataclass(frozen=True)
class Other:
    """Another failure seen in the same paste (after the one explained)."""

    code: str
    title: str
    line: str


@dataclass(frozen=True)
class Diagnosis:
    code: str
    title: str
    message: str
    fix: str
    details: Mapping[str, str] = field(default_factory=dict)
    facts: tuple[str, ...] = ()  # what was found out about this case (the port's owner…)
    warning: bool = False  # Docker only warned: the command went on
    others: tuple[Other, ...] = ()


class _Values(dict[str, str]):
    """``{name}`` is «value» or the entry's default phrase; ``{name_cli}`` is the value quoted
    for the shell (or a placeholder), for commands the learner copies."""

    def __init__(self, details: Mapping[str, str], defaults: Mapping[str, str]) -> None:
        super().__init__()
        self.details = details
        self.defaults = defaults

    def __missing__(self, key: str) -> str:
        if key.endswith("_cli"):
            base = key.removesuffix("_cli")
            value = self.details.get(base)
            return shlex.quote(value) if value else _PLACEHOLDERS.get(base, base.upper())
        if key in self.details:
            value = self.details[key]
            return f"«{value}»" if key in _QUOTED else value
        return self.defaults.get(key, key.upper())


def fields(template: str) -> set[str]:
    return {name.removesuffix("_cli") for _, name, _, _ in _FORMAT.parse(template) if name}


@dataclass(frozen=True)
class Entry:
    code: str
    title: str  # a short Spanish name for the failure (docs, «dockerlab explain --list»)
    patterns: tuple[re.Pattern[str], ...]  # each matches one line; named groups give details
    message: str  # templates: {name}, {port}… come from the details
    fix: str
    detected: str  # how dockerlab notices it, in Spanish (for the docs table)
    defaults: Mapping[str, str] = field(default_factory=dict)
    facts: tuple[str, ...] = ()  # shown only when every value they use is known
    warning: bool = False  # a warning: it yields to any error in the same paste
    requires: re.Pattern[str] | None = None  # must appear somewhere in the paste
    extra: tuple[re.Pattern[str], ...] = ()  # details read from other lines of the paste
    choose: str = ""  # the detail whose value picks a fix from ``fixes``
    fixes: Mapping[str, str] = field(default_factory=dict)

    def applies(self, text: str) -> bool:
        return self.requires is None or self.requires.search(text) is not None

    def details(self, found: re.Match[str], text: str) -> dict[str, str]:
        details = {k: clean_value(v) for k, v in found.groupdict().items() if v and clean_value(v)}
        for pattern in self.extra:
            more = pattern.search(text)
            if more is not None:
                for key, value in more.groupdict().items():
                    if value and key not in details and clean_value(value):
                        details[key] = clean_value(value)
        return details

    def render(self, details: Mapping[str, str]) -> Diagnosis:
        details = {k: clean_value(str(v)) for k, v in details.items() if v and clean_value(str(v))}
        values = _Values(details, self.defaults)
        facts = tuple(
            _FORMAT.vformat(fact, (), values) for fact in self.facts if fields(fact) <= set(details)
        )
        fix = self.fix
        chosen = details.get(self.choose, "").lower()
        for key in (chosen.removeprefix("docker "), chosen.split()[-1] if chosen else ""):
            if key in self.fixes:
                fix = self.fixes[key]
                break
        return Diagnosis(
            self.code,
            self.title,
            _FORMAT.vformat(self.message, (), values),
            _FORMAT.vformat(fix, (), values),
            dict(details),
            facts,
            self.warning,
        )


# Compose («api-1  | »), BuildKit («#8 0.512 ») and «docker build» («> [2/4] RUN …: »)
# put a prefix before the container's own words.
LINE_START = r"(?:^|^[\w.-]+\s+\|\s?|^#\d+ \d+\.\d+ )"


MAX_GAP = 300  # characters a «.*» in a pattern may skip


def bounded(pattern: str) -> str:
    """``pattern`` kept to one line and to linear time: no DOTALL and no negated class that
    crosses a newline (so words from unrelated lines never combine into a false match), and
    every «.*»/«.+» bounded (so a pasted line of 200 000 characters cannot make it crawl)."""
    pattern = re.sub(r"(?<!\\)\[\^", lambda _: r"[^\n", pattern)
    pattern = re.sub(r"(?<!\\)\.\*", lambda _: f".{{0,{MAX_GAP}}}", pattern)
    return re.sub(r"(?<!\\)\.\+", lambda _: f".{{1,{MAX_GAP}}}", pattern)


def entry(
    code: str,
    title: str,
    patterns: tuple[str, ...],
    message: str,
    fix: str,
    detected: str,
    *,
    facts: tuple[str, ...] = (),
    warning: bool = False,
    requires: str | None = None,
    extra: tuple[str, ...] = (),
    choose: str = "",
    fixes: Mapping[str, str] | None = None,
    **defaults: str,
) -> Entry:
    def compiled(items: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(bounded(p), re.IGNORECASE | re.MULTILINE) for p in items)

    return Entry(
        code,
        title,
        compiled(patterns),
        message,
        fix,
        detected,
        defaults,
        facts,
        warning,
        compiled((requires,))[0] if requires else None,
        compiled(extra),
        choose,
        dict(fixes or {}),
    )
