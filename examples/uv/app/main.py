"""API mínima con FastAPI para la lección «uv» de dockerlab.

Es la misma aplicación de la lección «fastapi»; aquí lo que cambia es cómo
se instalan sus dependencias (pip frente a uv).

Rutas:
  GET /                -> saludo fijo en JSON
  GET /saludo/{nombre} -> saludo personalizado
  GET /docs            -> documentación interactiva que FastAPI genera sola
"""

from fastapi import FastAPI

app = FastAPI(title="Hola FastAPI", version="1.0.0")


@app.get("/", summary="Saludo de bienvenida")
def read_root() -> dict[str, str]:
    return {"mensaje": "¡Hola desde FastAPI en Docker!"}


@app.get("/saludo/{nombre}", summary="Saludo personalizado")
def greet(nombre: str) -> dict[str, str]:
    return {"saludo": f"Hola, {nombre}"}
