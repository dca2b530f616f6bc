"""Failures of multi-container apps and swarm mode: a service that depends on one not in
the file, a service name that does not resolve, swarm commands outside a swarm, a second
«swarm init», an address swarm cannot choose, a service that does not exist."""

from __future__ import annotations

from dockerlab.engine.failures.entry import entry

ENTRIES = (
    entry(
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
    entry(
        "name_not_resolved",
        "Un nombre de servicio que no se encuentra",
        (
            r"Error -?\d+ connecting to (?P<host>[\w.-]+):\d+\. (Name or service not known|"
            r"Temporary failure in name resolution|Name does not resolve)",
            r"(bad address|could not resolve host:?|can't resolve|getaddrinfo ENOTFOUND) "
            r"'?(?P<host>[\w.-]+)'?",
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
    entry(
        "swarm_not_manager",
        "El modo swarm no está activo",
        (r"This node is not a swarm manager",),
        "Tu Docker no está en modo swarm (o es un trabajador): los comandos «docker service» y "
        "«docker node» solo funcionan en un manager.",
        "Actívalo con «docker swarm init --advertise-addr 127.0.0.1» (o ejecuta el comando en "
        "un manager del swarm).",
        "mensaje del motor en «docker service …» o «docker node …»",
    ),
    entry(
        "swarm_already",
        "Ya estás en un swarm",
        (r"This node is already part of a swarm",),
        "Tu Docker ya está en un swarm: no hace falta (ni se puede) activarlo otra vez.",
        "Sigue con ese swarm («docker node ls» lo muestra). Solo si no lo usas para nada más, "
        "puedes salir con «docker swarm leave --force» y empezar de nuevo.",
        "mensaje del motor en «docker swarm init»",
    ),
    entry(
        "swarm_advertise_addr",
        "swarm init no sabe qué dirección anunciar",
        (r"could not choose an IP address to advertise",),
        "Tu equipo tiene varias direcciones de red (Wi-Fi, cable, VPN…) y Docker no sabe cuál "
        "anunciar al activar el modo swarm.",
        "Dísela: para un swarm de un solo equipo, «docker swarm init --advertise-addr 127.0.0.1».",
        "mensaje del motor en «docker swarm init»",
    ),
    entry(
        "no_such_service",
        "Ese servicio no existe",
        (r"service (?P<name>\S+) not found", r"No such service:? (?P<name>\S+)"),
        "No existe ningún servicio del swarm llamado {name}.",
        "«docker service ls» lista los servicios con su nombre exacto; escala con «docker "
        "service scale NOMBRE=RÉPLICAS».",
        "mensaje del motor en «docker service scale/update/rm»",
        name="que indicaste",
    ),
)
