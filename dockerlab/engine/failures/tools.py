"""Failures of the Docker tools themselves: the CLI and Compose missing or misused, the
engine unreachable, a full disk."""

from __future__ import annotations

from dockerlab.engine.failures.entry import entry

START_DOCKER = (
    "Arranca el motor: en Linux «sudo systemctl start docker» (o «sudo service docker start»); "
    "en macOS y Windows abre Docker Desktop y espera a que diga «Engine running»."
)

ENTRIES = (
    entry(
        "docker_missing",
        "Docker no está instalado (o no está en el PATH)",
        (
            r"^\S*sh: (\d+: )?docker: (command )?not found",
            r"command not found: docker$",
            r"fish: Unknown command:? docker$",
            r"'docker' is not recognized as an internal or external command",
            r"The term 'docker' is not recognized as (the )?name of a cmdlet",
        ),
        "Tu terminal no encuentra el programa «docker»: no está instalado o su carpeta no está en el PATH.",
        "Instala Docker Desktop (macOS y Windows) o Docker Engine (Linux: «sudo apt-get install "
        "docker.io» o las instrucciones de docs.docker.com/engine/install) y abre una terminal "
        "nueva. «dockerlab doctor» revisa la instalación.",
        "mensaje de la terminal (bash, zsh, fish, cmd, PowerShell)",
    ),
    entry(
        "compose_hyphen",
        "«docker-compose» (con guion) no está",
        (
            r"(^\S*sh|: line \d+): (\d+: )?docker-compose: (command )?not found",
            r"command not found: docker-compose",
            r"fish: Unknown command:? docker-compose",
            r"'docker-compose' is not recognized",
            r"The term 'docker-compose' is not recognized",
        ),
        "Escribiste «docker-compose» (con guion), el Compose v1 antiguo, y no está instalado. "
        "Hoy Compose viene dentro de Docker y se escribe con un espacio.",
        "Escribe «docker compose» (con espacio) en lugar de «docker-compose», p. ej. «docker "
        "compose up». Si eso dice «'compose' is not a docker command», instala el plugin: "
        "Docker Desktop ya lo trae; en Linux, el paquete «docker-compose-plugin».",
        "mensaje de la terminal al escribir «docker-compose» (bash, zsh, fish, cmd, PowerShell)",
    ),
    entry(
        "compose_missing",
        "Falta Docker Compose",
        (r"'compose' is not a docker command", r"unknown command:? docker compose(?![\w-])"),
        "Tu instalación de Docker no tiene Docker Compose (el comando «docker compose»).",
        "Docker Desktop ya lo trae (actualízalo si es antiguo). En Linux instala el paquete "
        "«docker-compose-plugin» (o el binario de github.com/docker/compose/releases en "
        "~/.docker/cli-plugins/docker-compose) y comprueba con «docker compose version».",
        "mensaje del CLI («'compose' is not a docker command»)",
    ),
    entry(
        "compose_file_missing",
        "No hay compose.yaml en esta carpeta",
        (
            r"no configuration file provided",
            r"Can't find a suitable configuration file in this directory",
            r"open (?P<path>\S*(compose|docker-compose)\.ya?ml): no such file or directory",
        ),
        "Compose no encuentra su archivo (compose.yaml o docker-compose.yml) en la carpeta donde "
        "lo ejecutaste ni en las de arriba.",
        "Ve a la carpeta del proyecto («cd RUTA»; «ls» debe mostrar compose.yaml) y repite el "
        "comando, o indica el archivo con «docker compose -f RUTA/compose.yaml up».",
        "mensaje de Compose v2 («no configuration file provided») y v1 («Can't find a "
        "suitable configuration file»)",
        facts=("Archivo: {path}.",),
    ),
    entry(
        "compose_v1",
        "Solo hay Compose v1 (obsoleto)",
        (
            r"docker-compose version 1\.",
            r"Version in \".*\" is unsupported",
            r"Unsupported config option for services: ",
        ),
        "Solo tienes «docker-compose» v1, que dejó de mantenerse en 2023 y no entiende los "
        "archivos «compose.yaml» actuales.",
        "Instala Compose v2 (Docker Desktop lo trae; en Linux el paquete «docker-compose-plugin») "
        "y escribe «docker compose» (con espacio) en lugar de «docker-compose».",
        "salida de «docker-compose version» (1.x) o errores propios de v1",
    ),
    entry(
        "compose_version_obsolete",
        "Aviso: la clave «version» de compose.yaml sobra",
        (r"the attribute `version` is obsolete", r"`version` is obsolete"),
        "Es solo un aviso, no un error: Compose v2 ya no usa la línea «version:» de compose.yaml "
        "y la ignora. Lo demás sigue adelante.",
        "Para que no vuelva a salir, borra la línea «version: …» del principio de compose.yaml "
        "(o de docker-compose.yml). No cambia nada más.",
        "aviso de Compose v2 («the attribute `version` is obsolete»)",
        warning=True,
    ),
    entry(
        "compose_yaml",
        "compose.yaml no es YAML válido",
        (
            r"yaml: line (?P<line>\d+): (?P<problem>.+)",
            r"yaml\.(scanner\.ScannerError|parser\.ParserError)",
            r"(mapping values are not allowed here|while parsing a block mapping|found character "
            r"that cannot start any token)",
            r"^\s*in \"(?P<path>[^\"]+\.ya?ml)\", line (?P<line>\d+), column",
        ),
        "El archivo de Compose tiene un error de formato YAML, así que Compose no puede leerlo.",
        "Revisa esa línea y la anterior: la sangría va con espacios (nunca tabuladores) y con la "
        "misma cantidad en cada nivel, tras cada «clave:» va un espacio, y los valores con «:» "
        'van entre comillas (p. ej. «- "8000:80"»).',
        "mensaje de Compose v2 («yaml: line N: …») y v1 (ScannerError de Python)",
        facts=("Línea {line} del archivo.",),
    ),
    entry(
        "compose_schema",
        "compose.yaml tiene una clave que no existe",
        (
            r"(?P<where>[\w.()-]+) additional propert(y|ies) '?(?P<key>[\w.-]+)'? (is )?not allowed",
            r"Additional property (?P<key>[\w.-]+) is not allowed",
            r"Unsupported config option for (?P<where>services\.[\w.-]+): '(?P<key>[^']+)'",
            r"Additional properties are not allowed \('(?P<key>[^']+)' was unexpected\)",
        ),
        "compose.yaml usa una clave que tu Compose no conoce en ese sitio. Suele ser una errata, "
        "una sangría que la deja en el nivel equivocado, o una clave más nueva que tu versión de "
        "Compose (como «develop», de la 2.22).",
        "Corrige el nombre (las claves de un servicio son image, build, ports, volumes, "
        "environment, command…) y la sangría. Si el error dice «(root)» y la clave es el nombre "
        "de un servicio, ponla dentro de «services:». Si la clave está bien escrita, actualiza "
        "Compose («docker compose version»). «docker compose config» valida el archivo sin "
        "arrancar nada.",
        "mensaje de Compose al validar el archivo (redacción antigua y nueva de compose-go, y v1)",
        facts=("Clave desconocida: {key}.", "Dónde: {where}."),
    ),
    entry(
        "missing_argument",
        "Faltan argumentos en el comando",
        (
            r"[\"'](?P<command>[\w ./-]+)[\"'] requires (exactly |at least |at most )?(?P<count>\d+) "
            r"arguments?",
        ),
        "Al comando {command} le falta algo: Docker esperaba más argumentos (o menos) de los que le diste.",
        "Mira cómo se usa con «docker COMANDO --help» y escribe lo que falta al final (el nombre "
        "de la imagen o del contenedor).",
        "mensaje del CLI («requires exactly 1 argument», «requires at least 1 argument»)",
        choose="command",
        fixes={
            "build": "Falta la carpeta del build al final: el punto. Escribe «docker build -t "
            "NOMBRE .» (con el «.» final: «esta carpeta»), desde la carpeta del Dockerfile.",
            "run": "Falta la imagen: «docker run [opciones] IMAGEN», p. ej. «docker run "
            "hello-world». Las opciones van antes del nombre de la imagen.",
            "pull": "Falta el nombre de la imagen: «docker pull IMAGEN», p. ej. «docker pull ubuntu».",
            "exec": "Faltan el contenedor y el comando: «docker exec -it CONTENEDOR sh».",
            "rm": "Falta el nombre del contenedor: «docker rm NOMBRE» («docker ps -a» los lista).",
            "stop": "Falta el nombre del contenedor: «docker stop NOMBRE» («docker ps» los lista).",
            "image rm": "Falta el nombre de la imagen: «docker image rm IMAGEN» («docker images» las lista).",
            "rmi": "Falta el nombre de la imagen: «docker rmi IMAGEN» («docker images» las lista).",
            "tag": "Faltan la imagen y su nuevo nombre: «docker tag IMAGEN USUARIO/REPOSITORIO».",
        },
        command="que escribiste",
    ),
    entry(
        "not_a_tty",
        "No hay terminal para -it",
        (r"the input device is not a TTY", r"cannot attach stdin to a TTY-enabled container"),
        "Pediste una sesión interactiva (-it) pero no hay una terminal conectada.",
        "Ejecuta el comando en una terminal normal; desde un script o una tubería, quita «-t» "
        "(y en Windows con Git Bash, antepón «winpty»).",
        "mensaje del CLI",
    ),
    entry(
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
    entry(
        "wrong_host",
        "DOCKER_HOST apunta a una dirección sin motor",
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
        "dirección es correcta, comprueba que ese motor está en marcha: " + START_DOCKER,
        "excepción del SDK con DOCKER_HOST definida; mensaje del CLI",
        host="otra dirección",
    ),
    entry(
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
    entry(
        "daemon_down",
        "El motor Docker no está en marcha",
        (
            r"Cannot connect to the Docker daemon",
            r"is the docker daemon running",
            r"Connection aborted.*(FileNotFoundError|ConnectionRefusedError)",
            r"(FileNotFoundError|ConnectionRefusedError)\((2|111), ",
            r"docker\.sock.*(connection refused|no such file or directory)",
            r"pipe/docker_?engine",
            r"dockerDesktopLinuxEngine",
            r"error during connect",
        ),
        "El motor Docker no responde: no está en marcha o no escucha donde lo buscamos.",
        START_DOCKER,
        "excepción del SDK al conectar (socket inexistente o que rechaza); el motor deja de "
        "responder a mitad de un paso",
    ),
    entry(
        "cgroup_mount",
        "El sistema no ofrece los cgroups que Docker necesita",
        (
            r"cgroup mountpoint does not exist",
            r"cannot (find|found) cgroup mount destination",
            r"mountpoint for (cgroup|devices|cpu\w*|memory) not found",
            r"failed to mount cgroup",
            r"cgroups: cgroup mountpoint",
        ),
        "El motor no puede crear el contenedor porque el sistema no tiene montados los cgroups "
        "(el mecanismo del kernel que limita CPU y memoria). Pasa en núcleos antiguos, en WSL "
        "sin systemd y en algunas instalaciones mínimas de Linux.",
        "En Windows: actualiza WSL («wsl --update» y «wsl --shutdown» en PowerShell) y Docker "
        "Desktop, y reinícialo. En Linux: actualiza el sistema y reinicia; si usas WSL con "
        "Docker instalado dentro, activa systemd («[boot] systemd=true» en /etc/wsl.conf). "
        "Después, «docker run hello-world» debe funcionar.",
        "mensaje del motor al crear el contenedor («cgroup mountpoint does not exist»)",
    ),
    entry(
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
)
