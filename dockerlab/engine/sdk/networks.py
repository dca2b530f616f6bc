"""Networks on the engine."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import docker
import docker.errors

from dockerlab.engine.sdk.errors import mapped
from dockerlab.engine.types import NetworkInfo


class NetworkCalls:
    """``docker network inspect/ls/create/rm/connect``."""

    _api: Any

    def network(self, name: str) -> NetworkInfo | None:
        with mapped(f"consultar la red {name}"):
            try:
                attrs = self._api.inspect_network(name)
            except docker.errors.NotFound:
                return None
        attached = (attrs.get("Containers") or {}).values()
        return NetworkInfo(
            id=str(attrs.get("Id", "")),
            name=str(attrs.get("Name", name)),
            driver=str(attrs.get("Driver", "")),
            labels=dict(attrs.get("Labels") or {}),
            containers=tuple(sorted(str(c.get("Name", "")) for c in attached)),
        )

    def network_names(self) -> list[str]:
        with mapped("listar las redes"):
            rows = self._api.networks()
        return sorted(str(n["Name"]) for n in rows)

    def create_network(self, name: str, labels: Mapping[str, str], driver: str = "bridge") -> None:
        with mapped(f"crear la red {name}"):
            self._api.create_network(name, driver=driver, labels=dict(labels))

    def remove_network(self, name: str) -> None:
        with mapped(f"eliminar la red {name}"):
            self._api.remove_network(name)

    def connect_network(self, network: str, container: str, aliases: list[str] | None = None) -> None:
        with mapped(f"conectar {container} a la red {network}"):
            self._api.connect_container_to_network(container, network, aliases=list(aliases or []) or None)
