"""SDK exceptions as :class:`~dockerlab.errors.DockerlabError`, with Spanish explanations:
every call to the engine runs inside :func:`mapped`."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import docker
import docker.errors
import requests.exceptions
import urllib3.exceptions

from dockerlab.engine.diagnosis import describe, diagnose
from dockerlab.errors import DockerlabError, EngineOperationError, EngineUnavailable


def _endpoint_hint() -> str:
    host = os.environ.get("DOCKER_HOST")
    if host:
        return (
            f" La variable DOCKER_HOST apunta a «{host}»: si no es correcta, "
            "bórrala («unset DOCKER_HOST») o corrígela."
        )
    context = os.environ.get("DOCKER_CONTEXT")
    if context:
        return f" DOCKER_CONTEXT elige el contexto «{context}»: comprueba «docker context ls»."
    return ""


def unavailable(exc: BaseException) -> EngineUnavailable:
    text = f"{type(exc).__name__}: {exc}"
    found = diagnose(text)
    host = os.environ.get("DOCKER_HOST", "")
    if (
        host
        and not host.startswith(("unix://", "npipe://"))
        and (found is None or found.code in ("daemon_down", "wrong_host"))
    ):
        found = describe("wrong_host", host=host)  # a remote address where nothing answers
    if found is not None and found.code == "wrong_host":
        return EngineUnavailable(found.message, found.fix, code=found.code, details=found.details)
    if found is not None and found.code in ("permission_denied", "daemon_down"):
        return EngineUnavailable(found.message + _endpoint_hint(), found.fix, code=found.code)
    return EngineUnavailable(
        "No puedo hablar con el motor Docker." + _endpoint_hint(),
        "Comprueba que Docker está instalado y en marcha («docker info» debe responder sin "
        f"errores). Detalle técnico: {text[:300]}",
        code="engine_unreachable",
    )


def operation_error(message: str, doing: str) -> DockerlabError:
    found = diagnose(message)
    if found is None:
        return EngineOperationError(
            f"Docker falló al {doing}: {message.strip()[:400]}",
            "Lee el mensaje de Docker; «dockerlab doctor» revisa tu entorno.",
        )
    if found.code == "daemon_down":
        return EngineUnavailable(found.message, found.fix, code=found.code)
    if found.code == "registry_denied" and doing.startswith("descargar"):
        # the text alone cannot tell a refused pull from a refused push; dockerlab knows
        found = describe("pull_denied", **found.details)
    explained = " ".join((found.message, *found.facts))  # facts read in Docker's words
    return EngineOperationError(
        f"No se pudo {doing}. {explained}\nDocker dijo: {message.strip()[:300]}",
        found.fix,
        code=found.code,
        details=found.details,
    )


@contextmanager
def mapped(doing: str) -> Iterator[None]:
    try:
        yield
    except docker.errors.APIError as exc:
        raise operation_error(str(exc.explanation or exc), doing) from exc
    except (requests.exceptions.ConnectionError, docker.errors.DockerException) as exc:
        raise unavailable(exc) from exc
    except requests.exceptions.ReadTimeout as exc:
        raise EngineUnavailable(
            f"El motor Docker tardó demasiado en responder al {doing}.",
            "Comprueba que no está colgado: «docker info».",
            code="engine_timeout",
        ) from exc
    except (requests.exceptions.RequestException, urllib3.exceptions.HTTPError) as exc:
        # The connection broke mid-stream (the engine stopped during a build or a pull).
        down = describe("daemon_down")
        raise EngineUnavailable(
            f"Se cortó la conexión con el motor Docker al {doing}. " + down.message, down.fix, code=down.code
        ) from exc
    except OSError as exc:  # reading the build context (a file the learner cannot read…)
        raise operation_error(f"{type(exc).__name__}: {exc}", doing) from exc
