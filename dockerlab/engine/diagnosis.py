"""The catalogue of Docker failures learners meet, each explained in Spanish with its fix.

Pure matching on the text Docker produced (an SDK exception, the API's message, or CLI
output a learner pastes into ``dockerlab explain``), so one table serves the engine
gateway, the tutor and the tests. Facts that need the engine (which container holds a
port, the image's architecture…) are added by :mod:`dockerlab.engine.explain`.

An entry only matches words Docker really prints; a message no entry recognises gets
``None``, never a guess.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Diagnosis:
    code: str
    title: str
    message: str
    fix: str
    details: Mapping[str, str] = field(default_factory=dict)
    facts: tuple[str, ...] = ()  # what was found out about this case (the port's owner…)


# Placeholders a command in a fix shows when the real value is unknown («docker rm NOMBRE»).
_PLACEHOLDERS = {
    "name": "NOMBRE",
    "image": "IMAGEN",
    "command": "COMANDO",
    "port": "PUERTO",
    "path": "RUTA",
    "container": "CONTENEDOR",
}
_QUOTED = frozenset({"name", "image", "command", "context", "host", "path", "container"})
_FORMAT = string.Formatter()


class _Values(dict[str, str]):
    """``{name}`` is «value» or the entry's default phrase; ``{name_cli}`` is the bare value
    or a placeholder, for commands the learner copies."""

    def __init__(self, details: Mapping[str, str], defaults: Mapping[str, str]) -> None:
        super().__init__()
        self.details = details
        self.defaults = defaults

    def __missing__(self, key: str) -> str:
        if key.endswith("_cli"):
            base = key.removesuffix("_cli")
            return self.details.get(base) or _PLACEHOLDERS.get(base, base.upper())
        if key in self.details:
            value = self.details[key]
            return f"«{value}»" if key in _QUOTED else value
        return self.defaults.get(key, key.upper())


def _fields(template: str) -> set[str]:
    return {name.removesuffix("_cli") for _, name, _, _ in _FORMAT.parse(template) if name}


@dataclass(frozen=True)
class Entry:
    code: str
    title: str  # a short Spanish name for the failure (docs, «dockerlab explain --list»)
    patterns: tuple[re.Pattern[str], ...]
    message: str  # templates: {name}, {port}… come from the patterns' named groups
    fix: str
    detected: str  # how dockerlab notices it, in Spanish (for the docs table)
    defaults: Mapping[str, str] = field(default_factory=dict)
    facts: tuple[str, ...] = ()  # shown only when every value they use is known

    def match(self, text: str) -> Diagnosis | None:
        for pattern in self.patterns:
            found = pattern.search(text)
            if found is not None:
                details = {k: v.strip() for k, v in found.groupdict().items() if v}
                return self.render(details)
        return None

    def last_position(self, text: str) -> int:
        """Where the last line any pattern matches starts (-1: none matches)."""
        ends = [m.start() for p in self.patterns for m in p.finditer(text)]
        return text.rfind("\n", 0, max(ends)) + 1 if ends else -1

    def render(self, details: Mapping[str, str]) -> Diagnosis:
        values = _Values(details, self.defaults)
        facts = tuple(
            _FORMAT.vformat(fact, (), values) for fact in self.facts if _fields(fact) <= set(details)
        )
        return Diagnosis(
            self.code,
            self.title,
            _FORMAT.vformat(self.message, (), values),
            _FORMAT.vformat(self.fix, (), values),
            dict(details),
            facts,
        )


def _entry(
    code: str,
    title: str,
    patterns: tuple[str, ...],
    message: str,
    fix: str,
    detected: str,
    facts: tuple[str, ...] = (),
    **defaults: str,
) -> Entry:
    # No DOTALL: a pattern never spans lines, so pasted multi-line output cannot combine
    # words from unrelated lines into a false match.
    compiled = tuple(re.compile(p, re.IGNORECASE | re.MULTILINE) for p in patterns)
    return Entry(code, title, compiled, message, fix, detected, defaults, facts)


_START_DOCKER = (
    "Arranca el motor: en Linux «sudo systemctl start docker» (o «sudo service docker start»); "
    "en macOS y Windows abre Docker Desktop y espera a que diga «Engine running»."
)

# Order matters: on one line, the first matching entry wins, so specific messages go first.
ENTRIES: tuple[Entry, ...] = (
    _entry(
        "compose_missing",
        "Falta Docker Compose",
        (
            r"'compose' is not a docker command",
            r"unknown command:? docker compose(?![\w-])",
            r"docker-compose: (command )?not found",
            r"'docker-compose' is not recognized",
        ),
        "Tu instalación de Docker no tiene Docker Compose (el comando «docker compose»).",
        "Docker Desktop ya lo trae (actualízalo si es antiguo). En Linux instala el paquete "
        "«docker-compose-plugin» (o el binario de github.com/docker/compose/releases en "
        "~/.docker/cli-plugins/docker-compose) y comprueba con «docker compose version».",
        "mensaje del CLI («'compose' is not a docker command», «docker-compose: not found»)",
    ),
    _entry(
        "compose_v1",
        "Solo hay Compose v1 (obsoleto)",
        (
            r"docker-compose version 1\.",
            r"Version in \".*\" is unsupported",
            r"Unsupported config option for services",
            r"Supported filenames: docker-compose\.yml",
        ),
        "Solo tienes «docker-compose» v1, que dejó de mantenerse en 2023 y no entiende los "
        "archivos «compose.yaml» actuales.",
        "Instala Compose v2 (Docker Desktop lo trae; en Linux el paquete «docker-compose-plugin») "
        "y escribe «docker compose» (con espacio) en lugar de «docker-compose».",
        "salida de «docker-compose version» (1.x) o errores propios de v1",
    ),
    _entry(
        "compose_yaml_syntax",
        "compose.yaml mal sangrado",
        (
            r"yaml: line (?P<line>\d+): (?P<problem>did not find expected key|mapping values are not "
            r"allowed in this context|found a tab character that violates indentation|could not find "
            r"expected ':'|did not find expected '-' indicator|found character that cannot start any token)",
            r"(?P<problem>services must be a mapping)",
        ),
        "Tu archivo de Compose no se puede leer: casi siempre es la sangría. Compose dijo "
        "«{problem}» (línea {line}).",
        "Sangra solo con espacios (nunca tabuladores), dos por nivel, y alinea las claves "
        "hermanas: «image:», «ports:» y «environment:» de un servicio, a la misma altura; los "
        "servicios, dos espacios dentro de «services:». Comprueba el archivo con «docker compose config».",
        "mensaje de Compose al leer el archivo («yaml: line N: …»)",
        line="no indicada",
        problem="un error de formato",
    ),
    _entry(
        "compose_unknown_key",
        "Clave desconocida en compose.yaml",
        (
            r"(?P<path>[\w.-]+) additional properties '(?P<key>[^']+)' not allowed",
            r"(?P<path>[\w.-]+) Additional property (?P<key>\S+) is not allowed",
        ),
        "Compose no conoce la clave {key} dentro de {path}: o está mal escrita o está en el "
        "nivel equivocado (una sangría de más o de menos).",
        "Revisa el nombre («ports», «environment», «depends_on», «healthcheck», «volumes»…) y "
        "que quede dentro del servicio, alineada con «image:» o «build:». «docker compose config» "
        "te dice si el archivo ya es válido.",
        "mensaje de Compose al validar el archivo («additional properties … not allowed»)",
        key="que escribiste",
        path="el archivo",
    ),
    _entry(
        "compose_undefined_service",
        "depends_on nombra un servicio que no existe",
        (r"service \"(?P<name>[^\"]+)\" depends on undefined service \"?(?P<other>[^\":\s]+)",),
        "El servicio {name} depende de «{other}», y en el archivo no hay ningún servicio con ese nombre.",
        "Escribe en «depends_on» el nombre exacto de un servicio de «services:» (mira «docker "
        "compose config --services»).",
        "mensaje de Compose al validar el archivo",
        name="indicado",
        other="otro",
    ),
    _entry(
        "name_not_resolved",
        "Un nombre de servicio que no se encuentra",
        (
            r"Error -?\d+ connecting to (?P<host>[\w.-]+):\d+\. (Name or service not known|"
            r"Temporary failure in name resolution|Name does not resolve)",
            r"(bad address|could not resolve host:?|can't resolve|getaddrinfo ENOTFOUND) "
            r"'?(?P<host>[\w.-]+)'?",
            r"\[Errno -?\d+\] (Name or service not known|Temporary failure in name resolution)",
        ),
        "El nombre {host} no lleva a ningún contenedor: en la red de un proyecto de Compose, cada "
        "servicio se encuentra por su nombre tal como está en «services:», y ese no existe (o "
        "su contenedor no está en la misma red, o no está en marcha).",
        "Compara el nombre con «docker compose config --services» (una letra cambiada basta) "
        "y mira con «docker compose ps» que ese servicio esté en marcha. Fuera de Compose, "
        "los dos contenedores deben compartir una red creada por ti («docker network create»): "
        "en la red por defecto no hay nombres.",
        "mensaje del programa que no encuentra el nombre (redis-py, curl, ping, Node…)",
        host="que usaste",
    ),
    _entry(
        "swarm_not_manager",
        "El modo swarm no está activo",
        (r"This node is not a swarm manager",),
        "Tu Docker no está en modo swarm (o es un trabajador): los comandos «docker service» y "
        "«docker node» solo funcionan en un manager.",
        "Actívalo con «docker swarm init --advertise-addr 127.0.0.1» (o ejecuta el comando en "
        "un manager del swarm).",
        "mensaje del motor en «docker service …» o «docker node …»",
    ),
    _entry(
        "swarm_already",
        "Ya estás en un swarm",
        (r"This node is already part of a swarm",),
        "Tu Docker ya está en un swarm: no hace falta (ni se puede) activarlo otra vez.",
        "Sigue con ese swarm («docker node ls» lo muestra). Solo si no lo usas para nada más, "
        "puedes salir con «docker swarm leave --force» y empezar de nuevo.",
        "mensaje del motor en «docker swarm init»",
    ),
    _entry(
        "swarm_advertise_addr",
        "swarm init no sabe qué dirección anunciar",
        (r"could not choose an IP address to advertise",),
        "Tu equipo tiene varias direcciones de red (Wi-Fi, cable, VPN…) y Docker no sabe cuál "
        "anunciar al activar el modo swarm.",
        "Dísela: para un swarm de un solo equipo, «docker swarm init --advertise-addr 127.0.0.1».",
        "mensaje del motor en «docker swarm init»",
    ),
    _entry(
        "no_such_service",
        "Ese servicio no existe",
        (r"service (?P<name>\S+) not found", r"No such service:? (?P<name>\S+)"),
        "No existe ningún servicio del swarm llamado {name}.",
        "«docker service ls» lista los servicios con su nombre exacto; escala con «docker "
        "service scale NOMBRE=RÉPLICAS».",
        "mensaje del motor en «docker service scale/update/rm»",
        name="que indicaste",
    ),
    _entry(
        "not_a_tty",
        "No hay terminal para -it",
        (r"the input device is not a TTY", r"cannot attach stdin to a TTY-enabled container"),
        "Pediste una sesión interactiva (-it) pero no hay una terminal conectada.",
        "Ejecuta el comando en una terminal normal; desde un script o una tubería, quita «-t» "
        "(y en Windows con Git Bash, antepón «winpty»).",
        "mensaje del CLI",
    ),
    _entry(
        "wrong_context",
        "El contexto de Docker no existe",
        (
            r"context \"(?P<context>[^\"]+)\"?:? (context )?(not found|does not exist)",
            r"unable to resolve docker endpoint",
        ),
        "El contexto de Docker {context} no existe, así que el cliente no sabe con qué motor hablar.",
        "Mira los contextos con «docker context ls» y elige uno que exista: «docker context use "
        "default» (o «desktop-linux» con Docker Desktop). Si usas la variable DOCKER_CONTEXT, "
        "corrígela o bórrala.",
        "DOCKER_CONTEXT o «currentContext» nombran un contexto que no existe (configuración "
        "del cliente); mensaje del CLI",
        context="elegido",
    ),
    _entry(
        "wrong_host",
        "DOCKER_HOST apunta a un sitio sin motor",
        (
            r"Cannot connect to the Docker daemon at (?P<host>(tcp|ssh|https?)://[^\s]+?)\.?(\s|$)",
            r"Invalid bind address (protocol|format):? (?P<host>\S+)",
            r"unable to parse docker host `?(?P<host>[^`\s]+)",
            r"HTTPS?ConnectionPool\(host='(?P<host>[^']+)'",
        ),
        "El cliente de Docker está configurado (variable DOCKER_HOST o contexto) para hablar "
        "con un motor en {host}, y ahí no responde ninguno.",
        "Si no trabajas con un motor remoto, borra la variable («unset DOCKER_HOST»; en "
        "PowerShell «Remove-Item Env:DOCKER_HOST») y usa «docker context use default». Si la "
        "dirección es correcta, comprueba que ese motor está en marcha: " + _START_DOCKER,
        "excepción del SDK con DOCKER_HOST definida; mensaje del CLI",
        host="otra dirección",
    ),
    _entry(
        "permission_denied",
        "Sin permiso para usar Docker",
        (
            r"permission denied while trying to connect to the docker",
            r"docker\.sock.*permission denied",
            r"permission denied.*docker\.sock",
            r"dial unix .*: connect: permission denied",
            r"PermissionError\(13",
        ),
        "No tienes permiso para usar el socket del motor Docker.",
        "En Linux añade tu usuario al grupo docker («sudo usermod -aG docker $USER») y abre una "
        "sesión nueva (o ejecuta «newgrp docker»). En macOS/Windows, reinicia Docker Desktop.",
        "excepción del SDK al conectar (PermissionError); mensaje del CLI",
    ),
    _entry(
        "no_network",
        "Sin conexión con el registro de imágenes",
        (
            r"dial tcp.*(no such host|i/o timeout|network is unreachable|connection refused"
            r"|connection reset)",
            r"Temporary failure in name resolution",
            r"TLS handshake timeout",
            r"net/http: request canceled",
            r"Client\.Timeout exceeded",
            r"lookup registry-1\.docker\.io",
        ),
        "El motor no puede conectar con el registro de imágenes (Docker Hub u otro): no hay red o no llega.",
        "Comprueba tu conexión (¿Wi-Fi, VPN o proxy?). En un taller, pide al instructor el paquete "
        "de imágenes y cárgalo con «docker load -i paquete.tar».",
        "mensaje del motor al descargar («dial tcp…», «no such host»)",
    ),
    _entry(
        "daemon_down",
        "El motor Docker no está en marcha",
        (
            r"Cannot connect to the Docker daemon",
            r"is the docker daemon running",
            r"FileNotFoundError",
            r"ConnectionRefused",
            r"Connection refused",
            r"The system cannot find the file specified",
            r"pipe/docker_?engine",
            r"dockerDesktopLinuxEngine",
            r"error during connect",
            r"docker\.sock.*no such file or directory",
        ),
        "El motor Docker no responde: no está en marcha o no escucha donde lo buscamos.",
        _START_DOCKER,
        "excepción del SDK al conectar (socket inexistente o que rechaza); el motor deja de "
        "responder a mitad de un paso",
    ),
    _entry(
        "disk_full",
        "Disco lleno",
        (
            r"no space left on device",
            r"\bENOSPC\b",
            r"There is not enough space on the disk",
            r"disk quota exceeded",
        ),
        "El disco donde Docker guarda imágenes y contenedores está lleno.",
        "Mira qué ocupa sitio con «docker system df». Borra los contenedores detenidos y las "
        "imágenes que no uses (revisa antes la lista: «docker ps -a», «docker images») o amplía "
        "el disco de Docker Desktop en Settings → Resources.",
        "mensaje del motor («no space left on device»)",
    ),
    _entry(
        "rate_limited",
        "Límite de descargas de Docker Hub",
        (r"toomanyrequests", r"pull rate limit"),
        "Docker Hub limita las descargas anónimas y tu red ya llegó al límite (en un taller, "
        "todos compartís la misma IP pública).",
        "Inicia sesión («docker login»: las cuentas gratuitas tienen más margen), espera unas "
        "horas, o carga las imágenes del paquete del taller («docker load -i paquete.tar»).",
        "mensaje del registro («toomanyrequests»)",
    ),
    _entry(
        "name_conflict",
        "Nombre de contenedor en uso",
        (r'The container name "/?(?P<name>[^"]+)" is already in use',),
        "Ya existe un contenedor con el nombre {name}; Docker no permite dos con el mismo "
        "nombre (aunque el otro esté detenido).",
        "Elimina el anterior («docker rm {name_cli}», o «docker rm -f {name_cli}» si sigue en "
        "marcha) o elige otro nombre con «--name».",
        "mensaje del motor al crear («Conflict… already in use»); dockerlab mira el estado del "
        "contenedor que tiene ese nombre",
        name="que pediste",
    ),
    _entry(
        "port_allocated",
        "Puerto ocupado por otro contenedor",
        (
            r"Bind for (?P<address>[^\s]*?):(?P<port>\d+) failed: port is already allocated",
            r"port is already allocated",
        ),
        "Otro contenedor ya publica en tu máquina el puerto {port}.",
        "Detén ese contenedor («docker stop NOMBRE»; «docker ps --filter publish={port_cli}» te "
        "dice cuál es) o publica en otro puerto: por ejemplo «-p 8080:80» en lugar de "
        "«-p {port_cli}:80».",
        "mensaje del motor («port is already allocated»); dockerlab busca qué contenedor "
        "publica ese puerto y lo nombra",
        port="que pediste",
    ),
    _entry(
        "port_in_use",
        "Puerto ocupado por un programa de tu máquina",
        (
            r"listen tcp[46]? (?P<address>[^\s]*?):(?P<port>\d+): bind: address already in use",
            r"address already in use",
            r"Only one usage of each socket address",
            r"Ports are not available",
        ),
        "Un programa de tu máquina que no es un contenedor (otro servidor, un Jupyter, una "
        "app…) ya usa el puerto {port}.",
        "Averigua cuál: «sudo ss -ltnp | grep :{port_cli}» o «lsof -i :{port_cli}» (macOS y "
        "Linux), «netstat -ano | findstr :{port_cli}» (Windows). Ciérralo o publica en otro "
        "puerto, p. ej. «-p 8080:80».",
        "mensaje del motor («address already in use»); dockerlab comprueba que ningún contenedor "
        "publica ese puerto",
        port="que pediste",
    ),
    _entry(
        "platform_unavailable",
        "La imagen no existe para tu arquitectura",
        (r"no matching manifest for (?P<platform>\S+) in the manifest list",),
        "Esa imagen no se publica para la arquitectura de tu máquina.",
        "Busca una etiqueta o una imagen alternativa que sí la tenga (en Docker Hub, pestaña "
        "Tags, columna OS/ARCH), o fuerza otra con «--platform linux/amd64» (irá más lenta, "
        "emulada).",
        "mensaje del motor al descargar («no matching manifest»)",
        facts=("Tu motor pidió {platform}.",),
    ),
    _entry(
        "wrong_arch",
        "Imagen de otra arquitectura (exec format error)",
        (
            r"requested image's platform \((?P<platform>[^)]+)\) does not match the detected host "
            r"platform \((?P<engine>[^)]+)\)",
            r"exec format error",
        ),
        "El programa de la imagen está compilado para una arquitectura de procesador distinta "
        "de la de tu motor, así que no puede ejecutarlo.",
        "Usa la variante de la imagen para tu arquitectura: vuelve a construirla en tu máquina o "
        "descarga la etiqueta adecuada («docker image inspect IMAGEN --format "
        "'{{{{.Architecture}}}}'» te dice la suya). Con Docker Desktop puedes emularla con "
        "«--platform».",
        "salida del contenedor («exec format error»); dockerlab compara la arquitectura de la "
        "imagen con la del motor",
        facts=("La imagen es para {platform} y tu motor es {engine}.",),
    ),
    _entry(
        "command_not_executable",
        "El comando no se puede ejecutar (código 126)",
        (
            r"exec: \"(?P<command>[^\"]+)\": permission denied",
            r"^\S*sh: (\d+: )?(?P<command>\S+): Permission denied",
            r"(non-zero code|exit code|exit status):? 126\b",
        ),
        "El comando {command} existe dentro de la imagen pero no se puede ejecutar: no tiene "
        "permiso de ejecución o no es un programa.",
        "Dale permiso en el Dockerfile («RUN chmod +x {command_cli}») o llámalo con su "
        "intérprete («sh {command_cli}», «python {command_cli}»).",
        "mensaje del motor al arrancar («exec: …: permission denied»); código de salida 126",
        command="que pediste",
    ),
    _entry(
        "command_not_found",
        "Comando que no existe en la imagen (código 127)",
        (
            r"exec: \"(?P<command>[^\"]+)\": executable file not found",
            r"executable file not found in \$PATH",
            r"^\S*sh: (\d+: )?(?P<command>[^\s:]+): (command )?not found",
            r"(non-zero code|exit code|exit status):? 127\b",
        ),
        "El comando {command} no existe dentro de la imagen. Pasa, por ejemplo, al pedir «bash» "
        "en una imagen mínima que solo trae «sh».",
        "Prueba con «sh» en lugar de «bash», revisa que el nombre esté bien escrito, o instálalo "
        "en el Dockerfile (p. ej. «RUN apt-get update && apt-get install -y PAQUETE»).",
        "mensaje del motor al arrancar o en «docker exec» («executable file not found»); código "
        "de salida 127 y la salida del contenedor",
        command="que pediste",
    ),
    _entry(
        "killed",
        "Proceso detenido a la fuerza (código 137)",
        (r"(non-zero code|exit code|exit status):? 137\b", r"OOMKilled"),
        "El proceso recibió la señal KILL (código 137): el motor se detuvo, alguien hizo «docker "
        "stop» o «docker kill», o se quedó sin memoria.",
        "Si no lo detuviste tú, dale más memoria a Docker (Docker Desktop → Settings → "
        "Resources) o reduce lo que hace ese paso, y vuelve a intentarlo.",
        "código de salida 137 (de un contenedor o de un paso del build)",
    ),
    _entry(
        "mount_source_missing",
        "La carpeta que montas no existe",
        (r"bind source path does not exist:? (?P<path>\S+?)\.?(\s|$)", r"invalid mount config"),
        "Quieres montar en el contenedor una ruta de tu máquina que no existe.",
        "Comprueba la ruta (mejor absoluta: «$(pwd)/carpeta»; en PowerShell «${{PWD}}\\carpeta») "
        "y que estás en la carpeta correcta.",
        "mensaje del motor («bind source path does not exist»)",
        facts=("Ruta: {path}.",),
    ),
    _entry(
        "mount_denied",
        "Docker Desktop no comparte esa carpeta",
        (r"Mounts denied", r"is not shared from (the )?(OS X|host)"),
        "Docker Desktop no tiene permiso para compartir esa carpeta de tu máquina con los contenedores.",
        "Añádela en Docker Desktop → Settings → Resources → File sharing, o trabaja dentro de "
        "tu carpeta de usuario.",
        "mensaje de Docker Desktop («Mounts denied»)",
    ),
    _entry(
        "context_unreadable",
        "Un archivo del contexto no se puede leer",
        (
            r"error checking context:.*(can't stat|permission denied)",
            r"PermissionError: \[Errno 13\] Permission denied: '(?P<path>[^']+)'",
        ),
        "No se puede leer un archivo de la carpeta que envías al construir; suele ser un archivo "
        "que creó un contenedor como root.",
        "Cambia su dueño («sudo chown -R $USER .») o exclúyelo con un archivo .dockerignore.",
        "error del SDK o del CLI al empaquetar el contexto",
        facts=("Archivo: {path}.",),
    ),
    _entry(
        "dockerfile_missing",
        "No hay Dockerfile",
        (
            r"Cannot locate specified Dockerfile",
            r"unable to evaluate symlinks in Dockerfile path",
            r"failed to read dockerfile",
            r"open Dockerfile: no such file or directory",
        ),
        "No encuentro el Dockerfile en la carpeta del build.",
        "Ejecuta el comando en la carpeta que tiene el Dockerfile (el «.» final es esa carpeta), "
        "o indica cuál con «-f ruta/Dockerfile». Ojo con el nombre: «Dockerfile», con D "
        "mayúscula y sin extensión.",
        "mensaje del motor al construir («Cannot locate specified Dockerfile»)",
    ),
    _entry(
        "build_file_missing",
        "COPY o ADD de un archivo que no está en el contexto",
        (
            r"(COPY|ADD) failed:.*stat (?P<path>\S+): file does not exist",
            r"failed to calculate checksum of ref .*\"(?P<path>[^\"]+)\": not found",
            r"(COPY|ADD) failed",
            r"failed to compute cache key",
        ),
        "El Dockerfile copia un archivo que no está en la carpeta del build (el contexto).",
        "Comprueba el nombre y que estás en la carpeta correcta: las rutas de COPY son relativas "
        "al contexto (el «.» del comando) y no pueden salir de él. Revisa también .dockerignore.",
        "mensaje del motor al construir («COPY failed…»)",
        facts=("Archivo que falta: {path}.",),
    ),
    _entry(
        "dockerfile_syntax",
        "Error de sintaxis en el Dockerfile",
        (r"unknown instruction: (?P<instruction>\S+)", r"dockerfile parse error"),
        "El Dockerfile tiene una línea que Docker no entiende.",
        "Revisa esa línea: cada instrucción empieza por una palabra conocida (FROM, RUN, COPY, "
        "WORKDIR, CMD…) y una línea partida debe terminar en «\\».",
        "mensaje del motor al construir («dockerfile parse error», «unknown instruction»)",
        facts=("Instrucción desconocida: {instruction}.",),
    ),
    _entry(
        "build_failed",
        "Un paso del Dockerfile falló",
        (
            r"returned a non-zero code: (?P<exit>\d+)",
            r"did not complete successfully: exit code: (?P<exit>\d+)",
        ),
        "Un comando RUN del Dockerfile terminó con error, así que la construcción se detuvo en ese paso.",
        "Lee las últimas líneas de ese paso: dicen qué falló (un paquete mal escrito, un archivo "
        "que no existe, sin red…). Arréglalo en el Dockerfile y vuelve a construir; los pasos "
        "anteriores salen de la caché.",
        "error en el stream del build; dockerlab muestra el paso y sus últimas líneas",
        facts=("El comando terminó con el código {exit}.",),
    ),
    _entry(
        "invalid_reference",
        "Nombre de imagen no válido",
        (r"invalid reference format", r"repository name .*must be lowercase"),
        "El nombre de la imagen no es válido: solo admite minúsculas, números y los separadores "
        "«.», «_», «-» y «/», y la etiqueta va tras «:».",
        "Escríbelo en minúsculas y sin espacios (p. ej. «mi_imagen:1.0» en vez de «Mi Imagen») "
        "y comprueba que las opciones van antes del nombre de la imagen.",
        "mensaje del motor o del CLI («invalid reference format»)",
    ),
    _entry(
        "pull_denied",
        "La imagen no existe en el registro",
        (
            r"pull access denied",
            r"repository does not exist",
            r"requested access to the resource is denied",
            r"unauthorized: authentication required",
        ),
        "Docker no encuentra esa imagen en el registro (o es privada).",
        "Revisa el nombre y la etiqueta (¿«ubuntu:latest» o «ubunto»?). Búscala con "
        "«docker search NOMBRE» o en hub.docker.com; si es privada, «docker login».",
        "mensaje del registro al descargar («pull access denied»)",
    ),
    _entry(
        "manifest_unknown",
        "Esa etiqueta no existe",
        (r"manifest for (?P<image>\S+) not found", r"manifest unknown"),
        "El registro no tiene la imagen {image} con esa etiqueta.",
        "Comprueba la etiqueta (lo que va tras «:»); en Docker Hub, pestaña Tags, verás las disponibles.",
        "mensaje del registro al descargar («manifest unknown»)",
        image="que pediste",
    ),
    _entry(
        "image_not_found",
        "La imagen no está en tu máquina",
        (
            r"No such image:? (?P<image>\S+)",
            r"Unable to find image '(?P<image>[^']+)' locally",
            r"image not known",
            r"image \S+ not found",
        ),
        "La imagen {image} no está en tu máquina.",
        "Constrúyela («docker build -t {image_cli} .») o descárgala («docker pull {image_cli}»); "
        "«docker images» lista las que tienes.",
        "mensaje del motor («No such image»); dockerlab sugiere nombres parecidos de tus imágenes",
        image="que pediste",
    ),
    _entry(
        "container_running",
        "Borrar un contenedor en marcha",
        (
            r"You cannot remove a running container (?P<name>\w+)",
            r"cannot remove .*container is running",
            r"stop the container before attempting removal",
        ),
        "No se puede borrar un contenedor que está en marcha.",
        "Detenlo primero con «docker stop {name_cli}» (o fuerza con «docker rm -f {name_cli}»).",
        "mensaje del motor al borrar («cannot remove a running container»)",
    ),
    _entry(
        "image_has_children",
        "La imagen es la base de otras",
        (r"image has dependent child images",),
        "No se puede borrar esa imagen: otras imágenes se construyeron encima de ella.",
        "Borra antes las imágenes que parten de ella («docker images» las muestra), o bórrala por "
        "su nombre:etiqueta en lugar de por su ID (así solo se quita la etiqueta).",
        "mensaje del motor al borrar («dependent child images»)",
    ),
    _entry(
        "image_in_use",
        "Borrar una imagen que usa un contenedor",
        (
            r"image is being used by (running |stopped )?container (?P<container>[0-9a-f]+)",
            r"container (?P<container>[0-9a-f]+) is using its referenced image",
            r"image is being used by",
            r"conflict: unable to (delete|remove)",
        ),
        "No se puede borrar la imagen: algún contenedor (aunque esté detenido) la usa.",
        "Borra antes esos contenedores: «docker ps -a --filter ancestor=IMAGEN» los muestra y "
        "«docker rm NOMBRE» los elimina.",
        "mensaje del motor al borrar («being used by … container»); dockerlab nombra esos contenedores",
    ),
    _entry(
        "container_not_running",
        "El contenedor no está en marcha",
        (r"Container (?P<name>\S+) is not running", r"container \S+ is not running"),
        "El contenedor {name} está detenido: no se pueden ejecutar comandos dentro ni conectarse a él.",
        "Arráncalo con «docker start {name_cli}» o crea uno nuevo con «docker run».",
        "mensaje del motor en «docker exec» o «docker attach»",
        name="que indicaste",
    ),
    _entry(
        "no_such_container",
        "Ese contenedor no existe",
        (r"No such container:? (?P<name>\S+)",),
        "No existe ningún contenedor con el nombre {name}.",
        "«docker ps -a» lista todos los contenedores, también los detenidos; revisa el nombre.",
        "mensaje del motor («No such container»)",
        name="que indicaste",
    ),
)

CODES: tuple[str, ...] = tuple(entry.code for entry in ENTRIES)
_BY_CODE: dict[str, Entry] = {entry.code: entry for entry in ENTRIES}


def diagnose(message: str) -> Diagnosis | None:
    """The explanation for a Docker message, or None when we do not recognise it.

    In pasted output (a whole build log…) the error is near the end, so the entry matching
    the latest line wins; on the same line, the catalogue's order decides."""
    best: tuple[int, int] | None = None
    chosen: Entry | None = None
    for index, entry in enumerate(ENTRIES):
        line = entry.last_position(message)
        if line >= 0 and (best is None or (line, -index) > best):
            best, chosen = (line, -index), entry
    return chosen.match(message) if chosen is not None else None


def describe(code: str, **details: Any) -> Diagnosis:
    """The catalogue's explanation for ``code``, for failures seen in the engine's state
    rather than in a message (an exit code, an architecture that does not match…)."""
    return _BY_CODE[code].render({k: str(v) for k, v in details.items() if v})


def diagnose_exit(exit_code: int, output: str) -> Diagnosis | None:
    """Explain how a container ended, from its exit code and what it printed."""
    found = diagnose(output)
    if found is not None and found.code in ("wrong_arch", "command_not_found", "command_not_executable"):
        return found
    if exit_code in (126, 127, 137):
        return diagnose(f"exit code {exit_code}")
    return None
