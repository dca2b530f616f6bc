"""Un servicio que carga un modelo al arrancar: cuál, lo dice la variable de entorno MODELO."""

import os
import signal
import sys
import time

signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # «docker stop» lo para al momento

modelo = os.environ["MODELO"]  # sin la variable, KeyError: el programa termina con error
print(f"Modelo «{modelo}» cargado; esperando trabajo.", flush=True)
while True:
    time.sleep(3600)
