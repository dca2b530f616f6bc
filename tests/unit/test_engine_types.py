"""Facts read off a container snapshot: its state in Spanish and the host ports it publishes."""

from __future__ import annotations

import pytest

from dockerlab.engine.types import ContainerInfo, host_port


def container(status: str = "running", exit_code: int = 0, **ports: list[str]) -> ContainerInfo:
    published = {name.replace("_", "/"): bindings for name, bindings in ports.items()}
    return ContainerInfo("id", "web", "nginx", "sha256:x", status, exit_code, ports=published)


@pytest.mark.parametrize(
    ("status", "code", "words"),
    [
        ("running", 0, "en marcha"),
        ("exited", 0, "detenido (código de salida 0)"),
        ("exited", 137, "detenido (código de salida 137)"),
        ("created", 0, "creado sin arrancar"),
        ("paused", 0, "en pausa"),
        ("restarting", 1, "reiniciándose"),
        ("algo-nuevo", 0, "algo-nuevo"),
    ],
)
def test_state_in_spanish(status: str, code: int, words: str) -> None:
    assert container(status, code).state == words


@pytest.mark.parametrize(
    ("binding", "port"),
    [("127.0.0.1:8000", 8000), ("0.0.0.0:80", 80), (":::80", 80), ("[::]:8080", 8080), ("", None)],
)
def test_host_port(binding: str, port: int | None) -> None:
    assert host_port(binding) == port


def test_host_ports_of_every_protocol_and_address() -> None:
    info = container(**{"80_tcp": ["0.0.0.0:8000", ":::8000"], "53_udp": ["127.0.0.1:5353"], "9000_tcp": []})
    assert info.host_ports == {8000, 5353}
    assert container().host_ports == frozenset()


def test_engine_timestamps_keep_their_fraction_and_zone() -> None:
    from datetime import UTC, datetime

    from dockerlab.engine.sdk.records import epoch

    whole = datetime(2026, 11, 27, 12, 13, 4, tzinfo=UTC).timestamp()
    assert abs(epoch("2026-11-27T12:13:04.123456789Z") - (whole + 0.123456789)) < 1e-6
    assert epoch("2026-11-27T13:13:04+01:00") == whole
    assert epoch("") == 0.0 and epoch(None) == 0.0 and epoch("ayer") == 0.0
    assert epoch("0001-01-01T00:00:00Z") < 0  # «never» (an image pulled, not tagged): callers clamp
