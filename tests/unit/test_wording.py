"""What learners read is neutral Spanish (Latin America and Spain) with one term per idea,
as docs/glosario.md fixes them: no Spain-only words, «motor» and never «daemon», «label»
for the metadata and «etiqueta» only for a tag."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LEARNER_TEXT = sorted(
    [
        *ROOT.glob("lessons/*.yaml"),
        *ROOT.glob("examples/**/*.md"),
        *ROOT.glob("examples/**/Dockerfile*"),
        *ROOT.glob("examples/**/*.yaml"),
        *ROOT.glob("examples/**/*.ipynb"),
        *ROOT.glob("examples/**/.dockerignore"),
        ROOT / "README.md",
        *(p for p in ROOT.glob("docs/*.md") if p.name != "glosario.md"),
    ]
)
SPAIN_ONLY = re.compile(
    r"\b(ordenador(es)?|port[aá]til(es)?|May[uú]s|Intro\b|vosotros|compart[ií]s|pod[eé]is|ten[eé]is|"
    r"pulsa(r|s)?|pulsando|fichero(s)?|vale la pena ver)\b",
    re.IGNORECASE,
)
LABEL_AS_TAG = re.compile(
    r"etiquetas? [`«]?io\.dockerlab|etiquetad[oa]s?\b|etiquetas? de (la lección|dockerlab)", re.IGNORECASE
)


@pytest.mark.parametrize("path", LEARNER_TEXT, ids=lambda p: str(p.relative_to(ROOT)))
def test_learner_text_is_neutral_spanish_with_one_term_per_idea(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert not SPAIN_ONLY.findall(text), SPAIN_ONLY.findall(text)
    assert not LABEL_AS_TAG.findall(text), "a label is «label», a tag is «etiqueta» (docs/glosario.md)"
    prose = "\n".join(line for line in text.splitlines() if "Error response from daemon" not in line)
    assert not re.search(r"\bdaemon\b(?!_)", prose, re.IGNORECASE), "say «motor» (docs/glosario.md)"


def test_the_glossary_defines_the_terms_the_lessons_use() -> None:
    glossary = (ROOT / "docs" / "glosario.md").read_text(encoding="utf-8")
    for term in ("**etiqueta**", "**label**", "**montaje**", "**volumen**", "**motor**", "**BuildKit**"):
        assert term in glossary
    assert "docs/glosario.md" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_a_fact_question_says_del_not_de_el() -> None:
    from dockerlab.kinds.facts import fact_of

    assert fact_of("driver", "volume", "taller_datos") == "el driver del volumen «taller_datos»"
    assert fact_of("ip", "container", "web") == "la dirección IP del contenedor «web»"
    assert fact_of("user", "image", "mi_app") == "el dato «user» de la imagen «mi_app»"


@pytest.mark.parametrize(
    ("fact", "of", "name", "said"),
    [
        ("ip", "container", "mi_servidor", "la dirección IP del contenedor «mi_servidor»"),
        ("log_line", "container", "mi_reloj", "una línea de la salida del contenedor «mi_reloj»"),
        ("env:MODO", "container", "web", "el valor de la variable MODO del contenedor «web»"),
        ("mount:/datos", "container", "web", "lo que está montado en /datos del contenedor «web»"),
        (
            "mount_type:/notas",
            "container",
            "mirador",
            "el tipo de montaje en /notas del contenedor «mirador»",
        ),
        ("exposed", "image", "fastapi_app", "el puerto que declara EXPOSE de la imagen «fastapi_app»"),
        ("mountpoint", "volume", "datos", "la carpeta donde el motor guarda los datos del volumen «datos»"),
    ],
    ids=["ip", "log_line", "env", "mount", "mount_type", "exposed", "mountpoint"],
)
def test_a_fact_is_named_in_words_not_by_its_key(fact: str, of: str, name: str, said: str) -> None:
    """Found walking basico: «Esperaba: el dato «log_line» del contenedor «mi_reloj»» showed
    the lesson file's key to the learner."""
    from dockerlab.kinds.facts import fact_of

    assert fact_of(fact, of, name) == said


def test_a_step_that_explains_labels_keeps_etiqueta_for_tags() -> None:
    """Found walking basico: after «no confundir con la etiqueta `latest`», the same step said
    the containers «la heredan» and that the filter removes those «que llevan la etiqueta»."""
    import yaml

    for path in sorted(ROOT.glob("lessons/*.yaml")):
        for step in yaml.safe_load(path.read_text(encoding="utf-8"))["steps"]:
            explain = " ".join(step.get("explain", "").split())
            if "label" not in explain:
                continue
            for found in re.finditer(r"etiquetas?\b(.{0,30})", explain):
                assert re.search(r"`latest`|`:|de (una|la) imagen", found.group(1)), (
                    step["id"],
                    found.group(0),
                )
            for sentence in re.split(r"(?<=[.:;])\s", explain):
                assert not ("label" in sentence and re.search(r"\bla heredan\b", sentence)), (
                    step["id"],
                    sentence,
                )
