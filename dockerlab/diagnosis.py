"""Explain Docker error messages in Spanish: what happened and how to fix it.

Pure string matching on the engine's message (and HTTP status when there is one), so the
same table serves SDK exceptions, CLI output a learner pastes, and tests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Diagnosis:
    code: str
    message: str
    fix: str


@dataclass(frozen=True)
class _Entry:
    code: str
    pattern: re.Pattern[str]
    message: str
    fix: str


def _entry(code: str, pattern: str, message: str, fix: str) -> _Entry:
    return _Entry(code, re.compile(pattern, re.IGNORECASE | re.DOTALL), message, fix)


_START_DOCKER = (
    "Arranca el motor: en Linux «sudo systemctl start docker» (o «sudo service docker start»); "
    "en macOS y Windows abre Docker Desktop y espera a que diga «Engine running»."
)

# Order matters: the first matching entry wins, so specific messages go first.
ENTRIES: tuple[_Entry, ...] = (
    _entry(
        "permission_denied",
        r"permission denied.*docker\.sock|PermissionError|connect: permission denied",
        "No tienes permiso para usar el socket del motor Docker.",
        "En Linux añade tu usuario al grupo docker («sudo usermod -aG docker $USER») y abre una "
        "sesión nueva (o ejecuta «newgrp docker»). En macOS/Windows, reinicia Docker Desktop.",
    ),
    _entry(
        "daemon_down",
        r"FileNotFoundError|No such file or directory|Cannot connect to the Docker daemon"
        r"|is the docker daemon running|Connection refused|ConnectionRefused"
        r"|The system cannot find the file specified|pipe/docker_engine",
        "El motor Docker no responde: no está en marcha o no escucha donde lo buscamos.",
        _START_DOCKER,
    ),
    _entry(
        "name_conflict",
        r'Conflict\. The container name "?/?([\w.-]+)"? is already in use',
        "Ya existe un contenedor con ese nombre; Docker no permite dos con el mismo nombre.",
        "Elimina el anterior («docker rm NOMBRE», «docker rm -f NOMBRE» si sigue en marcha) "
        "o usa otro nombre con «--name».",
    ),
    _entry(
        "port_in_use",
        r"port is already allocated|address already in use|bind: Only one usage",
        "El puerto del anfitrión que pediste ya está ocupado (por otro contenedor o un programa).",
        "Mira quién lo usa («docker ps» muestra los puertos de los contenedores) y detén ese "
        "contenedor, o publica en otro puerto: «-p 8080:80» en lugar de «-p 80:80».",
    ),
    _entry(
        "pull_denied",
        r"pull access denied|repository does not exist|requested access to the resource is denied",
        "Docker no encuentra esa imagen en el registro (o es privada).",
        "Revisa el nombre y la etiqueta (¿«ubuntu:latest» o «ubunto»?). Búscala con "
        "«docker search NOMBRE» o en hub.docker.com; si es privada, «docker login».",
    ),
    _entry(
        "manifest_unknown",
        r"manifest for .* not found|manifest unknown",
        "Esa etiqueta no existe para la imagen pedida.",
        "Comprueba la etiqueta (lo que va tras «:»); en Docker Hub verás las disponibles.",
    ),
    _entry(
        "no_network",
        r"dial tcp.*(no such host|i/o timeout|network is unreachable)|Temporary failure in name "
        r"resolution|TLS handshake timeout|net/http: request canceled|registry-1\.docker\.io",
        "El motor no puede conectar con el registro de imágenes (Docker Hub): no hay red o no llega.",
        "Comprueba tu conexión (¿Wi-Fi, VPN o proxy?). En un taller, pide al instructor el paquete "
        "de imágenes y cárgalo con «docker load -i paquete.tar».",
    ),
    _entry(
        "image_not_found",
        r"No such image|image not known|Unable to find image|image .* not found",
        "La imagen no existe en tu máquina.",
        "Constrúyela («docker build -t NOMBRE .») o descárgala («docker pull NOMBRE»); "
        "«docker images» lista las que tienes.",
    ),
    _entry(
        "container_running",
        r"cannot remove .*container is running|You cannot remove a running container"
        r"|stop the container before attempting removal",
        "No se puede borrar un contenedor que está en marcha.",
        "Detenlo primero con «docker stop NOMBRE» (o fuerza con «docker rm -f NOMBRE»).",
    ),
    _entry(
        "image_in_use",
        r"image is being used by (running|stopped)? ?container|conflict: unable to (delete|remove)",
        "No se puede borrar la imagen: algún contenedor (aunque esté detenido) la usa.",
        "Borra antes esos contenedores: «docker ps -a --filter ancestor=IMAGEN» los muestra y "
        "«docker rm NOMBRE» los elimina.",
    ),
    _entry(
        "no_such_container",
        r"No such container",
        "No existe ningún contenedor con ese nombre.",
        "«docker ps -a» lista todos los contenedores, también los detenidos.",
    ),
    _entry(
        "not_a_tty",
        r"the input device is not a TTY",
        "Pediste una sesión interactiva (-it) pero no hay una terminal conectada.",
        "Ejecuta el comando en una terminal normal, o quita «-t» si lo lanzas desde un script.",
    ),
)


def diagnose(message: str) -> Diagnosis | None:
    """The explanation for an engine message, or None when we do not recognise it."""
    for entry in ENTRIES:
        if entry.pattern.search(message):
            return Diagnosis(entry.code, entry.message, entry.fix)
    return None
