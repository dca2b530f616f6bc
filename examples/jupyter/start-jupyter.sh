#!/bin/sh
# Arranque de JupyterLab para la lección «jupyter» de dockerlab.
#
# Problema que resuelve: la carpeta de trabajo /home/jovyan/work se monta desde
# el equipo (-v "$PWD/work:/home/jovyan/work"). Si Jupyter escribe con un
# usuario distinto del dueño de esa carpeta, no puede guardar los cuadernos
# (o quedan a nombre de otro usuario en el equipo). Por eso el contenedor
# arranca como root solo un momento, mira quién es el dueño de la carpeta
# montada y lanza Jupyter con ese mismo uid/gid:
#   - carpeta de un usuario normal (p. ej. uid 1000): Jupyter corre con ese uid;
#   - carpeta de root (p. ej. en un servidor de CI): Jupyter corre como root,
#     que es el dueño de la carpeta en el equipo de todas formas.
# No hace falta --privileged ni cambiar permisos en el equipo.
set -eu

WORK_DIR=/home/jovyan/work

# Jupyter lee el token de la variable JUPYTER_TOKEN. Nunca lo desactivamos: si
# no se pasó ninguno, generamos uno al azar y lo mostramos en «docker logs».
if [ -z "${JUPYTER_TOKEN:-}" ]; then
    JUPYTER_TOKEN=$(python -c 'import secrets; print(secrets.token_hex(24))')
    export JUPYTER_TOKEN
    echo "No se indicó JUPYTER_TOKEN; se generó uno al azar."
    echo "Abre http://127.0.0.1:8888/lab?token=$JUPYTER_TOKEN"
fi

mkdir -p "$WORK_DIR"

if [ "$(id -u)" = "0" ]; then
    owner_uid=$(stat -c %u "$WORK_DIR")
    owner_gid=$(stat -c %g "$WORK_DIR")
    if [ "$owner_uid" != "0" ]; then
        # El HOME (configuración y archivos de ejecución de Jupyter) pasa a ser
        # de ese usuario. -xdev y -prune evitan tocar la carpeta montada.
        find /home/jovyan -xdev -path "$WORK_DIR" -prune -o \
            -exec chown "$owner_uid:$owner_gid" {} +
        echo "Ejecutando Jupyter con uid=$owner_uid gid=$owner_gid (dueño de $WORK_DIR)"
        exec setpriv --reuid="$owner_uid" --regid="$owner_gid" --clear-groups \
            "$0" "$@"
    fi
    echo "La carpeta $WORK_DIR es de root: Jupyter se ejecuta como root"
    set -- --allow-root "$@"
fi

# Con «docker run --user UID:GID» llegamos aquí sin pasar por root; si ese
# usuario no puede escribir en /home/jovyan, Jupyter usa un HOME temporal para
# su configuración y sus archivos de ejecución.
if [ ! -w "$HOME" ]; then
    HOME=$(mktemp -d /tmp/home.XXXXXX)
    export HOME
fi

if [ ! -w "$WORK_DIR" ]; then
    echo "Aviso: el usuario $(id -u) no puede escribir en $WORK_DIR;" \
        "los cuadernos nuevos no se podrán guardar." >&2
fi

exec python -m jupyterlab \
    --ip=0.0.0.0 \
    --port=8888 \
    --no-browser \
    --ServerApp.root_dir="$WORK_DIR" \
    "$@"
