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
        return CheckResult(True, expected, f"respondiste «{given}»" + (f". {explain}" if explain else ""))
    return CheckResult(False, expected, f"respondiste «{given}»", explain)


@checks.register(
    "answer_engine_version",
    "La respuesta coincide con la versión del motor (API de versión), al menos mayor.menor.",
)
def answer_engine_version(ctx: StepContext) -> CheckResult:
    actual = ctx.engine.info().server_version
    given = (ctx.answer or "").strip().lstrip("vV")
    expected = "la versión del motor (Server → Engine → Version)"
    if not given:
        return CheckResult(
            False,
            expected,
            "todavía no has respondido",
            "Ejecuta «docker version» y mira Server → Engine → Version.",
        )
    wanted = ".".join(actual.split(".")[:2])
    ok = given == actual or (given.startswith(wanted) and actual.startswith(given.split("+")[0]))
    return CheckResult(
        ok,
        expected,
        f"respondiste «{given}»",
        ""
        if ok
        else (
            "Mira la línea Version dentro de «Engine:», en el bloque «Server:» (no la de "
            "«Client:» ni la de Docker Desktop)."
        ),
    )


@checks.register(
    "answer_image_id",
    "La respuesta es el ID de la imagen (al menos 4 caracteres), en cualquiera de las formas "
    "que muestra un «docker images»: el de siempre o, con el almacén de containerd de Docker "
    "29, el resumen (digest) de su manifiesto.",
    Param("image", str, required=True, doc="imagen cuyo ID se pregunta"),
)
def answer_image_id(ctx: StepContext, image: str) -> CheckResult:
    given = (ctx.answer or "").strip().lower().removeprefix("sha256:")
    expected = f"el ID de «{image}» (basta con los 4 primeros caracteres)"
    if not given:
        return CheckResult(
            False,
            expected,
            "todavía no has respondido",
            "Ejecuta «docker images» y copia la columna ID (IMAGE ID en versiones anteriores a Docker 29).",
        )
    ids = ctx.engine.image_ids(refs.tagged(image))
    if not ids:
        return CheckResult(
            False, expected, f"la imagen «{image}» no existe", "Vuelve al paso anterior y constrúyela."
        )
    ok = len(given) >= 4 and any(image_id.startswith(given) for image_id in ids)
    return CheckResult(
        ok,
        expected,
        f"respondiste «{given}»",
        ""
        if ok
        else (
            "Copia los primeros caracteres de la columna ID (Docker 29) o IMAGE ID (versiones "
            "anteriores), en la fila de esa imagen."
        ),
    )


@checks.register(
    "answer_fits_container",
    "La respuesta es la que corresponde a lo que de verdad pasó: si el contenedor existe y su "
    "comando contiene un texto, la respuesta «then»; si no, la «else» (para preguntas cuyo "
    "resultado depende de lo que el alumno tenía antes).",
    Param("name", str, required=True, doc="contenedor que decide"),
    Param("command_has", str, required=True, doc="texto que buscar en el comando del contenedor"),
    Param("then", str, required=True, doc="respuesta correcta si el comando lo contiene"),
    Param("otherwise", str, required=True, doc="respuesta correcta en otro caso"),
)
def answer_fits_container(
    ctx: StepContext, name: str, command_has: str, then: str, otherwise: str
) -> CheckResult:
    container = ctx.engine.container(name)
    fits = container is not None and command_has in container.command.split()
    right = then if fits else otherwise
    given = (ctx.answer or "").strip()
    if not given:
        return CheckResult(
            False, "la respuesta correcta", "todavía no has respondido", "Responde la pregunta."
        )
    ok = given.casefold() == right.strip().casefold()
    found = f"«{name}» ejecuta «{container.command}»" if container is not None else f"no existe «{name}»"
    return CheckResult(
        ok,
        "la respuesta que corresponde a lo que pasó en tu equipo",
        f"respondiste «{given}»; {found}",
        "" if ok else "Vuelve a mirar la primera línea que te respondió Docker en la terminal.",
    )
