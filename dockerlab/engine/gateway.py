"""The engine as dockerlab sees it: :class:`Engine`, the one door to the Docker SDK.

Its calls live with their noun in :mod:`dockerlab.engine.sdk` (images, containers, volumes,
networks, swarm); every one stamps dockerlab's labels on what it creates, streams builds and
pulls, and turns SDK exceptions into :class:`~dockerlab.errors.DockerlabError` with Spanish
explanations (:mod:`dockerlab.engine.sdk.errors`). Here: connecting, the engine's own facts,
and what dockerlab owns on it.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import docker
import docker.errors
import requests.exceptions

from dockerlab.engine.diagnosis import describe
from dockerlab.engine.labels import LABEL_LESSON
from dockerlab.engine.sdk.containers import ContainerCalls
from dockerlab.engine.sdk.errors import mapped, unavailable
from dockerlab.engine.sdk.images import ImageCalls
from dockerlab.engine.sdk.networks import NetworkCalls
from dockerlab.engine.sdk.swarm import SwarmCalls
from dockerlab.engine.sdk.volumes import VolumeCalls
from dockerlab.engine.types import EngineInfo, Inventory
from dockerlab.errors import EngineUnavailable

API_TIMEOUT = 120  # seconds; builds stream, so a silent step of a slow pip install fits


class Engine(ImageCalls, ContainerCalls, VolumeCalls, NetworkCalls, SwarmCalls):
    """A connected engine. Create it with :meth:`connect`; one per process is enough."""

    def __init__(self, client: Any) -> None:
        self._client = client
        self._api = client.api

    @classmethod
    def connect(cls, timeout: int = API_TIMEOUT) -> Engine:
        _check_context()
        try:
            client = docker.from_env(timeout=timeout)
            client.api.ping()
        except (docker.errors.DockerException, requests.exceptions.RequestException, OSError) as exc:
            raise unavailable(exc) from exc
        return cls(client)

    def close(self) -> None:
        self._client.close()

    def ping(self) -> None:
        """Raise :class:`EngineUnavailable` unless the engine answers right now."""
        with mapped("comprobar que el motor responde"):
            self._api.ping()

    def info(self) -> EngineInfo:
        with mapped("consultar la versión del motor"):
            version = self._api.version()
        context, endpoint = "(DOCKER_HOST)", os.environ.get("DOCKER_HOST", "")
        if not endpoint:
            try:
                from docker.context import ContextAPI

                current = ContextAPI.get_current_context()
                context, endpoint = current.Name or "default", current.Host or ""
            except Exception:  # an unreadable CLI config must not break the check
                context = "default"
        return EngineInfo(
            server_version=version.get("Version", "?"),
            api_version=version.get("ApiVersion", "?"),
            os=version.get("Os", "?"),
            arch=version.get("Arch", "?"),
            endpoint=endpoint or str(self._api.base_url),
            context=context,
            name=next(
                (c.get("Name", "") for c in version.get("Components", []) if c.get("Name") == "Engine"),
                "Engine",
            ),
        )

    # -- what dockerlab owns -------------------------------------------------------------
    def labelled(self, lesson: str | None = None) -> Inventory:
        label = f"{LABEL_LESSON}={lesson}" if lesson else LABEL_LESSON
        services = tuple(s.name for s in self.services(label))
        with mapped("buscar los objetos de dockerlab"):
            containers = self._api.containers(all=True, filters={"label": label})
            images = self._api.images(filters={"label": label})
            networks = self._api.networks(filters={"label": label})
            volumes = (self._api.volumes(filters={"label": label}) or {}).get("Volumes") or []
        return Inventory(
            containers=tuple((c.get("Names") or ["/" + c["Id"][:12]])[0].lstrip("/") for c in containers),
            images=tuple(_image_label(i) for i in images),
            networks=tuple(n["Name"] for n in networks),
            volumes=tuple(v["Name"] for v in volumes),
            services=services,
        )

    def remove_labelled(self, lesson: str | None = None) -> Inventory:
        """Remove every object carrying dockerlab's lesson label (and nothing else)."""
        found = self.labelled(lesson)
        label = f"{LABEL_LESSON}={lesson}" if lesson else LABEL_LESSON
        # Services first: while one exists, swarm replaces the task containers removed below.
        with mapped("limpiar los objetos de dockerlab"):
            for service in found.services:
                _ignore_missing(self._api.remove_service, service)
            for row in self._api.containers(all=True, filters={"label": label}):
                _ignore_missing(self._api.remove_container, row["Id"], force=True, v=True)
            _remove_images_in_order(
                self._api, [row["Id"] for row in self._api.images(filters={"label": label})]
            )
            for row in self._api.networks(filters={"label": label}):
                _ignore_missing(self._api.remove_network, row["Id"])
            for row in (self._api.volumes(filters={"label": label}) or {}).get("Volumes") or []:
                _ignore_missing(self._api.remove_volume, row["Name"], force=True)
        return found

    def compose_inventory(self, project: str) -> Inventory:
        """What a Compose project has on the engine (by Compose's own project label)."""
        label = f"com.docker.compose.project={project}"
        with mapped(f"buscar el proyecto de Compose «{project}»"):
            containers = self._api.containers(all=True, filters={"label": label})
            networks = self._api.networks(filters={"label": label})
            volumes = (self._api.volumes(filters={"label": label}) or {}).get("Volumes") or []
        return Inventory(
            containers=tuple((c.get("Names") or ["/" + c["Id"][:12]])[0].lstrip("/") for c in containers),
            networks=tuple(n["Name"] for n in networks),
            volumes=tuple(v["Name"] for v in volumes),
        )


def _remove_images_in_order(api: Any, ids: list[str]) -> None:
    """Remove images; one that others were built on (409 conflict) is retried after them."""
    pending = ids
    while pending:
        conflicts: list[str] = []
        error: docker.errors.APIError | None = None
        for image_id in pending:
            try:
                _ignore_missing(api.remove_image, image_id, force=True)
            except docker.errors.APIError as exc:
                if exc.status_code != 409:
                    raise
                conflicts.append(image_id)
                error = exc
        if error is not None and len(conflicts) == len(pending):
            raise error  # no progress: a child outside our label holds them
        pending = conflicts


def _ignore_missing(func: Any, *args: Any, **kwargs: Any) -> None:
    """Gone already, or going: a ``--rm`` container the engine is removing right now."""
    try:
        func(*args, **kwargs)
    except docker.errors.NotFound:
        return
    except docker.errors.APIError as exc:
        if exc.status_code != 409 or "already in progress" not in str(exc.explanation or ""):
            raise


def _image_label(row: Mapping[str, Any]) -> str:
    tags = [t for t in row.get("RepoTags") or () if t != "<none>:<none>"]
    return tags[0] if tags else str(row["Id"]).removeprefix("sha256:")[:12]


def _check_context() -> None:
    """The SDK silently falls back to the default engine when the CLI's context does not
    exist, while the learner's «docker» commands fail: refuse, so both see the same engine."""
    if os.environ.get("DOCKER_HOST"):
        return
    from docker.context import ContextAPI
    from docker.context.config import get_current_context_name

    name = os.environ.get("DOCKER_CONTEXT") or get_current_context_name()
    if not name or name == "default":
        return
    config = Path(os.environ.get("DOCKER_CONFIG") or Path.home() / ".docker")
    meta = config / "contexts" / "meta" / hashlib.sha256(name.encode()).hexdigest() / "meta.json"
    try:  # where the docker CLI keeps it; the SDK may look elsewhere without a config.json
        missing = not meta.is_file() and ContextAPI.get_context(name) is None
    except Exception:  # an unreadable context is the SDK's to report when it connects
        return
    if missing:
        found = describe("wrong_context", context=name)
        raise EngineUnavailable(found.message, found.fix, code=found.code, details=found.details)
