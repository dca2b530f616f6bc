"""Questions: the learner's answer (a fixed value, the engine's version, an image ID).

In auto mode and in the self-test the ``answer`` action gives the answer the learner would.
"""

from __future__ import annotations

from dockerlab.engine import refs
from dockerlab.events import Output
from dockerlab.kinds.base import Action, Check, CheckResult, Param, Registry
from dockerlab.kinds.context import StepContext

actions: Registry[Action] = Registry("acción")
checks: Registry[Check] = Registry("verificación")


@actions.register(
    "answer",
    "Responde la pregunta del paso (modo automático y autoprueba).",
    Param("value", str, doc="respuesta fija"),
    Param("image_id_of", str, doc="responde con el IMAGE ID (12 caracteres) de esta imagen"),
    Param("engine_version", bool, default=False, doc="responde con la versión del motor"),
)
def answer(ctx: StepContext, value: str | None, image_id_of: str | None, engine_version: bool) -> None:
    if image_id_of:
        image = ctx.engine.image(image_id_of)
        value = image.short_id if image else ""
    elif engine_version:
        value = ctx.engine.info().server_version
    ctx.answer = value or ""
    ctx.emit(Output(f"Respuesta: {ctx.answer}", "answer"))


@checks.register(
    "answer_is",
    "La respuesta del alumno es una de las aceptadas (sin distinguir mayúsculas).",
    Param("accept", list, required=True, doc="respuestas válidas"),
    Param(
        "explain",
        str,
        default="",
        doc="el porqué de la respuesta: pista si falla, explicación al acertar",
    ),
)
def answer_is(ctx: StepContext, accept: list[str], explain: str) -> CheckResult:
    expected = "la respuesta correcta"
    given = (ctx.answer or "").strip()
    if not given:
        return CheckResult(
            False, expected, "todavía no has respondido", "Elige «Ya lo ejecuté — verificar» para responder."
        )
    ok = given.casefold() in {str(a).strip().casefold() for a in accept}
    if ok:  # a right answer also says why it is right
        return CheckResult(
            True, expected, f"respondiste «{given}»" + (f". Por qué: {explain}" if explain else "")
        )
    return CheckResult(False, expected, f"respondiste «{given}»", explain)


@checks.register(
    "answer_engine_version",
    "La respuesta coincide con la versión del motor (API de versión), al menos mayor.menor.",
)
def answer_engine_version(ctx: StepContext) -> CheckResult:
    actual = ctx.engine.info().server_version
    given = (ctx.answer or "").strip().lstrip("vV")
    expected = "la versión del motor («Server: … Version»)"
    if not given:
        return CheckResult(
            False, expected, "todavía no has respondido", "Ejecuta «docker version» y mira la sección Server."
        )
    wanted = ".".join(actual.split(".")[:2])
    ok = given == actual or (given.startswith(wanted) and actual.startswith(given.split("+")[0]))
    return CheckResult(
        ok,
        expected,
        f"respondiste «{given}»",
        "" if ok else "Mira la línea Version bajo «Server», no la de «Client».",
    )


@checks.register(
    "answer_image_id",
    "La respuesta es el IMAGE ID (al menos 4 caracteres) de la imagen.",
    Param("image", str, required=True, doc="imagen cuyo ID se pregunta"),
)
def answer_image_id(ctx: StepContext, image: str) -> CheckResult:
    given = (ctx.answer or "").strip().lower().removeprefix("sha256:")
    expected = f"el IMAGE ID de «{image}» (basta con los 4 primeros caracteres)"
    if not given:
        return CheckResult(
            False,
            expected,
            "todavía no has respondido",
            "Ejecuta «docker images» y copia la columna IMAGE ID.",
        )
    info = ctx.engine.image(refs.tagged(image))
    if info is None:
        return CheckResult(
            False, expected, f"la imagen «{image}» no existe", "Vuelve al paso anterior y constrúyela."
        )
    actual = info.id.removeprefix("sha256:")
    ok = len(given) >= 4 and actual.startswith(given)
    return CheckResult(
        ok,
        expected,
        f"respondiste «{given}»",
        "" if ok else "Copia los primeros caracteres de la columna IMAGE ID.",
    )
