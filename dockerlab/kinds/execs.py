"""Looking inside containers: run a command in one (or in a throwaway one) and read its
output; see which host folder a container has mounted."""

from __future__ import annotations

import contextlib
import shlex
from pathlib import PurePosixPath, PureWindowsPath

from dockerlab.engine import cli
from dockerlab.errors import DockerlabError
from dockerlab.events import Output
from dockerlab.kinds import volumes as volume_rule
from dockerlab.kinds.base import Action, Check, CheckResult, Param, Registry
from dockerlab.kinds.context import StepContext

actions: Registry[Action] = Registry("acción")
checks: Registry[Check] = Registry("verificación")


def _excerpt(text: str, size: int = 160) -> str:
    flat = " ".join(text.split())
    return (flat if len(flat) <= size else flat[:size] + "…") or "(sin salida)"


def _throwaway(ctx: StepContext, image: str, command: list[str], timeout: int) -> tuple[int, str]:
    """``docker run --rm IMAGE COMMAND``, labelled, removed even when it fails."""
    container = ctx.engine.run(image, name=None, labels=ctx.labels, command=command)
    try:
        code = ctx.engine.wait(container.id, timeout)
        return code, ctx.engine.logs(container.id)
    finally:
        with contextlib.suppress(DockerlabError):
            ctx.engine.remove_container(container.id, force=True)


@actions.register(
    "exec",
    "Ejecuta un comando dentro de un contenedor que ya está en marcha (docker exec). Con "
    "«interactive» y una terminal, cede el control al CLI de docker (docker exec -it); sin "
    "terminal ejecuta «auto_command».",
    Param("container", str, required=True, doc="contenedor en marcha"),
    Param("command", list, required=True, doc="comando, p. ej. [bash]"),
    Param("interactive", bool, default=False, doc="paso -it: con terminal se cede al CLI de docker"),
    Param("auto_command", list, doc="comando sin terminal para los pasos interactivos"),
    Param("detach", bool, default=False, doc="dejarlo trabajando en segundo plano (-d)"),
)
def exec_(
    ctx: StepContext,
    container: str,
    command: list[str],
    interactive: bool,
    auto_command: list[str] | None,
    detach: bool,
) -> None:
    if interactive and ctx.tty and cli.docker_on_path():
        argv = ["docker", "exec", "-it", container, *command]
        ctx.solving(argv, "Te paso el control a Docker: escribe los comandos y termina con «exit».")
        cli.hand_off(argv)
        return
    if interactive and auto_command:
        command = auto_command
    argv = ["docker", "exec", *(["-d"] if detach else []), container, *command]
    ctx.solving(argv, f"Ejecuto un comando dentro de {container}")
    code, output = ctx.engine.exec(container, command, detach=detach)
    for line in output.splitlines():
        ctx.emit(Output(line, "container"))
    if code != 0:
        raise DockerlabError(
            f"El comando terminó con código {code} dentro de «{container}».",
            "Lee su salida: suele decir qué falló.",
        )


def expected_output(
    command: list[str], where: str, exit_code: int, contains: str | None, description: str
) -> str:
    """What the check expects, as the learner reads it: the command as typed, or (for a
    script the lesson runs behind the scenes) the author's words for it."""
    if description:
        return f"{description} (en {where}" + (f", con «{contains}»)" if contains else ")")
    expected = f"«{shlex.join(command)}» en {where} termina con código {exit_code}"
    return expected + (f" e imprime «{contains}»" if contains else "")


@checks.register(
    "command_output",
    "Ejecuta un comando dentro de un contenedor en marcha (docker exec) o en uno desechable "
    "de una imagen (docker run --rm) y comprueba su código de salida y lo que imprime.",
    Param("command", list, required=True, doc="comando y argumentos, p. ej. [cat, /etc/os-release]"),
    Param("container", str, doc="contenedor en marcha donde ejecutarlo"),
    Param("image", str, doc="o bien: imagen para un contenedor desechable (no se descarga)"),
    Param("contains", str, doc="texto que debe aparecer en la salida"),
    Param("exit_code", int, default=0, doc="código de salida esperado"),
    Param("timeout", int, default=60, doc="segundos máximos (contenedor desechable)"),
    Param(
        "description",
        str,
        default="",
        doc="qué comprueba, en palabras del alumno; en lugar del comando (p. ej. un script largo)",
    ),
)
def command_output(
    ctx: StepContext,
    command: list[str],
    container: str | None,
    image: str | None,
    contains: str | None,
    exit_code: int,
    timeout: int,
    description: str,
) -> CheckResult:
    where = f"«{container}»" if container else f"un contenedor de «{image}»"
    expected = expected_output(command, where, exit_code, contains, description)
    if bool(container) == bool(image):
        raise DockerlabError("command_output necesita «container» o «image» (uno de los dos).")
    if container:
        info = ctx.engine.container(container)
        if info is None or info.status != "running":
            state = "no existe" if info is None else f"no está en marcha: {info.state}"
            return CheckResult(
                False,
                expected,
                f"«{container}» {state}",
                "docker exec solo funciona con contenedores en marcha.",
            )
        code, output = ctx.engine.exec(container, command)
    else:
        assert image is not None
        if ctx.engine.image(image) is None:
            return CheckResult(
                False,
                expected,
                f"la imagen «{image}» no está en tu equipo",
                f"Descárgala con «docker pull {image}».",
            )
        code, output = _throwaway(ctx, image, command, timeout)
    found = f"código {code}: {_excerpt(output)}"
    if code != exit_code:
        return CheckResult(False, expected, found, "Lee la salida: suele decir qué falló.")
    if contains and contains not in output:
        return CheckResult(False, expected, found, "La salida no es la esperada.")
    line = next((ln for ln in output.splitlines() if contains and contains in ln), "")
    return CheckResult(True, expected, _excerpt(line or output))


def _tail(path: str, parts: int) -> tuple[str, ...]:
    """The last path components, for comparing a host path with what the engine reports
    (Docker Desktop shows /run/desktop/mnt/host/c/… for C:\\…)."""
    pure = PureWindowsPath(path) if "\\" in path else PurePosixPath(path)
    return tuple(p.lower() for p in pure.parts[-parts:])


@checks.register(
    "container_mount",
    "El contenedor monta en esa ruta una carpeta de tu equipo o un volumen con nombre "
    "(docker run -v ORIGEN:DESTINO). Misma regla que Docker: «./carpeta» o «/carpeta» es una "
    "carpeta; un nombre sin «./» es un volumen.",
    Param("container", str, required=True, doc="nombre del contenedor"),
    Param("destination", str, required=True, doc="ruta dentro del contenedor"),
    Param("source", str, doc="carpeta de tu equipo (./app, relativa a workdir) o nombre de volumen"),
    validate=lambda params, workdir: [
        ("source", problem)
        for problem in volume_rule.mount_problems(
            {params["source"]: params.get("destination")} if isinstance(params.get("source"), str) else {},
            workdir,
        )
    ],
)
def container_mount(ctx: StepContext, container: str, destination: str, source: str | None) -> CheckResult:
    volume = source if source and not volume_rule.is_folder(source) else None
    what = f"el volumen «{volume}»" if volume else (source or "una carpeta")
    expected = f"«{container}» con {what} montado en {destination}"
    if ctx.engine.container(container) is None:
        return CheckResult(
            False,
            expected,
            f"no existe ningún contenedor «{container}»",
            "«docker ps -a» lista todos los contenedores.",
        )
    mounts = ctx.engine.mounts(container)
    there = [m for m in mounts if m["destination"].rstrip("/") == destination.rstrip("/")]
    listed = ", ".join(f"{m['name'] or m['source'] or m['type']} → {m['destination']}" for m in mounts)
    if not there:
        return CheckResult(
            False,
            expected,
            f"no monta nada en {destination}" + (f" (monta: {listed})" if listed else ""),
            f"Hace falta «-v {source or 'CARPETA'}:{destination}» al crearlo; no se puede "
            f"añadir después: bórralo («docker rm -f {container}») y vuelve a "
            "crearlo.",
        )
    if volume:
        return _volume_mounted(expected, there[0], volume, destination)
    mount = there[0]
    if mount["type"] != "bind":
        return CheckResult(
            False,
            expected,
            f"en {destination} está el volumen «{mount['name']}», no una carpeta de tu equipo",
            "Escribe una ruta de tu equipo antes de «:» (empieza por «./» o «/»; en Docker, "
            "un nombre sin «./» es un volumen).",
        )
    if source:
        wanted = ctx.path(source)
        parts = min(2, len(wanted.parts))
        if _tail(mount["source"], parts) != _tail(str(wanted), parts):
            return CheckResult(
                False,
                expected,
                f"monta {mount['source']}",
                f"La carpeta debe ser {wanted}: ¿ejecutaste el comando en la carpeta de la lección?",
            )
    return CheckResult(True, expected, f"{mount['source']} → {destination}")


def _volume_mounted(expected: str, mount: dict[str, str], volume: str, destination: str) -> CheckResult:
    if mount["type"] != "volume":
        return CheckResult(
            False,
            expected,
            f"en {destination} está montada la carpeta {mount['source']}, no un volumen",
            f"Para un volumen con nombre escribe solo su nombre: «-v {volume}:{destination}» "
            "(sin «./» ni «/» delante).",
        )
    if mount["name"] != volume:
        return CheckResult(
            False,
            expected,
            f"en {destination} está el volumen «{mount['name']}»",
            f"El volumen debe ser «{volume}»: «-v {volume}:{destination}».",
        )
    return CheckResult(True, expected, f"volumen «{volume}» → {destination}")
