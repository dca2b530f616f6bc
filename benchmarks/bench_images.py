"""Example images: build time with a cold and a warm cache, after a code change, and size."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from bench_common import ROOT, Budget, Section, engine_lock, run, secs, timed

# (name, example folder, Dockerfile, a code file to touch, rough cold build time in seconds)
IMAGES = [
    ("uv (pip)", "uv", "Dockerfile.pip", "app/main.py", 30),
    ("uv (uv)", "uv", "Dockerfile.uv", "app/main.py", 30),
    ("ml", "ml", "Dockerfile", "app/main.py", 120),
]


def _tag(name: str) -> str:
    return "dockerlab-bench-" + "".join(c if c.isalnum() else "-" for c in name).strip("-")


def _build(context: Path, dockerfile: str, tag: str, *extra: str) -> tuple[float, str]:
    # The classic builder, as dockerlab's SDK uses; the layer cache works the same way.
    env = dict(os.environ, DOCKER_BUILDKIT="0")
    elapsed, done = timed(
        ["docker", "build", "-q", "-f", dockerfile, "-t", tag, *extra, "."],
        env=env,
        cwd=context,
        timeout=1800,
    )
    if done.returncode != 0:
        return elapsed, (done.stderr or done.stdout).strip()[-300:]
    return elapsed, ""


def _size(tag: str) -> str:
    done = run(["docker", "image", "inspect", "--format", "{{.Size}}", tag])
    return f"{int(done.stdout.strip()) / 1e6:.0f} MB" if done.returncode == 0 else "?"


def bench(budget: Budget) -> Section:
    section = Section(
        "Imágenes de ejemplo", ["imagen", "en frío", "con caché", "tras cambiar código", "tamaño"]
    )
    data: dict[str, dict[str, float | str]] = {}
    for name, folder, dockerfile, code, estimate in IMAGES:
        source = ROOT / "examples" / folder
        if not (source / dockerfile).is_file():
            section.add(name, "—", "—", "—", f"no existe {folder}/{dockerfile}")
            continue
        if not budget.allows(estimate):
            section.add(name, "—", "—", "—", "sin medir: presupuesto agotado")
            continue
        tag = _tag(name)
        # One lock for the three builds: the images carry their lesson's label (from the
        # Dockerfile), so that lesson's clean-up must not run in between.
        with engine_lock(), tempfile.TemporaryDirectory() as tmp:
            context = Path(tmp) / folder
            shutil.copytree(source, context)
            try:
                first, error = _build(context, dockerfile, tag, "--no-cache")
                warm, error2 = _build(context, dockerfile, tag) if not error else (0.0, "")
                with open(context / code, "a") as handle:
                    handle.write("\n# cambio de código para medir la reconstrucción\n")
                change, error3 = _build(context, dockerfile, tag) if not error else (0.0, "")
                size = _size(tag)
            finally:
                run(["docker", "rmi", "-f", tag])
        problem = error or error2 or error3
        if problem:
            section.add(name, "—", "—", "—", f"falló: {problem}")
            continue
        section.add(name, secs(first), secs(warm), secs(change), size)
        data[name] = {
            "cold_s": round(first, 1),
            "warm_s": round(warm, 1),
            "change_s": round(change, 1),
            "size": size,
        }
    section.note(
        "docker build (constructor clásico, como el SDK de dockerlab); «en frío» es "
        "--no-cache con la imagen base ya descargada (pip descarga los paquetes de "
        "PyPI), «con caché» repite la construcción sin cambios y «tras cambiar "
        "código» añade una línea a app/main.py: solo se rehace la última capa."
    )
    section.data = data
    return section
