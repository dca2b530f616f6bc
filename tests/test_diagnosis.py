from __future__ import annotations

import pytest

from dockerlab.diagnosis import diagnose


@pytest.mark.parametrize(("message", "code"), [
    ('Conflict. The container name "/mi_contenedor" is already in use by container "ab12"',
     "name_conflict"),
    ("driver failed programming external connectivity: Bind for 0.0.0.0:80 failed: port is "
     "already allocated", "port_in_use"),
    ("listen tcp4 0.0.0.0:8000: bind: address already in use", "port_in_use"),
    ("pull access denied for ubunto, repository does not exist or may require 'docker login'",
     "pull_denied"),
    ("No such image: mi_imagen:latest", "image_not_found"),
    ("You cannot remove a running container ab12. Stop the container before attempting removal "
     "or force remove", "container_running"),
    ("conflict: unable to remove repository reference \"x\" (must force) - container ab is "
     "using its referenced image cd", "image_in_use"),
    ("Get \"https://registry-1.docker.io/v2/\": dial tcp: lookup registry-1.docker.io: no such "
     "host", "no_network"),
    ("ConnectionError: ('Connection aborted.', FileNotFoundError(2, 'No such file or "
     "directory'))", "daemon_down"),
    ("ConnectionError: ('Connection aborted.', PermissionError(13, 'Permission denied'))",
     "permission_denied"),
])
def test_known_messages_get_a_spanish_explanation(message: str, code: str) -> None:
    found = diagnose(message)
    assert found is not None and found.code == code
    assert found.message and found.fix


def test_unknown_messages_are_not_guessed() -> None:
    assert diagnose("something entirely different happened") is None
