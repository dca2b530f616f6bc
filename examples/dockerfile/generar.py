"""Genera un informe HTML (medias por especie) a partir de un CSV: python generar.py DATOS CARPETA."""

import csv
import html
import sys
from collections import defaultdict
from pathlib import Path

datos, carpeta = Path(sys.argv[1]), Path(sys.argv[2])
filas = list(csv.DictReader(datos.open(encoding="utf-8")))
columnas = [c for c in filas[0] if c != "especie"]
grupos: dict[str, list[dict[str, str]]] = defaultdict(list)
for fila in filas:
    grupos[fila["especie"]].append(fila)

celdas = "".join(f"<th>{html.escape(c)}</th>" for c in ["especie", *columnas])
cuerpo = ""
for especie, grupo in sorted(grupos.items()):
    medias = [sum(float(f[c]) for f in grupo) / len(grupo) for c in columnas]
    cuerpo += f"<tr><td>{html.escape(especie)}</td>" + "".join(f"<td>{m:.2f}</td>" for m in medias) + "</tr>"

carpeta.mkdir(parents=True, exist_ok=True)
(carpeta / "index.html").write_text(
    "<!doctype html><meta charset='utf-8'><title>Informe iris</title>"
    f"<h1>Informe iris</h1><p>{len(filas)} flores medidas.</p>"
    f"<table><tr>{celdas}</tr>{cuerpo}</table>\n",
    encoding="utf-8",
)
print(f"Informe escrito en {carpeta / 'index.html'}")
