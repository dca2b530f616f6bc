"""The engine's JSON as dockerlab's records (:mod:`dockerlab.engine.types`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from dockerlab.engine.types import ContainerInfo, ImageConfig, ImageInfo, ServiceInfo


def epoch(stamp: object) -> float:
    """Seconds since the epoch of an engine timestamp (RFC 3339 with nanoseconds); 0 if unknown."""
    if not isinstance(stamp, str) or not stamp:
        return 0.0
    found = re.match(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)$", stamp)
    if found is None:
        return 0.0
    whole, fraction, zone = found.groups()
    moment = datetime.fromisoformat(whole + ("+00:00" if zone == "Z" else zone))
    return moment.timestamp() + float(fraction or 0)


def image_record(attrs: Mapping[str, Any]) -> ImageInfo:
    config = attrs.get("Config") or {}
    return ImageInfo(
        id=attrs["Id"],
        tags=tuple(attrs.get("RepoTags") or ()),
        size=int(attrs.get("Size") or 0),
        labels=dict(config.get("Labels") or attrs.get("Labels") or {}),
        arch=attrs.get("Architecture", ""),
        tagged=max(0.0, epoch((attrs.get("Metadata") or {}).get("LastTagTime"))),
    )


def container_record(attrs: Mapping[str, Any]) -> ContainerInfo:
    state = attrs.get("State") or {}
    config = attrs.get("Config") or {}
    ports: dict[str, list[str]] = {}
    for port, bindings in ((attrs.get("NetworkSettings") or {}).get("Ports") or {}).items():
        ports[port] = [f"{b.get('HostIp') or '0.0.0.0'}:{b['HostPort']}" for b in bindings or ()]
    cmd = config.get("Cmd") or []
    health = state.get("Health") or {}
    return ContainerInfo(
        id=attrs["Id"],
        name=attrs.get("Name", "").lstrip("/"),
        image=config.get("Image", ""),
        image_id=attrs.get("Image", ""),
        status=state.get("Status", ""),
        exit_code=int(state.get("ExitCode") or 0),
        labels=dict(config.get("Labels") or {}),
        ports=ports,
        command=" ".join(cmd) if isinstance(cmd, list) else str(cmd),
        restart_count=int(attrs.get("RestartCount") or 0),
        started_at=str(state.get("StartedAt") or ""),
        env=tuple(str(e) for e in config.get("Env") or ()),
        oom_killed=bool(state.get("OOMKilled")),
        created=epoch(attrs.get("Created")),
        started=max(0.0, epoch(state.get("StartedAt"))),
        health=str(health.get("Status") or ""),
        health_log=str((health.get("Log") or [{}])[-1].get("Output") or "").strip(),
    )


def _words(value: Any) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(str(v) for v in value) if isinstance(value, list) else (str(value),)


def config_record(attrs: Mapping[str, Any]) -> ImageConfig:
    config = attrs.get("Config") or {}
    env = dict(str(e).partition("=")[::2] for e in config.get("Env") or ())
    return ImageConfig(
        user=str(config.get("User") or ""),
        cmd=_words(config.get("Cmd")),
        entrypoint=_words(config.get("Entrypoint")),
        env=env,
        workdir=str(config.get("WorkingDir") or ""),
        layers=tuple(str(d) for d in (attrs.get("RootFS") or {}).get("Layers") or ()),
        size=int(attrs.get("Size") or 0),
    )


def service_record(row: Mapping[str, Any], tasks: list[Mapping[str, Any]]) -> ServiceInfo:
    spec = row.get("Spec") or {}
    image = str(((spec.get("TaskTemplate") or {}).get("ContainerSpec") or {}).get("Image", ""))
    replicated = (spec.get("Mode") or {}).get("Replicated")
    ports = tuple(
        f"{p.get('PublishedPort')}->{p.get('TargetPort')}/{p.get('Protocol', 'tcp')}"
        for p in (row.get("Endpoint") or {}).get("Ports") or []
    )
    running = [t for t in tasks if (t.get("Status") or {}).get("State") == "running"]
    return ServiceInfo(
        id=str(row.get("ID", "")),
        name=str(spec.get("Name", "")),
        image=image.split("@", 1)[0],
        replicas=int(replicated.get("Replicas", 0)) if replicated is not None else None,
        labels=dict(spec.get("Labels") or {}),
        ports=ports,
        running=tuple(
            str((t["Status"].get("ContainerStatus") or {}).get("ContainerID", "")) for t in running
        ),
        running_images=tuple(
            str(((t.get("Spec") or {}).get("ContainerSpec") or {}).get("Image", "")).split("@", 1)[0]
            for t in running
        ),
        update_state=str((row.get("UpdateStatus") or {}).get("State", "")),
        update_order=str((spec.get("UpdateConfig") or {}).get("Order") or "stop-first"),
        rollback_order=str((spec.get("RollbackConfig") or {}).get("Order") or "stop-first"),
    )
