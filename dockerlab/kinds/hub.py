"""Docker Hub: searching it (which needs the network) and images pulled from it.

``docker search`` is answered by Docker Hub itself, not by a local mirror, so in a workshop
without internet (or in CI) it cannot work: the check then reports *skipped* with the reason,
which counts neither as passed nor as failed. Images from Docker Hub carry no dockerlab label,
so they are removed unattended only when the ledger says dockerlab downloaded them.
"""

from __future__ import annotations

from dockerlab.engine import refs
from dockerlab.engine.ledger import KEPT, Ledger
from dockerlab.errors import EngineOperationError
from dockerlab.events import Notice, Output, Solving, Table
from dockerlab.kinds.base import Action, Check, CheckResult, Param, Registry
from dockerlab.kinds.context import StepContext

actions: Registry[Action] = Registry("acción")
checks: Registry[Check] = Registry("verificación")

OFFLINE_HINT = (
    "Sin acceso a Docker Hub no se puede buscar: un espejo local (como el de un "
    "taller sin internet o el de la CI) sirve imágenes, pero no búsquedas. Este paso "
    "no cuenta como fallo; repítelo cuando tengas conexión."
)


def _docker_said(exc: EngineOperationError) -> str:
    """The engine's own words, short: «…lookup index.docker.io…: no such host»."""
    text = exc.message.splitlines()[-1].removeprefix("Docker dijo:").strip()
    return text if len(text) <= 160 else "…" + text[-160:]


def _plain(name: str) -> str:
    return name.strip().lower().removeprefix("docker.io/").removeprefix("library/")


@actions.register(
    "search",
    "Busca imágenes en Docker Hub (docker search) y las muestra en una tabla; responde la "
    "pregunta del paso con la imagen oficial. Sin red avisa y no falla.",
    Param("term", str, required=True, doc="qué buscar"),
    Param("limit", int, default=10, doc="cuántos resultados mostrar"),
)
def search(ctx: StepContext, term: str, limit: int) -> None:
    ctx.emit(Solving(ctx.lesson.id, ctx.step.id, f"docker search {term}", f"Busco «{term}» en Docker Hub"))
    try:
        rows = ctx.engine.search(term, limit=limit)
    except EngineOperationError as exc:
        ctx.emit(
            Notice(
                "warning",
                f"Tu motor Docker no llega a Docker Hub, así que no puedo buscar ({_docker_said(exc)}).",
                OFFLINE_HINT,
            )
        )
        return
    ctx.emit(
        Table(
            f"docker search {term}",
            ("NAME", "DESCRIPTION", "STARS", "OFFICIAL"),
            tuple(
                (r["name"], r["description"][:60], str(r["stars"]), "[OK]" if r["official"] else "")
                for r in rows[:limit]
            ),
        )
    )
    official = next((r["name"] for r in rows if r["official"]), "")
    if official:
        ctx.answer = official
        ctx.emit(Output(f"Respuesta: {official}", "answer"))


@checks.register(
    "search_official",
    "La respuesta del alumno es la imagen oficial que devuelve docker search. Sin acceso a "
    "Docker Hub queda como no comprobado (ni superado ni fallido).",
    Param("term", str, required=True, doc="lo que se buscó"),
    Param("image", str, required=True, doc="la imagen oficial esperada, p. ej. ubuntu"),
)
def search_official(ctx: StepContext, term: str, image: str) -> CheckResult:
    expected = f"la imagen oficial «{image}» en los resultados de «docker search {term}»"
    try:
        rows = ctx.engine.search(term, limit=25)
    except EngineOperationError as exc:
        return CheckResult(
            False, expected, f"sin acceso a Docker Hub ({_docker_said(exc)})", OFFLINE_HINT, skipped=True
        )
    official = [r["name"] for r in rows if r["official"]]
    if _plain(image) not in official:
        listed = ", ".join(official) or "ninguna"
        return CheckResult(
            False,
            expected,
            f"oficiales en los resultados: {listed}",
            "Docker Hub respondió algo distinto de lo esperado por la lección.",
        )
    given = _plain(ctx.answer or "")
    if not given:
        return CheckResult(
            False,
            expected,
            "todavía no has respondido",
            "Ejecuta «docker search ubuntu» y busca [OK] en la columna OFFICIAL.",
        )
    names = {r["name"]: r for r in rows}
    if given == _plain(image):
        return CheckResult(
            True, expected, f"respondiste «{given}»: es la oficial ({names[given]['stars']} estrellas)"
        )
    if given in names:
        return CheckResult(
            False,
            expected,
            f"respondiste «{given}», que no es oficial",
            "La oficial lleva [OK] en la columna OFFICIAL y no tiene «usuario/».",
        )
    return CheckResult(
        False,
        expected,
        f"respondiste «{given}», que no está en los resultados",
        "Copia el nombre de la columna NAME tal cual.",
    )


@actions.register(
    "remove_pulled_image",
    "Borra una imagen de Docker Hub que trajo la lección (docker rmi). Sin nadie delante "
    "(--auto, autoprueba) solo si la descargó dockerlab; si ya estaba en tu equipo, la deja.",
    Param("name", str, required=True, doc="imagen, p. ej. ubuntu:latest"),
)
def remove_pulled_image(ctx: StepContext, name: str) -> None:
    ref = refs.tagged(name)
    ctx.emit(Solving(ctx.lesson.id, ctx.step.id, f"docker rmi {ref}", f"Elimino la imagen {ref}"))
    ledger = Ledger.open()
    origin = ledger.image_origin(ctx.lesson.id, ref)
    if ctx.engine.image(ref) is None:
        ledger.forget(ctx.lesson.id, ref)
        ctx.emit(Output(f"{ref} ya no está en tu equipo.", "engine"))
        return
    if origin == KEPT or (origin is None and not ctx.tty):
        ctx.emit(
            Notice(
                "info",
                f"No borro {ref}: ya estaba en tu equipo antes de que dockerlab "
                "la descargara en esta lección, así que es tuya.",
                f"Si quieres borrarla, escribe tú «docker rmi {ref}».",
            )
        )
        return
    ctx.engine.remove_image(ref)
    ledger.forget(ctx.lesson.id, ref)


@checks.register(
    "pulled_image_removed",
    "La imagen de Docker Hub que trajo la lección ya no está (o se conserva porque ya la "
    "tenías antes y dockerlab no la descargó).",
    Param("name", str, required=True, doc="imagen, p. ej. ubuntu:latest"),
)
def pulled_image_removed(ctx: StepContext, name: str) -> CheckResult:
    ref = refs.tagged(name)
    expected = f"que la imagen «{ref}» ya no esté"
    image = ctx.engine.image(ref)
    if image is None:
        return CheckResult(True, expected, "no está")
    if Ledger.open().image_origin(ctx.lesson.id, ref) == KEPT:
        return CheckResult(True, expected, "se conserva: ya la tenías antes de la lección")
    users = [c.name for c in ctx.engine.containers(ancestor=image.id)]
    hint = (
        f"Antes borra los contenedores que la usan: {', '.join(users)}."
        if users
        else f"Bórrala con «docker rmi {ref}»."
    )
    return CheckResult(False, expected, f"sigue ahí ({image.short_id})", hint)
