"""El clasificador iris de la lección «ml», ahora con memoria: cada predicción se
cuenta en Redis, otro contenedor del mismo proyecto de Compose.

Rutas:
  GET /         -> estado del servicio y de su conexión con Redis
  GET /predict  -> predice la especie y suma uno al contador de esa especie
  GET /stats    -> cuántas predicciones se han hecho, en total y por especie
"""

import os
from typing import Annotated

import redis
from fastapi import FastAPI, HTTPException, Query
from sklearn.datasets import load_iris
from sklearn.ensemble import RandomForestClassifier

iris = load_iris()
SPECIES = [str(name) for name in iris.target_names]
model = RandomForestClassifier(n_estimators=100, random_state=42)
model.fit(iris.data, iris.target)

# El nombre del servicio de Compose («cache») sirve de nombre de equipo en la red del
# proyecto. La contraseña llega como variable de entorno, nunca escrita en el código.
store = redis.Redis(
    host=os.environ.get("REDIS_HOST", "cache"),
    port=6379,
    password=os.environ.get("REDIS_PASSWORD") or None,
    decode_responses=True,
    socket_timeout=5,
)

app = FastAPI(title="Clasificador iris con Redis", version="1.0.0")


def _redis_error(exc: redis.RedisError) -> HTTPException:
    return HTTPException(status_code=503, detail=f"No puedo hablar con Redis: {exc}")


@app.get("/", summary="Estado del servicio")
def read_root() -> dict[str, str]:
    try:
        store.ping()
    except redis.RedisError as exc:
        return {"mensaje": "Modelo iris listo", "redis": f"sin conexión ({exc})"}
    return {"mensaje": "Modelo iris listo", "redis": "conectado"}


@app.get("/predict", summary="Predecir la especie y contarla")
def predict(
    sepal_length: Annotated[float, Query(description="Largo del sépalo (cm)")],
    sepal_width: Annotated[float, Query(description="Ancho del sépalo (cm)")],
    petal_length: Annotated[float, Query(description="Largo del pétalo (cm)")],
    petal_width: Annotated[float, Query(description="Ancho del pétalo (cm)")],
) -> dict[str, int | str]:
    label = int(model.predict([[sepal_length, sepal_width, petal_length, petal_width]])[0])
    try:
        total = store.incr("predicciones")
        store.incr(f"predicciones:{SPECIES[label]}")
    except redis.RedisError as exc:
        raise _redis_error(exc) from exc
    return {"prediction": label, "clase": SPECIES[label], "total": int(total)}


@app.get("/stats", summary="Predicciones contadas en Redis")
def stats() -> dict[str, int]:
    try:
        counts = {name: int(store.get(f"predicciones:{name}") or 0) for name in SPECIES}
        counts["total"] = int(store.get("predicciones") or 0)
    except redis.RedisError as exc:
        raise _redis_error(exc) from exc
    return counts
