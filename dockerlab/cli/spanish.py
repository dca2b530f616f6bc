"""Spanish help and usage errors for Typer/click, whose own strings are English."""

from __future__ import annotations

import re
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from dockerlab.cli import lazy

HELP_TEXT = "Muestra esta ayuda y sale."
COMPLETION_HELP = {
    "install_completion": "Instala el autocompletado para tu shell actual.",
    "show_completion": "Muestra el script de autocompletado para copiarlo o adaptarlo.",
}

RICH_TEXTS = {  # Typer's rich help and error panels
    "ARGUMENTS_PANEL_TITLE": "Argumentos",
    "OPTIONS_PANEL_TITLE": "Opciones",
    "COMMANDS_PANEL_TITLE": "Comandos",
    "ERRORS_PANEL_TITLE": "Error",
    "ABORTED_TEXT": "Cancelado.",
    "DEFAULT_STRING": "[por defecto: {}]",
    "ENVVAR_STRING": "[variable de entorno: {}]",
    "REQUIRED_LONG_STRING": "[obligatorio]",
    "RICH_HELP": "Prueba [blue]'{command_path} {help_option}'[/] para ver la ayuda.",
}

_ERRORS = (
    (r"^No such option: (.*)$", r"No existe la opción \1."),
    (
        r"^No such command '([^']*)'\. Did you mean '([^']*)'\?$",
        r"No existe el comando «\1». ¿Querías decir «\2»?",
    ),
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
    def format_help(self, ctx: Any, formatter: Any) -> None:
        install()  # Spanish panel titles before Typer renders its rich help
        super().format_help(ctx, formatter)  # type: ignore[misc]

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix="Uso: ")

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_TEXT
            _no_flag_type(option)
            lazy.pass_typed_values(option)  # built anew for every command run
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
    """Spanish help and messages for the options Typer adds on its own (shell completion);
    also keeps Pydantic out of start-up (see :mod:`dockerlab.cli.lazy`)."""
    for param in command.params:
        if param.name in COMPLETION_HELP:
            param.help = COMPLETION_HELP[param.name]
        if param.name == "install_completion":
            param.callback = _install_completion
    _no_flag_types(command)
    lazy.skip_pydantic_when_typed(command)
    return command


def _no_flag_types(command: Any) -> None:
    for param in command.params:
        _no_flag_type(param)
    for sub in getattr(command, "commands", {}).values():
        _no_flag_types(sub)


def _no_flag_type(param: Any) -> None:
    """Help lists flags without Typer's ``<bool>`` type column: a flag takes no value."""
    if getattr(param, "is_flag", False) and hasattr(param, "display_type_rich"):
        param.display_type_rich = lambda ctx: None


def _install_completion(ctx: Any, param: Any, value: Any) -> Any:
    """Typer's ``--install-completion``, reporting in Spanish."""
    if not value or ctx.resilient_parsing:
        return value
    from typer._completion_shared import install as install_script

    shell, path = install_script(shell=value) if isinstance(value, str) else install_script()
    typer.secho(f"Autocompletado para {shell} instalado en {path}", fg="green")
    typer.echo("Funciona en las terminales que abras a partir de ahora.")
    raise typer.Exit(0)


def install() -> Any:
    """Typer's rich help and error module, with Spanish titles (imported on first use)."""
    rich_utils = lazy.import_rich_utils()
    for name, text in RICH_TEXTS.items():
        setattr(rich_utils, name, text)
    return rich_utils


def new_app(**kwargs: Any) -> typer.Typer:
    return typer.Typer(cls=SpanishGroup, **kwargs)
