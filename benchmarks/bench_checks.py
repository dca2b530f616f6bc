"""Verification latency: from «verificar» to the verdict, per check kind, in-process.

Every check runs against real objects on the engine through one shared client (as in
``dockerlab start``), and the time spent inside Docker API calls is measured apart, so
dockerlab's own share is visible: "total" is what the learner waits, "motor" is the
engine answering, "dockerlab" is the rest.
"""

from __future__ import annotations

import json
import socket
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench_common import DOCKERLAB, ROOT, Section, clean_env, engine_lock, median, ms, timed

LESSON_ID = "dockerlab-bench"  # the label of everything created here (and removed after)
IMAGE = "dockerlab-bench:latest"
TARGET = 0.025
# Checks that do work of their own (run a process, wait for a server, read a file): the target
# applies to dockerlab's share of their time, not to the total.
NOT_STATE = {"command_output", "http", "host_file", "answer_is", "answer_is_not"}
PASSES, FAILS = True, False  # the verdict each case must give: a row is timed only if it does


class Unexpected(Exception):
    """A timed check gave the other verdict (or none): its time would mean nothing."""


class TimedAPI:
    """The SDK's low-level client, counting calls and the time spent in them."""

    def __init__(self, api: Any) -> None:
        self._api = api
        self.spent = 0.0
        self.calls = 0

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._api, name)
        if not callable(attr):
            return attr

        def call(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return attr(*args, **kwargs)
            finally:
                self.spent += time.perf_counter() - started
                self.calls += 1

        return call


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


PORT = _free_port()


def _cases(engine: Any) -> list[tuple[str, dict[str, Any], str | None, bool, str]]:
    image = engine.image(IMAGE)
    running = "dockerlab-bench-running"
    return [
        ("image_exists", {"name": "dockerlab-bench"}, None, PASSES, "pasa"),
        ("image_exists", {"name": "dockerlab-bnch"}, None, FAILS, "falla (busca nombres parecidos)"),
        ("image_absent", {"name": "dockerlab-bench-nada"}, None, PASSES, "pasa"),
        (
            "container_exited",
            {"name": "dockerlab-bench-exited", "exit_code": 0, "logs_contain": "hola"},
            None,
            PASSES,
            "pasa (lee la salida)",
        ),
        (
            "container_exited",
            {"name": "dockerlab-bench-nada"},
            None,
            FAILS,
            "falla (lista contenedores parecidos)",
        ),
        ("container_running", {"name": running}, None, PASSES, "pasa"),
        ("port_published", {"container": running, "port": 8080}, None, PASSES, "pasa"),
        ("container_mount", {"container": running, "destination": "/datos"}, None, PASSES, "pasa"),
        (
            "command_output",
            {"command": ["cat", "/www/index.html"], "container": running, "contains": "hola"},
            None,
            PASSES,
            "pasa (docker exec)",
        ),
        (
            "http",
            {"url": f"http://127.0.0.1:{PORT}/", "contains": "hola", "timeout": 10},
            None,
            PASSES,
            "pasa (servidor busybox)",
        ),
        ("host_file", {"path": "bench_checks.py", "contains": "dockerlab"}, None, PASSES, "sin motor"),
        ("pulled_image_removed", {"name": "dockerlab-bench-nada"}, None, PASSES, "pasa"),
        (
            "compose_service_running",
            {"service": "web", "project": LESSON_ID},
            None,
            PASSES,
            "pasa (etiquetas de Compose)",
        ),
        ("compose_project_absent", {"project": "dockerlab-bench-nada"}, None, PASSES, "pasa"),
        (
            "build_comparison",
            {"variants": [{"name": "bench", "dockerfile": "bench_checks.py", "tag": "dockerlab-bench"}]},
            None,
            PASSES,
            "pasa (la imagen existe)",
        ),
        ("container_absent", {"name": "dockerlab-bench-nada"}, None, PASSES, "pasa"),
        ("container_ran", {"image": "dockerlab-bench", "logs_contain": "hola"}, None, PASSES, "pasa"),
        ("no_stopped_containers", {}, None, FAILS, "falla (queda uno detenido)"),
        ("answer_is", {"accept": ["sí"]}, "sí", PASSES, "sin motor"),
        ("answer_image_id", {"image": "dockerlab-bench"}, image.short_id if image else "", PASSES, "pasa"),
        ("answer_engine_version", {}, engine.info().server_version, PASSES, "pasa"),
    ]


def _setup(engine: Any, labels: dict[str, str]) -> None:
    if engine.image("busybox:latest") is None:
        for _ in engine.pull("busybox:latest"):
            pass
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "Dockerfile").write_text(
            "FROM busybox:latest\nRUN mkdir -p /www && echo hola > /www/index.html\n"
            'CMD ["echo", "hola desde dockerlab-bench"]\n'
        )
        for _ in engine.build(Path(tmp), IMAGE, labels):
            pass
    exited = engine.run(IMAGE, name="dockerlab-bench-exited", labels=labels)
    engine.wait(exited.id, 60)
    # Labelled as Compose labels a service, so the compose checks have something to find.
    compose = {"com.docker.compose.project": LESSON_ID, "com.docker.compose.service": "web"}
    engine.run(
        IMAGE,
        name="dockerlab-bench-running",
        labels={**labels, **compose},
        command=["httpd", "-f", "-p", "8080", "-h", "/www"],
        ports={"8080/tcp": ("127.0.0.1", PORT)},
        volumes={str(ROOT / "benchmarks"): {"bind": "/datos", "mode": "ro"}},
    )


def _measure(check: Callable[[], Any], expect: bool, api: TimedAPI, runs: int) -> tuple[float, float, float]:
    """Median total, engine and call count of ``runs`` checks after 3 warm-up ones; every one
    of them must give the ``expect``ed verdict, or the row is aborted (Unexpected)."""
    totals: list[float] = []
    engine: list[float] = []
    calls: list[float] = []
    for i in range(runs + 3):
        api.spent, api.calls = 0.0, 0
        started = time.perf_counter()
        result = check()
        total = time.perf_counter() - started
        if result.passed is not expect or result.skipped:
            said = "omitida" if result.skipped else ("pasa" if result.passed else "falla")
            raise Unexpected(f"debía {'pasar' if expect else 'fallar'} y {said}: {result.found}")
        if i >= 3:
            totals.append(total)
            engine.append(api.spent)
            calls.append(api.calls)
    return median(totals), median(engine), median(calls)


def bench(runs: int) -> Section:
    with engine_lock():
        return _bench(runs)


def _bench(runs: int) -> Section:
    sys.path.insert(0, str(ROOT))
    from dockerlab.engine.provider import EngineProvider
    from dockerlab.kinds.all import CHECKS, evaluate
    from dockerlab.kinds.context import StepContext
    from dockerlab.model import Lesson, Step

    section = Section(
        "Verificación (mediana por comprobación, cliente compartido)",
        ["comprobación", "caso", "total", "motor", "dockerlab", "llamadas", "objetivo"],
    )
    provider = EngineProvider()
    engine = provider.get()
    step = Step(id="bench", number=1, title="bench", explain="")
    lesson = Lesson(
        id=LESSON_ID,
        title="bench",
        summary="",
        steps=(step,),
        source=ROOT / "benchmarks" / "bench_checks.py",
        workdir=ROOT / "benchmarks",
    )
    api = TimedAPI(engine._api)
    engine._api = api
    measured: set[str] = set()
    aborted: list[str] = []
    worst = 0.0
    try:
        labels = {"io.dockerlab.lesson": LESSON_ID}
        _setup(engine, labels)
        for kind, params, answer, expect, case in _cases(engine):
            if kind not in CHECKS:
                continue
            ctx = StepContext(lesson, step, provider, answer=answer)
            try:
                total, in_engine, calls = _measure(
                    lambda ctx=ctx, kind=kind, params=params: evaluate(ctx, kind, params),  # type: ignore[misc]
                    expect,
                    api,
                    runs,
                )
            except Unexpected as exc:  # not timed: a fast wrong verdict is no figure
                section.add(kind, case, f"✗ sin medir: {exc}", "", "", "", "")
                aborted.append(kind)
                continue
            except Exception as exc:  # a check whose parameters changed: say so, go on
                section.add(kind, case, f"error: {type(exc).__name__}: {exc}", "", "", "", "")
                aborted.append(kind)
                continue
            measured.add(kind)
            own = total - in_engine
            if kind in NOT_STATE:
                verdict = f"propio ≤ {ms(TARGET)} {'✓' if own <= TARGET else '✗'}"
            else:
                worst = max(worst, total)
                verdict = f"≤ {ms(TARGET)} {'✓' if total <= TARGET else '✗'}"
            section.add(kind, case, ms(total), ms(in_engine), ms(own), f"{calls:.0f}", verdict)
    finally:
        engine._api = api._api
        engine.remove_labelled(LESSON_ID)
        provider.reset()
    others = [k.name for k in CHECKS if k.name not in measured]
    if others:
        section.note(
            "sin caso de medida aquí (necesitan Docker Hub u otra cosa de fuera): " + ", ".join(others)
        )
    section.note(
        f"{runs} repeticiones tras 3 de calentamiento; «motor» es el tiempo dentro de "
        "las llamadas a la API de Docker, «dockerlab» el resto (en «http», la "
        "respuesta del servidor cuenta como «dockerlab»)."
    )
    section.data = {"worst_state_check_ms": round(worst * 1000, 2), "aborted_rows": aborted}
    if aborted:
        section.note("filas sin medir (la verificación no dio el resultado esperado): " + ", ".join(aborted))
    _first_check(section)
    return section


def _first_check(section: Section) -> None:
    """A verification in a new process: imports, connecting, loading the lesson, the check.
    The image is built first, so what is timed is a check that passes (each run verified)."""
    from dockerlab.engine.provider import EngineProvider

    provider = EngineProvider()
    engine = provider.get()
    image = "mi_imagen_prueba"
    built = engine.image(image) is None  # one that is already there is used, and left
    if built:
        for _ in engine.build(ROOT / "examples" / "basico", image, {"io.dockerlab.lesson": "basico"}):
            pass
    times: list[float] = []
    try:
        with tempfile.TemporaryDirectory() as home:
            env = clean_env(Path(home))
            for _ in range(5):
                took, done = timed([DOCKERLAB, "check", "basico", "construir", "--json"], env=env)
                verdicts = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
                passed = [v.get("passed") for v in verdicts if v.get("event") == "check_finished"]
                if done.returncode != 0 or passed != [True]:
                    said = (done.stdout.strip() or done.stderr.strip())[-300:]
                    section.note(
                        "«dockerlab check basico construir» no se mide: debía pasar y salió con "
                        f"código {done.returncode} ({said})."
                    )
                    return
                times.append(took)
    finally:
        if built:
            engine.remove_image(image)
        provider.reset()
    section.note(
        f"«dockerlab check basico construir» (una verificación que pasa) en un proceso nuevo "
        f"(importar docker, conectar, cargar la lección y verificar): mediana {ms(median(times))}."
    )
    section.data["check_process_ms"] = round(median(times) * 1000, 1)
