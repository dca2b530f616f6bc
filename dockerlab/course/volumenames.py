"""Volume names a lesson creates (``kind: volume_name`` settings), kept away from the learner's own.

A lesson that creates ``taller_datos`` must never reuse or delete a volume of that name the
learner already had. Before the lesson starts, :func:`choose` looks at the engine: a volume
labelled by this lesson (an earlier attempt) or made by hand since the learner began this
attempt is the lesson's and keeps its name; any other one is left alone and the lesson
moves to the next free name (``taller_datos_2``…), the way a busy host port moves.

A volume Compose creates is named after the project (``multi_datos_cache``) and cannot move
that way: for those (a lesson's ``compose_volumes``), :func:`guard` stops the lesson before
it starts when the learner already has one that is not the lesson's, since Compose would
mount it and ``docker compose down -v`` would delete it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dockerlab.engine.labels import LABEL_LESSON
from dockerlab.engine.names import VOLUME_NAME
from dockerlab.errors import DockerlabError
from dockerlab.model import Lesson

if TYPE_CHECKING:  # only changes() needs them; the catalog (and so «list») does not
    from dockerlab.engine.provider import EngineProvider
    from dockerlab.engine.types import VolumeInfo
    from dockerlab.events import Event

TRIES = 50  # taller_datos_2 … taller_datos_50: beyond that, something else is going on


def problem(name: str) -> str | None:
    """Why Docker would refuse ``name`` for a volume, in Spanish; None when it is valid."""
    if VOLUME_NAME.match(name):
        return None
    return (
        "no es un nombre de volumen válido: empieza por una letra o un número y sigue con "
        "letras, números, «_», «.» o «-» (al menos dos caracteres, sin espacios ni «/»)"
    )


def is_lessons(volume: VolumeInfo, lesson_id: str, since: float | None) -> bool:
    """The volume is this lesson's: it carries its label, or it has no dockerlab label and
    was created since ``since`` (the learner typed «docker volume create» in this attempt)."""
    label = volume.labels.get(LABEL_LESSON)
    if label is not None:
        return label == lesson_id
    from dockerlab.kinds.fresh import SLACK  # the same clock slack as the checks' fresh evidence

    return since is not None and volume.created > 0 and volume.created >= since - SLACK


@dataclass(frozen=True)
class Choice:
    name: str  # the name the lesson will use
    foreign: VolumeInfo | None = None  # the volume that made it move (None: not moved)


def choose(
    wanted: str,
    lookup: Callable[[str], VolumeInfo | None],
    lesson_id: str,
    since: float | None,
    taken: Collection[str] = (),
) -> Choice | None:
    """The name to use instead of ``wanted``: ``wanted`` itself when it is free or the
    lesson's, else the first free (or the lesson's) of ``wanted_2``, ``wanted_3``…;
    None when none of those is. ``taken``: names other settings of the lesson already use."""
    found = lookup(wanted)
    if wanted not in taken and (found is None or is_lessons(found, lesson_id, since)):
        return Choice(wanted)
    for number in range(2, TRIES + 1):
        candidate = f"{wanted}_{number}"
        if candidate in taken:
            continue
        other = lookup(candidate)
        if other is None or is_lessons(other, lesson_id, since):
            return Choice(candidate, found)
    return None


def reason(wanted: str, foreign: VolumeInfo | None, asked: bool = False) -> str:
    """Why ``wanted`` is not used, in the learner's words (``asked``: given with --set or
    by a workshop file)."""
    if foreign is None:
        return f"Otro ajuste de esta lección ya usa el volumen «{wanted}»"
    start = (
        f"Pediste el volumen «{wanted}», pero ya existe uno" if asked else f"Ya existe un volumen «{wanted}»"
    )
    owner = foreign.labels.get(LABEL_LESSON)
    if owner:
        return f"{start} de la lección «{owner}» de dockerlab: no lo toco"
    if asked:
        return f"{start} que no es de dockerlab: no lo toco"
    return f"Ya tienes un volumen «{wanted}» que no es de dockerlab: no lo toco"


def guard(lesson: Lesson, engines: EngineProvider, since: float | None) -> None:
    """Refuse to start ``lesson`` when one of its ``compose_volumes`` is the learner's own
    (:class:`DockerlabError` with what to do); nothing is touched. Without an engine, the
    lesson goes on and says so at its first check."""
    if not lesson.compose_volumes:
        return
    try:
        engine = engines.get()
        theirs = [
            name
            for name in lesson.compose_volumes
            if (found := engine.volume(name)) is not None and not is_lessons(found, lesson.id, since)
        ]
    except DockerlabError:
        return
    if not theirs:
        return
    name = theirs[0]
    raise DockerlabError(
        f"Ya tienes un volumen «{name}» que no es de esta lección. Compose lo usaría para sus "
        "datos y «docker compose down -v», al final de la lección, lo borraría: por eso no "
        "empiezo. No lo he tocado.",
        f"Si no lo necesitas, bórralo con «docker volume rm {name}» y vuelve a empezar. Si lo "
        "necesitas, guarda antes su contenido, por ejemplo: «docker run --rm -v "
        f'{name}:/datos -v "$PWD":/copia busybox tar czf /copia/{name}.tgz -C /datos .»',
        code="foreign_volume",
    )


def changes(
    lesson: Lesson, engines: EngineProvider, emit: Callable[[Event], None], since: float | None
) -> dict[str, str]:
    """New values of the lesson's ``volume_name`` settings, each move told with a Notice. A
    name the learner already owns moves even when given with --set or a workshop file: the
    learner's volume is never reused (nor deleted by the lesson's last step)."""
    from dockerlab.events import Notice

    names = [s for s in lesson.settings if s.kind == "volume_name"]
    if not names:
        return {}
    try:
        engine = engines.get()
        lookup = engine.volume
        moved: dict[str, str] = {}
        taken: list[str] = []
        for setting in names:
            wanted = str(lesson.values.get(setting.name, setting.default))
            choice = choose(wanted, lookup, lesson.id, since, taken)
            if choice is None:
                emit(
                    Notice(
                        "warning",
                        reason(wanted, lookup(wanted), setting.name in lesson.explicit) + ".",
                        f"No encontré otro nombre libre; elige uno con --set {setting.name}=NOMBRE.",
                    )
                )
                continue
            taken.append(choice.name)
            if choice.name == wanted:
                continue
            moved[setting.name] = choice.name
            emit(
                Notice(
                    "warning",
                    reason(wanted, choice.foreign, setting.name in lesson.explicit)
                    + f"; en esta lección usaremos «{choice.name}».",
                    "Los comandos y las comprobaciones que verás ya lo llevan. Si prefieres "
                    f"otro nombre, empieza la lección con --set {setting.name}=NOMBRE.",
                )
            )
    except DockerlabError:  # no engine: the lesson says so at its first check
        return {}
    return moved
