"""Failures around images and registries: reaching Docker Hub, pulling, pushing, names,
architectures and operating systems."""

from __future__ import annotations

from dockerlab.engine.failures.entry import entry

_PLATFORM_WARNING = (
    r"requested image's platform \((?P<platform>[^)]+)\) does not match the detected host "
    r"platform \((?P<engine>[^)]+)\)"
)
_PULLED_IMAGE = (
    r"Unable to find image '(?P<image>[^']+)' locally",
    r"docker (?:image )?pull (?:-\S+ )*(?P<image>[a-z0-9][\w./:@-]*)",
)

ENTRIES = (
    entry(
        "tls_untrusted",
        "Certificado no reconocido (proxy o registro privado)",
        (
            r"x509: certificate signed by unknown authority",
            r"x509: .*certificate is not trusted",
            r"tls: failed to verify certificate: x509",
            r"certificate verify failed: unable to get local issuer certificate",
        ),
        "La conexión segura (HTTPS) con el registro no se fía del certificado que recibe. Casi "
        "siempre es un proxy de la empresa o de la universidad que inspecciona el tráfico con su "
        "propio certificado, o un registro privado con un certificado propio.",
        "Pide a tu equipo de IT el certificado raíz (CA) del proxy o del registro e instálalo: "
        "en Docker Desktop basta con añadirlo al sistema (Llavero en macOS, «Certificados» en "
        "Windows) y reiniciar Docker; en Linux cópialo a /etc/docker/certs.d/REGISTRO/ca.crt (o "
        "a los certificados del sistema) y reinicia el motor. En un taller, pide el paquete de "
        "imágenes y usa «docker load -i paquete.tar».",
        "mensaje del motor o del build («x509: certificate signed by unknown authority»)",
    ),
    entry(
        "rate_limited",
        "Límite de descargas de Docker Hub",
        (r"toomanyrequests", r"pull rate limit"),
        "Docker Hub limita las descargas anónimas y tu red ya llegó al límite (en un taller, "
        "todo el grupo comparte la misma IP pública).",
        "Inicia sesión («docker login»: las cuentas gratuitas tienen más margen), espera unas "
        "horas, o carga las imágenes del paquete del taller («docker load -i paquete.tar»).",
        "mensaje del registro («toomanyrequests»)",
    ),
    entry(
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
            r"https?://\S+.*context deadline exceeded",
            r"(registry|/v2/).*context deadline exceeded",
        ),
        "No hay conexión de red (o no llega) con el servidor al que se intentaba llegar: el "
        "registro de imágenes (Docker Hub u otro) o, dentro de un build, el índice de paquetes.",
        "Comprueba tu conexión (¿Wi-Fi, VPN o proxy?). En un taller, pide al instructor el paquete "
        "de imágenes y cárgalo con «docker load -i paquete.tar».",
        "mensaje del motor al descargar («dial tcp…», «no such host», «context deadline "
        "exceeded»); dockerlab busca si ya tienes esa imagen o una de nombre parecido",
        extra=_PULLED_IMAGE,
    ),
    entry(
        "windows_containers",
        "Docker Desktop está en modo «contenedores Windows»",
        (
            r"no matching manifest for (?P<platform>windows/\S+)",
            r"image operating system \"linux\" cannot be used on this platform",
        ),
        "Tu Docker Desktop está en modo «contenedores Windows», y esta imagen (como casi todas, "
        "también las del curso) es de Linux.",
        "Cambia a contenedores Linux: clic derecho en el icono de Docker (junto al reloj) → "
        "«Switch to Linux containers…», o en PowerShell: «& $Env:ProgramFiles\\Docker\\Docker\\"
        "DockerCli.exe -SwitchLinuxEngine». Luego repite el comando.",
        "mensaje del motor de Windows al descargar o crear («no matching manifest for "
        'windows/amd64», «image operating system "linux"…»); dockerlab mira el sistema del motor',
    ),
    entry(
        "os_mismatch",
        "Imagen de Windows en un motor Linux",
        (r"image operating system \"(?P<os>windows)\" cannot be used on this platform",),
        "Esa imagen es de Windows y tu motor ejecuta contenedores Linux.",
        "Usa una imagen de Linux (las del curso lo son). Las imágenes de Windows solo funcionan "
        "en Windows con Docker Desktop en modo «contenedores Windows».",
        'mensaje del motor («image operating system "windows" cannot be used…»)',
    ),
    entry(
        "platform_unavailable",
        "La imagen no existe para tu arquitectura",
        (
            r"no matching manifest for (?P<platform>\S+) in the manifest list",
            r"no match for platform in manifest",
        ),
        "Esa imagen no se publica para la arquitectura de tu máquina.",
        "Busca una etiqueta o una imagen alternativa que sí la tenga (en Docker Hub, pestaña "
        "Tags, columna OS/ARCH), o fuerza otra con «--platform linux/amd64» (irá más lenta, "
        "emulada).",
        "mensaje del motor al descargar («no matching manifest»)",
        facts=("Tu motor pidió {platform}.",),
    ),
    entry(
        "platform_warning",
        "Aviso: la imagen es de otra arquitectura (se emula)",
        (_PLATFORM_WARNING,),
        "Es un aviso, no un error: la imagen es para {platform} y tu motor es {engine}. Docker "
        "la ejecuta igualmente, emulada: funciona (con Docker Desktop casi siempre), pero más "
        "lenta.",
        "Si el contenedor hace lo que esperabas, puedes seguir. Para quitar el aviso, usa una "
        "imagen publicada para {engine} (muchas oficiales lo están) o pide la plataforma de forma "
        "explícita con «--platform». Si después ves «exec format error», tu motor no puede "
        "emularla: necesitas la variante para {engine}.",
        "aviso del CLI («The requested image's platform … does not match …»)",
        warning=True,
        platform="otra arquitectura",
        engine="la de tu máquina",
    ),
    entry(
        "wrong_arch",
        "Imagen de otra arquitectura (exec format error)",
        # not «zsh: exec format error: X» or «cannot execute binary file»: a broken program
        # on the learner's own machine, not in a container
        (r"(?<!zsh: )(?<!binary file: )exec format error",),
        "El motor no puede ejecutar el programa de arranque del contenedor. Hay dos causas "
        "posibles: la imagen se construyó para otra arquitectura de procesador (p. ej. arm64 en "
        "un equipo amd64), o ese programa es un script sin su primera línea «#!/bin/sh» (o "
        "guardado con finales de línea de Windows, CRLF).",
        "Si la imagen es de otra arquitectura, usa su variante para la tuya: vuelve a "
        "construirla en tu máquina o descarga la etiqueta adecuada («docker image inspect "
        "IMAGEN --format '{{{{.Architecture}}}}'» te dice la suya); con Docker Desktop puedes "
        "emularla con «--platform». Si es un script, empiézalo con «#!/bin/sh» y guárdalo con "
        "finales de línea LF.",
        "salida del contenedor («exec format error»); dockerlab compara la arquitectura de la "
        "imagen con la del motor para decidir entre las dos causas",
        facts=("La imagen es para {platform} y tu motor es {engine}.",),
        extra=(_PLATFORM_WARNING,),
    ),
    entry(
        "push_missing_image",
        "No hay ninguna imagen con ese nombre para subir",
        (r"An image does not exist locally with the tag:? (?P<repo>\S+)",),
        "Quieres subir {repo}, pero en tu máquina no hay ninguna imagen con ese nombre.",
        "Ponle ese nombre a tu imagen y súbela: «docker tag IMAGEN {repo_cli}» y luego «docker "
        "push {repo_cli}» («docker images» lista las que tienes).",
        "mensaje del CLI al subir («An image does not exist locally with the tag»)",
        repo="que indicaste",
    ),
    entry(
        "push_denied",
        "El registro no te deja subir la imagen",
        (
            r"requested access to the resource is denied",
            r"unauthorized: authentication required",
            r"denied: .*(access|permission)",
            r"insufficient_scope",
        ),
        "El registro rechazó la subida de {repo}: no has iniciado sesión, o el nombre no está en "
        "tu espacio (en Docker Hub solo puedes subir a TU_USUARIO/algo; el nombre solo, como "
        "«mi_imagen», apunta a las imágenes oficiales).",
        "Inicia sesión con «docker login», ponle a la imagen un nombre bajo tu usuario («docker "
        "tag IMAGEN TU_USUARIO/nombre») y súbela con «docker push TU_USUARIO/nombre». Si el "
        "repositorio es de una organización, pide que te den permiso de escritura.",
        "mensaje del registro al subir («denied: requested access…», «unauthorized») tras «The "
        "push refers to repository»",
        requires=r"The push refers to (a )?repository|docker push |\bpush(ing)? to\b",
        extra=(
            r"The push refers to (a )?repository \[(?P<repo>[^\]]+)\]",
            r"docker push (?P<repo>\S+)",
            r"The push refers to (a )?repository \[(?P<official>docker\.io/library/[^\]]+)\]",
        ),
        facts=(
            "{official} está en el espacio de las imágenes oficiales de Docker Hub (library): ahí "
            "nadie puede subir; usa un nombre bajo tu usuario.",
        ),
        repo="tu imagen",
    ),
    entry(
        "pull_denied",
        "La imagen no existe en el registro",
        (
            r"pull access denied for (?P<image>[^,\s]+)",
            r"pull access denied",
            r"repository does not exist or may require",
            r"repository (?P<image>\S+) not found: does not exist or no pull access",
        ),
        "Docker no encuentra la imagen {image} en el registro: o no existe con ese nombre, o es privada.",
        "Revisa el nombre y la etiqueta (¿«ubuntu» o «ubunto»?). Búscala con «docker search "
        "NOMBRE» o en hub.docker.com; si es privada, inicia sesión con «docker login».",
        "mensaje del registro al descargar («pull access denied»); dockerlab busca imágenes "
        "tuyas de nombre parecido",
        image="que pediste",
    ),
    entry(
        "registry_denied",
        "El registro te negó el acceso",
        (
            r"requested access to the resource is denied",
            r"unauthorized: authentication required",
        ),
        "El registro te negó el acceso, y el mensaje solo no dice si fue al descargar o al subir. "
        "Al descargar («pull»/«run»), la imagen no existe con ese nombre o es privada. Al subir "
        "(«push»), no has iniciado sesión o el nombre no está bajo tu usuario.",
        "Si descargabas: revisa el nombre («docker search NOMBRE»). Si subías: «docker login» y "
        "un nombre bajo tu usuario («docker tag IMAGEN TU_USUARIO/nombre», luego «docker push "
        "TU_USUARIO/nombre»). Pega también la línea del comando y te diré cuál de las dos es.",
        "mensaje del registro («denied: requested access to the resource is denied») sin más "
        "contexto: dockerlab da las dos causas posibles",
    ),
    entry(
        "manifest_unknown",
        "Esa etiqueta no existe",
        (
            r"manifest for (?P<image>\S+) not found",
            r"manifest unknown",
            r"failed to resolve reference \"(?P<image>[^\"]+)\": .*: not found",
        ),
        "El registro no tiene la imagen {image} con esa etiqueta.",
        "Comprueba la etiqueta (lo que va tras «:»); en Docker Hub, pestaña Tags, verás las disponibles.",
        "mensaje del registro al descargar («manifest unknown»)",
        image="que pediste",
    ),
    entry(
        "invalid_reference",
        "Nombre de imagen no válido",
        (r"invalid reference format", r"repository name .*must be lowercase"),
        "El nombre de la imagen no es válido: solo admite minúsculas, números y los separadores "
        "«.», «_», «-» y «/», y la etiqueta va tras «:».",
        "Escríbelo en minúsculas y sin espacios (p. ej. «mi_imagen:1.0» en vez de «Mi Imagen») "
        "y comprueba que las opciones van antes del nombre de la imagen.",
        "mensaje del motor o del CLI («invalid reference format»)",
    ),
    entry(
        "image_not_found",
        "La imagen no está en tu máquina",
        (
            r"No such image:? (?P<image>\S+)",
            r"Unable to find image '(?P<image>[^']+)' locally",
            r"image not known",
        ),
        "La imagen {image} no está en tu máquina.",
        "«docker images» lista las imágenes que tienes (revisa el nombre). Si {image} es un "
        "contenedor y no una imagen, se borra con «docker rm NOMBRE» («docker ps -a» los lista). "
        "Si te falta la imagen, constrúyela («docker build -t NOMBRE .») o descárgala («docker "
        "pull NOMBRE»).",
        "mensaje del motor («No such image»); dockerlab sugiere nombres parecidos de tus imágenes "
        "y mira si es el nombre de un contenedor",
        image="que pediste",
    ),
)
