"""Objects left by an earlier attempt that would get in a lesson's way.

A lesson creates containers and images with fixed names (``mi_contenedor``,
``mi_imagen_prueba``). If one already exists when the learner starts (or resumes) the
lesson, the step that creates it would fail with a name conflict. Before the first step we
look for them and explain each one: the interactive tutor removes one only after the
learner types its exact name; ``--auto`` removes only those labelled by this same lesson.
Nothing unlabelled is ever removed without that confirmation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dockerlab.engine import refs
from dockerlab.engine.labels import LABEL_LESSON
from dockerlab.errors import DockerlabError
from dockerlab.events import Event, Notice
from dockerlab.model import Lesson, Step

if TYPE_CHECKING:
    from dockerlab.engine.gateway import Engine

CONTAINER, IMAGE, VOLUME, NETWORK = "container", "image", "volume", "network"
# Action kind -> (kind of object it creates, parameter holding the object's name).
CREATES: dict[str, tuple[str, str]] = {
    "run": (CONTAINER, "name"),
    "build": (IMAGE, "tag"),
    "create_volume": (VOLUME, "name"),
    "create_network": (NETWORK, "name"),
}
WHAT = {CONTAINER: "el contenedor", IMAGE: "la imagen", VOLUME: "el volumen", NETWORK: "la red"}
REMOVE = {
    CONTAINER: "docker rm -f",
    IMAGE: "docker rmi",
    VOLUME: "docker volume rm",
    NETWORK: "docker network rm",
}


@dataclass(frozen=True)
class Leftover:
    kind: str  # container | image
    name: str
    lesson_label: str  # the io.dockerlab.lesson label it carries ("" when unlabelled)
    state: str  # in Spanish: "detenido (código de salida 0)", "imagen 1a2b3c4d5e6f"…

    def belongs_to(self, lesson_id: str) -> bool:
        return self.lesson_label == lesson_id

    def describe(self, lesson: Lesson) -> str:
        what = WHAT[self.kind]
        if self.belongs_to(lesson.id):
            origin = "lo dejó un intento anterior de esta lección (lleva su label)"
        elif self.lesson_label:
            origin = f"lo creó la lección «{self.lesson_label}» de dockerlab"
        else:
            origin = "no lleva el label de dockerlab: puede ser tuyo"
        return (
            f"Ya existe {what} «{self.name}» ({self.state}); {origin}. La lección "
            f"«{lesson.id}» va a crear uno con ese mismo nombre y chocaría con él."
        )

    @property
    def remove_command(self) -> str:
        return f"{REMOVE[self.kind]} {self.name}"


def planned(lesson: Lesson, first: Step | None = None) -> list[tuple[str, str]]:
    """(kind, name) of what the steps from ``first`` create and no earlier step created:
    objects from steps already done are expected, not leftovers."""
    start = first.number - 1 if first else 0
    earlier = {_created(spec.kind, dict(spec.params)) for step in lesson.steps[:start] for spec in step.solve}
    found: list[tuple[str, str]] = []
    for step in lesson.steps[start:]:
        for spec in step.solve:
            item = _created(spec.kind, dict(spec.params))
            if item is not None and item not in earlier and item not in found:
                found.append(item)
    return found


def _created(kind: str, params: dict[str, object]) -> tuple[str, str] | None:
    if kind not in CREATES:
        return None
    what, key = CREATES[kind]
    name = params.get(key)
    if not isinstance(name, str) or not name:
        return None
    return (what, refs.tagged(name) if what == IMAGE else name)


def find(lesson: Lesson, engine: Engine, first: Step | None = None) -> list[Leftover]:
    """Containers first, so removing them in order frees the images, volumes and networks
    they use."""
    found: list[Leftover] = []
    for kind, name in sorted(planned(lesson, first), key=lambda item: item[0] != CONTAINER):
        if kind == CONTAINER:
            container = engine.container(name)
            if container is not None:
                found.append(
                    Leftover(CONTAINER, name, container.labels.get(LABEL_LESSON, ""), container.state)
                )
        elif kind == IMAGE:
            image = engine.image(name)
            if image is not None:
                found.append(
                    Leftover(IMAGE, name, image.labels.get(LABEL_LESSON, ""), f"imagen {image.short_id}")
                )
        elif kind == VOLUME and (volume := engine.volume(name)) is not None:
            found.append(Leftover(VOLUME, name, volume.labels.get(LABEL_LESSON, ""), "volumen con nombre"))
        elif kind == NETWORK and (network := engine.network(name)) is not None:
            found.append(
                Leftover(NETWORK, name, network.labels.get(LABEL_LESSON, ""), f"red {network.driver}")
            )
    return found


def remove(engine: Engine, leftover: Leftover) -> None:
    if leftover.kind == CONTAINER:
        engine.remove_container(leftover.name, force=True)
    elif leftover.kind == VOLUME:
        engine.remove_volume(leftover.name)
    elif leftover.kind == NETWORK:
        engine.remove_network(leftover.name)
    else:
        engine.remove_image(leftover.name)


def clear_for_auto(
    lesson: Lesson, engine: Engine, emit: Callable[[Event], None], first: Step | None = None
) -> None:
    """``--auto``: remove this lesson's own labelled leftovers, only report the others."""
    for leftover in find(lesson, engine, first):
        if leftover.belongs_to(lesson.id):
            try:
                remove(engine, leftover)
            except DockerlabError as exc:
                emit(Notice("warning", f"No pude retirar «{leftover.name}». {exc.message}", exc.fix))
                continue
            emit(
                Notice(
                    "info",
                    f"Retiré «{leftover.name}», que había dejado un intento "
                    f"anterior de esta lección (llevaba su label).",
                )
            )
        else:
            emit(
                Notice(
                    "warning",
                    leftover.describe(lesson),
                    "No lo borro porque no es de esta lección: si ya no lo necesitas, "
                    f"bórralo tú («{leftover.remove_command}») y vuelve a empezar.",
                )
            )
