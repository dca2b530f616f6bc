"""Containers on the engine: look them up, run, wait for, exec into, stop and remove them."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import docker
import docker.errors
import requests.exceptions

from dockerlab.engine.sdk.errors import mapped
from dockerlab.engine.sdk.records import container_record
from dockerlab.engine.types import ContainerInfo
from dockerlab.errors import DockerlabError, EngineOperationError


class ContainerCalls:
    """``docker run``, ``docker ps``/``inspect``/``logs``/``exec``/``stop``/``rm``."""

    _api: Any

    def container(self, name: str) -> ContainerInfo | None:
        try:
            with mapped(f"consultar el contenedor {name}"):
                return container_record(self._api.inspect_container(name))
        except EngineOperationError as exc:
            if exc.code == "no_such_container":
                return None
            raise

    def containers(
        self,
        *,
        ancestor: str | None = None,
        label: str | None = None,
        status: str | None = None,
        volume: str | None = None,
    ) -> list[ContainerInfo]:
        """Every container (running or not) that matches all the filters given; ``volume``: the
        ones that mount that named volume."""
        filters: dict[str, Any] = {}
        if ancestor:
            filters["ancestor"] = ancestor
        if volume:
            filters["volume"] = volume
        if label:
            filters["label"] = label
        if status:
            filters["status"] = status
        with mapped("listar los contenedores"):
            rows = self._api.containers(all=True, filters=filters)
            found = []
            for row in rows:
                try:
                    found.append(container_record(self._api.inspect_container(row["Id"])))
                except docker.errors.NotFound:
                    continue  # removed between the listing and the inspection
        return found

    def exited_since(self, since: float) -> list[ContainerInfo]:
        """The stopped containers created since ``since``. The listing gives whole seconds,
        so only the containers of that second or later are inspected for the exact time."""
        with mapped("listar los contenedores detenidos"):
            rows = self._api.containers(all=True, filters={"status": "exited"})
            found = []
            for row in rows:
                if float(row.get("Created") or 0) < int(since):
                    continue
                try:
                    info = container_record(self._api.inspect_container(row["Id"]))
                except docker.errors.NotFound:
                    continue
                if info.created >= since:
                    found.append(info)
        return found

    def logs(self, container: str, tail: int | None = None) -> str:
        with mapped(f"leer la salida del contenedor {container}"):
            raw = self._api.logs(container, stdout=True, stderr=True, tail=tail or "all")
        return bytes(raw).decode("utf-8", errors="replace")

    def run(
        self,
        image: str,
        *,
        name: str | None,
        labels: Mapping[str, str],
        command: list[str] | str | None = None,
        ports: Mapping[str, Any] | None = None,
        volumes: Mapping[str, Any] | None = None,
        environment: Mapping[str, str] | None = None,
        auto_remove: bool = False,
        tty: bool = False,
        network: str | None = None,
        aliases: list[str] | None = None,
        restart: str | None = None,
    ) -> ContainerInfo:
        """Create and start a container (detached); like ``docker run -d``.

        ``volumes`` maps a host folder or a volume name to ``{"bind": …, "mode": …}``, as the
        SDK's binds do; ``network`` and ``aliases`` are ``--network`` and ``--network-alias``.
        """
        with mapped(f"crear el contenedor {name or ''} a partir de {image}".replace("  ", " ")):
            host_config = self._api.create_host_config(
                port_bindings=dict(ports or {}),
                binds=dict(volumes or {}),
                auto_remove=auto_remove,
                network_mode=network,
                restart_policy={"Name": restart} if restart else None,
            )
            networking = (
                self._api.create_networking_config(
                    {network: self._api.create_endpoint_config(aliases=list(aliases or []) or None)}
                )
                if network
                else None
            )
            created = self._api.create_container(
                image,
                command=command,
                name=name,
                labels=dict(labels),
                tty=tty,
                ports=[int(p.split("/")[0]) for p in (ports or {})],
                environment=dict(environment or {}),
                host_config=host_config,
                networking_config=networking,
                volumes=[str(v["bind"]) for v in (volumes or {}).values()],
            )
        cid = created["Id"]
        try:
            with mapped(f"arrancar el contenedor {name or cid[:12]}"):
                self._api.start(cid)
        except DockerlabError:
            # A container that could not start (port taken…) is removed, never left behind.
            with mapped("retirar el contenedor que no arrancó"):
                self._api.remove_container(cid, force=True)
            raise
        info = self.container(cid)
        return info if info is not None else ContainerInfo(cid, name or "", image, "", "", 0)

    def wait(self, container: str, timeout: float) -> int:
        with mapped(f"esperar al contenedor {container}"):
            try:
                result = self._api.wait(container, timeout=timeout)
            except requests.exceptions.ReadTimeout as exc:
                raise EngineOperationError(
                    f"El contenedor {container} sigue en marcha tras {timeout:.0f} s.",
                    "Quizá espera una entrada o es un servidor; revisa su salida con «docker logs».",
                    code="wait_timeout",
                ) from exc
        return int(result.get("StatusCode", -1))

    def exec(self, container: str, command: list[str], detach: bool = False) -> tuple[int, str]:
        """``docker exec``: (exit code, output); with ``detach`` it returns at once (0, "")."""
        with mapped(f"ejecutar un comando dentro de {container}"):
            exec_id = self._api.exec_create(container, command, stdout=True, stderr=True)
            if detach:
                self._api.exec_start(exec_id, detach=True)
                return 0, ""
            output = self._api.exec_start(exec_id)
            code = self._api.exec_inspect(exec_id).get("ExitCode")
        return int(code or 0), bytes(output).decode("utf-8", errors="replace")

    def inspect(self, kind: str, name: str) -> dict[str, Any] | None:
        """What ``docker inspect`` shows for a container, an image or a volume (None: absent)."""
        calls = {
            "container": self._api.inspect_container,
            "image": self._api.inspect_image,
            "volume": self._api.inspect_volume,
        }
        with mapped(f"consultar {name}"):
            try:
                return dict(calls[kind](name))
            except docker.errors.NotFound:
                return None

    def signals_since(self, container: str, since: float) -> list[int]:
        """The signals the engine sent ``container`` since ``since`` (``docker stop`` sends
        the stop signal, then KILL when the grace period runs out), oldest first."""
        with mapped(f"leer los eventos del contenedor {container}"):
            events = self._api.events(
                since=f"{since:.9f}",
                until=f"{time.time():.9f}",
                filters={"type": "container", "container": container, "event": "kill"},
                decode=True,
            )
            found = []
            for event in events:
                signal = str((event.get("Actor") or {}).get("Attributes", {}).get("signal", ""))
                if signal.isdigit():
                    found.append(int(signal))
        return found

    def stop(self, container: str, timeout: int = 10) -> None:
        with mapped(f"detener el contenedor {container}"):
            self._api.stop(container, timeout=timeout)

    def remove_container(self, container: str, force: bool = False) -> None:
        with mapped(f"eliminar el contenedor {container}"):
            self._api.remove_container(container, force=force, v=True)

    def prune_containers(self, label: str) -> list[str]:
        """``docker container prune --filter label=…``: never without a label filter."""
        if not label:
            raise ValueError("dockerlab only prunes with a label filter")
        with mapped("limpiar los contenedores detenidos"):
            result = self._api.prune_containers(filters={"label": label})
        return list(result.get("ContainersDeleted") or [])

    def mounts(self, container: str) -> list[dict[str, str]]:
        """The container's mounts: type (bind, volume), source and destination."""
        with mapped(f"consultar el contenedor {container}"):
            attrs = self._api.inspect_container(container)
        return [
            {
                "type": str(m.get("Type", "")),
                "source": str(m.get("Source", "")),
                "destination": str(m.get("Destination", "")),
                "name": str(m.get("Name", "")),  # the volume's name (empty for a bind mount)
            }
            for m in attrs.get("Mounts") or ()
        ]

    def container_networks(self, container: str) -> dict[str, list[str]]:
        """The networks a container is attached to, each with its aliases there."""
        with mapped(f"consultar el contenedor {container}"):
            attrs = self._api.inspect_container(container)
        attached = (attrs.get("NetworkSettings") or {}).get("Networks") or {}
        return {name: [str(a) for a in (ep or {}).get("Aliases") or ()] for name, ep in attached.items()}
