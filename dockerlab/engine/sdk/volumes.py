"""Named volumes on the engine."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import docker
import docker.errors

from dockerlab.engine.sdk.errors import mapped
from dockerlab.engine.sdk.records import epoch
from dockerlab.engine.types import VolumeInfo


class VolumeCalls:
    """``docker volume inspect/ls/create/rm``."""

    _api: Any

    def volume(self, name: str) -> VolumeInfo | None:
        with mapped(f"consultar el volumen {name}"):
            try:
                attrs = self._api.inspect_volume(name)
            except docker.errors.NotFound:
                return None
        return VolumeInfo(
            name=str(attrs.get("Name", name)),
            driver=str(attrs.get("Driver", "")),
            labels=dict(attrs.get("Labels") or {}),
            mountpoint=str(attrs.get("Mountpoint", "")),
            created=epoch(attrs.get("CreatedAt")),
        )

    def volume_names(self) -> list[str]:
        with mapped("listar los volúmenes"):
            rows = (self._api.volumes() or {}).get("Volumes") or []
        return sorted(str(v["Name"]) for v in rows)

    def create_volume(self, name: str, labels: Mapping[str, str]) -> None:
        with mapped(f"crear el volumen {name}"):
            self._api.create_volume(name=name, labels=dict(labels))

    def remove_volume(self, name: str, force: bool = False) -> None:
        with mapped(f"eliminar el volumen {name}"):
            self._api.remove_volume(name, force=force)
