"""Containers that fail: in a restart loop, up but silent from outside, or steady at last.

These checks verify that a broken setup was fixed, not how the learner found the cause; but
when the fix is not there yet, their hint follows what they found (the last line the
container printed, whether the server answers inside but not outside…), so the learner gets
the next clue rather than the answer to another question.
"""

from __future__ import annotations

import time

from dockerlab.engine.types import ContainerInfo
from dockerlab.kinds import waiting
from dockerlab.kinds.base import Action, Check, CheckResult, Param, Registry
from dockerlab.kinds.context import StepContext
from dockerlab.kinds.web import fetch

actions: Registry[Action] = Registry("acción")
checks: Registry[Check] = Registry("verificación")


def last_line(ctx: StepContext, name: str) -> str:
    lines = [line.strip() for line in ctx.engine.logs(name, tail=20).splitlines() if line.strip()]
    return lines[-1][:200] if lines else ""


def _why(ctx: StepContext, name: str) -> str:
    """The container's last words, explained when the catalogue knows them."""
    from dockerlab.engine.diagnosis import diagnose  # the catalogue only when something failed

    line = last_line(ctx, name)
    if not line:
        return f"No imprimió nada: revisa su comando con «docker inspect {name}»."
    found = diagnose(ctx.engine.logs(name, tail=20))
    said = f"Lo último que dijo: «{line}»."
    return f"{said} {found.message} {found.fix}" if found else f"{said} Lee «docker logs {name}»."


def _absent(name: str, expected: str) -> CheckResult:
    return CheckResult(False, expected, f"no existe «{name}»", "Créalo con el comando del paso.")


@checks.register(
    "container_restarts",
    "El contenedor se ha reiniciado al menos N veces (su política --restart lo relanza). "
    "Espera unos segundos a que ocurra.",
    Param("name", str, required=True, doc="nombre del contenedor"),
    Param("min", int, default=1, doc="reinicios mínimos"),
    Param("timeout", int, default=20, doc="segundos máximos de espera"),
)
def container_restarts(ctx: StepContext, name: str, min: int, timeout: int) -> CheckResult:
    expected = f"«{name}» reiniciado al menos {min} vez" + ("es" if min != 1 else "")
    info = waiting.container_until(
        ctx, name, lambda c: c.restart_count >= min, timeout, what=f"a que Docker reinicie «{name}»"
    )
    if info is None:
        return _absent(name, expected)
    times = "1 reinicio" if info.restart_count == 1 else f"{info.restart_count} reinicios"
    found = f"{times}; ahora está {info.status}"
    if info.restart_count >= min:
        return CheckResult(True, expected, found)
    return CheckResult(
        False,
        expected,
        found,
        "Arráncalo con «--restart on-failure» (sin ella Docker no lo relanza).",
    )


def _unsteady(ctx: StepContext, info: ContainerInfo, expected: str) -> CheckResult | None:
    if info.status == "running" and info.restart_count == 0:
        return None
    found = f"«{info.name}» {info.state}, {info.restart_count} reinicios"
    hint = _why(ctx, info.name)
    if info.status == "running":  # up between two crashes: it is the same old container
        hint = (
            "Sigue siendo el contenedor que se reinicia: bórralo («docker rm -f "
            f"{info.name}») y créalo de nuevo con la corrección. " + hint
        )
    return CheckResult(False, expected, found, hint)


@checks.register(
    "container_stable",
    "El contenedor está en marcha sin reinicios y sigue así unos segundos (no en un bucle de reinicios).",
    Param("name", str, required=True, doc="nombre del contenedor"),
    Param("seconds", int, default=3, doc="segundos que debe aguantar en marcha"),
    Param("logs_contain", str, doc="texto que su salida debe contener"),
)
def container_stable(ctx: StepContext, name: str, seconds: int, logs_contain: str | None) -> CheckResult:
    expected = f"«{name}» en marcha, sin reinicios, durante {seconds} s"
    if logs_contain:
        expected += f", y que diga «{logs_contain}»"
    info = ctx.engine.container(name)
    if info is None:
        return _absent(name, expected)
    problem = _unsteady(ctx, info, expected)
    if problem is not None:
        return problem
    # a definite answer ends the wait: a crash within the seconds is told at once
    later = waiting.container_until(
        ctx,
        name,
        lambda c: c.status != "running" or c.restart_count > 0,
        seconds,
        what=f"para comprobar que «{name}» sigue en marcha",
    )
    if later is None:
        return _absent(name, expected)
    problem = _unsteady(ctx, later, expected)
    if problem is not None:
        return problem
    if logs_contain and logs_contain not in ctx.engine.logs(name):
        said = last_line(ctx, name) or "(nada)"
        return CheckResult(False, expected, f"en marcha, pero su salida dice: «{said}»", _why(ctx, name))
    return CheckResult(True, expected, f"«{name}» en marcha desde hace {seconds} s o más, sin reinicios")


# Asks the server from inside the container; the images of the lessons have Python or busybox.
_PROBES = (
    ["python3", "-c", "import sys,urllib.request as u; u.urlopen(sys.argv[1], timeout=3)"],
    ["wget", "-q", "-O", "/dev/null", "-T", "3"],
)


def answers_inside(ctx: StepContext, name: str, port: int) -> bool | None:
    """Whether something answers HTTP on ``port`` inside the container (None: cannot tell)."""
    url = f"http://127.0.0.1:{port}/"
    for probe in _PROBES:
        code, output = ctx.engine.exec(name, [*probe, url])
        if code in (126, 127) or "executable file not found" in output:
            continue  # no such program in this image: try the next one
        return code == 0
    return None


@checks.register(
    "serves_outside",
    "Un servidor en un contenedor responde HTTP desde tu equipo por el puerto publicado. Si no, "
    "averigua por qué: no publica ese puerto, o escucha solo en 127.0.0.1 dentro, o no escucha.",
    Param("container", str, required=True, doc="nombre del contenedor"),
    Param("port", int, required=True, doc="puerto donde escucha dentro del contenedor"),
    Param("host_port", int, required=True, doc="puerto de tu equipo (-p 127.0.0.1:ESTE:port)"),
    Param("timeout", int, default=10, doc="segundos de espera a que arranque"),
)
def serves_outside(ctx: StepContext, container: str, port: int, host_port: int, timeout: int) -> CheckResult:
    url = f"http://127.0.0.1:{host_port}/"
    expected = f"{url} responde (el puerto {port} de «{container}»)"
    info = ctx.engine.container(container)
    if info is None:
        return _absent(container, expected)
    if info.status != "running":
        return CheckResult(
            False, expected, f"«{container}» no está en marcha ({info.status})", _why(ctx, container)
        )
    published = info.ports.get(f"{port}/tcp") or []
    if not any(binding.endswith(f":{host_port}") for binding in published):
        mapped = "; ".join(f"{b} → {p}" for p, bs in info.ports.items() for b in bs) or "ninguno"
        return CheckResult(
            False,
            expected,
            f"publica: {mapped}",
            f"Publica el puerto donde escucha el servidor: «-p 127.0.0.1:{host_port}:{port}» "
            "(primero el de tu equipo, después el del contenedor). Hay que crear el contenedor de nuevo.",
        )
    deadline = time.monotonic() + timeout
    reply = fetch(url, timeout=3)
    while not reply.status and time.monotonic() < deadline:
        time.sleep(0.5)
        reply = fetch(url, timeout=3)
    if reply.status:
        return CheckResult(True, expected, reply.describe())
    inside = answers_inside(ctx, container, port)
    if inside:
        hint = (
            f"Dentro del contenedor sí responde en el puerto {port}: el servidor escucha solo en "
            "127.0.0.1 (el contenedor mismo), y lo que llega por -p viene de fuera. Haz que "
            "escuche en 0.0.0.0 (p. ej. «--bind 0.0.0.0» o «--host 0.0.0.0»)."
        )
    elif inside is None:
        hint = f"Mira en qué dirección y puerto dice escuchar: «docker logs {container}»."
    else:
        hint = f"Tampoco responde dentro en el puerto {port}: mira «docker logs {container}»."
    return CheckResult(False, expected, reply.describe(), hint)
