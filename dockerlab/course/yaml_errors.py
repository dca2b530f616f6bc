"""PyYAML's syntax errors, explained in Spanish with their most likely cause.

An author who writes ``command: docker run -e A: b …`` gets «mapping values are not allowed
here» from PyYAML; what they need to read is that the text has a «: » and must be quoted.
"""

from __future__ import annotations

import re

import yaml

QUOTE = 'ponlo entre comillas, p. ej. {key}: "…"'
# (what PyYAML says, what it most likely means); the first match wins.
CAUSES: tuple[tuple[str, str], ...] = (
    (
        "mapping values are not allowed",
        "aquí hay un «: » (dos puntos y espacio) dentro de un texto, y YAML cree que empieza "
        "otro campo. Si el texto lo lleva (un comando, una URL, una frase), " + QUOTE,
    ),
    (
        "tab character",
        "hay un tabulador: YAML solo admite espacios para sangrar. Cámbialo por espacios",
    ),
    (
        "found character '\\t'",
        "hay un tabulador: YAML solo admite espacios para sangrar. Cámbialo por espacios",
    ),
    (
        "found character '`'",
        "un texto no puede empezar por «`» sin comillas: " + QUOTE,
    ),
    (
        "found character '@'",
        "un texto no puede empezar por «@» sin comillas: " + QUOTE,
    ),
    (
        "found character '%'",
        "un texto no puede empezar por «%» sin comillas: " + QUOTE,
    ),
    (
        "found undefined alias",
        "un texto empieza por «*», que en YAML es una referencia: " + QUOTE,
    ),
    (
        "found unexpected end of stream",
        "una comilla se abre y no se cierra: revisa que cada texto entre comillas termine "
        "en la misma comilla",
    ),
    (
        "expected ',' or '}'",
        "un diccionario entre llaves {…} no se cierra o le falta una coma; si un valor lleva «,» "
        "o «:», " + QUOTE,
    ),
    (
        "expected ',' or ']'",
        "una lista entre corchetes […] no se cierra o le falta una coma; si un elemento lleva "
        "«,» o «:», " + QUOTE,
    ),
    (
        "did not find expected key",
        "la sangría no cuadra: los campos del mismo nivel deben empezar en la misma columna "
        "(o un texto que empieza con comillas sigue después de cerrarlas)",
    ),
    (
        "expected <block end>",
        "la sangría no cuadra: esta línea está más o menos sangrada que las de su mismo nivel",
    ),
    (
        "could not find expected ':'",
        "falta «:» tras el nombre de un campo, o la línea anterior es un texto que debería "
        "continuar sangrado (usa «|» para textos de varias líneas)",
    ),
    (
        "did not find expected '-' indicator",
        "la sangría no cuadra: un elemento de la lista no empieza por «- » o no está alineado con los demás",
    ),
    (
        "found duplicate anchor",
        "un texto empieza por «&», que en YAML es un ancla: " + QUOTE,
    ),
)
_KEY = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w-]*)\s*:")


def explain(exc: yaml.YAMLError, text: str) -> tuple[int, str]:
    """(line, Spanish message) for a YAML syntax error in ``text``."""
    mark = getattr(exc, "problem_mark", None)
    reason = str(getattr(exc, "problem", None) or exc).strip()
    opened = getattr(exc, "context_mark", None)
    if "end of stream" in reason and opened is not None:
        mark = opened  # an unclosed quote: where it was opened, not the end of the file
    line = mark.line + 1 if mark is not None else 0
    lines = text.splitlines()
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    found = _KEY.match(source)
    key = found.group(1) if found else "campo"
    if "cannot start any token" in reason and mark is not None and mark.column < len(source):
        char = source[mark.column]  # libyaml does not name the character; the line does
        reason += f" ({char!r})"
        if char == "\t":
            reason = "found character '\\t' that cannot start any token"
        else:
            cause = f"un texto no puede empezar por «{char}» sin comillas: " + QUOTE
            return line, f"YAML no válido: {cause.replace('{key}', key)}. (YAML dijo: {reason})"
    for said, cause in CAUSES:
        if said in reason:
            return line, f"YAML no válido: {cause.replace('{key}', key)}. (YAML dijo: {reason})"
    return line, f"YAML no válido: {reason}"
