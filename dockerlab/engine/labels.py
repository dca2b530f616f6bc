"""The labels dockerlab stamps on everything it creates, and the filters that find them again."""

from __future__ import annotations

LABEL_LESSON = "io.dockerlab.lesson"
# Set by the example Dockerfiles (``LABEL io.dockerlab.dockerfile=Dockerfile.uv``): an image
# then says which file built it, whoever ran the build.
LABEL_DOCKERFILE = "io.dockerlab.dockerfile"


def lesson_labels(lesson_id: str) -> dict[str, str]:
    return {LABEL_LESSON: lesson_id}


def lesson_filter(lesson_id: str) -> str:
    """``label=…`` value for ``docker … --filter`` and the SDK's ``filters={"label": …}``."""
    return f"{LABEL_LESSON}={lesson_id}"
