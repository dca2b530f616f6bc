"""doctor (and start, which shows the same report) tells a learner without a working engine
how to install or start Docker on their own system, with Docker's official page for it."""

from __future__ import annotations

from pathlib import Path

import pytest

from dockerlab.classroom import install
from dockerlab.classroom.doctor import run_doctor
from dockerlab.classroom.install import advice
from dockerlab.engine.provider import EngineProvider


@pytest.mark.parametrize(
    ("system", "release", "distro", "url", "words"),
    [
        ("Darwin", "23.1.0", "", "/desktop/setup/install/mac-install/", "Aplicaciones"),
        ("Windows", "10", "", "/desktop/setup/install/windows-install/", "WSL 2"),
        ("Linux", "5.15.90.1-microsoft-standard-WSL2", "ubuntu", "/desktop/features/wsl/", "WSL"),
        ("Linux", "6.1.0-13-amd64", "ubuntu", "/engine/install/ubuntu/", "systemctl start docker"),
        ("Linux", "6.1.0-13-amd64", "debian", "/engine/install/debian/", "grupo docker"),
        ("Linux", "6.1.0-13-amd64", "fedora", "/engine/install/fedora/", "systemctl"),
        ("Linux", "6.1.0-13-amd64", "arch", "/engine/install/", "systemctl"),
    ],
)
def test_each_system_gets_its_own_official_page(
    system: str, release: str, distro: str, url: str, words: str
) -> None:
    found = advice(system, release, distro)
    assert found.url == "https://docs.docker.com" + url
    assert words in found.install + found.start


def test_the_distribution_is_read_from_os_release(tmp_path: Path) -> None:
    release = tmp_path / "os-release"
    release.write_text('NAME="Fedora Linux"\nID=fedora\nVERSION_ID=40\n', encoding="utf-8")
    assert install._os_release_id(release) == "fedora"
    assert install._os_release_id(tmp_path / "nada") == ""


def test_doctor_without_an_engine_says_how_to_start_it_here(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DOCKER_HOST", f"unix://{tmp_path}/no-hay-motor.sock")
    report = run_doctor(EngineProvider())
    item = next(i for i in report.items if i.key == "install")
    here = advice()
    assert not item.ok and here.url in item.fix and here.system in item.label


def test_doctor_with_an_engine_adds_no_install_advice(monkeypatch: pytest.MonkeyPatch) -> None:
    class Up:
        def info(self) -> object:
            from dockerlab.engine.types import EngineInfo

            return EngineInfo("20.10", "1.41", "linux", "x86_64", "unix:///x", "default")

    class Provider(EngineProvider):
        def get(self) -> Up:  # type: ignore[override]
            return Up()

    monkeypatch.setattr("dockerlab.engine.cli.docker_on_path", lambda: "/usr/bin/docker")
    report = run_doctor(Provider())
    assert "install" not in {i.key for i in report.items}
