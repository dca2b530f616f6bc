"""The lesson-format reference (every action and check with its parameters), generated from
the registries so it can never drift from the code. ``scripts/gen_reference.py`` writes it."""

from __future__ import annotations

from typing import Any

from dockerlab.kinds.all import ACTIONS, CHECKS
from dockerlab.kinds.base import TYPE_NAMES, Registry

HEADER = """\
# Referencia de acciones y verificaciones

<!-- Generado por scripts/gen_reference.py a partir del código: no lo edites a mano. -->

Un paso de lección usa **acciones** en `solve` (lo que hace «Ejecútalo por mí») y
**verificaciones** en `checks` (lo que se comprueba en el motor). Cada una se escribe como un
diccionario con una sola clave, su tipo, y sus parámetros:

```yaml
solve:  [{build: {tag: mi_imagen, context: .}}]
checks: [{image_exists: {name: mi_imagen}}]
```
"""


def _section(title: str, registry: Registry[Any]) -> list[str]:
    lines = [f"## {title}", ""]
    for kind in registry:
        lines += [f"### `{kind.name}`", "", kind.doc, ""]
        if not kind.params:
            lines += ["Sin parámetros.", ""]
            continue
        lines += ["| parámetro | tipo | obligatorio | por defecto | qué es |", "|---|---|---|---|---|"]
        for param in kind.params:
            default = "—" if param.default is None else f"`{param.default}`"
            lines.append(
                f"| `{param.name}` | {TYPE_NAMES.get(param.type, param.type.__name__)} "
                f"| {'sí' if param.required else 'no'} | {default} | {param.doc} |"
            )
        lines.append("")
    return lines


def render() -> str:
    lines = [HEADER, *_section("Acciones", ACTIONS), *_section("Verificaciones", CHECKS)]
    return "\n".join(lines).rstrip() + "\n"
