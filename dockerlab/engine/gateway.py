"""The one module that imports the Docker SDK.

It stamps dockerlab's labels on everything it creates, streams builds and pulls, and turns
SDK exceptions into :class:`~dockerlab.errors.DockerlabError` with Spanish explanations.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import docker
import docker.errors
import requests.exceptions
import urllib3.exceptions

from dockerlab.engine.diagnosis import describe, diagnose
from dockerlab.engine.labels import LABEL_LESSON
from dockerlab.engine.refs import parse as parse_ref
from dockerlab.engine.types import (
    BuildCacheRecord,
    ContainerInfo,
    EngineInfo,
    ImageConfig,
    ImageInfo,
    Inventory,
    NetworkInfo,
    PullUpdate,
    ServiceInfo,
    SwarmInfo,
    VolumeInfo,
)
from dockerlab.errors import DockerlabError, EngineOperationError, EngineUnavailable
from dockerlab.plaintext import visible_lines

API_TIMEOUT = 120  # seconds; builds stream, so a silent step of a slow pip install fits


def _endpoint_hint() -> str:
    host = os.environ.get("DOCKER_HOST")
    if host:
        return (
            f" La variable DOCKER_HOST apunta a «{host}»: si no es correcta, "
            "bórrala («unset DOCKER_HOST») o corrígela."
        )
    context = os.environ.get("DOCKER_CONTEXT")
    if context:
        return f" DOCKER_CONTEXT elige el contexto «{context}»: comprueba «docker context ls»."
    return ""


def _unavailable(exc: BaseException) -> EngineUnavailable:
    text = f"{type(exc).__name__}: {exc}"
    found = diagnose(text)
    host = os.environ.get("DOCKER_HOST", "")
    if (
        host
        and not host.startswith(("unix://", "npipe://"))
        and (found is None or found.code in ("daemon_down", "wrong_host"))
    ):
        found = describe("wrong_host", host=host)  # a remote address where nothing answers
    if found is not None and found.code == "wrong_host":
        return EngineUnavailable(found.message, found.fix, code=found.code, details=found.details)
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
        return EngineOperationError(
            f"Docker falló al {doing}: {message.strip()[:400]}",
            "Lee el mensaje de Docker; «dockerlab doctor» revisa tu entorno.",
        )
    if found.code == "daemon_down":
        return EngineUnavailable(found.message, found.fix, code=found.code)
    if found.code == "registry_denied" and doing.startswith("descargar"):
        # the text alone cannot tell a refused pull from a refused push; dockerlab knows
        found = describe("pull_denied", **found.details)
    explained = " ".join((found.message, *found.facts))  # facts read in Docker's words
    return EngineOperationError(
        f"No se pudo {doing}. {explained}\nDocker dijo: {message.strip()[:300]}",
        found.fix,
        code=found.code,
        details=found.details,
    )


@contextmanager
def _mapped(doing: str) -> Iterator[None]:
    try:
        yield
    except docker.errors.APIError as exc:
        raise operation_error(str(exc.explanation or exc), doing) from exc
    except (requests.exceptions.ConnectionError, docker.errors.DockerException) as exc:
        raise _unavailable(exc) from exc
    except requests.exceptions.ReadTimeout as exc:
        raise EngineUnavailable(
            f"El motor Docker tardó demasiado en responder al {doing}.",
            "Comprueba que no está colgado: «docker info».",
            code="engine_timeout",
        ) from exc
    except (requests.exceptions.RequestException, urllib3.exceptions.HTTPError) as exc:
        # The connection broke mid-stream (the engine stopped during a build or a pull).
        down = describe("daemon_down")
        raise EngineUnavailable(
            f"Se cortó la conexión con el motor Docker al {doing}. " + down.message, down.fix, code=down.code
        ) from exc
    except OSError as exc:  # reading the build context (a file the learner cannot read…)
        raise operation_error(f"{type(exc).__name__}: {exc}", doing) from exc


def epoch(stamp: object) -> float:
    """Seconds since the epoch of an engine timestamp (RFC 3339 with nanoseconds); 0 if unknown."""
    if not isinstance(stamp, str) or not stamp:
        return 0.0
    found = re.match(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)$", stamp)
    if found is None:
        return 0.0
    whole, fraction, zone = found.groups()
    moment = datetime.fromisoformat(whole + ("+00:00" if zone == "Z" else zone))
    return moment.timestamp() + float(fraction or 0)


def _image_info(attrs: Mapping[str, Any]) -> ImageInfo:
    config = attrs.get("Config") or {}
    return ImageInfo(
        id=attrs["Id"],
        tags=tuple(attrs.get("RepoTags") or ()),
        size=int(attrs.get("Size") or 0),
        labels=dict(config.get("Labels") or attrs.get("Labels") or {}),
        arch=attrs.get("Architecture", ""),
        tagged=max(0.0, epoch((attrs.get("Metadata") or {}).get("LastTagTime"))),
    )


def _container_info(attrs: Mapping[str, Any]) -> ContainerInfo:
    state = attrs.get("State") or {}
    config = attrs.get("Config") or {}
    ports: dict[str, list[str]] = {}
    for port, bindings in ((attrs.get("NetworkSettings") or {}).get("Ports") or {}).items():
        ports[port] = [f"{b.get('HostIp') or '0.0.0.0'}:{b['HostPort']}" for b in bindings or ()]
    cmd = config.get("Cmd") or []
    health = state.get("Health") or {}
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
        restart_count=int(attrs.get("RestartCount") or 0),
        started_at=str(state.get("StartedAt") or ""),
        env=tuple(str(e) for e in config.get("Env") or ()),
        oom_killed=bool(state.get("OOMKilled")),
        created=epoch(attrs.get("Created")),
        started=max(0.0, epoch(state.get("StartedAt"))),
        health=str(health.get("Status") or ""),
        health_log=str((health.get("Log") or [{}])[-1].get("Output") or "").strip(),
    )


def _words(value: Any) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(str(v) for v in value) if isinstance(value, list) else (str(value),)


def _image_config(attrs: Mapping[str, Any]) -> ImageConfig:
    config = attrs.get("Config") or {}
    env = dict(str(e).partition("=")[::2] for e in config.get("Env") or ())
    return ImageConfig(
        user=str(config.get("User") or ""),
        cmd=_words(config.get("Cmd")),
        entrypoint=_words(config.get("Entrypoint")),
        env=env,
        workdir=str(config.get("WorkingDir") or ""),
        layers=tuple(str(d) for d in (attrs.get("RootFS") or {}).get("Layers") or ()),
        size=int(attrs.get("Size") or 0),
    )


class Engine:
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
            raise _unavailable(exc) from exc
        return cls(client)

    def close(self) -> None:
        self._client.close()

    def ping(self) -> None:
        """Raise :class:`EngineUnavailable` unless the engine answers right now."""
        with _mapped("comprobar que el motor responde"):
            self._api.ping()

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
            name=next(
                (c.get("Name", "") for c in version.get("Components", []) if c.get("Name") == "Engine"),
                "Engine",
            ),
        )

    def image(self, ref: str) -> ImageInfo | None:
        try:
            with _mapped(f"consultar la imagen {ref}"):
                return _image_info(self._api.inspect_image(ref))
        except EngineOperationError as exc:
            if exc.code == "image_not_found":
                return None
            raise

    def image_ids(self, ref: str) -> tuple[str, ...]:
        """Every digest a ``docker`` CLI may show as this image's ID (without «sha256:»):
        the config digest (classic image store), the digest of the image's index or manifest
        (the containerd image store, default on new Docker 29 installs) and its repository
        digests. Empty when the image does not exist."""
        try:
            with _mapped(f"consultar la imagen {ref}"):
                attrs = self._api.inspect_image(ref)
        except EngineOperationError as exc:
            if exc.code == "image_not_found":
                return ()
            raise
        found = [str(attrs.get("Id") or ""), str((attrs.get("Descriptor") or {}).get("digest") or "")]
        found += [str(digest).partition("@")[2] for digest in attrs.get("RepoDigests") or ()]
        return tuple(dict.fromkeys(i.removeprefix("sha256:") for i in found if i))

    def image_config(self, ref: str) -> ImageConfig | None:
        """The image's configuration (user, cmd, entrypoint, env, workdir) and layers."""
        try:
            with _mapped(f"consultar la imagen {ref}"):
                return _image_config(self._api.inspect_image(ref))
        except EngineOperationError as exc:
            if exc.code == "image_not_found":
                return None
            raise

    def path_in_image(self, ref: str, path: str, labels: Mapping[str, str]) -> bool:
        """Whether ``path`` exists in the image's filesystem. Reads it from a container that
        is created and never started (so it works for images without a shell), then removed."""
        with _mapped(f"buscar {path} dentro de la imagen {ref}"):
            created = self._api.create_container(ref, labels=dict(labels), command=["true"])
            try:
                self._api.get_archive(created["Id"], path)
            except docker.errors.NotFound:
                return False
            finally:
                self._api.remove_container(created["Id"], force=True)
        return True

    def images(self, label: str | None = None) -> list[ImageInfo]:
        filters = {"label": label} if label else None
        with _mapped("listar las imágenes"):
            rows = self._api.images(filters=filters)
        return [
            ImageInfo(
                r["Id"],
                tuple(t for t in r.get("RepoTags") or () if t != "<none>:<none>"),
                int(r.get("Size") or 0),
                dict(r.get("Labels") or {}),
            )
            for r in rows
        ]

    def container(self, name: str) -> ContainerInfo | None:
        try:
            with _mapped(f"consultar el contenedor {name}"):
                return _container_info(self._api.inspect_container(name))
        except EngineOperationError as exc:
            if exc.code == "no_such_container":
                return None
            raise

    def containers(
        self, *, ancestor: str | None = None, label: str | None = None, status: str | None = None
    ) -> list[ContainerInfo]:
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

    def exited_since(self, since: float) -> list[ContainerInfo]:
        """The stopped containers created since ``since``. The listing gives whole seconds,
        so only the containers of that second or later are inspected for the exact time."""
        with _mapped("listar los contenedores detenidos"):
            rows = self._api.containers(all=True, filters={"status": "exited"})
            found = []
            for row in rows:
                if float(row.get("Created") or 0) < int(since):
                    continue
                try:
                    info = _container_info(self._api.inspect_container(row["Id"]))
                except docker.errors.NotFound:
                    continue
                if info.created >= since:
                    found.append(info)
        return found

    def build_cache(self) -> list[BuildCacheRecord]:
        """BuildKit's build cache records (empty where only the legacy builder ever ran)."""
        with _mapped("leer la caché de construcción"):
            usage = self._api.df()
        return [
            BuildCacheRecord(
                str(row.get("ID") or ""),
                str(row.get("Type") or ""),
                str(row.get("Description") or ""),
                max(0.0, epoch(row.get("CreatedAt"))),
                max(0.0, epoch(row.get("LastUsedAt"))),
            )
            for row in usage.get("BuildCache") or ()
        ]

    def logs(self, container: str, tail: int | None = None) -> str:
        with _mapped(f"leer la salida del contenedor {container}"):
            raw = self._api.logs(container, stdout=True, stderr=True, tail=tail or "all")
        return bytes(raw).decode("utf-8", errors="replace")

    # -- actions -------------------------------------------------------------------------
    def build(
        self,
        context: Path,
        tag: str,
        labels: Mapping[str, str],
        dockerfile: str | None = None,
        nocache: bool = False,
        build_args: Mapping[str, str] | None = None,
    ) -> Iterator[str]:
        """Build an image, yielding its output line by line; raise on a failed step."""
        last: list[str] = []
        step = ""
        with _mapped(f"construir la imagen {tag}"):
            stream = self._api.build(
                path=str(context),
                tag=tag,
                rm=True,
                forcerm=True,
                decode=True,
                labels=dict(labels),
                dockerfile=dockerfile,
                nocache=nocache,
                buildargs=dict(build_args or {}),
            )
            for chunk in stream:
                if "error" in chunk:
                    raise build_failed(tag, str(chunk["error"]), last, step)
                text = chunk.get("stream") or chunk.get("status") or ""
                for line in visible_lines(str(text)):
                    if line.strip():
                        last = (last + [line])[-8:]
                        step = line if line.startswith("Step ") else step
                        yield line

    def pull(self, ref: str) -> Iterator[PullUpdate]:
        parsed = parse_ref(ref)
        # the engine takes a digest where a tag goes: fromImage=ubuntu&tag=sha256:…
        tag = parsed.digest or parsed.tag or "latest"
        with _mapped(f"descargar la imagen {ref}"):
            for chunk in self._api.pull(parsed.repository, tag=tag, stream=True, decode=True):
                if "error" in chunk:
                    raise operation_error(str(chunk["error"]), f"descargar la imagen {ref}")
                detail = chunk.get("progressDetail") or {}
                yield PullUpdate(
                    chunk.get("id", ""),
                    chunk.get("status", ""),
                    int(detail.get("current") or 0),
                    int(detail.get("total") or 0),
                )

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
        with _mapped(f"crear el contenedor {name or ''} a partir de {image}".replace("  ", " ")):
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
                    code="wait_timeout",
                ) from exc
        return int(result.get("StatusCode", -1))

    def exec(self, container: str, command: list[str], detach: bool = False) -> tuple[int, str]:
        """``docker exec``: (exit code, output); with ``detach`` it returns at once (0, "")."""
        with _mapped(f"ejecutar un comando dentro de {container}"):
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
        with _mapped(f"consultar {name}"):
            try:
                return dict(calls[kind](name))
            except docker.errors.NotFound:
                return None

    def tag(self, source: str, target: str) -> None:
        """``docker tag SOURCE TARGET``: one more name for the same image."""
        parsed = parse_ref(target)
        repo, tag = parsed.repository, parsed.tag or "latest"
        with _mapped(f"etiquetar {source} como {target}"):
            self._api.tag(source, repo, tag=tag)

    def push(self, ref: str) -> Iterator[PullUpdate]:
        """``docker push``: upload an image to the registry its name points to."""
        parsed = parse_ref(ref)
        repo, tag = parsed.repository, parsed.tag or "latest"
        with _mapped(f"subir la imagen {ref}"):
            for chunk in self._api.push(repo, tag=tag, stream=True, decode=True):
                if "error" in chunk:
                    raise operation_error(str(chunk["error"]), f"subir la imagen {ref}")
                detail = chunk.get("progressDetail") or {}
                yield PullUpdate(
                    chunk.get("id", ""),
                    chunk.get("status", ""),
                    int(detail.get("current") or 0),
                    int(detail.get("total") or 0),
                )

    def signals_since(self, container: str, since: float) -> list[int]:
        """The signals the engine sent ``container`` since ``since`` (``docker stop`` sends
        the stop signal, then KILL when the grace period runs out), oldest first."""
        with _mapped(f"leer los eventos del contenedor {container}"):
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

    def prune_images(self, label: str, dangling: bool = False) -> list[str]:
        """``docker image prune [--all] --filter label=…``: never without a label filter.
        ``dangling``: only the images without a name (what a plain ``docker image prune`` does)."""
        if not label:
            raise ValueError("dockerlab only prunes with a label filter")
        with _mapped("limpiar las imágenes sin usar"):
            result = self._api.prune_images(filters={"label": label, "dangling": dangling})
        return [
            str(row.get("Untagged") or row.get("Deleted") or "") for row in result.get("ImagesDeleted") or ()
        ]

    def dangling_images(self, label: str) -> list[ImageInfo]:
        """Images without a name (``<none>``) carrying ``label``, as «docker images» lists them."""
        with _mapped("listar las imágenes sin nombre"):
            rows = self._api.images(filters={"label": label, "dangling": True})
        return [ImageInfo(r["Id"], (), int(r.get("Size") or 0), dict(r.get("Labels") or {})) for r in rows]

    # -- image packs (docker save / docker load) -----------------------------------------
    def save_images(self, refs: list[str], target: Path) -> int:
        """Write one tar with every image in ``refs`` (``docker save``); returns its size."""
        with _mapped("guardar las imágenes en un archivo"):
            # /images/get?names=… is the multi-image form of docker-py's get_image().
            response = self._api._get(self._api._url("/images/get"), params={"names": refs}, stream=True)
            self._api._raise_for_status(response)
            written = 0
            with open(target, "wb") as handle:
                for chunk in response.iter_content(chunk_size=1 << 20):
                    handle.write(chunk)
                    written += len(chunk)
        return written

    def load_images(self, source: Path) -> list[str]:
        """``docker load``: returns the lines the engine reported (``Loaded image: …``)."""
        lines: list[str] = []
        with _mapped(f"cargar las imágenes de {source}"), open(source, "rb") as handle:
            for chunk in self._api.load_image(handle, quiet=True):
                if "error" in chunk:
                    raise operation_error(str(chunk["error"]), f"cargar {source}")
                text = str(chunk.get("stream") or "").strip()
                if text:
                    lines.append(text)
        return lines

    # -- what dockerlab owns -------------------------------------------------------------
    def labelled(self, lesson: str | None = None) -> Inventory:
        label = f"{LABEL_LESSON}={lesson}" if lesson else LABEL_LESSON
        services = tuple(s.name for s in self.services(label))
        with _mapped("buscar los objetos de dockerlab"):
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
        with _mapped("limpiar los objetos de dockerlab"):
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

    # -- lessons hub, compose, jupyter, uv --------------------------------------------------
    def search(self, term: str, limit: int = 25) -> list[dict[str, Any]]:
        """``docker search``: the engine asks Docker Hub (fails without network)."""
        with _mapped(f"buscar «{term}» en Docker Hub"):
            rows = self._api.search(term, limit=limit)
        return [
            {
                "name": str(r.get("name", "")),
                "description": str(r.get("description") or ""),
                "stars": int(r.get("star_count") or 0),
                "official": bool(r.get("is_official")),
            }
            for r in rows or ()
        ]

    def history(self, ref: str) -> list[dict[str, Any]]:
        """``docker history``: the image's steps, newest first (created: Unix seconds)."""
        with _mapped(f"leer el historial de la imagen {ref}"):
            rows = self._api.history(ref)
        return [
            {
                "created": int(r.get("Created") or 0),
                "created_by": str(r.get("CreatedBy") or ""),
                "size": int(r.get("Size") or 0),
            }
            for r in rows or ()
        ]

    def mounts(self, container: str) -> list[dict[str, str]]:
        """The container's mounts: type (bind, volume), source and destination."""
        with _mapped(f"consultar el contenedor {container}"):
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
        with _mapped(f"consultar el contenedor {container}"):
            attrs = self._api.inspect_container(container)
        attached = (attrs.get("NetworkSettings") or {}).get("Networks") or {}
        return {name: [str(a) for a in (ep or {}).get("Aliases") or ()] for name, ep in attached.items()}

    # -- volumes and networks --------------------------------------------------------------
    def volume(self, name: str) -> VolumeInfo | None:
        with _mapped(f"consultar el volumen {name}"):
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
        with _mapped("listar los volúmenes"):
            rows = (self._api.volumes() or {}).get("Volumes") or []
        return sorted(str(v["Name"]) for v in rows)

    def create_volume(self, name: str, labels: Mapping[str, str]) -> None:
        with _mapped(f"crear el volumen {name}"):
            self._api.create_volume(name=name, labels=dict(labels))

    def remove_volume(self, name: str, force: bool = False) -> None:
        with _mapped(f"eliminar el volumen {name}"):
            self._api.remove_volume(name, force=force)

    def network(self, name: str) -> NetworkInfo | None:
        with _mapped(f"consultar la red {name}"):
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
        with _mapped("listar las redes"):
            rows = self._api.networks()
        return sorted(str(n["Name"]) for n in rows)

    def create_network(self, name: str, labels: Mapping[str, str], driver: str = "bridge") -> None:
        with _mapped(f"crear la red {name}"):
            self._api.create_network(name, driver=driver, labels=dict(labels))

    def remove_network(self, name: str) -> None:
        with _mapped(f"eliminar la red {name}"):
            self._api.remove_network(name)

    def connect_network(self, network: str, container: str, aliases: list[str] | None = None) -> None:
        with _mapped(f"conectar {container} a la red {network}"):
            self._api.connect_container_to_network(container, network, aliases=list(aliases or []) or None)

    def compose_inventory(self, project: str) -> Inventory:
        """What a Compose project has on the engine (by Compose's own project label)."""
        label = f"com.docker.compose.project={project}"
        with _mapped(f"buscar el proyecto de Compose «{project}»"):
            containers = self._api.containers(all=True, filters={"label": label})
            networks = self._api.networks(filters={"label": label})
            volumes = (self._api.volumes(filters={"label": label}) or {}).get("Volumes") or []
        return Inventory(
            containers=tuple((c.get("Names") or ["/" + c["Id"][:12]])[0].lstrip("/") for c in containers),
            networks=tuple(n["Name"] for n in networks),
            volumes=tuple(v["Name"] for v in volumes),
        )

    # -- lesson orquestacion: swarm mode and its services ------------------------------------
    def swarm(self) -> SwarmInfo:
        """This engine's place in a swarm (``docker info``), with its node's labels."""
        with _mapped("consultar el modo swarm"):
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
        with _mapped(f"consultar el servicio {name}"):
            rows = [s for s in self._api.services(filters={"name": name}) if s["Spec"]["Name"] == name]
            if not rows:
                return None
            tasks = self._api.tasks(filters={"service": rows[0]["ID"], "desired-state": "running"})
        return _service_info(rows[0], tasks)

    def services(self, label: str | None = None) -> list[ServiceInfo]:
        if not self.swarm().manager:
            return []
        with _mapped("listar los servicios"):
            rows = self._api.services(filters={"label": label} if label else None)
        return [_service_info(row, []) for row in rows]

    def remove_service(self, name: str) -> None:
        with _mapped(f"eliminar el servicio {name}"):
            self._api.remove_service(name)


def _service_info(row: Mapping[str, Any], tasks: list[Mapping[str, Any]]) -> ServiceInfo:
    spec = row.get("Spec") or {}
    image = str(((spec.get("TaskTemplate") or {}).get("ContainerSpec") or {}).get("Image", ""))
    replicated = (spec.get("Mode") or {}).get("Replicated")
    ports = tuple(
        f"{p.get('PublishedPort')}->{p.get('TargetPort')}/{p.get('Protocol', 'tcp')}"
        for p in (row.get("Endpoint") or {}).get("Ports") or []
    )
    running = [t for t in tasks if (t.get("Status") or {}).get("State") == "running"]
    return ServiceInfo(
        id=str(row.get("ID", "")),
        name=str(spec.get("Name", "")),
        image=image.split("@", 1)[0],
        replicas=int(replicated.get("Replicas", 0)) if replicated is not None else None,
        labels=dict(spec.get("Labels") or {}),
        ports=ports,
        running=tuple(
            str((t["Status"].get("ContainerStatus") or {}).get("ContainerID", "")) for t in running
        ),
        running_images=tuple(
            str(((t.get("Spec") or {}).get("ContainerSpec") or {}).get("Image", "")).split("@", 1)[0]
            for t in running
        ),
        update_state=str((row.get("UpdateStatus") or {}).get("State", "")),
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


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_BUILD_NOISE = (" ---> ", "Removing intermediate container")


def build_failed(tag: str, error: str, last: list[str], step: str = "") -> DockerlabError:
    """The failed step (``Step 3/5 : RUN …``), what Docker said and the step's last lines."""
    lines = [_ANSI.sub("", line) for line in last]
    step = step or next((line for line in reversed(lines) if line.startswith("Step ")), "")
    after = lines[lines.index(step) + 1 :] if step in lines else lines
    tail = "\n".join(line for line in after if not line.startswith(_BUILD_NOISE))
    found = diagnose(error)
    where = f" en «{step}»" if step else ""
    explained = " ".join(("", found.message, *found.facts)) if found else ""  # «¿Querías escribir COPY?»
    fix = (
        found.fix
        if found
        else (
            "Lee las últimas líneas: suelen decir qué falta (un archivo que no existe, un paquete "
            "mal escrito, un comando que no está en la imagen base)."
        )
    )
    details = dict(found.details) if found else {}
    if step:
        details["step"] = step
    return EngineOperationError(
        f"La construcción de {tag} falló{where}.{explained}\nDocker dijo: "
        f"{_ANSI.sub('', error).strip()[:400]}" + (f"\nÚltimas líneas:\n{tail}" if tail else ""),
        fix,
        code=found.code if found else "build_failed",
        details=details,
    )


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
