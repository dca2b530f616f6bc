"""The lesson-format reference (every action and check with its parameters), generated from
the registries so it can never drift from the code. ``scripts/gen_reference.py`` writes it."""

from __future__ import annotations

from typing import Any

from dockerlab.kinds.all import ACTIONS, CHECKS, MODULES
from dockerlab.kinds.base import TYPE_NAMES, Registry

GUIDE_START = "<!-- campos y tipos: generado por scripts/gen_reference.py, no lo edites a mano -->"
GUIDE_END = "<!-- fin de lo generado -->"

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


def _fields(title: str, fields: dict[str, tuple[bool, str, str]]) -> list[str]:
    lines = [f"### {title}", "", "| campo | obligatorio | por defecto | qué es |", "|---|---|---|---|"]
    for name, (required, default, doc) in fields.items():
        lines.append(f"| `{name}` | {'sí' if required else 'no'} | {default} | {doc} |")
    return [*lines, ""]


def guide_block() -> str:
    """Every field and every kind, for the authoring guide (kinds grouped by their noun)."""
    from dockerlab.course.catalog import LESSON_FIELD_DOCS, STEP_FIELD_DOCS

    lines = [GUIDE_START, "", *_fields("Lección", LESSON_FIELD_DOCS), *_fields("Paso", STEP_FIELD_DOCS)]
    lines += ["### Todos los tipos de acción y verificación", ""]
    lines += ["| módulo | acciones (`solve`, `cleanup`) | verificaciones (`checks`) |", "|---|---|---|"]
    for module in MODULES:
        noun = module.__name__.rsplit(".", 1)[-1]
        acts = ", ".join(f"`{k.name}`" for k in module.actions) or "—"
        chks = ", ".join(f"`{k.name}`" for k in module.checks) or "—"
        lines.append(f"| {noun} | {acts} | {chks} |")
    return "\n".join([*lines, "", GUIDE_END])


def update_guide(text: str) -> str:
    """The guide with its generated block replaced (the block must already be there)."""
    before, _, rest = text.partition(GUIDE_START)
    _, _, after = rest.partition(GUIDE_END)
    return before + guide_block() + after
