"""Objects a learner could have on their machine, without dockerlab's label: created once per
test module by the ``survivors`` fixture (conftest.py), checked after whatever dockerlab did,
removed at the end (the tests made them). Their names carry this run's mark, so objects left
by an interrupted earlier run never get in the way, and are never touched."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path

from dockerlab.engine.gateway import Engine
from dockerlab.engine.labels import LABEL_LESSON

RUN = uuid.uuid4().hex[:8]


def docker(*args: str) -> subprocess.CompletedProcess[str]:
    binary = shutil.which("docker")
    assert binary
    return subprocess.run([binary, *args], capture_output=True, text=True, timeout=120, check=False)


@dataclass
class Survivors:
    """Objects a learner could have on their machine, none carrying dockerlab's label."""

    running: str = f"dl_ajeno_en_marcha_{RUN}"
    stopped: str = f"dl_ajeno_parado_{RUN}"
    image: str = f"dl-ajena-{RUN}:1"
    volume: str = f"dl_ajeno_volumen_{RUN}"
    network: str = f"dl_ajena_red_{RUN}"
    image_id: str = ""

    def create(self, engine: Engine, folder: Path) -> None:
        engine.run("busybox", name=self.running, labels={}, command=["sleep", "3600"])
        engine.run("busybox", name=self.stopped, labels={}, command=["true"])
        engine.wait(self.stopped, 30)
        (folder / "Dockerfile").write_text("FROM busybox\nRUN echo mia > /mia\n")
        list(engine.build(folder, self.image, {}))
        image = engine.image(self.image)
        assert image is not None and LABEL_LESSON not in image.labels
        self.image_id = image.id
        made = docker("volume", "create", self.volume)
        assert made.returncode == 0, made.stderr
        made = docker("network", "create", self.network)
        assert made.returncode == 0, made.stderr

    def problems(self, engine: Engine) -> list[str]:
        found = []
        running = engine.container(self.running)
        if running is None or running.status != "running":
            found.append(f"{self.running}: {running.status if running else 'borrado'}")
        if engine.container(self.stopped) is None:
            found.append(f"{self.stopped}: borrado")
        image = engine.image(self.image)
        if image is None or image.id != self.image_id:
            found.append(f"{self.image}: borrada")
        if docker("volume", "inspect", self.volume).returncode != 0:
            found.append(f"{self.volume}: borrado")
        if docker("network", "inspect", self.network).returncode != 0:
            found.append(f"{self.network}: borrada")
        return found

    def remove(self, engine: Engine) -> None:  # ours: this module created them
        for name in (self.running, self.stopped):
            if engine.container(name) is not None:
                engine.remove_container(name, force=True)
        if engine.image(self.image) is not None:
            engine.remove_image(self.image)
        docker("volume", "rm", self.volume)
        docker("network", "rm", self.network)
