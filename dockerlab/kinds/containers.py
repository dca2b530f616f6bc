"""Containers: run, stop and remove them; check their state, their output and that they ran.

Checks say what state they found in the learner's words (en marcha, detenido con código N).
"""

from __future__ import annotations

import time

from dockerlab.engine import cli, refs
from dockerlab.engine.labels import LABEL_LESSON
from dockerlab.engine.types import ContainerInfo
from dockerlab.events import Notice, Output
from dockerlab.kinds import fresh, waiting
from dockerlab.kinds import volumes as volume_rule
from dockerlab.kinds.base import Action, Check, CheckResult, Param, Registry
from dockerlab.kinds.context import StepContext
from dockerlab.kinds.images import ensure_image, similar
from dockerlab.plaintext import visible_lines

SIGKILL = 9
STOP_WINDOW = 60.0  # seconds back to look for docker stop's signal (its grace is 10 s by default)

actions: Registry[Action] = Registry("acción")
checks: Registry[Check] = Registry("verificación")


@actions.register(
    "run",
    "Crea y arranca un contenedor (docker run). Sin «detach» espera a que termine.",
    Param("image", str, required=True, doc="imagen de partida"),
    Param("name", str, doc="nombre del contenedor (--name)"),
    Param("command", list, doc="comando a ejecutar en lugar del de la imagen"),
    Param(
        "interactive",
        bool,
        default=False,
        doc="paso -it: con terminal se cede al CLI de docker; sin ella se usa auto_command",
    ),
    Param("auto_command", list, doc="comando sin terminal para los pasos interactivos"),
    Param("detach", bool, default=False, doc="dejarlo en marcha en segundo plano (-d)"),
    Param("remove", bool, default=False, doc="borrarlo al terminar (--rm)"),
    Param("ports", dict, doc='puertos: {"80/tcp": 8000} publica en 127.0.0.1:8000'),
    Param("environment", dict, doc="variables de entorno (-e NOMBRE=valor)"),
    Param(
        "volumes",
        dict,
        doc="montajes (-v ORIGEN:DESTINO) como {ORIGEN: /ruta/dentro}: «./carpeta» o «/carpeta» "
        "es una carpeta de workdir; un nombre sin «./» (taller_datos) es un volumen con nombre",
    ),
    Param("network", str, doc="red a la que se conecta (--network); debe existir ya"),
    Param("aliases", list, doc="otros nombres con que lo encuentran en esa red (--network-alias)"),
    Param("restart", str, doc="política de reinicio (--restart), p. ej. on-failure o unless-stopped"),
    Param("timeout", int, default=120, doc="segundos máximos de espera si no es detach"),
    validate=lambda params, workdir: [
        ("volumes", problem) for problem in volume_rule.mount_problems(params.get("volumes"), workdir)
    ],
)
def run(
    ctx: StepContext,
    image: str,
    name: str | None,
    command: list[str] | None,
    interactive: bool,
    auto_command: list[str] | None,
    detach: bool,
    remove: bool,
    ports: dict[str, int] | None,
    environment: dict[str, str] | None,
    volumes: dict[str, str] | None,
    network: str | None,
    aliases: list[str] | None,
    restart: str | None,
    timeout: int,
) -> None:
    if interactive and ctx.tty and cli.docker_on_path():
        _hand_off(ctx, image, name, command, remove)
        return
    if interactive and auto_command:
        command = auto_command
    bindings = {port: ("127.0.0.1", host) for port, host in (ports or {}).items()}
    env = {key: str(value) for key, value in (environment or {}).items()}
    mounts = _mounts(ctx, volumes or {})
    argv = [
        "docker",
        "run",
        *(["-d"] if detach else []),
        *(["--rm"] if remove else []),
        *(["--name", name] if name else []),
        *(["--restart", restart] if restart else []),
        *ctx.label_args(),
        *[
            a
            for port, host in (ports or {}).items()
            for a in ("-p", f"127.0.0.1:{host}:{port.split('/')[0]}")
        ],
        *[a for key, value in env.items() for a in ("-e", f"{key}={value}")],
        *[a for source, mount in mounts.items() for a in ("-v", f"{source}:{mount['bind']}")],
        *(["--network", network] if network else []),
        *[a for alias in aliases or [] for a in ("--network-alias", alias)],
        image,
        *(command or []),
    ]
    ctx.solving(argv, f"Creo un contenedor a partir de {image}")
    ensure_image(ctx, image)
    for source in mounts:
        if not volume_rule.is_folder(source):
            volume_rule.ensure_volume(ctx, source)  # labelled, so the cleanup reaches it
    container = ctx.engine.run(
        image,
        name=name,
        labels=ctx.labels,
        command=command,
        ports=bindings,
        auto_remove=remove,
        environment=env,
        volumes=mounts,
        network=network,
        aliases=aliases,
        restart=restart,
    )
    if detach:
        return
    code = ctx.engine.wait(container.id, timeout)
    if not remove:
        for line in visible_lines(ctx.engine.logs(container.id)):
            ctx.emit(Output(line, "container"))
    if code != 0:
        ctx.emit(_ended_badly(ctx, container.id, code))


def _mounts(ctx: StepContext, volumes: dict[str, str]) -> dict[str, dict[str, str]]:
    """SDK binds: a folder (``./app``) becomes its absolute path inside workdir, a volume
    name stays a name (Docker's rule for ``-v``)."""
    return {
        (str(ctx.path(source)) if volume_rule.is_folder(source) else source): {"bind": target, "mode": "rw"}
        for source, target in volumes.items()
    }


def _ended_badly(ctx: StepContext, container_id: str, code: int) -> Notice:
    """«El contenedor terminó con el código 127», and why when it can be told (command not
    in the image, another architecture, killed)."""
    from dockerlab.engine.explain import explain_exit

    said = f"El contenedor terminó con el código {code}."
    info = ctx.engine.container(container_id)  # None if it removed itself (--rm)
    found = explain_exit(ctx.engine, info) if info is not None else None
    if found is None:
        return Notice("warning", said)
    return Notice("warning", f"{said} {found.title}: {found.message}", found.fix)


def _hand_off(
    ctx: StepContext, image: str, name: str | None, command: list[str] | None, remove: bool
) -> None:
    """Give the terminal to the real docker CLI for an interactive session."""
    argv = [
        "docker",
        "run",
        "-it",
        *(["--rm"] if remove else []),
        *(["--name", name] if name else []),
        *ctx.label_args(),
        image,
        *(command or []),
    ]
    ctx.solving(argv, "Te paso el control a Docker: escribe los comandos y termina con «exit».")
    cli.hand_off(argv)


@actions.register(
    "stop",
    "Detiene un contenedor en marcha (docker stop).",
    Param("name", str, required=True, doc="nombre del contenedor"),
    Param("timeout", int, default=10, doc="segundos de gracia antes de forzar (-t)"),
    Param(
        "wait_removed", bool, default=False, doc="esperar a que desaparezca (contenedores creados con --rm)"
    ),
)
def stop(ctx: StepContext, name: str, timeout: int, wait_removed: bool) -> None:
    argv = ["docker", "stop", *(["-t", str(timeout)] if timeout != 10 else []), name]
    ctx.solving(argv, f"Detengo el contenedor {name}")
    ctx.engine.stop(name, timeout=timeout)
    if wait_removed:  # --rm: the engine removes it right after it stops
        waiting.container_until(ctx, name, waiting.gone, 15, every=0.2)


@actions.register(
    "remove_container",
    "Elimina un contenedor (docker rm).",
    Param("name", str, required=True, doc="nombre del contenedor"),
    Param("force", bool, default=False, doc="forzar aunque esté en marcha (-f)"),
)
def remove_container(ctx: StepContext, name: str, force: bool) -> None:
    ctx.solving(["docker", "rm", *(["-f"] if force else []), name], f"Elimino {name}")
    ctx.engine.remove_container(name, force=force)


@actions.register(
    "prune_containers",
    "Borra los contenedores detenidos de esta lección (prune con filtro de label).",
)
def prune_containers(ctx: StepContext) -> None:
    argv = ["docker", "container", "prune", "--force", "--filter", f"label={ctx.label_filter}"]
    ctx.solving(argv, "Borro solo los contenedores detenidos que llevan el label de la lección")
    for cid in ctx.engine.prune_containers(ctx.label_filter):
        ctx.emit(Output(f"Eliminado: {cid[:12]}", "engine"))


@actions.register(
    "remove_labelled",
    "Elimina todo lo que lleva el label de la lección (contenedores, imágenes, redes, "
    "volúmenes). Es la limpieza por defecto de toda lección.",
)
def remove_labelled(ctx: StepContext) -> None:
    ctx.solving(
        ["docker", "rm", "-f", f"$(docker ps -aq --filter label={ctx.label_filter})"],
        "Elimino lo que creó esta lección (solo objetos con su label)",
    )
    removed = ctx.engine.remove_labelled(ctx.lesson.id)
    ctx.emit(Output(f"Eliminado: {removed.describe()}", "engine"))


def _missing_container(ctx: StepContext, name: str) -> CheckResult:
    """No container ``name``: say first what the learner most likely did (a typo in the
    name, an image by that name instead of a container)."""
    expected = f"un contenedor llamado «{name}»"
    close = similar(name, [c.name for c in ctx.engine.containers()])
    if close:
        return CheckResult(
            False,
            expected,
            f"no existe; tu contenedor se llama «{close[0]}»",
            f"¿Quisiste decir «{name}»? Bórralo («docker rm -f {close[0]}») y vuelve a "
            f"crearlo con --name {name}.",
        )
    if ctx.engine.image(refs.tagged(name)) is not None:
        return CheckResult(
            False,
            expected,
            f"«{name}» es una imagen, no un contenedor",
            f"Un contenedor se crea a partir de una imagen: «docker run --name {name} IMAGEN».",
        )
    return CheckResult(
        False,
        expected,
        "no existe",
        "El nombre se da con --name; «docker ps -a» lista todos los contenedores.",
    )


def _stale(ctx: StepContext, name: str, container: ContainerInfo) -> CheckResult | None:
    """A failure when ``name`` is one this step creates but it was made before the step."""
    if fresh.is_fresh(ctx, container) or not fresh.step_runs(ctx, name=name):
        return None
    return CheckResult(
        False,
        f"un contenedor «{name}» creado en este paso",
        f"encontré uno de antes de este paso: {fresh.describe(container)}",
        f"Ese no cuenta: bórralo («docker rm -f {name}») y ejecuta de nuevo el comando del paso.",
    )


def stopping(ctx: StepContext, container: ContainerInfo) -> bool:
    """The container is running but was asked to stop (docker stop's grace period)."""
    if container.status != "running":
        return False
    # only since its last start: «docker restart» sends the same signal, then starts it again
    recent = max(time.time() - STOP_WINDOW, container.started)
    return any(signal != SIGKILL for signal in ctx.engine.signals_since(container.id, recent))


def exit_words(container: ContainerInfo) -> str:
    """The state, with what a 137 means when docker stop had to force it."""
    if container.status == "exited" and container.exit_code == 137 and not container.oom_killed:
        return (
            f"{container.state}: no terminó en el tiempo de gracia de «docker stop» "
            "(10 s) y Docker lo forzó con la señal KILL (137 = 128 + 9)"
        )
    return container.state


@checks.register(
    "container_exited",
    "El contenedor existe, terminó y (opcional) con ese código y esa salida.",
    Param("name", str, required=True, doc="nombre del contenedor"),
    Param("exit_code", int, doc="código de salida esperado (sin él, cualquiera)"),
    Param("logs_contain", str, doc="texto que su salida debe contener"),
    Param("wait", int, default=0, doc="segundos que espera a que termine (uno recién lanzado con -d)"),
)
def container_exited(
    ctx: StepContext, name: str, exit_code: int | None, logs_contain: str | None, wait: int
) -> CheckResult:
    container = waiting.container_until(
        ctx,
        name,
        lambda c: c.status not in ("running", "created"),
        wait,
        every=0.3,
        what=f"a que «{name}» termine",
    )
    if container is None:
        return _missing_container(ctx, name)
    stale = _stale(ctx, name, container)
    if stale is not None:
        return stale
    expected = f"«{name}» detenido" + (f" con código {exit_code}" if exit_code is not None else "")
    state = exit_words(container)
    if stopping(ctx, container):
        return CheckResult(
            False,
            expected,
            f"«{name}» se está deteniendo",
            "Espera unos segundos: «docker stop» le da hasta 10 s para terminar; luego verifica de nuevo.",
        )
    if container.status != "exited":
        return CheckResult(
            False,
            expected,
            f"«{name}» está {state}",
            "Si sigue en marcha, termina su sesión (exit) o detenlo con docker stop.",
        )
    if exit_code is not None and container.exit_code != exit_code:
        return CheckResult(False, expected, f"«{name}» {state}", f"Mira qué pasó con «docker logs {name}».")
    if logs_contain:
        logs = ctx.engine.logs(container.id)
        expected += f" y cuya salida contenga «{logs_contain}»"
        if logs_contain not in logs:
            excerpt = " ".join(logs.split())[-160:] or "(sin salida)"
            return CheckResult(
                False,
                expected,
                f"salida: {excerpt}",
                "¿Ejecutaste los comandos del paso dentro del contenedor?",
            )
    return CheckResult(True, expected, f"«{name}» {state}")


@checks.register(
    "container_running",
    "El contenedor existe y está en marcha.",
    Param("name", str, required=True, doc="nombre del contenedor"),
)
def container_running(ctx: StepContext, name: str) -> CheckResult:
    container = ctx.engine.container(name)
    if container is None:
        return _missing_container(ctx, name)
    stale = _stale(ctx, name, container)
    if stale is not None:
        return stale
    state = exit_words(container)
    return CheckResult(
        container.status == "running",
        f"«{name}» en marcha",
        f"«{name}» {state}",
        ""
        if container.status == "running"
        else f"Su salida puede explicar por qué paró: «docker logs {name}».",
    )


@checks.register(
    "container_absent",
    "No existe ningún contenedor con ese nombre.",
    Param("name", str, required=True, doc="nombre del contenedor"),
)
def container_absent(ctx: StepContext, name: str) -> CheckResult:
    container = ctx.engine.container(name)
    expected = f"que no exista «{name}»"
    if container is None:
        return CheckResult(True, expected, "no existe")
    state = container.state
    hint = (
        "Está en marcha: detenlo antes (docker stop) o usa docker rm -f."
        if container.status == "running"
        else f"Elimínalo con «docker rm {name}»."
    )
    return CheckResult(False, expected, f"existe y está {state}", hint)


@checks.register(
    "container_ran",
    "Algún contenedor de esa imagen terminó con ese código y esa salida.",
    Param("image", str, required=True, doc="imagen de partida"),
    Param("exit_code", int, default=0, doc="código de salida esperado"),
    Param("logs_contain", str, doc="texto que su salida debe contener"),
)
def container_ran(ctx: StepContext, image: str, exit_code: int, logs_contain: str | None) -> CheckResult:
    expected = f"un contenedor de «{image}» terminado con código {exit_code}"
    if logs_contain:
        expected += f" que muestre «{logs_contain}»"
    if ctx.engine.image(refs.tagged(image)) is None:
        return _missing_image(ctx, image, expected)
    seen = ctx.engine.containers(ancestor=refs.tagged(image))
    only_fresh = fresh.step_runs(ctx, image=image)
    current = [c for c in seen if not only_fresh or fresh.is_fresh(ctx, c)]
    for container in current:
        if (
            container.status == "exited"
            and container.exit_code == exit_code
            and (not logs_contain or logs_contain in ctx.engine.logs(container.id))
        ):
            return CheckResult(True, expected, f"{fresh.describe(container)} lo hizo")
    if not current:
        older = [c for c in seen if c not in current]
        if older:
            latest = max(older, key=lambda c: c.created)
            return CheckResult(
                False,
                f"{expected}, creado en este paso",
                f"encontré uno de antes de este paso: {fresh.describe(latest)}",
                f"Ese no cuenta: ejecuta «docker run {image}» de nuevo.",
            )
        return CheckResult(
            False, expected, f"ningún contenedor de «{image}»", f"Ejecuta «docker run {image}»."
        )
    states = ", ".join(f"{fresh.describe(c)}: {exit_words(c)}" for c in current[:3])
    return CheckResult(False, expected, states, "Mira su salida con «docker logs NOMBRE».")


def _missing_image(ctx: StepContext, image: str, expected: str) -> CheckResult:
    """The image to run is not here: a similar local name first (a typo), else the pull."""
    wanted = refs.repository(image)
    local = {refs.repository(tag): tag for found in ctx.engine.images() for tag in found.tags}
    close = similar(wanted, [repo for repo in local if repo != wanted])
    if close:
        return CheckResult(
            False,
            expected,
            f"la imagen «{image}» no está en tu máquina; tienes «{local[close[0]]}»",
            f"¿Quisiste decir «{image}»? Revisa cómo escribiste el nombre.",
        )
    return CheckResult(
        False,
        expected,
        f"la imagen «{image}» no está en tu máquina",
        f"«docker run {image}» la descarga sola la primera vez: revisa que el nombre esté bien "
        "escrito y que haya red.",
    )


@checks.register(
    "no_stopped_containers",
    "No queda ningún contenedor detenido con el label de la lección (lo que hace el prune).",
)
def no_stopped_containers(ctx: StepContext) -> CheckResult:
    stopped = [
        c.name
        for c in ctx.engine.containers(label=ctx.label_filter)
        if c.status in ("exited", "created", "dead")
    ]
    expected = "ningún contenedor detenido de esta lección"
    if not stopped:
        return CheckResult(True, expected, "ninguno")
    return CheckResult(
        False,
        expected,
        f"quedan: {', '.join(stopped)}",
        f"Usa «docker container prune --filter label={ctx.label_filter}».",
    )


def last_lines(output: str, size: int) -> str:
    """The last whole lines of a container's output that fit in ``size`` characters, joined
    with « / »; «…» marks what was left out (a line is never quoted from its middle)."""
    lines = [" ".join(line.split()) for line in output.splitlines() if line.strip()]
    if not lines:
        return "sin salida"
    kept: list[str] = []
    while lines and len(" / ".join([lines[-1], *kept])) <= size:
        kept.insert(0, lines.pop())
    if not kept:  # one line longer than the room: its end, where the news usually is
        return "…" + lines[-1][-(size - 1) :]
    return ("… " if lines else "") + " / ".join(kept)


@checks.register(
    "container_logs",
    "La salida del contenedor (docker logs) contiene ese texto; sirve para ver que una "
    "petición del alumno llegó (el registro de accesos del servidor).",
    Param("name", str, required=True, doc="nombre del contenedor"),
    Param("contains", str, required=True, doc="texto que su salida debe contener"),
    Param("hint", str, default="", doc="qué hacer si todavía no aparece"),
)
def container_logs(ctx: StepContext, name: str, contains: str, hint: str) -> CheckResult:
    container = ctx.engine.container(name)
    if container is None:
        return _missing_container(ctx, name)
    expected = f"«{contains}» en la salida de «{name}»"
    logs = ctx.engine.logs(container.id)
    if contains in logs:
        line = next(line for line in logs.splitlines() if contains in line)
        return CheckResult(True, expected, " ".join(line.split())[-160:])
    return CheckResult(
        False,
        expected,
        f"todavía no aparece (últimas líneas: {last_lines(logs, 120)})",
        hint or f"Mira su salida con «docker logs {name}».",
    )


@actions.register(
    "remove_containers_of",
    "Borra los contenedores de una imagen que creó esta lección (docker rm); los que no "
    "llevan su label los nombra para que el alumno decida.",
    Param("image", str, required=True, doc="imagen de partida"),
)
def remove_containers_of(ctx: StepContext, image: str) -> None:
    ref = refs.tagged(image)
    ctx.solving(
        ["docker", "rm", f"$(docker ps -aq --filter ancestor={image})"],
        f"Borro los contenedores de {image} que creó esta lección",
    )
    for container in ctx.engine.containers(ancestor=ref):
        if container.labels.get(LABEL_LESSON) == ctx.lesson.id:
            ctx.engine.remove_container(container.id, force=True)
            ctx.emit(Output(f"Eliminado: {container.name}", "engine"))
        else:
            ctx.emit(
                Output(
                    f"No borro «{container.name}»: no lo creó dockerlab. Si es tuyo y no lo "
                    f"necesitas: docker rm {container.name}",
                    "engine",
                )
            )


@checks.register(
    "no_containers_of",
    "No queda ningún contenedor (en marcha o detenido) creado a partir de esa imagen.",
    Param("image", str, required=True, doc="imagen de partida"),
)
def no_containers_of(ctx: StepContext, image: str) -> CheckResult:
    left = [c.name for c in ctx.engine.containers(ancestor=refs.tagged(image))]
    expected = f"ningún contenedor de «{image}»"
    if not left:
        return CheckResult(True, expected, "ninguno")
    return CheckResult(
        False,
        expected,
        f"quedan: {', '.join(left)}",
        f"Bórralos con «docker rm {' '.join(left[:5])}» (añade -f si alguno sigue en marcha).",
    )
