"""How to install or start Docker on the learner's system, with the official page for it.

Pure data from what :mod:`platform` and ``/etc/os-release`` say, so ``doctor`` and ``start``
can tell a learner with no engine exactly what to do on *their* machine.
"""

from __future__ import annotations

import platform
from dataclasses import dataclass
from pathlib import Path

DOCS = "https://docs.docker.com"
# Linux distributions with their own page in Docker's install guide (os-release ID → page).
LINUX_PAGES = {
    "ubuntu": "ubuntu",
    "debian": "debian",
    "fedora": "fedora",
    "centos": "centos",
    "rhel": "rhel",
    "sles": "sles",
    "raspbian": "raspberry-pi-os",
}


@dataclass(frozen=True)
class InstallAdvice:
    system: str  # what we detected, in the learner's words
    install: str  # how to install Docker there
    start: str  # how to start the engine once installed
    url: str  # the official install page


def _os_release_id(path: Path = Path("/etc/os-release")) -> str:
    try:
        for line in path.read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition("=")
            if key == "ID":
                return value.strip().strip('"').lower()
    except OSError:
        pass
    return ""


def advice(system: str | None = None, release: str | None = None, distro: str | None = None) -> InstallAdvice:
    """The advice for this machine; the arguments replace what would be detected."""
    system = system if system is not None else platform.system()
    release = release if release is not None else platform.release()
    if system == "Darwin":
        return InstallAdvice(
            "macOS",
            "Instala Docker Desktop para Mac (elige Apple Silicon o Intel según tu equipo).",
            "Abre Docker Desktop desde Aplicaciones y espera a que diga «Engine running».",
            f"{DOCS}/desktop/setup/install/mac-install/",
        )
    if system == "Windows":
        return InstallAdvice(
            "Windows",
            "Instala Docker Desktop para Windows con el motor WSL 2 (el instalador lo activa).",
            "Abre Docker Desktop desde el menú Inicio y espera a que diga «Engine running».",
            f"{DOCS}/desktop/setup/install/windows-install/",
        )
    if "microsoft" in release.lower():
        return InstallAdvice(
            "Linux dentro de WSL 2 (Windows)",
            "Instala Docker Desktop en Windows y activa la integración con tu distribución WSL "
            "(Settings → Resources → WSL integration).",
            "Abre Docker Desktop en Windows; tu terminal de WSL usará su motor.",
            f"{DOCS}/desktop/features/wsl/",
        )
    distro = distro if distro is not None else _os_release_id()
    page = LINUX_PAGES.get(distro)
    return InstallAdvice(
        f"Linux ({distro})" if distro else "Linux",
        "Instala Docker Engine con los paquetes oficiales de tu distribución (o Docker Desktop "
        "para Linux); después añade tu usuario al grupo docker («sudo usermod -aG docker $USER») "
        "y abre una sesión nueva.",
        "Arranca el motor: «sudo systemctl start docker» (o «sudo service docker start»).",
        f"{DOCS}/engine/install/{page}/" if page else f"{DOCS}/engine/install/",
    )
