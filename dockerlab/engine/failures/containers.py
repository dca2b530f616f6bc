"""Failures around containers: names, ports, commands inside the image, exit codes,
mounts, volumes and networks."""

from __future__ import annotations

from dockerlab.engine.failures.entry import LINE_START, entry

_EXIT = r"(non-zero code|exit code|exit status|exited with code):? "
# Compose's own lines: there the port lives under «ports:» in compose.yaml, not in «-p».
_COMPOSE = (
    r"\b(?P<tool>compose)\b",
    r"^\W*(?P<tool>Container) [\w.-]+\s+(Starting|Started|Creating|Created|Error)",
)
_COMPOSE_PORT_FIX = (
    "cambia en «ports:» de compose.yaml el número de tu lado por uno libre: «- "
    '"{free_cli}:…"» en lugar de «- "{port_cli}:…"» (solo el número de antes de «:»), y '
    "repite «docker compose up»."
)
_PORT_FIX = (
    "publica en otro puerto de tu máquina que esté libre: «-p {free_cli}:…» en lugar de "
    "«-p {port_cli}:…» (cambia solo el número de antes de «:»)."
)

ENTRIES = (
    entry(
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
    entry(
        "port_allocated",
        "Puerto ocupado por otro contenedor",
        (
            r"Bind for (?P<address>[^\s]*?):(?P<port>\d+) failed: port is already allocated",
            r"port is already allocated",
        ),
        "Otro contenedor ya publica en tu máquina el puerto {port}.",
        "Detén ese contenedor («docker stop NOMBRE»; «docker ps --filter publish={port_cli}» te "
        "dice cuál es) o " + _PORT_FIX,
        "mensaje del motor («port is already allocated»); dockerlab busca qué contenedor "
        "publica ese puerto y un puerto libre",
        extra=_COMPOSE,
        choose="tool",
        fixes={
            "compose": "Detén el contenedor que lo tiene («docker ps --filter publish={port_cli}» te "
            "dice cuál es) o " + _COMPOSE_PORT_FIX,
            "container": "Detén el contenedor que lo tiene («docker ps --filter publish={port_cli}» "
            "te dice cuál es) o " + _COMPOSE_PORT_FIX,
        },
        port="que pediste",
    ),
    entry(
        "port_reserved",
        "Windows tiene reservado ese puerto",
        (
            r"exposing port TCP (?P<address>[^\s]*?):(?P<port>\d+) .*forbidden by its access permissions",
            r"forbidden by its access permissions",
        ),
        "Windows no deja usar el puerto {port}: está dentro de un rango que el sistema se "
        "reserva (Hyper-V y WSL apartan rangos de puertos al arrancar), aunque ningún programa lo "
        "use.",
        "Publica en otro puerto: «-p {free_cli}:…» en lugar de «-p {port_cli}:…». Para ver los "
        "rangos reservados: «netsh interface ipv4 show excludedportrange protocol=tcp» (en "
        "PowerShell). Reiniciar el servicio que los reparte, como administrador, suele liberarlos: "
        "«net stop winnat» y luego «net start winnat».",
        "mensaje de Docker Desktop en Windows («forbidden by its access permissions»)",
        port="que pediste",
    ),
    entry(
        "port_in_use",
        "Puerto ocupado por un programa de tu máquina",
        (
            r"listen tcp[46]? (?P<address>[^\s]*?):(?P<port>\d+): bind: address already in use",
            r"exposing port TCP (?P<address>[^\s]*?):(?P<port>\d+) ",
            r"address already in use",
            r"Only one usage of each socket address",
            r"Ports are not available",
        ),
        "Un programa de tu máquina que no es un contenedor (otro servidor, un Jupyter, una "
        "app…) ya usa el puerto {port}.",
        "Averigua cuál: «sudo ss -ltnp | grep :{port_cli}» o «lsof -i :{port_cli}» (macOS y "
        "Linux), «netstat -ano | findstr :{port_cli}» (Windows). Ciérralo o " + _PORT_FIX,
        "mensaje del motor («address already in use»); dockerlab comprueba que ningún contenedor "
        "publica ese puerto y busca uno libre",
        extra=_COMPOSE,
        choose="tool",
        fixes={
            "compose": "Averigua qué programa lo tiene («lsof -i :{port_cli}» en macOS y Linux, "
            "«netstat -ano | findstr :{port_cli}» en Windows) y ciérralo, o " + _COMPOSE_PORT_FIX,
            "container": "Averigua qué programa lo tiene («lsof -i :{port_cli}» en macOS y Linux, "
            "«netstat -ano | findstr :{port_cli}» en Windows) y ciérralo, o " + _COMPOSE_PORT_FIX,
        },
        port="que pediste",
    ),
    entry(
        "command_not_executable",
        "El comando no se puede ejecutar (código 126)",
        (
            r"exec: \"(?P<command>[^\"]+)\": permission denied",
            LINE_START + r"\S*sh: (\d+: )?(?P<command>\S+): Permission denied",
            _EXIT + r"126\b",
            r"Exited \(126\)",
        ),
        "El comando {command} existe dentro de la imagen pero no se puede ejecutar: no tiene "
        "permiso de ejecución o no es un programa.",
        "Dale permiso en el Dockerfile («RUN chmod +x {command_cli}») o llámalo con su "
        "intérprete («sh {command_cli}», «python {command_cli}»).",
        "mensaje del motor al arrancar («exec: …: permission denied»); código de salida 126",
        command="que pediste",
    ),
    entry(
        "command_not_found",
        "Comando que no existe en la imagen (código 127)",
        (
            r"exec: \"(?P<command>[^\"]+)\": executable file not found",
            r"executable file not found in \$PATH",
            LINE_START + r"\S*sh: (\d+: )?(?P<command>[^\s:]+): (command )?not found",
            _EXIT + r"127\b",
            r"Exited \(127\)",
        ),
        "El comando {command} no existe dentro de la imagen. Pasa, por ejemplo, al pedir «bash» "
        "en una imagen mínima que solo trae «sh», o con un programa que no se instaló (falta en "
        "requirements.txt o en el Dockerfile).",
        "Prueba con «sh» en lugar de «bash», revisa que el nombre esté bien escrito, o instálalo "
        "en el Dockerfile (p. ej. «RUN pip install …» o «RUN apt-get update && apt-get install "
        "-y PAQUETE») y vuelve a construir.",
        "mensaje del motor al arrancar o en «docker exec» («executable file not found»); código "
        "de salida 127 (también «exited with code 127» de Compose y «Exited (127)» de «docker "
        "ps») y la salida del contenedor",
        command="que pediste",
    ),
    entry(
        "killed",
        "Proceso detenido a la fuerza (código 137)",
        (_EXIT + r"137\b", r"Exited \(137\)", r"OOMKilled(?!\"?\s*:\s*false)"),
        "El proceso recibió la señal KILL (código 137). Con solo este mensaje hay dos causas "
        "posibles: alguien lo paró («docker stop» espera 10 s y luego lo mata; también «docker "
        "kill» o Ctrl-C en Compose), o se quedó sin memoria.",
        "Si lo paraste tú, no hay nada que arreglar. Si no, dale más memoria a Docker (Docker "
        "Desktop → Settings → Resources) o reduce lo que hace ese paso, y vuelve a intentarlo; "
        "«docker inspect NOMBRE --format '{{{{.State.OOMKilled}}}}'» dice «true» si fue la memoria.",
        "código de salida 137 (de un contenedor, de un paso del build, de Compose o de «docker "
        "ps»); si el texto nombra el contenedor, dockerlab mira en el motor si fue por memoria",
        extra=(
            r"^(?P<name>[\w.-]+) exited with code 137",
            r"Exited \(137\).*?\s(?P<name>[\w.-]+)\s*$",
        ),
    ),
    entry(
        "mount_source_missing",
        "La carpeta que montas no existe",
        (r"bind source path does not exist:? (?P<path>\S+?)\.?(\s|$)",),
        "Quieres montar en el contenedor una ruta de tu máquina que no existe.",
        "Comprueba la ruta (mejor absoluta: «$(pwd)/carpeta»; en PowerShell «${{PWD}}\\carpeta») "
        "y que estás en la carpeta correcta.",
        "mensaje del motor («bind source path does not exist»)",
        facts=("Ruta: {path}.",),
    ),
    entry(
        "mount_denied",
        "Docker Desktop no comparte esa carpeta",
        (r"Mounts denied", r"is not shared from (the )?(OS X|host)"),
        "Docker Desktop no tiene permiso para compartir esa carpeta de tu máquina con los contenedores.",
        "Añádela en Docker Desktop → Settings → Resources → File sharing, o trabaja dentro de "
        "tu carpeta de usuario.",
        "mensaje de Docker Desktop («Mounts denied»)",
    ),
    entry(
        "container_restarting",
        "El contenedor se reinicia una y otra vez",
        (r"Container (?P<name>\S+) is restarting, wait until the container is running",),
        "El contenedor {name} arranca, falla y vuelve a arrancar sin parar (tiene una política "
        "«--restart»), así que nunca llega a estar en marcha para entrar en él.",
        "Mira por qué falla: «docker logs --tail 30 {name_cli}». Para que deje de reintentarlo "
        "mientras lo arreglas: «docker update --restart=no {name_cli}» y «docker stop "
        "{name_cli}» (o bórralo: «docker rm -f {name_cli}»).",
        "mensaje del motor en «docker exec» o «docker attach» («is restarting»); dockerlab lee "
        "sus últimas líneas",
        name="que indicaste",
    ),
    entry(
        "container_running",
        "Borrar un contenedor en marcha",
        (
            r"You cannot remove a running container (?P<name>\w+)",
            r"cannot remove container \"/?(?P<name>[^\"]+)\": container is running",
            r"cannot remove .*container is (running|restarting|paused)",
            r"stop the container before attempting removal",
        ),
        "No se puede borrar un contenedor que está en marcha.",
        "Detenlo primero con «docker stop {name_cli}» y bórralo con «docker rm {name_cli}» (o "
        "las dos cosas a la vez: «docker rm -f {name_cli}»).",
        "mensaje del motor al borrar («cannot remove a running container»)",
    ),
    entry(
        "image_has_children",
        "La imagen es la base de otras",
        (r"image has dependent child images",),
        "No se puede borrar esa imagen: otras imágenes se construyeron encima de ella.",
        "Borra antes las imágenes que parten de ella («docker images» las muestra), o bórrala por "
        "su nombre:etiqueta en lugar de por su ID (así solo se quita la etiqueta).",
        "mensaje del motor al borrar («dependent child images»)",
    ),
    entry(
        "image_many_tags",
        "La imagen tiene varios nombres",
        (r"image is referenced in multiple repositories",),
        "Pediste borrar la imagen por su ID, y esa imagen tiene varios nombres (etiquetas): "
        "Docker no sabe si quieres quitarlos todos.",
        "Bórrala por su nombre («docker rmi nombre:etiqueta», uno por cada nombre que muestre "
        "«docker images»): cuando quitas el último, la imagen se borra. «docker rmi -f ID» los "
        "quita todos a la vez.",
        "mensaje del motor al borrar por ID («referenced in multiple repositories»)",
    ),
    entry(
        "image_in_use",
        "Borrar una imagen que usa un contenedor",
        (
            r"image is being used by (?P<state>running|stopped) container (?P<container>[0-9a-f]+)",
            r"container (?P<container>[0-9a-f]+) is using its referenced image",
            r"image is being used by",
        ),
        "No se puede borrar la imagen: un contenedor (en marcha o detenido) la usa.",
        "Borra antes ese contenedor: «docker ps -a --filter ancestor=IMAGEN» lo muestra. Si está "
        "detenido, «docker rm {container_cli}»; si sigue en marcha, deténlo antes («docker stop "
        "{container_cli}») o usa «docker rm -f {container_cli}». Luego repite el «docker rmi».",
        "mensaje del motor al borrar («being used by … container»); dockerlab nombra ese "
        "contenedor y elige el arreglo según su estado",
        choose="state",
        fixes={
            "running": "Ese contenedor está en marcha: detenlo y bórralo («docker stop "
            "{container_cli}» y «docker rm {container_cli}», o de una vez «docker rm -f "
            "{container_cli}») y repite el «docker rmi».",
            "stopped": "Ese contenedor está detenido: bórralo con «docker rm {container_cli}» y "
            "repite el «docker rmi».",
        },
    ),
    entry(
        "container_not_running",
        "El contenedor no está en marcha",
        (r"Container (?P<name>\S+) is not running", r"container \S+ is not running"),
        "El contenedor {name} está detenido: no se pueden ejecutar comandos dentro ni conectarse a él.",
        "Arráncalo con «docker start {name_cli}» o crea uno nuevo con «docker run».",
        "mensaje del motor en «docker exec» o «docker attach»",
        name="que indicaste",
    ),
    entry(
        "no_such_container",
        "Ese contenedor no existe",
        (r"No such container:? (?P<name>\S+)",),
        "No existe ningún contenedor con el nombre {name}.",
        "«docker ps -a» lista todos los contenedores, también los detenidos; revisa el nombre.",
        "mensaje del motor («No such container»)",
        name="que indicaste",
    ),
    entry(
        "volume_in_use",
        "Borrar un volumen que usa un contenedor",
        (
            r"remove (?P<volume>\S+): volume is in use - \[(?P<container>[0-9a-f]+)",
            r"volume is in use",
            r"volume still in use",
        ),
        "No se puede borrar el volumen {volume}: un contenedor (aunque esté detenido) lo usa.",
        "Borra antes ese contenedor («docker ps -a --filter volume={volume_cli}» lo muestra; "
        "«docker rm -f CONTENEDOR» lo elimina aunque esté en marcha) y repite «docker volume rm "
        "{volume_cli}». Ojo: borrar el volumen borra sus datos.",
        "mensaje del motor al borrar («volume is in use», en sus dos redacciones); dockerlab "
        "nombra el contenedor y su estado",
        volume="que indicaste",
    ),
    entry(
        "network_not_found",
        "La red no existe",
        (
            r"network (?P<network>[\w.-]+) not found",
            r"No such network:? (?P<network>[\w.-]+)",
            r"network (?P<network>[\w.-]+) declared as external, but could not be found",
        ),
        "La red {network} no existe en tu motor.",
        "«docker network ls» lista las redes; créala con «docker network create {network_cli}» "
        "(o, en compose.yaml, quita «external: true» para que Compose la cree).",
        "mensaje del motor o de Compose («network … not found»)",
        network="que indicaste",
    ),
)
