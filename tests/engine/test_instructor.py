"""An instructor's day on a real engine: custom lesson, workshop, image pack, live demo with
JSON events, class report and a clean-up that spares the learner's own things."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from subprocess import CompletedProcess

import pytest
from helpers import dockerlab, pulled

from dockerlab.course.catalog import load_catalog
from dockerlab.engine.gateway import Engine
from dockerlab.engine.provider import EngineProvider

pytestmark = [pytest.mark.serial]  # «clean» removes every labelled object

LESSON = """\
format_version: 1
id: mi-saludo
title: Mi saludo
summary: Una lección escrita por el instructor.
workdir: proyecto
images: [busybox]
steps:
  - id: construir
    title: Construir
    explain: Construye la imagen del saludo.
    command: docker build -t mi_saludo .
    solve: [{build: {tag: mi_saludo}}]
    checks: [{image_exists: {name: mi_saludo}}]
  - id: ejecutar
    title: Ejecutar
    explain: Ejecuta el saludo.
    command: docker run --name mi_saludo_cont mi_saludo
    solve: [{run: {image: mi_saludo, name: mi_saludo_cont}}]
    checks: [{container_exited: {name: mi_saludo_cont, exit_code: 0, logs_contain: "hola taller"}}]
  - id: limpiar
    title: Limpiar
    explain: Borra el contenedor.
    command: docker rm mi_saludo_cont
    solve: [{remove_container: {name: mi_saludo_cont}}]
    checks: [{container_absent: {name: mi_saludo_cont}}]
"""

WORKSHOP = """\
format_version: 1
title: Taller de prueba
lessons:
  - primeros-pasos
  - lesson: ./mi-saludo.yaml
"""


def cli(
    *args: str, home: Path, learner: str = "instructor", cwd: Path | None = None
) -> CompletedProcess[str]:
    return dockerlab(*args, home=home, cwd=cwd, extra_env={"DOCKERLAB_LEARNER": learner}, timeout=600)


@pytest.fixture
def taller(tmp_path: Path) -> Path:
    (tmp_path / "proyecto").mkdir()
    (tmp_path / "proyecto" / "Dockerfile").write_text(
        'FROM busybox\nLABEL io.dockerlab.lesson="mi-saludo"\nCMD ["echo", "hola taller"]\n'
    )
    (tmp_path / "mi-saludo.yaml").write_text(LESSON)
    (tmp_path / "taller.yaml").write_text(WORKSHOP)
    return tmp_path


@pytest.fixture
def engine(engines: EngineProvider) -> Iterator[Engine]:
    engine = engines.get()
    yield engine
    for lesson in ("primeros-pasos", "mi-saludo"):
        engine.remove_labelled(lesson)


def test_instructor_day(taller: Path, engine: Engine, tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert cli("workshop", "validate", "taller.yaml", home=home, cwd=taller).returncode == 0
    assert cli("selftest", "mi-saludo.yaml", home=home, cwd=taller).returncode == 0

    # image pack: pull what is missing, save, remove, load, verify. hello-world is removed
    # first so that «prepare --json» really pulls (its output must still be one JSON document)
    if engine.image("hello-world:latest") is not None:
        engine.remove_image("hello-world:latest", force=True)
    pack = tmp_path / "paquete.tar"
    saved = cli(
        "prepare", "primeros-pasos", "mi-saludo.yaml", "--save", str(pack), "--json", home=home, cwd=taller
    )
    assert saved.returncode == 0, saved.stderr
    data = json.loads(saved.stdout)  # the whole output: nothing printed before or after it
    assert {i["ref"] for i in data["images"]} == {"hello-world:latest", "busybox:latest"}
    assert pack.stat().st_size > 1_000_000 and data["saved"]["bytes"] == pack.stat().st_size
    for ref in ("hello-world:latest", "busybox:latest"):
        engine.remove_image(ref, force=True)
    listed = cli("prepare", "primeros-pasos", "--list", "--json", home=home, cwd=taller)
    assert json.loads(listed.stdout)["missing"] == ["hello-world:latest"]
    loaded = cli(
        "prepare", "primeros-pasos", "mi-saludo.yaml", "--load", str(pack), "--json", home=home, cwd=taller
    )
    assert loaded.returncode == 0, loaded.stderr
    assert json.loads(loaded.stdout)["missing"] == []
    assert engine.image("hello-world") is not None and engine.image("busybox") is not None

    # live demo, as JSON lines
    run = cli("workshop", "run", "taller.yaml", "--auto", "--json", "--pause", "0", home=home, cwd=taller)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr
    events = [json.loads(line) for line in run.stdout.splitlines()]
    assert all(e["schema"] == 2 for e in events)
    assert [e["lesson"] for e in events if e["event"] == "lesson_started"] == ["primeros-pasos", "mi-saludo"]
    checks = [e for e in events if e["event"] == "check_finished"]
    shipped = load_catalog().get("primeros-pasos")
    expected = sum(len(step.checks) for step in shipped.steps) + 3  # mi-saludo: one check a step
    assert len(checks) == expected and all(e["passed"] for e in checks)
    assert any(e["event"] == "solving" and e["command"].startswith("docker build") for e in events)
    assert [e["complete"] for e in events if e["event"] == "lesson_finished"] == [True, True]


def test_three_learners_make_a_class_report(taller: Path, engine: Engine, tmp_path: Path) -> None:
    exports = []
    for name, tries in (("ana", 0), ("beto", 2), ("carla", 1)):
        home = tmp_path / name
        engine.remove_labelled("mi-saludo")  # each learner starts on a clean machine
        for _ in range(tries):  # checks before building fail and are counted
            failed = cli("check", "mi-saludo.yaml", "construir", home=home, cwd=taller)
            assert failed.returncode == 1 and "Esperaba" in failed.stdout
        if name != "carla":
            assert cli("lesson", "mi-saludo.yaml", "--auto", home=home, cwd=taller).returncode == 0
        export = tmp_path / f"{name}.json"
        out = cli("progress", "--json", home=home, learner=name.title())
        export.write_text(out.stdout)
        exports.append(str(export))
    report = cli("report", *exports, "--json", home=tmp_path / "x")
    data = json.loads(report.stdout)
    rows = {r["learner"]: r for r in data["learners"]}
    assert rows["Ana"]["done"]["mi-saludo"] == 3 and rows["Carla"]["done"]["mi-saludo"] == 0
    assert data["stuck"][0] == {"lesson": "mi-saludo", "step": "construir", "failures": 3, "learners": 2}


def test_clean_spares_the_learners_own_things(taller: Path, engine: Engine, tmp_path: Path) -> None:
    own = ["dl_propio_c", "dl_propia_i", "dl_propio_v", "dl_propia_n"]
    subprocess.run(["docker", "run", "--name", own[0], "busybox", "true"], check=True, capture_output=True)
    subprocess.run(["docker", "tag", "busybox", own[1]], check=True)
    subprocess.run(["docker", "volume", "create", own[2]], check=True, capture_output=True)
    subprocess.run(["docker", "network", "create", own[3]], check=True, capture_output=True)
    try:
        home = tmp_path / "home"
        assert cli("lesson", "mi-saludo.yaml", "--auto", "--from", "1", home=home, cwd=taller).returncode == 0
        engine.run(
            "busybox", name="dl_etiquetado", labels={"io.dockerlab.lesson": "mi-saludo"}, command=["true"]
        )
        dry = cli("clean", "--dry-run", "--json", home=home)
        plan = json.loads(dry.stdout)
        assert "dl_etiquetado" in plan["containers"] and "mi_saludo:latest" in plan["images"]
        assert not set(own) & set(plan["containers"] + plan["images"] + plan["networks"] + plan["volumes"])
        assert engine.container("dl_etiquetado") is not None  # dry run removed nothing
        refused = cli("clean", home=home)
        assert refused.returncode == 6 and "--yes" in refused.stderr
        done = cli("clean", "--yes", home=home)
        assert done.returncode == 0, done.stdout + done.stderr
        assert engine.labelled().empty()
        assert engine.container(own[0]) is not None and engine.image(own[1]) is not None
        volumes = subprocess.run(
            ["docker", "volume", "ls", "-q"], capture_output=True, text=True
        ).stdout.split()
        networks = subprocess.run(
            ["docker", "network", "ls", "--format", "{{.Name}}"], capture_output=True, text=True
        ).stdout.split()
        assert own[2] in volumes and own[3] in networks
    finally:
        subprocess.run(["docker", "rm", "-f", own[0]], capture_output=True)
        subprocess.run(["docker", "rmi", own[1]], capture_output=True)
        subprocess.run(["docker", "volume", "rm", own[2]], capture_output=True)
        subprocess.run(["docker", "network", "rm", own[3]], capture_output=True)


def test_host_commands_need_an_explicit_flag(tmp_path: Path, engine: Engine) -> None:
    lesson = tmp_path / "shell.yaml"
    lesson.write_text("""\
format_version: 1
id: con-shell
title: Con shell
steps:
  - id: generar
    title: Generar
    explain: Genera un archivo en tu máquina.
    solve: [{host_command: {argv: [python3, -c, "open('hecho.txt', 'w').write('ok')"]}}]
    checks: [{image_absent: {name: dl-no-existe}}]
""")
    refused = cli("lesson", str(lesson), "--auto", "--plain", home=tmp_path / "h")
    assert refused.returncode == 1 and "--allow-shell" in refused.stdout
    assert not (tmp_path / "hecho.txt").exists()
    allowed = cli("lesson", str(lesson), "--auto", "--plain", "--allow-shell", home=tmp_path / "h")
    assert allowed.returncode == 0, allowed.stdout
    assert "ejecutará en tu máquina: python3 -c" in allowed.stdout
    assert (tmp_path / "hecho.txt").read_text() == "ok"


def test_selftest_runs_host_commands_only_with_the_flag(tmp_path: Path, engine: Engine) -> None:
    (tmp_path / "shell.yaml").write_text("""\
format_version: 1
id: con-shell-autoprueba
title: Con shell
steps:
  - id: generar
    title: Generar
    explain: Genera un archivo en tu máquina.
    solve: [{host_command: {argv: [python3, -c, "open('hecho.txt', 'w').write('ok')"]}}]
    checks: [{host_file: {path: hecho.txt, contains: ok}}]
cleanup: [{remove_file: {path: hecho.txt}}]
""")
    refused = dockerlab("selftest", "shell.yaml", "--json", home=tmp_path / "h", cwd=tmp_path)
    # refused before anything runs: a Spanish error naming the flag, exit 4, no document
    assert refused.returncode == 4 and refused.stdout == "", refused.stdout
    assert "--allow-shell" in refused.stderr and "Traceback" not in refused.stderr
    assert not (tmp_path / "hecho.txt").exists()
    allowed = dockerlab(
        "selftest", "shell.yaml", "--json", "--allow-shell", home=tmp_path / "h", cwd=tmp_path
    )
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr
    assert json.loads(allowed.stdout)["ok"] is True
    assert not (tmp_path / "hecho.txt").exists()  # the lesson's cleanup removed it


def test_authoring_guide_example_passes_its_selftest(tmp_path: Path, engine: Engine) -> None:
    import re

    guide = (Path(__file__).resolve().parents[2] / "docs" / "autoria.md").read_text()
    blocks = re.findall(r"```(\w+)\n(.*?)```", guide, re.S)
    dockerfile = next(text for lang, text in blocks if lang == "dockerfile")
    lesson = next(text for lang, text in blocks if lang == "yaml")
    (tmp_path / "proyecto").mkdir()
    (tmp_path / "proyecto" / "Dockerfile").write_text(dockerfile)
    (tmp_path / "saludo.yaml").write_text(lesson)
    done = cli("selftest", "saludo.yaml", "--json", home=tmp_path / "h", cwd=tmp_path)
    report = json.loads(done.stdout)
    assert done.returncode == 0 and report["ok"] and len(report["steps"]) == 4, done.stdout


def test_selftest_fails_a_check_that_passes_before_its_step(tmp_path: Path, engine: Engine) -> None:
    pulled(engine, "busybox")
    (tmp_path / "floja.yaml").write_text("""\
format_version: 1
id: floja
title: Una verificación que no prueba nada
steps:
  - id: descargar
    title: Descargar
    explain: La imagen ya estaba, así que la verificación pasa antes del paso.
    solve: [{pull: {image: busybox}}]
    checks: [{image_exists: {name: busybox}}]
""")
    done = cli("selftest", "floja.yaml", "--json", home=tmp_path / "h", cwd=tmp_path)
    report = json.loads(done.stdout)
    assert done.returncode == 1 and not report["ok"]
    assert report["steps"][0]["failed_before"] is False
