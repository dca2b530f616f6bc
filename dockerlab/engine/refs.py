"""Image references as Docker reads them: ``[registry[:port]/]path[:tag][@digest]``."""

from __future__ import annotations

from typing import NamedTuple


class ImageRef(NamedTuple):
    repository: str
    tag: str | None
    digest: str | None

    def __str__(self) -> str:
        text = self.repository
        if self.tag:
            text += f":{self.tag}"
        if self.digest:
            text += f"@{self.digest}"
        return text


def parse(ref: str) -> ImageRef:
    """Split a reference. A colon only starts a tag after the last slash, so the port of
    ``127.0.0.1:5000/app`` is not a tag; ``@sha256:…`` is a digest, not a tag."""
    name, _, digest = ref.partition("@")
    last = name.rsplit("/", 1)[-1]
    tag = None
    if ":" in last:
        name, _, tag = name.rpartition(":")
    return ImageRef(name, tag, digest or None)


def tagged(ref: str) -> str:
    """The reference Docker would use: ``ubuntu`` is ``ubuntu:latest``; a digest stays one."""
    parsed = parse(ref)
    if parsed.tag is None and parsed.digest is None:
        return f"{parsed.repository}:latest"
    return str(parsed)


def repository(ref: str) -> str:
    """``mi_imagen:1.0`` → ``mi_imagen``; ``ubuntu@sha256:…`` → ``ubuntu``."""
    return parse(ref).repository
