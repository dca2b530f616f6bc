"""Options shared by many commands."""

from __future__ import annotations

from typing import Annotated

import typer

JsonOpt = Annotated[bool, typer.Option("--json", help="Salida en líneas JSON (para scripts).")]
PlainOpt = Annotated[bool, typer.Option("--plain", help="Texto sin colores ni recuadros.")]
