"""Image references split the way Docker splits them (one helper for every caller)."""

from __future__ import annotations

import pytest

from dockerlab.engine import refs
from dockerlab.engine.refs import ImageRef

DIGEST = "sha256:" + "ab" * 32


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("ubuntu", ImageRef("ubuntu", None, None)),
        ("ubuntu:22.04", ImageRef("ubuntu", "22.04", None)),
        (f"ubuntu@{DIGEST}", ImageRef("ubuntu", None, DIGEST)),
        (f"ubuntu:22.04@{DIGEST}", ImageRef("ubuntu", "22.04", DIGEST)),
        ("127.0.0.1:5000/app", ImageRef("127.0.0.1:5000/app", None, None)),
        ("127.0.0.1:5000/app:1.0", ImageRef("127.0.0.1:5000/app", "1.0", None)),
        ("localhost:5000/library/python:3.12", ImageRef("localhost:5000/library/python", "3.12", None)),
        ("mi_imagen_prueba", ImageRef("mi_imagen_prueba", None, None)),
    ],
)
def test_parse(text: str, parsed: ImageRef) -> None:
    assert refs.parse(text) == parsed
    assert str(parsed) == text


@pytest.mark.parametrize(
    ("text", "tagged", "repository"),
    [
        ("ubuntu", "ubuntu:latest", "ubuntu"),
        ("mi_imagen:1.0", "mi_imagen:1.0", "mi_imagen"),
        (f"ubuntu@{DIGEST}", f"ubuntu@{DIGEST}", "ubuntu"),
        ("127.0.0.1:5000/app", "127.0.0.1:5000/app:latest", "127.0.0.1:5000/app"),
        ("localhost:5000/app:2", "localhost:5000/app:2", "localhost:5000/app"),
    ],
)
def test_tagged_and_repository(text: str, tagged: str, repository: str) -> None:
    assert refs.tagged(text) == tagged
    assert refs.repository(text) == repository
