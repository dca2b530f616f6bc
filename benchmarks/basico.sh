#!/usr/bin/env bash
# The lesson «basico» as plain docker CLI commands: exactly the commands that
# «dockerlab lesson basico --auto» shows as «dockerlab ejecuta: …», in the same order, with the
# same labels. benchmarks/run.py times this script against dockerlab, alternating, and warns
# when the lesson's commands and these lines drift apart. dockerlab does more than this
# script (it also verifies every step), so a ratio at or below 1.0 is a fair result.
# Steps that only ask a question (listar, conflicto, inspeccionar, registros) run no command
# in --auto: dockerlab reads the answer from the engine, so they have no line here.
set -euo pipefail
cd "$(dirname "$0")/../examples/basico"

docker build -t mi_imagen_prueba --label io.dockerlab.lesson=basico .
docker run --name mi_contenedor --label io.dockerlab.lesson=basico mi_imagen_prueba
docker run --name mi_contenedor_bash --label io.dockerlab.lesson=basico mi_imagen_prueba bash -c 'ls -l /app && cat /app/archivo_prueba.txt'
docker run -d --name mi_servidor --label io.dockerlab.lesson=basico mi_imagen_prueba sleep 600
docker exec mi_servidor bash -c "echo 'estuve dentro' > /tmp/visita.txt"
docker run -d --name mi_reloj --label io.dockerlab.lesson=basico mi_imagen_prueba bash -c 'while true; do date +%T; sleep 1; done'
docker rm -f mi_reloj
docker stop mi_servidor
docker rm mi_contenedor
docker container prune --force --filter label=io.dockerlab.lesson=basico
docker rmi mi_imagen_prueba
