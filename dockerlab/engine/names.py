"""Docker's own rules for the names of the objects it creates."""

from __future__ import annotations

import re

# A named volume (the engine's rule; a name with «/» in «-v» is a bind mount instead).
VOLUME_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]+$")
