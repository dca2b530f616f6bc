"""Nothing harmed: the learner's own (unlabelled) containers, images, volumes and networks
survive every clean-up path (and every shipped lesson's self-test: test_selftest.py checks
them after each one); lesson paths cannot leave the lesson's folder; lesson files cannot run
host commands; ports bind to 127.0.0.1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import CI, dockerlab

from dockerlab.course.catalog import check_file, load_catalog, load_file
from dockerlab.engine.labels import LABEL_LESSON
from dockerlab.engine.provider import EngineProvider
from dockerlab.events import Event, Notice
from dockerlab.tutor import leftovers
from dockerlab.tutor.runner import Runner

from .survivors import Survivors

pytestmark = [pytest.mark.serial]  # cleans every labelled object

LESSONS = load_catalog().lessons
OWN = "pruebas-seguridad"


def lesson_file(folder: Path, steps: str, lesson_id: str = OWN) -> Path:
    path = folder / f"{lesson_id}.yaml"
    path.write_text(f"format_version: 1\nid: {lesson_id}\ntitle: Seguridad\nworkdir: .\nsteps:\n{steps}")
    return path


def test_unlabelled_objects_survive_every_cleanup_path(
    survivors: Survivors, tmp_path: Path, engines: EngineProvider
) -> None:
    engine = engines.get()
    other = "dl_ajeno_otra_leccion"  # labelled, but by another lesson
    engine.run("busybox", name=other, labels={LABEL_LESSON: "otra-leccion-ajena"}, command=["true"])
    engine.wait(other, 30)
    try:
        path = lesson_file(
            tmp_path,
            """\
  - id: crear
    title: Crear y parar
    explain: x
    solve: [{run: {image: busybox, name: dl_seguridad, command: ["true"]}}]
    checks: [{container_exited: {name: dl_seguridad}}]
  - id: podar
    title: Podar
    explain: x
    solve: [prune_containers]
    checks: [no_stopped_containers]
""",
        )
        lesson = load_file(path)
        runner = Runner(lesson, None, engines, lambda event: None)
        assert runner.solve(lesson.steps[0]) and runner.solve(lesson.steps[1])  # prune action
        assert engine.container("dl_seguridad") is None
        engine.run("busybox", name="dl_seguridad", labels={LABEL_LESSON: OWN}, command=["true"])
        runner.clear_leftovers()  # --auto's leftover clean-up
        assert engine.container("dl_seguridad") is None
        engine.prune_containers(f"{LABEL_LESSON}={OWN}")
        runner.cleanup()  # the lesson's clean-up: its actions, then its label
        engine.remove_labelled(OWN)
        assert survivors.problems(engine) == []
        still = engine.container(other)
        assert still is not None, "a lesson's clean-up removed another lesson's container"
    finally:
        if engine.container(other) is not None:
            engine.remove_container(other, force=True)


def test_clean_command_removes_only_labelled_objects(
    survivors: Survivors, tmp_path: Path, engines: EngineProvider
) -> None:
    """«dockerlab clean --yes» removes every dockerlab-labelled object (of any lesson)."""
    engine = engines.get()
    before = engine.labelled()
    if not before.empty():  # labelled objects someone else is using on a shared engine
        message = f"labelled objects left by other tests: {before.describe()}"
        if CI:
            pytest.fail(message)
        pytest.skip(message)
    engine.run("busybox", name="dl_seguridad_limpiar", labels={LABEL_LESSON: OWN}, command=["true"])
    (tmp_path / "Dockerfile").write_text('FROM busybox\nCMD ["true"]\n')
    list(engine.build(tmp_path, "dl-seguridad-limpiar", {LABEL_LESSON: OWN}))
    done = dockerlab("clean", "--yes", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["removed"] is True  # one JSON document (ui/jsonout.py)
    assert engine.labelled().empty()
    assert survivors.problems(engine) == []


# -- paths -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("solve", "what"),
    [
        ("{build: {tag: dl-fuera, context: ../../etc/passwd}}", "../../etc/passwd"),
        ("{build: {tag: dl-fuera, context: ../../../../../../etc}}", "../../../../../../etc"),
        ("{build: {tag: dl-fuera, context: /etc}}", "/etc"),
        ("{build: {tag: dl-fuera, context: ., dockerfile: ../../../etc/passwd}}", "../../../etc"),
        ("{build: {tag: dl-fuera, context: enlace}}", "enlace"),
        (
            '{run: {image: busybox, name: dl_fuera, command: ["true"], volumes: {"../../etc": /x}}}',
            "../../etc",
        ),
        ('{run: {image: busybox, name: dl_fuera, command: ["true"], volumes: {./enlace: /x}}}', "enlace"),
        ("{edit_file: {path: ../fuera/secreto.txt, find: secreto, replace: roto}}", "../fuera/secreto.txt"),
        ("{remove_file: {path: ../fuera/secreto.txt}}", "../fuera/secreto.txt"),
    ],
)
def test_lesson_paths_cannot_leave_the_lesson_folder(
    tmp_path: Path, engines: EngineProvider, solve: str, what: str
) -> None:
    outside = tmp_path / "fuera"
    outside.mkdir()
    (outside / "secreto.txt").write_text("secreto")
    folder = tmp_path / "leccion"
    folder.mkdir()
    (folder / "Dockerfile").write_text("FROM busybox\n")
    (folder / "enlace").symlink_to(outside, target_is_directory=True)
    path = lesson_file(
        folder,
        f"""\
  - id: escapar
    title: Intentar salir
    explain: x
    solve: [{solve}]
    checks: [{{image_absent: {{name: dl-fuera}}}}]
""",
    )
    lesson, problems = check_file(path)
    if lesson is None:  # refused when loading is fine too, if it names the path and says why
        said = "\n".join(str(problem) for problem in problems)
        assert "sale de la carpeta de la lección" in said and what.split("/")[0] in said, said
        return
    events: list[Event] = []
    runner = Runner(lesson, None, engines, events.append)
    assert runner.solve(lesson.steps[0]) is False
    [error] = [e for e in events if isinstance(e, Notice) and e.level == "error"]
    assert "sale de la carpeta de la lección" in error.message and what.split("/")[0] in (error.message)
    assert "solo puede usar archivos de su propia carpeta" in error.fix
    assert (outside / "secreto.txt").read_text() == "secreto"
    engine = engines.get()
    assert engine.image("dl-fuera") is None and engine.container("dl_fuera") is None


# -- host commands ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "step",
    [
        "[{shell: {command: touch MARCA}}]",
        "[{exec: {argv: [touch, MARCA]}}]",
        "[{command: touch MARCA}]",
        "[!!python/object/apply:os.system [touch MARCA]]",
    ],
)
def test_lesson_files_cannot_name_a_host_command(tmp_path: Path, step: str) -> None:
    marker = tmp_path / "marca"
    path = lesson_file(
        tmp_path,
        f"""\
  - id: host
    title: Comando del anfitrión
    explain: x
    solve: {step.replace("MARCA", str(marker))}
    checks: [{{image_absent: {{name: dl-fuera}}}}]
""",
    )
    lesson, problems = check_file(path)
    assert lesson is None and problems
    assert not marker.exists()


def test_host_command_needs_the_per_run_flag(tmp_path: Path, engines: EngineProvider) -> None:
    marker = tmp_path / "marca"
    path = lesson_file(
        tmp_path,
        f"""\
  - id: host
    title: Comando del anfitrión
    explain: x
    solve: [{{host_command: {{argv: [touch, "{marker}"]}}}}]
    checks: [{{image_absent: {{name: dl-fuera}}}}]
""",
    )
    lesson = load_file(path)
    events: list[Event] = []
    runner = Runner(lesson, None, engines, events.append)
    assert runner.solve(lesson.steps[0]) is False
    assert not marker.exists()
    assert any("--allow-shell" in e.fix for e in events if isinstance(e, Notice))


def test_commands_of_a_lesson_run_inside_the_container(tmp_path: Path, engines: EngineProvider) -> None:
    marker = tmp_path / "marca"
    path = lesson_file(
        tmp_path,
        f"""\
  - id: dentro
    title: Dentro del contenedor
    explain: x
    solve: [{{run: {{image: busybox, name: dl_seguridad_dentro,
              command: [sh, -c, "mkdir -p {marker.parent} && touch {marker} && echo hecho"]}}}}]
    checks: [{{container_exited: {{name: dl_seguridad_dentro, logs_contain: hecho}}}}]
""",
    )
    runner = Runner(load_file(path), None, engines, lambda event: None)
    try:
        assert runner.solve(runner.lesson.steps[0])
        assert runner.check(runner.lesson.steps[0]).passed
        assert not marker.exists()  # the container has its own filesystem
    finally:
        engines.get().remove_labelled(OWN)


def test_published_ports_bind_to_localhost(tmp_path: Path, engines: EngineProvider) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    path = lesson_file(
        tmp_path,
        f"""\
  - id: puerto
    title: Publicar
    explain: x
    solve: [{{run: {{image: busybox, name: dl_seguridad_puerto, command: [sleep, "60"],
              detach: true, ports: {{"80/tcp": {port}}}}}}}]
    checks: [{{container_running: {{name: dl_seguridad_puerto}}}}]
""",
    )
    runner = Runner(load_file(path), None, engines, lambda event: None)
    try:
        assert runner.solve(runner.lesson.steps[0])
        container = engines.get().container("dl_seguridad_puerto")
        assert container is not None and container.ports["80/tcp"] == [f"127.0.0.1:{port}"]
    finally:
        engines.get().remove_labelled(OWN)


def test_leftover_clean_up_never_touches_unlabelled(
    survivors: Survivors, tmp_path: Path, engines: EngineProvider
) -> None:
    path = lesson_file(
        tmp_path,
        f"""\
  - id: crear
    title: Crear
    explain: x
    solve: [{{run: {{image: busybox, name: {survivors.stopped}, command: ["true"]}}}},
            {{build: {{tag: "{survivors.image}"}}}}]
    checks: [{{container_exited: {{name: {survivors.stopped}}}}}]
""",
    )
    lesson = load_file(path)
    found = leftovers.find(lesson, engines.get())
    assert {leftover.name for leftover in found} == {survivors.stopped, survivors.image}
    assert all(not leftover.belongs_to(OWN) for leftover in found)
    events: list[Event] = []
    leftovers.clear_for_auto(lesson, engines.get(), events.append)
    assert survivors.problems(engines.get()) == []
    assert sum("No lo borro" in e.fix for e in events if isinstance(e, Notice)) == 2
