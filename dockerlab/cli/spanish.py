"""Spanish help and usage errors for Typer/click, whose own strings are English."""

from __future__ import annotations

import re
from typing import Any

import typer
import typer.rich_utils as rich_utils
from typer.core import TyperCommand, TyperGroup

HELP_TEXT = "Muestra esta ayuda y sale."
COMPLETION_HELP = {
    "install_completion": "Instala el autocompletado para tu shell actual.",
    "show_completion": "Muestra el script de autocompletado para copiarlo o adaptarlo.",
}

_ERRORS = (
    (r"^No such option: (.*)$", r"No existe la opción \1."),
    (r"^No such command '([^']*)'\. Did you mean '([^']*)'\?$",
     r"No existe el comando «\1». ¿Querías decir «\2»?"),
    (r"^No such command '(.*)'\.?$", r"No existe el comando «\1». Mira «dockerlab --help»."),
    (r"^Missing argument '(.*)'\.?$", r"Falta el argumento \1."),
    (r"^Missing option '(.*)'\.?$", r"Falta la opción \1."),
    (r"^Got unexpected extra arguments? \((.*)\)$", r"Sobra(n) argumento(s): \1."),
    (r"^Option '(.*)' requires an argument\.?$", r"La opción \1 necesita un valor."),
    (r"^Invalid value for (.*?): (.*)$", r"Valor no válido para \1: \2"),
    (r"^Missing command\.?$", "Falta el comando."),
)


def translate_error(message: str) -> str:
    for pattern, replacement in _ERRORS:
        if re.match(pattern, message, flags=re.DOTALL):
            return re.sub(pattern, replacement, message, flags=re.DOTALL)
    return message


class _Spanish:
    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix="Uso: ")

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_TEXT
        return option


class SpanishCommand(_Spanish, TyperCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["options_metavar"] = "[OPCIONES]"
        super().__init__(*args, **kwargs)


class SpanishGroup(_Spanish, TyperGroup):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["options_metavar"] = "[OPCIONES]"
        kwargs["subcommand_metavar"] = "COMANDO [ARGUMENTOS]..."
        super().__init__(*args, **kwargs)


def localise(command: Any) -> Any:
    """Spanish help for the options Typer adds on its own (shell completion)."""
    for param in command.params:
        if param.name in COMPLETION_HELP:
            param.help = COMPLETION_HELP[param.name]
    return command


def install() -> None:
    """Spanish titles for Typer's rich help and error panels."""
    rich_utils.ARGUMENTS_PANEL_TITLE = "Argumentos"
    rich_utils.OPTIONS_PANEL_TITLE = "Opciones"
    rich_utils.COMMANDS_PANEL_TITLE = "Comandos"
    rich_utils.ERRORS_PANEL_TITLE = "Error"
    rich_utils.ABORTED_TEXT = "Cancelado."
    rich_utils.DEFAULT_STRING = "[por defecto: {}]"
    rich_utils.ENVVAR_STRING = "[variable de entorno: {}]"
    rich_utils.REQUIRED_LONG_STRING = "[obligatorio]"
    rich_utils.RICH_HELP = "Prueba [blue]'{command_path} {help_option}'[/] para ver la ayuda."


def new_app(**kwargs: Any) -> typer.Typer:
    return typer.Typer(cls=SpanishGroup, **kwargs)
