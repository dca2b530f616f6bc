#!/bin/sh
# Cada réplica escribe su respuesta (la versión del modelo y su propio nombre de
# equipo, que en Docker es el id corto del contenedor) y la sirve con el httpd de
# busybox en el puerto 80.
mkdir -p /www
printf '{"modelo": "iris", "version": "%s", "replica": "%s"}\n' \
    "$MODELO_VERSION" "$(hostname)" > /www/index.html

# Como proceso 1 del contenedor, httpd ignoraría la señal de parada (SIGTERM) y
# Docker esperaría 10 s antes de matarlo: el shell la atiende y termina al momento,
# así una actualización gradual cambia cada réplica sin esperas.
httpd -f -p 80 -h /www &
trap 'kill $!; exit 0' TERM INT
wait
