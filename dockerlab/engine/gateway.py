"""The one module that imports the Docker SDK.

It stamps dockerlab's labels on everything it creates, streams builds and pulls, and turns
SDK exceptions into :class:`~dockerlab.errors.DockerlabError` with Spanish explanations.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import docker
import docker.errors
import requests.exceptions

from dockerlab.diagnosis import diagnose
from dockerlab.engine.types import ContainerInfo, EngineInfo, ImageInfo, Inventory, PullUpdate
from dockerlab.errors import DockerlabError, EngineOperationError, EngineUnavailable
from dockerlab.model import LABEL_LESSON

API_TIMEOUT = 120  # seconds; builds stream, so a silent step of a slow pip install fits


def _endpoint_hint() -> str:
    host = os.environ.get("DOCKER_HOST")
    if host:
        return (f" La variable DOCKER_HOST apunta a «{host}»: si no es correcta, "
                "bórrala («unset DOCKER_HOST») o corrígela.")
    context = os.environ.get("DOCKER_CONTEXT")
    if context:
        return f" DOCKER_CONTEXT elige el contexto «{context}»: comprueba «docker context ls»."
    return ""


def _unavailable(exc: BaseException) -> EngineUnavailable:
    text = f"{type(exc).__name__}: {exc}"
    found = diagnose(text)
    if found is not None and found.code in ("permission_denied", "daemon_down"):
        return EngineUnavailable(found.message + _endpoint_hint(), found.fix, code=found.code)
    return EngineUnavailable(
        "No puedo hablar con el motor Docker." + _endpoint_hint(),
        "Comprueba que Docker está instalado y en marcha («docker info» debe responder sin "
        f"errores). Detalle técnico: {text[:300]}",
        code="engine_unreachable",
    )


def operation_error(message: str, doing: str) -> DockerlabError:
    found = diagnose(message)
    if found is None:
        return EngineOperationError(f"Docker falló al {doing}: {message.strip()[:400]}",
                                    "Lee el mensaje de Docker; «dockerlab doctor» revisa tu entorno.")
    if found.code == "daemon_down":
        return EngineUnavailable(found.message, found.fix, code=found.code)
    return EngineOperationError(f"No se pudo {doing}. {found.message}\nDocker dijo: "
                                f"{message.strip()[:300]}", found.fix, code=found.code)


@contextmanager
def _mapped(doing: str) -> Iterator[None]:
    try:
        yield
    except docker.errors.APIError as exc:
        raise operation_error(str(exc.explanation or exc), doing) from exc
    except (requests.exceptions.ConnectionError, docker.errors.DockerException) as exc:
        raise _unavailable(exc) from exc
    except requests.exceptions.ReadTimeout as exc:
        raise EngineUnavailable(f"El motor Docker tardó demasiado en responder al {doing}.",
                                "Comprueba que no está colgado: «docker info».",
                                code="engine_timeout") from exc


def _image_info(attrs: Mapping[str, Any]) -> ImageInfo:
    config = attrs.get("Config") or {}
    return ImageInfo(
        id=attrs["Id"],
        tags=tuple(attrs.get("RepoTags") or ()),
        size=int(attrs.get("Size") or 0),
        labels=dict(config.get("Labels") or attrs.get("Labels") or {}),
        arch=attrs.get("Architecture", ""),
    )


def _container_info(attrs: Mapping[str, Any]) -> ContainerInfo:
    state = attrs.get("State") or {}
    config = attrs.get("Config") or {}
    ports: dict[str, list[str]] = {}
    for port, bindings in ((attrs.get("NetworkSettings") or {}).get("Ports") or {}).items():
        ports[port] = [f"{b.get('HostIp') or '0.0.0.0'}:{b['HostPort']}" for b in bindings or ()]
    cmd = config.get("Cmd") or []
    return ContainerInfo(
        id=attrs["Id"],
        name=attrs.get("Name", "").lstrip("/"),
        image=config.get("Image", ""),
        image_id=attrs.get("Image", ""),
        status=state.get("Status", ""),
        exit_code=int(state.get("ExitCode") or 0),
        labels=dict(config.get("Labels") or {}),
        ports=ports,
        command=" ".join(cmd) if isinstance(cmd, list) else str(cmd),
    )


class Engine:
    """A connected engine. Create it with :meth:`connect`; one per process is enough."""

    def __init__(self, client: Any) -> None:
        self._client = client
        self._api = client.api

    @classmethod
    def connect(cls, timeout: int = API_TIMEOUT) -> Engine:
        try:
            client = docker.from_env(timeout=timeout)
            client.api.ping()
        except (docker.errors.DockerException, requests.exceptions.RequestException,
                OSError) as exc:
            raise _unavailable(exc) from exc
        return cls(client)

    def close(self) -> None:
        self._client.close()

    # -- facts ---------------------------------------------------------------------------
    def info(self) -> EngineInfo:
        with _mapped("consultar la versión del motor"):
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
            name=next((c.get("Name", "") for c in version.get("Components", [])
                       if c.get("Name") == "Engine"), "Engine"),
        )

    def image(self, ref: str) -> ImageInfo | None:
        try:
            with _mapped(f"consultar la imagen {ref}"):
                return _image_info(self._api.inspect_image(ref))
        except EngineOperationError as exc:
            if exc.code == "image_not_found":
                return None
            raise

    def images(self, label: str | None = None) -> list[ImageInfo]:
        filters = {"label": label} if label else None
        with _mapped("listar las imágenes"):
            rows = self._api.images(filters=filters)
        return [ImageInfo(r["Id"], tuple(t for t in r.get("RepoTags") or () if t != "<none>:<none>"),
                          int(r.get("Size") or 0), dict(r.get("Labels") or {})) for r in rows]

    def container(self, name: str) -> ContainerInfo | None:
        try:
            with _mapped(f"consultar el contenedor {name}"):
                return _container_info(self._api.inspect_container(name))
        except EngineOperationError as exc:
            if exc.code == "no_such_container":
                return None
            raise

    def containers(self, *, ancestor: str | None = None, label: str | None = None,
                   status: str | None = None) -> list[ContainerInfo]:
        filters: dict[str, Any] = {}
        if ancestor:
            filters["ancestor"] = ancestor
        if label:
            filters["label"] = label
        if status:
            filters["status"] = status
        with _mapped("listar los contenedores"):
            rows = self._api.containers(all=True, filters=filters)
            found = []
            for row in rows:
                try:
                    found.append(_container_info(self._api.inspect_container(row["Id"])))
                except docker.errors.NotFound:
                    continue  # removed between the listing and the inspection
        return found

    def logs(self, container: str, tail: int | None = None) -> str:
        with _mapped(f"leer la salida del contenedor {container}"):
            raw = self._api.logs(container, stdout=True, stderr=True, tail=tail or "all")
        return bytes(raw).decode("utf-8", errors="replace")

    # -- actions -------------------------------------------------------------------------
    def build(self, context: Path, tag: str, labels: Mapping[str, str],
              dockerfile: str | None = None, nocache: bool = False) -> Iterator[str]:
        """Build an image, yielding its output line by line; raise on a failed step."""
        last: list[str] = []
        with _mapped(f"construir la imagen {tag}"):
            stream = self._api.build(path=str(context), tag=tag, rm=True, forcerm=True,
                                     decode=True, labels=dict(labels), dockerfile=dockerfile,
                                     nocache=nocache)
            for chunk in stream:
                if "error" in chunk:
                    raise build_failed(tag, str(chunk["error"]), last)
                text = chunk.get("stream") or chunk.get("status") or ""
                for line in str(text).splitlines():
                    if line.strip():
                        last = (last + [line])[-8:]
                        yield line

    def pull(self, ref: str) -> Iterator[PullUpdate]:
        repo, tag = split_ref(ref)
        with _mapped(f"descargar la imagen {ref}"):
            for chunk in self._api.pull(repo, tag=tag, stream=True, decode=True):
                if "error" in chunk:
                    raise operation_error(str(chunk["error"]), f"descargar la imagen {ref}")
                detail = chunk.get("progressDetail") or {}
                yield PullUpdate(chunk.get("id", ""), chunk.get("status", ""),
                                 int(detail.get("current") or 0), int(detail.get("total") or 0))

    def run(self, image: str, *, name: str | None, labels: Mapping[str, str],
            command: list[str] | str | None = None, ports: Mapping[str, Any] | None = None,
            volumes: Mapping[str, Any] | None = None, environment: Mapping[str, str] | None = None,
            auto_remove: bool = False, tty: bool = False) -> ContainerInfo:
        """Create and start a container (detached); like ``docker run -d``."""
        with _mapped(f"crear el contenedor {name or ''} a partir de {image}".replace("  ", " ")):
            host_config = self._api.create_host_config(
                port_bindings=dict(ports or {}), binds=dict(volumes or {}),
                auto_remove=auto_remove)
            created = self._api.create_container(
                image, command=command, name=name, labels=dict(labels), tty=tty,
                ports=[int(p.split("/")[0]) for p in (ports or {})],
                environment=dict(environment or {}), host_config=host_config,
                volumes=[str(v["bind"]) for v in (volumes or {}).values()])
        cid = created["Id"]
        try:
            with _mapped(f"arrancar el contenedor {name or cid[:12]}"):
                self._api.start(cid)
        except DockerlabError:
            # A container that could not start (port taken…) is removed, never left behind.
            with _mapped("retirar el contenedor que no arrancó"):
                self._api.remove_container(cid, force=True)
            raise
        info = self.container(cid)
        return info if info is not None else ContainerInfo(cid, name or "", image, "", "", 0)

    def wait(self, container: str, timeout: float) -> int:
        with _mapped(f"esperar al contenedor {container}"):
            try:
                result = self._api.wait(container, timeout=timeout)
            except requests.exceptions.ReadTimeout as exc:
                raise EngineOperationError(
                    f"El contenedor {container} sigue en marcha tras {timeout:.0f} s.",
                    "Quizá espera una entrada o es un servidor; revisa su salida con «docker logs».",
                    code="wait_timeout") from exc
        return int(result.get("StatusCode", -1))

    def exec(self, container: str, command: list[str]) -> tuple[int, str]:
        with _mapped(f"ejecutar un comando dentro de {container}"):
            exec_id = self._api.exec_create(container, command, stdout=True, stderr=True)
            output = self._api.exec_start(exec_id)
            code = self._api.exec_inspect(exec_id).get("ExitCode")
        return int(code or 0), bytes(output).decode("utf-8", errors="replace")

    def stop(self, container: str, timeout: int = 10) -> None:
        with _mapped(f"detener el contenedor {container}"):
            self._api.stop(container, timeout=timeout)

    def remove_container(self, container: str, force: bool = False) -> None:
        with _mapped(f"eliminar el contenedor {container}"):
            self._api.remove_container(container, force=force, v=True)

    def remove_image(self, ref: str, force: bool = False) -> None:
        with _mapped(f"eliminar la imagen {ref}"):
            self._api.remove_image(ref, force=force)

    def prune_containers(self, label: str) -> list[str]:
        """``docker container prune --filter label=…``: never without a label filter."""
        if not label:
            raise ValueError("dockerlab only prunes with a label filter")
        with _mapped("limpiar los contenedores detenidos"):
            result = self._api.prune_containers(filters={"label": label})
        return list(result.get("ContainersDeleted") or [])

    # -- what dockerlab owns -------------------------------------------------------------
    def labelled(self, lesson: str | None = None) -> Inventory:
        label = f"{LABEL_LESSON}={lesson}" if lesson else LABEL_LESSON
        with _mapped("buscar los objetos de dockerlab"):
            containers = self._api.containers(all=True, filters={"label": label})
            images = self._api.images(filters={"label": label})
            networks = self._api.networks(filters={"label": label})
            volumes = (self._api.volumes(filters={"label": label}) or {}).get("Volumes") or []
        return Inventory(
            containers=tuple((c.get("Names") or ["/" + c["Id"][:12]])[0].lstrip("/")
                             for c in containers),
            images=tuple(_image_label(i) for i in images),
            networks=tuple(n["Name"] for n in networks),
            volumes=tuple(v["Name"] for v in volumes),
        )

    def remove_labelled(self, lesson: str | None = None) -> Inventory:
        """Remove every object carrying dockerlab's lesson label (and nothing else)."""
        found = self.labelled(lesson)
        label = f"{LABEL_LESSON}={lesson}" if lesson else LABEL_LESSON
        with _mapped("limpiar los objetos de dockerlab"):
            for row in self._api.containers(all=True, filters={"label": label}):
                _ignore_missing(self._api.remove_container, row["Id"], force=True, v=True)
            for row in self._api.images(filters={"label": label}):
                _ignore_missing(self._api.remove_image, row["Id"], force=True)
            for row in self._api.networks(filters={"label": label}):
                _ignore_missing(self._api.remove_network, row["Id"])
            for row in (self._api.volumes(filters={"label": label}) or {}).get("Volumes") or []:
                _ignore_missing(self._api.remove_volume, row["Name"], force=True)
        return found


def _ignore_missing(func: Any, *args: Any, **kwargs: Any) -> None:
    with suppress(docker.errors.NotFound):
        func(*args, **kwargs)


def _image_label(row: Mapping[str, Any]) -> str:
    tags = [t for t in row.get("RepoTags") or () if t != "<none>:<none>"]
    return tags[0] if tags else str(row["Id"]).removeprefix("sha256:")[:12]


def split_ref(ref: str) -> tuple[str, str]:
    """``ubuntu`` → (ubuntu, latest); ``127.0.0.1:5000/x:1`` → (127.0.0.1:5000/x, 1)."""
    name, _, tag = ref.rpartition(":")
    if not name or "/" in tag:
        return ref, "latest"
    return name, tag


def build_failed(tag: str, error: str, last: list[str]) -> DockerlabError:
    step = next((line for line in reversed(last) if line.startswith("Step ")), "")
    tail = "\n".join(last[-6:])
    where = f" en «{step}»" if step else ""
    found = diagnose(error)
    fix = found.fix if found else (
        "Lee las últimas líneas: suelen decir qué falta (un archivo que no existe, un paquete "
        "mal escrito, un comando que no está en la imagen base).")
    return EngineOperationError(
        f"La construcción de {tag} falló{where}.\nDocker dijo: {error.strip()[:400]}"
        + (f"\nÚltimas líneas:\n{tail}" if tail else ""),
        fix, code="build_failed")
