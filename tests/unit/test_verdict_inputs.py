"""What a failing check can tell from its inputs alone: which Dockerfile built an image (the
engine tests build real ones: tests/engine/test_fast_verdicts.py), and a file saved under
another name next to the one a step asks for."""

from __future__ import annotations

from pathlib import Path

from dockerlab.kinds.builds import BuildFacts, wrong_inputs
from dockerlab.kinds.files import lookalikes


def facts(image: str, image_id: str, dockerfile: str) -> BuildFacts:
    return BuildFacts(image, True, None, 1, image_id, dockerfile)


def test_a_comparison_names_the_dockerfile_that_was_used() -> None:
    files = ["Dockerfile.pip", "Dockerfile.uv"]
    good = [
        facts("a", "sha256:" + "1" * 64, "Dockerfile.pip"),
        facts("b", "sha256:" + "2" * 64, "Dockerfile.uv"),
    ]
    assert wrong_inputs(good, files) is None
    mistaken = [good[0], facts("b", "sha256:" + "2" * 64, "Dockerfile.pip")]
    found, hint = wrong_inputs(mistaken, files) or ("", "")
    assert found == "«b» se construyó con Dockerfile.pip, no con Dockerfile.uv"
    assert hint.endswith("«docker build -f Dockerfile.uv -t b .»")
    unlabelled = [good[0], facts("b", "sha256:" + "2" * 64, "")]
    assert "no dice su nombre" in (wrong_inputs(unlabelled, files) or ("", ""))[0]


def test_the_same_image_twice_is_no_comparison() -> None:
    same = "sha256:" + "3" * 64
    found, _ = wrong_inputs([facts("a", same, ""), facts("b", same, "")], []) or ("", "")
    assert found == "«a» y «b» son la misma imagen (333333333333)"


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
