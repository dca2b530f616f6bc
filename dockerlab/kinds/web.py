"""HTTP: does a published server answer what it should? (stdlib urllib, never a proxy).

A server in a container needs a few seconds to start, so the ``http`` check retries within
a bounded, visible wait (``Waiting`` events). It gives up at once when nobody could answer:
nothing listens and no running container publishes that port.
"""

from __future__ import annotations

import json
import shlex
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from dockerlab.engine.ports import publishers
from dockerlab.engine.types import host_port as host_port_of
from dockerlab.errors import DockerlabError
from dockerlab.events import Output, Solving, Waiting
from dockerlab.kinds.base import Action, Check, CheckResult, Param, Registry
from dockerlab.kinds.context import StepContext

actions: Registry[Action] = Registry("acción")
checks: Registry[Check] = Registry("verificación")

LOOPBACK = ("127.0.0.1", "localhost", "::1")
REQUEST_TIMEOUT = 5.0  # seconds for one request; the whole wait is the check's ``timeout``


@dataclass(frozen=True)
class Reply:
    status: int  # 0 when there was no HTTP answer at all
    body: str
    error: str = ""  # why there was no answer (connection refused…)

    def excerpt(self, size: int = 200) -> str:
        text = " ".join(self.body.split())
        return text if len(text) <= size else text[:size] + "…"

    def describe(self) -> str:
        if not self.status:
            return f"sin respuesta ({self.error})"
        return f"HTTP {self.status}: {self.excerpt() or '(cuerpo vacío)'}"


def fetch(
    url: str,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
    timeout: float = REQUEST_TIMEOUT,
) -> Reply:
    """One request. Proxies are ignored: the servers of a lesson are on this machine."""
    import urllib.error
    import urllib.request

    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(url, data=body, method=method.upper(), headers=dict(headers or {}))
    try:
        with opener.open(request, timeout=timeout) as response:
            return Reply(response.status, response.read(65536).decode("utf-8", "replace"))
    except urllib.error.HTTPError as exc:
        return Reply(exc.code, exc.read(65536).decode("utf-8", "replace"))
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return Reply(0, "", str(reason) or type(reason).__name__)


def subset(expected: Any, found: Any) -> bool:
    """``expected`` is contained in ``found`` (dict keys recursively; other values equal)."""
    if isinstance(expected, dict):
        return isinstance(found, dict) and all(
            key in found and subset(value, found[key]) for key, value in expected.items()
        )
    return bool(expected == found)


def _matches(reply: Reply, status: int, expected_json: dict[str, Any] | None, contains: str | None) -> bool:
    if reply.status != status:
        return False
    if contains and contains not in reply.body:
        return False
    if expected_json is not None:
        try:
            return subset(expected_json, json.loads(reply.body))
        except ValueError:
            return False
    return True


def _publisher(ctx: StepContext, url: str) -> tuple[bool, str]:
    """(whether to keep waiting, who publishes the URL's port) for a server on this machine."""
    parts = urlsplit(url)
    if parts.hostname not in LOOPBACK:
        return True, ""  # not ours to judge: just wait
    port = parts.port or (443 if parts.scheme == "https" else 80)
    owners = publishers(ctx.engine).get(port)
    return (True, owners[0].name) if owners else (False, "")


def _hint(reply: Reply, url: str, status: int, publisher: str) -> str:
    port = urlsplit(url).port or 80
    if not reply.status:
        if publisher:
            return (
                f"El contenedor «{publisher}» publica el puerto {port} pero la aplicación no "
                f"contesta: mira su salida con «docker logs {publisher}»."
            )
        return (
            f"Ningún contenedor en marcha publica el puerto {port} de tu equipo: ¿está "
            f"arrancado y con «-p {port}:…»? Compruébalo con «docker ps»."
        )
    if reply.status in (401, 403) and status != reply.status:
        return "El servidor pide autenticación: ¿falta el token?"
    if reply.status == 404:
        return "El servidor contesta, pero esa ruta no existe: revisa la dirección."
    if reply.status >= 500:
        return "La aplicación falló al responder: su salida («docker logs …») dirá por qué."
    if reply.status == status:
        return (
            "Contesta, pero con otro contenido: compara lo que esperaba con lo que encontré "
            "(¿falta guardar un cambio, o es otra versión de la aplicación?)."
        )
    return ""


@checks.register(
    "http",
    "Una petición HTTP responde lo esperado (estado, JSON o texto). Reintenta mientras el "
    "servidor arranca, con una espera limitada y visible.",
    Param("url", str, required=True, doc="dirección completa, p. ej. http://127.0.0.1:8000/docs"),
    Param("method", str, default="GET", doc="método HTTP"),
    Param("headers", dict, doc="cabeceras, p. ej. {Authorization: token abc}"),
    Param("status", int, default=200, doc="código de estado esperado"),
    Param("json", dict, doc="claves y valores que debe contener la respuesta JSON"),
    Param("contains", str, doc="texto que debe aparecer en la respuesta"),
    Param("timeout", int, default=60, doc="segundos máximos de espera mientras arranca"),
)
def http(
    ctx: StepContext,
    url: str,
    method: str,
    headers: dict[str, str] | None,
    status: int,
    json: dict[str, Any] | None,
    contains: str | None,
    timeout: int,
) -> CheckResult:
    expected = f"{method.upper()} {url} → {status}"
    if json is not None:
        expected += f" con {_compact(json)}"
    if contains:
        expected += f" que contenga «{contains}»"
    start = time.monotonic()
    last_report = 0.0
    while True:
        reply = fetch(url, method, {k: str(v) for k, v in (headers or {}).items()})
        if _matches(reply, status, json, contains):
            shown = (
                reply.describe()
                if json is not None or not reply.body.strip()
                else (f"HTTP {reply.status}" + (f", con «{contains}»" if contains else ""))
            )
            return CheckResult(True, expected, shown)
        elapsed = time.monotonic() - start
        keep_waiting, publisher = _publisher(ctx, url)
        if not keep_waiting or elapsed >= timeout:
            return CheckResult(False, expected, reply.describe(), _hint(reply, url, status, publisher))
        if elapsed - last_report >= 2 or not last_report:
            last_report = elapsed or 0.001
            ctx.emit(Waiting(f"a que {url} responda", round(elapsed, 1), float(timeout)))
        time.sleep(min(1.0, max(0.0, timeout - elapsed)))


def _compact(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)


@actions.register(
    "http_request",
    "Hace una petición HTTP (lo que haría tu navegador o curl) y falla si no responde 2xx.",
    Param("url", str, required=True, doc="dirección completa"),
    Param("method", str, default="GET", doc="método HTTP (GET, POST, PUT…)"),
    Param("headers", dict, doc="cabeceras"),
    Param("json", dict, doc="cuerpo JSON que se envía"),
    Param("description", str, default="", doc="qué representa, para el alumno"),
)
def http_request(
    ctx: StepContext,
    url: str,
    method: str,
    headers: dict[str, str] | None,
    json: dict[str, Any] | None,
    description: str,
) -> None:
    sent = {k: str(v) for k, v in (headers or {}).items()}
    body = None
    if json is not None:
        body = _compact(json).encode("utf-8")
        sent.setdefault("Content-Type", "application/json")
    argv = [
        "curl",
        "-X",
        method.upper(),
        *[a for k, v in sent.items() for a in ("-H", f"{k}: {v}")],
        *(["-d", body.decode("utf-8")] if body else []),
        url,
    ]
    ctx.emit(
        Solving(
            ctx.lesson.id,
            ctx.step.id,
            shlex.join(argv),
            description or f"Hago la petición {method.upper()} {url}",
        )
    )
    reply = fetch(url, method, sent, body, timeout=30)
    ctx.emit(Output(reply.describe(), "http"))
    if not 200 <= reply.status < 300:
        raise DockerlabError(
            f"La petición {method.upper()} {url} no funcionó: {reply.describe()}",
            _hint(reply, url, 200, _publisher(ctx, url)[1]) or "Comprueba que el servidor está en marcha.",
        )


def _visibility(bindings: list[str]) -> str:
    """«0.0.0.0:80 y :::80 (en todas las interfaces: visible desde tu red)»."""
    groups: dict[str, list[str]] = {}
    for binding in bindings:
        host = binding.rpartition(":")[0]
        note = (
            "en todas las interfaces: visible desde tu red"
            if host in ("0.0.0.0", "::", "[::]", "")
            else "solo desde tu equipo"
            if host in LOOPBACK
            else ""
        )
        groups.setdefault(note, []).append(binding)
    return "; ".join(" y ".join(items) + (f" ({note})" if note else "") for note, items in groups.items())


@checks.register(
    "port_published",
    "El contenedor está en marcha y publica ese puerto en tu equipo (docker run -p).",
    Param("container", str, required=True, doc="nombre del contenedor"),
    Param("port", int, required=True, doc="puerto dentro del contenedor"),
    Param("host_port", int, doc="puerto esperado en tu equipo (sin él, cualquiera)"),
    Param("protocol", str, default="tcp", doc="tcp o udp"),
)
def port_published(
    ctx: StepContext, container: str, port: int, host_port: int | None, protocol: str
) -> CheckResult:
    wanted = f"{host_port}→{port}" if host_port else f"el {port}"
    expected = f"«{container}» en marcha publicando {wanted}/{protocol}"
    info = ctx.engine.container(container)
    if info is None:
        return CheckResult(
            False,
            expected,
            f"no existe ningún contenedor «{container}»",
            "¿Lo arrancaste con ese --name? «docker ps -a» lista todos.",
        )
    if info.status != "running":
        return CheckResult(
            False,
            expected,
            f"«{container}» no está en marcha: {info.state}",
            f"Su salida puede explicar por qué paró: «docker logs {container}».",
        )
    bindings = info.ports.get(f"{port}/{protocol}") or []
    if not bindings:
        others = ", ".join(f"{k}→{', '.join(v)}" for k, v in info.ports.items() if v) or "ninguno"
        return CheckResult(
            False,
            expected,
            f"no publica el puerto {port} (publicados: {others})",
            f"Hace falta «-p {host_port or port}:{port}» al crear el contenedor; "
            f"no se puede añadir después: bórralo («docker rm -f {container}») y "
            "vuelve a crearlo.",
        )
    matching = [b for b in bindings if not host_port or host_port_of(b) == host_port]
    if not matching:
        return CheckResult(
            False,
            expected,
            f"lo publica en {', '.join(bindings)}",
            f"El primer número de -p es el puerto de tu equipo: «-p {host_port}:{port}».",
        )
    return CheckResult(True, expected, _visibility(matching))
