"""What a built image says about itself: its configuration, its layers, its files, its size.

These checks read the image the learner built (``docker inspect``, ``docker history``),
never the Dockerfile's text: an instruction only counts once it is in the image, so a
Dockerfile saved but not rebuilt is caught, and so is one written differently but to the
same effect.
"""

from __future__ import annotations

import shlex

from dockerlab.engine.types import ImageConfig
from dockerlab.events import Solving, Table
from dockerlab.kinds.base import Action, Check, CheckResult, Param, Registry
from dockerlab.kinds.context import StepContext

actions: Registry[Action] = Registry("acción")
checks: Registry[Check] = Registry("verificación")

REBUILD = "Guarda el Dockerfile y vuelve a construir la imagen con el mismo «-t»."


def _form(words: tuple[str, ...] | list[str]) -> str:
    """``["python", "app.py"]`` as Docker shows it in «docker inspect» (exec form)."""
    return "[" + ", ".join(f'"{w}"' for w in words) + "]" if words else "(nada)"


def _missing(name: str) -> CheckResult:
    return CheckResult(
        False,
        f"la imagen «{name}»",
        "no existe",
        "Constrúyela con el comando del paso («docker build … .» en la carpeta de la lección).",
    )


def _config_problems(
    config: ImageConfig,
    user: str | None,
    cmd: list[str] | None,
    entrypoint: list[str] | None,
    env: dict[str, str] | None,
    workdir: str | None,
) -> list[tuple[str, str]]:
    """(what was found, the hint for it), one per field that is not as expected."""
    problems: list[tuple[str, str]] = []
    if workdir is not None and config.workdir != workdir:
        problems.append(
            (f"WORKDIR {config.workdir or '(ninguno: /)'}", f"Añade «WORKDIR {workdir}» antes de los COPY.")
        )
    for key, value in (env or {}).items():
        if config.env.get(key) != str(value):
            now = f"{key}={config.env[key]}" if key in config.env else f"sin la variable {key}"
            problems.append((now, f'Añade «ENV {key}="{value}"» al Dockerfile.'))
    if entrypoint is not None and list(config.entrypoint) != entrypoint:
        problems.append(
            (
                f"ENTRYPOINT {_form(config.entrypoint)}",
                f"Escribe «ENTRYPOINT {_form(entrypoint)}» (forma JSON, con comillas dobles).",
            )
        )
    if cmd is not None and list(config.cmd) != cmd:
        hint = f"Escribe «CMD {_form(cmd)}» (forma JSON, con comillas dobles)."
        if config.cmd and config.cmd[0] in ("/bin/sh", "sh") and cmd[:1] != ["/bin/sh"]:
            hint += " Docker guardó «/bin/sh -c …»: eso pasa cuando no es JSON válido (¿comillas simples?)."
        problems.append((f"CMD {_form(config.cmd)}", hint))
    if user is not None and config.user.split(":")[0] != user:
        problems.append(
            (
                f"usuario {config.user or 'root (sin USER)'}",
                f"Crea el usuario con «RUN useradd --create-home {user}» y después pon «USER {user}».",
            )
        )
    return problems


@checks.register(
    "image_config",
    "La configuración de una imagen construida (docker inspect): usuario, CMD, ENTRYPOINT, "
    "variables de entorno y WORKDIR. Solo compara los campos que se indican.",
    Param("image", str, required=True, doc="nombre[:etiqueta] de la imagen"),
    Param("user", str, doc="usuario con el que arrancan sus contenedores (USER)"),
    Param("cmd", list, doc="CMD en forma JSON, p. ej. [python, app.py]"),
    Param("entrypoint", list, doc="ENTRYPOINT en forma JSON"),
    Param("env", dict, doc="variables que debe tener (ENV), con su valor"),
    Param("workdir", str, doc="carpeta de trabajo (WORKDIR)"),
)
def image_config(
    ctx: StepContext,
    image: str,
    user: str | None,
    cmd: list[str] | None,
    entrypoint: list[str] | None,
    env: dict[str, str] | None,
    workdir: str | None,
) -> CheckResult:
    config = ctx.engine.image_config(image)
    wanted = [
        *([f"WORKDIR {workdir}"] if workdir is not None else []),
        *[f"{k}={v}" for k, v in (env or {}).items()],
        *([f"ENTRYPOINT {_form(entrypoint)}"] if entrypoint is not None else []),
        *([f"CMD {_form(cmd)}"] if cmd is not None else []),
        *([f"usuario {user}"] if user is not None else []),
    ]
    expected = f"la imagen «{image}» con " + ", ".join(wanted)
    if config is None:
        return _missing(image)
    problems = _config_problems(config, user, cmd, entrypoint, env, workdir)
    if problems:
        found = "; ".join(found for found, _ in problems)
        return CheckResult(False, expected, found, problems[0][1] + " " + REBUILD)
    return CheckResult(True, expected, ", ".join(wanted))


@checks.register(
    "layers_reused",
    "Una imagen reconstruida reutiliza (de la caché) las capas de otra salvo las últimas: "
    "compara sus capas (docker inspect, RootFS).",
    Param("image", str, required=True, doc="la imagen nueva"),
    Param("reuses", str, required=True, doc="la imagen anterior"),
    Param("changed_max", int, default=1, doc="cuántas capas finales pueden ser distintas"),
)
def layers_reused(ctx: StepContext, image: str, reuses: str, changed_max: int) -> CheckResult:
    expected = f"«{image}» distinta de «{reuses}» pero con todas sus capas salvo {changed_max} de la caché"
    new, old = ctx.engine.image_config(image), ctx.engine.image_config(reuses)
    if new is None:
        return _missing(image)
    if old is None:
        return _missing(reuses)
    shared = 0
    for mine, theirs in zip(new.layers, old.layers, strict=False):
        if mine != theirs:
            break
        shared += 1
    redone = len(new.layers) - shared
    found = f"{len(new.layers)} capas: {shared} reutilizadas y {redone} nuevas"
    if redone == 0:
        return CheckResult(
            False,
            expected,
            f"las mismas {len(new.layers)} capas: nada cambió",
            "Guarda el cambio del archivo antes de construir (y construye con la etiqueta nueva).",
        )
    if redone > changed_max:
        return CheckResult(
            False,
            expected,
            found,
            "Se rehicieron más capas de las necesarias: copia primero lo que cambia poco "
            "(requirements.txt) y al final el código («COPY . .»), después del RUN.",
        )
    return CheckResult(True, expected, found)


@checks.register(
    "image_path",
    "Un archivo o carpeta existe (o no) dentro de una imagen, sin arrancarla.",
    Param("image", str, required=True, doc="nombre[:etiqueta] de la imagen"),
    Param("path", str, required=True, doc="ruta absoluta dentro de la imagen"),
    Param("exists", bool, default=True, doc="false: se comprueba que NO está"),
)
def image_path(ctx: StepContext, image: str, path: str, exists: bool) -> CheckResult:
    expected = f"{path} {'dentro' if exists else 'fuera'} de la imagen «{image}»"
    if ctx.engine.image(image) is None:
        return _missing(image)
    there = ctx.engine.path_in_image(image, path, ctx.labels)
    found = f"{path} {'está' if there else 'no está'} en la imagen"
    if there == exists:
        return CheckResult(True, expected, found)
    hint = (
        "Comprueba el COPY que debería traerlo y que .dockerignore no lo excluya."
        if exists
        else "Añádelo a .dockerignore (sin «#» delante) y vuelve a construir: el build ya no lo enviará."
    )
    return CheckResult(False, expected, found, hint)


def _mb(size: int) -> str:
    return f"{size / 1e6:.1f} MB"


@actions.register(
    "compare_sizes",
    "Muestra en una tabla el tamaño y el número de capas de varias imágenes.",
    Param("images", list, required=True, doc="imágenes a comparar"),
)
def compare_sizes(ctx: StepContext, images: list[str]) -> None:
    ctx.emit(
        Solving(
            ctx.lesson.id,
            ctx.step.id,
            "docker images " + " ".join(shlex.quote(i) for i in images),
            "Comparo el tamaño de las imágenes",
        )
    )
    rows = []
    for image in images:
        config = ctx.engine.image_config(image)
        rows.append(
            (image, "no existe", "—")
            if config is None
            else (image, str(len(config.layers)), _mb(config.size))
        )
    ctx.emit(Table("Tamaño de cada imagen", ("imagen", "capas", "tamaño"), tuple(rows)))


@checks.register(
    "image_smaller",
    "Una imagen ocupa al menos N veces menos que otra (docker images).",
    Param("image", str, required=True, doc="la imagen que debe ser pequeña"),
    Param("than", str, required=True, doc="la imagen con la que se compara"),
    Param("times", int, default=2, doc="cuántas veces más pequeña, como mínimo"),
)
def image_smaller(ctx: StepContext, image: str, than: str, times: int) -> CheckResult:
    expected = f"«{image}» al menos {times} veces más pequeña que «{than}»"
    small, big = ctx.engine.image_config(image), ctx.engine.image_config(than)
    if small is None:
        return _missing(image)
    if big is None:
        return _missing(than)
    found = f"{image}: {_mb(small.size)} · {than}: {_mb(big.size)}"
    if small.size * times > big.size:
        return CheckResult(
            False,
            expected,
            found,
            "La etapa final debe partir de una imagen pequeña (FROM busybox) y copiar solo el "
            "resultado con «COPY --from=…».",
        )
    return CheckResult(True, expected, found)
