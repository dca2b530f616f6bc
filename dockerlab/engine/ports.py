"""Who publishes a port of this machine: asked when a port is busy (settings), when a web
check gets no answer (web) and when an error says «port is already allocated» (explain)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dockerlab.engine.gateway import Engine
    from dockerlab.engine.types import ContainerInfo


def publishers(engine: Engine) -> dict[int, list[ContainerInfo]]:
    """Host port → the running containers that publish it (usually one; IPv4 and IPv6
    bindings of the same container count once)."""
    found: dict[int, list[ContainerInfo]] = {}
    for container in engine.containers(status="running"):
        for port in sorted(container.host_ports):
            found.setdefault(port, []).append(container)
    return found
