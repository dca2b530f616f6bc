"""Saluda a quien le pidas, con el saludo de la variable SALUDO, y dice quién lo ejecuta."""

import getpass
import os
import sys

nombre = sys.argv[1] if len(sys.argv) > 1 else "mundo"
saludo = os.environ.get("SALUDO", "Buenas")
print(f"{saludo}, {nombre} (versión 1, usuario {getpass.getuser()})")
