"""What a failing check can tell from its inputs alone: the RUN lines of a Dockerfile (to
recognise the Dockerfile that built an image: tests/engine/test_fast_verdicts.py builds real
ones), and a file saved under another name next to the one a step asks for."""

from __future__ import annotations

from pathlib import Path

from dockerlab.kinds.files import lookalikes


def test_a_notebook_saved_as_untitled_is_seen(tmp_path: Path) -> None:
    for name in ("bienvenida.ipynb", "Untitled.ipynb", "notas.txt"):
        (tmp_path / name).write_text("{}")
    assert lookalikes(tmp_path / "mi_cuaderno.ipynb") == ["Untitled.ipynb"]
    (tmp_path / "mi-cuaderno.ipynb").write_text("{}")
    assert lookalikes(tmp_path / "mi_cuaderno.ipynb") == ["Untitled.ipynb", "mi-cuaderno.ipynb"]
    assert lookalikes(tmp_path / "falta" / "x.ipynb") == []


def test_run_lines_join_continuations() -> None:
    from dockerlab.kinds.builds import _run_lines

    text = 'FROM x\nRUN pip install uv \\\n    && uv pip install -r r.txt\nrun echo hola\nCMD ["a"]\n'
    assert _run_lines(text) == ["pip install uv && uv pip install -r r.txt", "echo hola"]


def test_run_lines_leave_out_buildkit_flags() -> None:
    from dockerlab.kinds.builds import _run_lines

    text = "RUN --mount=type=cache,target=/root/.cache/uv \\\n    uv sync --locked\n"
    assert _run_lines(text) == ["uv sync --locked"]  # what the image's history records
