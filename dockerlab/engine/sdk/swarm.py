"""Swarm mode and its services (lesson orquestacion)."""

from __future__ import annotations

from typing import Any

from dockerlab.engine.sdk.errors import mapped
from dockerlab.engine.sdk.records import service_record
from dockerlab.engine.types import ServiceInfo, SwarmInfo


class SwarmCalls:
    """``docker info`` (its swarm part), ``docker service ls/inspect/rm``."""

    _api: Any

    def swarm(self) -> SwarmInfo:
        """This engine's place in a swarm (``docker info``), with its node's labels."""
        with mapped("consultar el modo swarm"):
            found = self._api.info().get("Swarm") or {}
            state = str(found.get("LocalNodeState") or "inactive")
            node_id = str(found.get("NodeID") or "")
            manager = bool(found.get("ControlAvailable"))
            labels: dict[str, str] = {}
            if state == "active" and manager and node_id:
                labels = dict((self._api.inspect_node(node_id).get("Spec") or {}).get("Labels") or {})
        return SwarmInfo(state, node_id, manager, labels)

    def service(self, name: str) -> ServiceInfo | None:
        """A swarm service by name (None without it, or outside swarm mode)."""
        if not self.swarm().manager:
            return None
        with mapped(f"consultar el servicio {name}"):
            rows = [s for s in self._api.services(filters={"name": name}) if s["Spec"]["Name"] == name]
            if not rows:
                return None
            tasks = self._api.tasks(filters={"service": rows[0]["ID"], "desired-state": "running"})
        return service_record(rows[0], tasks)

    def services(self, label: str | None = None) -> list[ServiceInfo]:
        if not self.swarm().manager:
            return []
        with mapped("listar los servicios"):
            rows = self._api.services(filters={"label": label} if label else None)
        return [service_record(row, []) for row in rows]

    def remove_service(self, name: str) -> None:
        with mapped(f"eliminar el servicio {name}"):
            self._api.remove_service(name)
