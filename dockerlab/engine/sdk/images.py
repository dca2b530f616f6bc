"""Images on the engine: look them up, build, pull, tag, push, remove, save and load them."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import docker
import docker.errors

from dockerlab.engine.diagnosis import diagnose
from dockerlab.engine.refs import parse as parse_ref
from dockerlab.engine.sdk.errors import mapped, operation_error
from dockerlab.engine.sdk.records import config_record, epoch, image_record
from dockerlab.engine.types import BuildCacheRecord, ImageConfig, ImageInfo, PullUpdate
from dockerlab.errors import DockerlabError, EngineOperationError
from dockerlab.plaintext import WholeLines


class ImageCalls:
    """``docker image …``, ``docker build``, ``docker pull/push``, ``docker save/load``."""

    _api: Any

    def image(self, ref: str) -> ImageInfo | None:
        try:
            with mapped(f"consultar la imagen {ref}"):
                return image_record(self._api.inspect_image(ref))
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
            with mapped(f"consultar la imagen {ref}"):
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
            with mapped(f"consultar la imagen {ref}"):
                return config_record(self._api.inspect_image(ref))
        except EngineOperationError as exc:
            if exc.code == "image_not_found":
                return None
            raise

    def path_in_image(self, ref: str, path: str, labels: Mapping[str, str]) -> bool:
        """Whether ``path`` exists in the image's filesystem. Reads it from a container that
        is created and never started (so it works for images without a shell), then removed."""
        with mapped(f"buscar {path} dentro de la imagen {ref}"):
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
        with mapped("listar las imágenes"):
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

    def build_cache(self) -> list[BuildCacheRecord]:
        """BuildKit's build cache records (empty where only the legacy builder ever ran)."""
        with mapped("leer la caché de construcción"):
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
        with mapped(f"construir la imagen {tag}"):
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
            pieces = WholeLines()  # the legacy builder cuts a program's lines anywhere
            for chunk in itertools.chain(stream, [{"stream": "\n"}]):  # the last line too
                if "error" in chunk:
                    last = (last + [line for line in pieces.flush() if line.strip()])[-8:]
                    raise build_failed(tag, str(chunk["error"]), last, step)
                status = str(chunk.get("status") or "")
                text = str(chunk["stream"]) if "stream" in chunk else status + "\n" * bool(status)
                for line in pieces.feed(text):
                    if line.strip():
                        last = (last + [line])[-8:]
                        step = line if line.startswith("Step ") else step
                        yield line

    def pull(self, ref: str) -> Iterator[PullUpdate]:
        parsed = parse_ref(ref)
        # the engine takes a digest where a tag goes: fromImage=ubuntu&tag=sha256:…
        tag = parsed.digest or parsed.tag or "latest"
        doing = f"descargar la imagen {ref}"
        with mapped(doing):
            yield from _progress(self._api.pull(parsed.repository, tag=tag, stream=True, decode=True), doing)

    def tag(self, source: str, target: str) -> None:
        """``docker tag SOURCE TARGET``: one more name for the same image."""
        parsed = parse_ref(target)
        repo, tag = parsed.repository, parsed.tag or "latest"
        with mapped(f"etiquetar {source} como {target}"):
            self._api.tag(source, repo, tag=tag)

    def push(self, ref: str) -> Iterator[PullUpdate]:
        """``docker push``: upload an image to the registry its name points to."""
        parsed = parse_ref(ref)
        repo, tag = parsed.repository, parsed.tag or "latest"
        doing = f"subir la imagen {ref}"
        with mapped(doing):
            yield from _progress(self._api.push(repo, tag=tag, stream=True, decode=True), doing)

    def remove_image(self, ref: str, force: bool = False) -> None:
        with mapped(f"eliminar la imagen {ref}"):
            self._api.remove_image(ref, force=force)

    def prune_images(self, label: str, dangling: bool = False) -> list[str]:
        """``docker image prune [--all] --filter label=…``: never without a label filter.
        ``dangling``: only the images without a name (what a plain ``docker image prune`` does)."""
        if not label:
            raise ValueError("dockerlab only prunes with a label filter")
        with mapped("limpiar las imágenes sin usar"):
            result = self._api.prune_images(filters={"label": label, "dangling": dangling})
        return [
            str(row.get("Untagged") or row.get("Deleted") or "") for row in result.get("ImagesDeleted") or ()
        ]

    def dangling_images(self, label: str) -> list[ImageInfo]:
        """Images without a name (``<none>``) carrying ``label``, as «docker images» lists them."""
        with mapped("listar las imágenes sin nombre"):
            rows = self._api.images(filters={"label": label, "dangling": True})
        return [ImageInfo(r["Id"], (), int(r.get("Size") or 0), dict(r.get("Labels") or {})) for r in rows]

    def save_images(self, refs: list[str], target: Path) -> int:
        """Write one tar with every image in ``refs`` (``docker save``); returns its size."""
        with mapped("guardar las imágenes en un archivo"):
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
        with mapped(f"cargar las imágenes de {source}"), open(source, "rb") as handle:
            for chunk in self._api.load_image(handle, quiet=True):
                if "error" in chunk:
                    raise operation_error(str(chunk["error"]), f"cargar {source}")
                text = str(chunk.get("stream") or "").strip()
                if text:
                    lines.append(text)
        return lines

    def search(self, term: str, limit: int = 25) -> list[dict[str, Any]]:
        """``docker search``: the engine asks Docker Hub (fails without network)."""
        with mapped(f"buscar «{term}» en Docker Hub"):
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
        with mapped(f"leer el historial de la imagen {ref}"):
            rows = self._api.history(ref)
        return [
            {
                "created": int(r.get("Created") or 0),
                "created_by": str(r.get("CreatedBy") or ""),
                "size": int(r.get("Size") or 0),
            }
            for r in rows or ()
        ]


def _progress(chunks: Iterable[Mapping[str, Any]], doing: str) -> Iterator[PullUpdate]:
    """Layer progress of a pull or a push. The engine reports a failure inside the stream
    (the HTTP answer was already 200), so it is raised here, as ``doing`` failed."""
    for chunk in chunks:
        if "error" in chunk:
            raise operation_error(str(chunk["error"]), doing)
        detail = chunk.get("progressDetail") or {}
        yield PullUpdate(
            chunk.get("id", ""),
            chunk.get("status", ""),
            int(detail.get("current") or 0),
            int(detail.get("total") or 0),
        )


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
