"""The "learner typed it" path: run each step's shown command with the real docker CLI in a
real pseudo-terminal, answer what the learner would answer, then let dockerlab verify."""

from __future__ import annotations

import json
import os
import re
import subprocess
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import pexpect
import pytest
from helpers import buildkit_path

from dockerlab.course.catalog import Catalog, load_file
from dockerlab.engine.builder import choose as choose_builder
from dockerlab.engine.provider import EngineProvider
from dockerlab.model import Lesson, Step
from dockerlab.tutor.runner import Runner

from .search_index import SearchIndex, search_index

pytestmark = [pytest.mark.lessons("basico")]  # the parametrized tests: their own lesson

# Commands that follow output until Ctrl-C (docker logs -f), and what the learner waits for.
FOLLOWED = {"registros": r"\d\d:\d\d:\d\d"}


def type_command(step: Step, cwd: str) -> str:
    """The command through bash, as the learner's shell runs it (``$(…)`` expanded)."""
    child = pexpect.spawn(
        "bash", ["-c", step.command], cwd=cwd, encoding="utf-8", timeout=120, dimensions=(40, 200)
    )
    pending = list(step.inside)  # what the step shows to type inside the container
    output = ""
    if step.id in FOLLOWED:  # watch a few lines, then Ctrl-C
        for _ in range(3):
            child.expect(FOLLOWED[step.id])
        output = (child.before or "") + str(child.after)
        child.sendintr()
        child.expect(pexpect.EOF)
        child.close()
        return output
    while True:
        index = child.expect([r"\[y/N\]", r"root@\w+:[^#]*# ", pexpect.EOF])
        output += (child.before or "") + (child.after if isinstance(child.after, str) else "")
        if index == 0:
            child.sendline("y")
        elif index == 1:
            child.sendline(pending.pop(0) if pending else "exit")
        else:
            break
    child.close()
    return output


def image_row(name: str, output: str) -> dict[str, str]:
    """A row of ``docker images`` read as the learner reads it, on either table: Docker 29's
    ``IMAGE ID DISK USAGE…`` (name:tag together) or the older ``REPOSITORY TAG IMAGE ID…``."""
    lines = output.splitlines()
    header = next(line for line in lines if "ID" in line.split())
    row = next(line for line in lines if line.split() and line.split()[0].split(":")[0] == name).split()
    if header.split()[0] == "IMAGE":
        return {"tag": row[0].partition(":")[2], "id": row[1]}
    return {"tag": row[1], "id": row[2]}


def learner_answer(step: Step, output: str) -> str | None:
    """What a learner would answer after reading the command's output."""
    if step.question is None:
        return None
    if step.id == "version":
        server = output.split("Server:", 1)[1]
        return re.search(r"Version:\s+(\S+)", server).group(1)  # type: ignore[union-attr]
    if step.id == "listar":
        return image_row("mi_imagen_prueba", output)["id"][:6]
    if step.id == "inspeccionar":  # the "IPAddress" line of docker inspect
        return re.findall(r'"IPAddress": "([\d.]+)"', output)[0]
    if step.id == "registros":  # one of the lines docker logs -f showed
        return re.findall(r"\d\d:\d\d:\d\d", output)[-1]
    if step.id == "conflicto":
        assert "Conflict" in output and "already in use" in output
        return next(c for c in step.question.choices if "Conflict" in c)
    accept = step.checks[0].params["accept"]  # concept questions: the learner knows
    return str(accept[0])


def test_learner_types_every_command(catalog: Catalog, engines: EngineProvider) -> None:
    engine = engines.get()
    subprocess.run(["docker", "pull", "-q", "busybox"], check=True, capture_output=True)
    subprocess.run(["docker", "rm", "-f", "mi_propio_contenedor"], capture_output=True)
    subprocess.run(
        ["docker", "run", "--name", "mi_propio_contenedor", "busybox", "true"],
        check=True,
        capture_output=True,
    )
    subprocess.run(["docker", "tag", "busybox", "mi_imagen_propia"], check=True)
    before_hello = {c.id for c in engine.containers(ancestor="hello-world")}
    try:
        for lesson in catalog.lessons[:2]:
            runner = Runner(lesson, None, engines, lambda event: None)
            runner.cleanup()
            cwd = str(lesson.workdir or lesson.source.parent)
            for step in lesson.steps:
                runner.begin(step)  # only what is typed from now on counts (fresh evidence)
                output = type_command(step, cwd) if step.command else ""
                answer = learner_answer(step, output)
                if answer is not None:
                    runner.answer(step, answer)
                verdict = runner.check(step)
                assert verdict.passed, (lesson.id, step.id, verdict.results, output[-800:])
            runner.cleanup()
            assert engine.labelled(lesson.id).empty()
        own = engine.container("mi_propio_contenedor")
        assert own is not None and own.status == "exited"
        assert engine.image("mi_imagen_propia") is not None
    finally:
        subprocess.run(["docker", "rm", "-f", "mi_propio_contenedor"], capture_output=True)
        subprocess.run(["docker", "rmi", "mi_imagen_propia"], capture_output=True)
        for container in engine.containers(ancestor="hello-world"):
            if container.id not in before_hello:
                engine.remove_container(container.id, force=True)


# -- the later lessons: hub, fastapi, ml, jupyter, uv ---------------------------------------
LATER = ["hub", "fastapi", "ml", "versiones", "jupyter", "uv", "multi", "orquestacion"]
# Commands that stay in the foreground (servers), and what they print once ready.
FOREGROUND = {
    ("fastapi", "ejecutar"): "Uvicorn running on",
    ("ml", "levantar"): "Application startup complete",
}
# The step that ends each of them, and how the learner does it: Ctrl-C in that terminal,
# or the step's own command typed in another terminal.
STOPS = {("fastapi", "detener"): ("ejecutar", "ctrl-c"), ("ml", "bajar"): ("levantar", "command")}
# The steps a learner whose engine was already in a swarm skips (the lesson tells them so).
SWARM_OWN = {("orquestacion", "activar"), ("orquestacion", "salir")}
# Steps a learner leaves to dockerlab (nothing to type): the uv lesson's measurements.
SOLVED_BY_DOCKERLAB = {("uv", "comparar")}
ML_EDIT = (b'MESSAGE = "Modelo iris listo"', b'MESSAGE = "Modelo iris actualizado"')
UV_EDIT = ("¡Hola desde FastAPI en Docker!".encode(), "¡Hola desde uv en un contenedor!".encode())


class Foreground:
    """A command left running in its own terminal; its output is drained so it never blocks."""

    def __init__(self, child: pexpect.spawn) -> None:
        self.child = child
        self.output: list[str] = []
        self.thread = threading.Thread(target=self._drain, daemon=True)

    def _drain(self) -> None:
        while True:
            try:
                self.output.append(self.child.read_nonblocking(4096, timeout=1))
            except pexpect.TIMEOUT:
                continue
            except pexpect.EOF:
                return

    def wait_gone(self, timeout: float = 90) -> None:
        self.thread.join(timeout)
        assert not self.thread.is_alive(), "".join(self.output)[-2000:]
        self.child.close()


def terminal(command: str, cwd: str) -> pexpect.spawn:
    """A shell command as the learner types it (bash expands "$PWD" as their shell would)."""
    return pexpect.spawn(
        "bash", ["-c", command], cwd=cwd, encoding="utf-8", timeout=600, dimensions=(40, 200)
    )


def type_in_terminal(lesson_id: str, step: Step, cwd: str) -> str:
    child = terminal(step.command, cwd)
    pending = list(step.inside)
    output = ""
    while True:
        index = child.expect([r"\[y/N\]", r"root@\w+:[^#]*# ", pexpect.EOF])
        output += (child.before or "") + (child.after if isinstance(child.after, str) else "")
        if index == 0:
            child.sendline("y")
        elif index == 1:
            child.sendline(pending.pop(0) if pending else "exit")
        else:
            break
    child.close()
    return output


def get(url: str, token: str | None = None, method: str = "GET", body: dict[str, Any] | None = None) -> Any:
    """What the learner's browser does."""
    headers = {"Authorization": f"token {token}"} if token else {}
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(request, timeout=30) as response:
        return json.loads(response.read())


def learner_does(
    lesson_id: str, step: Step, output: str, values: dict[str, Any], workdir: Path
) -> str | None:
    """What the learner does outside docker (browser, editor) and answers, step by step."""
    base = f"http://127.0.0.1:{values.get('port')}"
    key = (lesson_id, step.id)
    if key == ("hub", "buscar"):  # the official image is the one marked [OK]
        return next(line.split()[0] for line in output.splitlines() if "[OK]" in line)
    if key == ("fastapi", "listar"):
        return image_row("fastapi_app", output)["tag"]
    if key == ("fastapi", "expose"):  # {"80/tcp":{}}
        return re.findall(r'"(\d+)/tcp"', output)[0]
    if key == ("fastapi", "solo-dentro"):  # the browser: the port is published, nobody answers
        with pytest.raises((urllib.error.URLError, ConnectionError, OSError)):
            get(f"{base}/")
        return None
    if key == ("fastapi", "probar"):
        assert get(f"{base}/saludo/Ana") == {"saludo": "Hola, Ana"}  # the learner's browser
        return None
    if key == ("ml", "predecir"):
        query = "sepal_length=6.7&sepal_width=3.0&petal_length=5.2&petal_width=2.3"
        return str(get(f"{base}/predict?{query}")["prediction"])
    if key in (("ml", "editar"), ("ml", "deshacer")):
        main = workdir / "app" / "main.py"  # the learner's editor: change one line, save
        old, new = ML_EDIT if step.id == "editar" else ML_EDIT[::-1]
        main.write_bytes(main.read_bytes().replace(old, new))
        return None
    if key in (("uv", "editar-codigo"), ("uv", "deshacer-codigo")):
        main = workdir / "app" / "main.py"  # edited on the host, seen in the container
        old, new = UV_EDIT if step.id == "editar-codigo" else UV_EDIT[::-1]
        main.write_bytes(main.read_bytes().replace(old, new))
        return None
    if key == ("jupyter", "token"):
        try:
            get(f"{base}/api/status")
        except urllib.error.HTTPError as exc:  # what the browser shows: it asks for the token
            assert exc.code == 403
        else:
            pytest.fail("Jupyter answered without its token")
        assert step.question is not None
        return next(c for c in step.question.choices if "token" in c)
    if key == ("jupyter", "cuaderno"):  # File → New → Notebook, renamed: the same API call
        get(f"{base}/api/contents/mi_cuaderno.ipynb", values["token"], "PUT", {"type": "notebook"})
        return None
    if key == ("multi", "ps"):
        row = next(line for line in output.splitlines() if "multi-cache-1" in line)
        assert "(healthy)" in row, output
        return "healthy"
    if key == ("multi", "predecir"):
        query = "sepal_length=6.7&sepal_width=3.0&petal_length=5.2&petal_width=2.3"
        assert get(f"{base}/predict?{query}")["clase"] == "virginica"
        return None
    if key == ("multi", "logs"):
        row = next(line for line in output.splitlines() if "GET /predict" in line)
        return row.split('" ')[-1].split()[0]  # «"GET /predict?… HTTP/1.1" 200 OK»
    if step.question is not None:  # concept questions: the learner knows
        return str(step.checks[0].params["accept"][0])
    return None


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def hub_against(index: SearchIndex, folder: Path, catalog: Catalog) -> Lesson:
    """The hub lesson as shipped, but searching the stand-in index: «docker search ubuntu»
    needs Docker Hub, and a whole-lesson run must judge that step too, not call it offline."""
    text = catalog.get("hub").source.read_text(encoding="utf-8")
    term = f"{index.address}/ubuntu"
    edited = text.replace("docker search ubuntu", f"docker search {term}")
    edited = edited.replace("{term: ubuntu", f'{{term: "{term}"')
    assert edited.count(term) == 3, "the hub lesson's search changed: update this test"
    (folder / "hub.yaml").write_text(edited, encoding="utf-8")
    return load_file(folder / "hub.yaml")


@contextmanager
def without_image(ref: str) -> Iterator[None]:
    """The learner's last hub step deletes ubuntu:latest, and the test must start without it:
    a copy already on the engine is set aside under a tag of the test's own and put back."""
    aside = f"dockerlab-pruebas/apartada:{os.getpid()}"
    had = subprocess.run(["docker", "image", "inspect", ref], capture_output=True).returncode == 0
    if had:
        subprocess.run(["docker", "tag", ref, aside], check=True)
        subprocess.run(["docker", "rmi", ref], check=True, capture_output=True)  # only untags
    try:
        yield
    finally:
        if had:
            subprocess.run(["docker", "tag", aside, ref], check=True)
            subprocess.run(["docker", "rmi", aside], check=True, capture_output=True)


@pytest.mark.parametrize("lesson_id", LATER)
def test_learner_types_the_later_lessons(
    lesson_id: str,
    catalog: Catalog,
    engines: EngineProvider,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    if lesson_id == "uv":  # its Dockerfiles use cache mounts: the learner's docker build runs BuildKit
        monkeypatch.setenv("PATH", buildkit_path(tmp_path))
        monkeypatch.setenv("DOCKER_BUILDKIT", "1")
        choose_builder.cache_clear()  # «Ejecútalo por mí» builds with that CLI too
    with ExitStack() as stack:
        if lesson_id == "hub":
            index = stack.enter_context(search_index())
            stack.enter_context(without_image("ubuntu:latest"))
            lesson = hub_against(index, tmp_path, catalog)
        else:
            lesson = catalog.get(lesson_id)
        learner_types_a_lesson(lesson, engines)
    if lesson_id == "hub":
        assert "/v1/search" in index.asked  # the engine asked the stand-in, for the learner and the check


def learner_types_a_lesson(shipped: Lesson, engines: EngineProvider) -> None:
    lesson_id = shipped.id
    engine = engines.get()
    runner = Runner(shipped, None, engines, lambda event: None)
    lesson = runner.lesson  # with this machine's settings (a busy port moved elsewhere)
    runner.cleanup()
    workdir = lesson.workdir or lesson.source.parent
    examples = snapshot(workdir)
    if lesson_id == "hub":
        assert engine.image("ubuntu:latest") is None
    swarm_before = engine.swarm().active
    bridge_before = engine.network("docker_gwbridge") is not None
    running: dict[str, Foreground] = {}
    try:
        for step in lesson.steps:
            output = ""
            stop = STOPS.get((lesson_id, step.id))
            if stop and stop[1] == "ctrl-c":
                running[stop[0]].child.sendintr()
            elif (lesson_id, step.id) in FOREGROUND:
                child = terminal(step.command, str(workdir))
                child.expect(FOREGROUND[(lesson_id, step.id)], timeout=900)
                output = (child.before or "") + str(child.after)
                running[step.id] = Foreground(child)
                running[step.id].thread.start()
            elif (lesson_id, step.id) in SWARM_OWN and swarm_before:
                output = ""  # already in a swarm before the lesson: the step says not to type it
            elif step.command:
                output = type_in_terminal(lesson_id, step, str(workdir))
            elif (lesson_id, step.id) in SOLVED_BY_DOCKERLAB:
                runner.solve(step)  # the learner picks «Ejecútalo por mí»: eight timed builds
            if stop:
                running.pop(stop[0]).wait_gone()
            answer = learner_does(lesson_id, step, output, dict(lesson.values), workdir)
            if answer is not None:
                runner.answer(step, answer)
            verdict = runner.check(step)
            assert verdict.passed and not verdict.offline, (
                lesson_id,
                step.id,
                verdict.results,
                output[-1500:],
            )
    finally:
        for foreground in running.values():
            foreground.child.terminate(force=True)
        runner.cleanup()
        if not swarm_before and engine.swarm().active:  # the learner's «swarm init», if a step failed
            subprocess.run(["docker", "swarm", "leave", "--force"], capture_output=True)
        if not swarm_before and not bridge_before:  # left behind by «swarm leave», as the step says
            subprocess.run(["docker", "network", "rm", "docker_gwbridge"], capture_output=True)
        choose_builder.cache_clear()
        if lesson_id == "hub":  # the learner's own container (unlabelled), if a step failed
            subprocess.run(["docker", "rm", "-f", "mi_ubuntu"], capture_output=True)
    assert engine.labelled(lesson_id).empty(), engine.labelled(lesson_id).describe()
    assert engine.swarm().active == swarm_before  # the learner's engine as it was
    assert snapshot(workdir) == examples
    if lesson_id == "hub":
        assert engine.image("ubuntu:latest") is None and engine.container("mi_ubuntu") is None
