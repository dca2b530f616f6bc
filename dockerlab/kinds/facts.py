"""Facts the engine knows (``docker inspect``, ``docker logs``): the learner reads one and
answers; the check compares the answer with what the engine says right now.

A fact is named by the object it belongs to and a short key:

- container ``ip``: its IP address in its network;
- container ``env:NAME``: the value of an environment variable;
- container ``mount:/ruta``: the host folder or volume mounted there;
- container ``mount_type:/ruta``: what is mounted there (bind, volume);
- container ``log_line``: any line it has printed (``docker logs``);
- image ``exposed``: the ports its ``EXPOSE`` declares;
- volume ``mountpoint``: where the engine keeps its data; ``driver``: who stores it.
"""

from __future__ import annotations

import time
from typing import Any

from dockerlab.errors import LessonError
from dockerlab.events import Output
from dockerlab.kinds.base import Action, Check, CheckResult, Param, Registry
from dockerlab.kinds.context import StepContext

actions: Registry[Action] = Registry("acción")
checks: Registry[Check] = Registry("verificación")

FACTS = {
    "container": ("ip", "env:", "mount:", "mount_type:", "log_line"),
    "image": ("exposed",),
    "volume": ("mountpoint", "driver"),
}
_WHAT = {"container": "el contenedor", "image": "la imagen", "volume": "el volumen"}


_SAID = {
    "ip": "la dirección IP",
    "log_line": "una línea de la salida",
    "exposed": "el puerto que declara EXPOSE",
    "mountpoint": "la carpeta donde el motor guarda los datos",
    "driver": "el driver",
}


def _said(fact: str) -> str:
    """The fact in the learner's words: a lesson file's key never reaches the screen."""
    key, _, arg = fact.partition(":")
    if key == "env":
        return f"el valor de la variable {arg}"
    if key == "mount":
        return f"lo que está montado en {arg}"
    if key == "mount_type":
        return f"el tipo de montaje en {arg}"
    return _SAID.get(fact, f"el dato «{fact}»")


def fact_of(fact: str, of: str, name: str) -> str:
    """«la dirección IP del contenedor «x»»: «de» + «el» is «del» in Spanish."""
    whose = _WHAT[of].replace("el ", "del ", 1) if _WHAT[of].startswith("el ") else f"de {_WHAT[of]}"
    return f"{_said(fact)} {whose} «{name}»"


def _known(of: str, fact: str) -> bool:
    return any(fact == key or (key.endswith(":") and fact.startswith(key)) for key in FACTS.get(of, ()))


def _validate(params: Any, workdir: Any) -> list[tuple[str, str]]:
    of, fact = params.get("of", "container"), params.get("fact")
    if of not in FACTS:
        return [("of", f"«{of}» no es container, image ni volume")]
    if isinstance(fact, str) and not _known(of, fact):
        return [("fact", f"«{fact}» no es un dato de {of}: usa {', '.join(FACTS[of])}")]
    return []


def _ip(attrs: dict[str, Any]) -> list[str]:
    settings = attrs.get("NetworkSettings") or {}
    found = [settings.get("IPAddress") or ""]
    found += [(net or {}).get("IPAddress") or "" for net in (settings.get("Networks") or {}).values()]
    return [ip for ip in found if ip]


def _env(attrs: dict[str, Any], name: str) -> list[str]:
    for item in (attrs.get("Config") or {}).get("Env") or ():
        key, _, value = str(item).partition("=")
        if key == name:
            return [value]
    return []


def values(ctx: StepContext, of: str, name: str, fact: str) -> list[str] | None:
    """Every value the engine accepts for the fact (None: the object does not exist)."""
    attrs = ctx.engine.inspect(of, name)
    if attrs is None:
        return None
    if fact == "ip":
        return _ip(attrs)
    if fact.startswith("env:"):
        return _env(attrs, fact.removeprefix("env:"))
    if fact.startswith(("mount:", "mount_type:")):
        where = fact.partition(":")[2].rstrip("/")
        mounts = [m for m in attrs.get("Mounts") or () if str(m.get("Destination", "")).rstrip("/") == where]
        if fact.startswith("mount_type:"):
            return [str(m.get("Type") or "") for m in mounts]
        return [str(m.get("Name") or m.get("Source") or "") for m in mounts]
    if fact == "log_line":
        lines = [line.strip() for line in ctx.engine.logs(name).splitlines()]
        return [line for line in lines if line]
    if fact == "exposed":
        ports = list(((attrs.get("Config") or {}).get("ExposedPorts") or {}).keys())
        return ports + [port.split("/")[0] for port in ports]
    if fact == "driver":
        return [str(attrs.get("Driver") or "")]
    return [str(attrs.get("Mountpoint") or "")]


LOG_WAIT = 10.0  # seconds «Respóndela por mí» waits for a container's first line of output
OF = Param("of", str, default="container", doc="de qué objeto: container, image o volume")
NAME = Param("name", str, required=True, doc="nombre del contenedor, la imagen o el volumen")
FACT = Param(
    "fact",
    str,
    required=True,
    doc="ip, env:NOMBRE, mount:/ruta, mount_type:/ruta o log_line (contenedor); exposed (imagen); "
    "mountpoint o driver (volumen)",
)


@actions.register(
    "answer_fact",
    "Responde la pregunta del paso con un dato que muestra «docker inspect» o «docker logs» "
    "(modo automático y autoprueba).",
    NAME,
    FACT,
    OF,
    validate=_validate,
)
def answer_fact(ctx: StepContext, name: str, fact: str, of: str) -> None:
    found = values(ctx, of, name, fact)
    deadline = time.monotonic() + LOG_WAIT
    while not found and fact == "log_line" and time.monotonic() < deadline:
        time.sleep(0.5)  # a container started a moment ago may not have printed yet
        found = values(ctx, of, name, fact)
    if not found:
        raise LessonError(f"No encuentro {fact_of(fact, of, name)}.", "¿Existe todavía?")
    ctx.answer = found[-1] if fact == "log_line" else found[0]
    ctx.emit(Output(f"Respuesta: {ctx.answer}", "answer"))


@checks.register(
    "answer_fact",
    "La respuesta del alumno es el dato que el motor muestra ahora (docker inspect / docker "
    "logs): una IP, una variable, un montaje, una línea de la salida, un puerto de EXPOSE…",
    NAME,
    FACT,
    OF,
    validate=_validate,
)
def answer_fact_check(ctx: StepContext, name: str, fact: str, of: str) -> CheckResult:
    expected = fact_of(fact, of, name)
    given = (ctx.answer or "").strip().strip("\"'")
    if not given:
        return CheckResult(
            False, expected, "todavía no has respondido", "Ejecuta el comando y copia el dato."
        )
    found = values(ctx, of, name, fact)
    if found is None:
        return CheckResult(
            False, expected, f"{_WHAT[of]} «{name}» no existe", "Vuelve al paso donde se crea."
        )
    ok = given in found
    hint = ""
    if not ok:
        hint = (
            "Copia una línea tal como aparece en la salida."
            if fact == "log_line"
            else "Busca ese dato en la salida de «docker inspect» y cópialo sin comillas."
        )
    return CheckResult(ok, expected, f"respondiste «{given}»", hint)
