"""Which builder «Ejecútalo por mí» uses, chosen the way the learner's own CLI builds.

Docker's ``docker build`` runs BuildKit (the legacy builder is deprecated), and the SDK can
only drive the legacy one. So dockerlab builds through the ``docker`` CLI the learner has:

- ``docker buildx build --load`` when the buildx plugin answers (Docker Desktop, docker-ce 23
  and later);
- ``DOCKER_BUILDKIT=1 docker build`` on CLIs older than 23, which have BuildKit built in;
- otherwise the SDK's legacy builder, with the reason, so the step can say so once.

Both CLI routes print BuildKit's plain progress (``#5 [2/3] RUN …``), streamed line by line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from dockerlab.engine import cli
from dockerlab.engine.diagnosis import diagnose
from dockerlab.errors import DockerlabError, EngineOperationError

if TYPE_CHECKING:
    from dockerlab.engine.gateway import Engine

BUILD_TIMEOUT = 1800  # seconds for a whole build (a cold ML image downloads a lot)
BUILDX, BUILDKIT, LEGACY = "buildx", "buildkit", "legacy"
# Instructions the legacy builder refuses («the --mount option requires BuildKit»…).
BUILDKIT_ONLY = re.compile(
    r"^\s*(RUN\s+--(mount|network|security)\b|#\s*syntax\s*=|.*<<-?\s*\w+\s*$)", re.I | re.M
)


@dataclass(frozen=True)
class Builder:
    kind: str  # buildx | buildkit | legacy
    reason: str = ""  # why the legacy builder (Spanish), empty otherwise
    fix: str = ""  # what gives the learner BuildKit (Spanish, lower case), with ``reason``

    @property
    def buildkit(self) -> bool:
        return self.kind != LEGACY

    def argv(
        self,
        tag: str,
        labels: Mapping[str, str],
        dockerfile: Path | None,
        nocache: bool = False,
        build_args: Mapping[str, str] | None = None,
    ) -> list[str]:
        """The command this builder runs (for the legacy one: what the learner would type)."""
        head = {
            BUILDX: ["docker", "buildx", "build", "--load", "--progress=plain"],
            BUILDKIT: ["docker", "build", "--progress=plain"],
            LEGACY: ["docker", "build"],
        }[self.kind]
        return [
            *head,
            *(["--no-cache"] if nocache else []),
            *(["-f", str(dockerfile)] if dockerfile else []),
            *(arg for key, value in (build_args or {}).items() for arg in ("--build-arg", f"{key}={value}")),
            "-t",
            tag,
            *(arg for key, value in labels.items() for arg in ("--label", f"{key}={value}")),
            ".",
        ]


@cache
def choose() -> Builder:
    """The builder for this run (asked once: the CLI does not change under us)."""
    if cli.docker_on_path() is None:
        return Builder(
            LEGACY,
            "no encuentro el programa «docker» en tu PATH, así que no puedo usar BuildKit a través de él",
            "instala Docker o añade a tu PATH la carpeta del programa «docker»",
        )
    if cli.buildx_works():
        return Builder(BUILDX)
    major = cli.client_major()
    if major is not None and major < 23:
        return Builder(BUILDKIT)
    version = f" {major}" if major is not None else ""
    return Builder(
        LEGACY,
        f"tu cliente «docker»{version} no tiene el complemento buildx, que es como los Docker "
        "actuales usan BuildKit",
        "instala el complemento buildx («docker-buildx-plugin» en Linux) o actualiza Docker Desktop",
    )


def uses_buildkit_syntax(dockerfile: Path) -> bool:
    """The Dockerfile has lines only BuildKit understands (cache mounts, heredocs…)."""
    try:
        return BUILDKIT_ONLY.search(dockerfile.read_text(encoding="utf-8", errors="replace")) is not None
    except OSError:
        return False


def build(
    engine: Engine,
    builder: Builder,
    context: Path,
    tag: str,
    labels: Mapping[str, str],
    on_line: Callable[[str], None],
    dockerfile: Path | None = None,
    nocache: bool = False,
    build_args: Mapping[str, str] | None = None,
) -> None:
    """Build ``context`` into ``tag`` with ``builder``, passing each output line to
    ``on_line``; a failed build raises a Spanish explanation."""
    if not builder.buildkit:
        relative = str(dockerfile.relative_to(context)) if dockerfile else None
        lines = engine.build(
            context, tag, labels, dockerfile=relative, nocache=nocache, build_args=build_args
        )
        for line in lines:
            on_line(line)
        return
    env = {"DOCKER_BUILDKIT": "1"} if builder.kind == BUILDKIT else {}
    finished = cli.stream(
        builder.argv(tag, labels, dockerfile, nocache, build_args),
        context,
        env,
        BUILD_TIMEOUT,
        on_line,
        keep=60,
    )
    if finished.code != 0:
        raise buildkit_failed(tag, list(finished.last_lines))


_STEP = re.compile(r"^#(?P<n>\d+) \[(?P<title>[^\]]+)\] (?P<what>.+)$")
_LINE = re.compile(r"^#(?P<n>\d+) (?P<at>\d+\.\d+ )?(?P<text>.*)$")
_NOISE = re.compile(r"^(sha256:[0-9a-f]+|DONE .*|CACHED|ERROR: .*)$")


def buildkit_failed(tag: str, lines: list[str]) -> DockerlabError:
    """BuildKit's plain output, explained: the failed step, what it printed and the cause."""
    failed = next(
        (m.group("n") for m in map(_LINE.match, reversed(lines)) if m and "ERROR" in m.group("text")), ""
    )
    step = ""
    output: list[str] = []
    for line in lines:
        titled = _STEP.match(line)
        if titled and titled.group("n") == failed:
            step = f"{titled.group('title')} {titled.group('what')}"
            continue
        plain = _LINE.match(line)
        printed = (
            plain
            and plain.group("n") == failed
            and (plain.group("at") or not _NOISE.match(plain.group("text")))
        )
        if plain and printed:
            output.append(plain.group("text"))
    summary = [line for line in lines if not line.startswith("#") and line.strip("-").strip()]
    error = summary[-1] if summary else (lines[-1] if lines else "")
    found = diagnose("\n".join(lines))
    where = f" en «{step}»" if step else ""
    details = dict(found.details) if found else {}
    if step:
        details["step"] = step
    tail = "\n".join(output[-8:])
    return EngineOperationError(
        f"La construcción de {tag} falló{where}."
        + (f" {found.message}" if found else "")
        + f"\nDocker dijo: {error.strip()[:400]}"
        + (f"\nÚltimas líneas:\n{tail}" if tail else ""),
        found.fix
        if found
        else (
            "Lee las últimas líneas: suelen decir qué falta (un archivo que no existe, un paquete "
            "mal escrito, un comando que no está en la imagen base)."
        ),
        code=found.code if found else "build_failed",
        details=details,
    )
