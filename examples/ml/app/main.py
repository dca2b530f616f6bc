"""Modelo de clasificación de flores iris servido con FastAPI.

El modelo se entrena al arrancar el servidor (el conjunto iris tiene solo
150 filas y entrena en menos de un segundo). Con random_state fijo el
resultado es siempre el mismo, así que la lección puede comprobarlo.

Rutas:
  GET /         -> estado del servicio (el «mensaje» es el que editarás)
  GET /predict  -> predice la especie a partir de las cuatro medidas
  GET /docs     -> documentación interactiva generada por FastAPI
"""

from typing import Annotated

import pandas as pd
from fastapi import FastAPI, Query
from sklearn.datasets import load_iris
from sklearn.ensemble import RandomForestClassifier

MESSAGE = "Modelo iris listo"

# as_frame=True devuelve un DataFrame de pandas con nombres de columna.
iris = load_iris(as_frame=True)
FEATURES = list(iris.feature_names)
SPECIES = [str(name) for name in iris.target_names]

model = RandomForestClassifier(n_estimators=100, random_state=42)
model.fit(iris.data, iris.target)

app = FastAPI(title="Clasificador iris", version="1.0.0")


@app.get("/", summary="Estado del servicio")
def read_root() -> dict[str, str]:
    return {"mensaje": MESSAGE}


@app.get("/predict", summary="Predecir la especie de una flor iris")
def predict(
    sepal_length: Annotated[float, Query(description="Largo del sépalo (cm)")],
    sepal_width: Annotated[float, Query(description="Ancho del sépalo (cm)")],
    petal_length: Annotated[float, Query(description="Largo del pétalo (cm)")],
    petal_width: Annotated[float, Query(description="Ancho del pétalo (cm)")],
) -> dict[str, int | str]:
    # Un DataFrame con las mismas columnas que en el entrenamiento evita el
    # aviso de scikit-learn sobre datos sin nombres de columna.
    sample = pd.DataFrame(
        [[sepal_length, sepal_width, petal_length, petal_width]], columns=FEATURES
    )
    label = int(model.predict(sample)[0])
    return {"prediction": label, "clase": SPECIES[label]}
