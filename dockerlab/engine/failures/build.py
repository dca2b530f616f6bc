"""Failures while building an image: the context, the Dockerfile and its steps."""

from __future__ import annotations

from dockerlab.engine.failures.entry import entry

ENTRIES = (
    entry(
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
    entry(
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
    entry(
        "build_file_missing",
        "COPY o ADD de un archivo que no está en el contexto",
        (
            r"(COPY|ADD) failed:.*stat (?P<path>\S+): file does not exist",
            r"failed to calculate checksum of ref .*\"(?P<path>[^\"]+)\": not found",
            r"failed to compute cache key: \"(?P<path>[^\"]+)\" not found",
            r"(COPY|ADD) failed",
            r"failed to compute cache key",
        ),
        "El Dockerfile copia un archivo que no está en la carpeta del build (el contexto).",
        "Comprueba el nombre y que estás en la carpeta correcta: las rutas de COPY son relativas "
        "al contexto (el «.» del comando) y no pueden salir de él. Revisa también .dockerignore.",
        "mensaje del motor al construir («COPY failed…»)",
        facts=("Archivo que falta: {path}.",),
    ),
    entry(
        "buildkit_required",
        "El Dockerfile necesita BuildKit",
        (
            r"the --mount option requires BuildKit",
            r"requires BuildKit",
            r"BuildKit is enabled but the buildx component is missing",
        ),
        "Este Dockerfile usa algo que solo entiende BuildKit (por ejemplo un montaje de caché, "
        "«RUN --mount=type=cache»), y tu Docker construyó con el constructor clásico, que no lo "
        "admite; o pediste BuildKit y al cliente le falta el complemento buildx.",
        "Instala el complemento buildx (en Linux, el paquete «docker-buildx-plugin» del "
        "repositorio de Docker; Docker Desktop ya lo trae) y construye con «docker buildx build» "
        "o «docker build». Si no puedes, usa la variante del Dockerfile sin montajes de caché "
        "que trae la lección.",
        "mensaje del constructor clásico («the --mount option requires BuildKit») o del CLI sin buildx",
    ),
    entry(
        "dockerfile_syntax",
        "Error de sintaxis en el Dockerfile",
        (r"unknown instruction: (?P<instruction>\S+)", r"dockerfile parse error"),
        "El Dockerfile tiene una línea que Docker no entiende.",
        "Revisa esa línea: cada instrucción empieza por una palabra conocida (FROM, RUN, COPY, "
        "WORKDIR, CMD…) y una línea partida debe terminar en «\\».",
        "mensaje del motor al construir («dockerfile parse error», «unknown instruction»)",
        facts=("Instrucción desconocida: {instruction}.",),
    ),
    entry(
        "build_failed",
        "Un paso del Dockerfile falló",
        (
            r"returned a non-zero code: (?P<exit>\d+)",
            r"did not complete successfully: exit code: (?P<exit>\d+)",
            r"executor failed running \[",  # the RUN command can be long: the code is read apart
        ),
        "Un comando RUN del Dockerfile terminó con error, así que la construcción se detuvo en ese paso.",
        "Lee las últimas líneas de ese paso: dicen qué falló (un paquete mal escrito, un archivo "
        "que no existe, sin red…). Arréglalo en el Dockerfile y vuelve a construir; los pasos "
        "anteriores salen de la caché.",
        "error en el stream del build (BuildKit: «did not complete successfully», antes "
        "«executor failed running»; constructor clásico: «returned a non-zero code»); dockerlab "
        "muestra el paso y sus últimas líneas",
        facts=("El comando terminó con el código {exit}.",),
        extra=(r"\]: exit code: (?P<exit>\d+)",),
    ),
)
