"""A long URL in a step's text is copied or clicked whole: the renderer folds a long word in
prose (the copy gets two pieces), but prints a code block whole. So URLs longer than a narrow
terminal go in a code block of their own."""

from __future__ import annotations

import re

from dockerlab.course.catalog import load_catalog

URL = re.compile(r"https?://\S+")
NARROW = 40  # columns


def prose_lines(markdown: str) -> list[str]:
    lines, fenced = [], False
    for line in markdown.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced:
            lines.append(line)
    return lines


def test_long_urls_are_in_code_blocks() -> None:
    long = [
        f"{lesson.id}/{step.id}: {url}"
        for lesson in load_catalog().lessons
        for step in lesson.steps
        for line in prose_lines(step.explain)
        for url in URL.findall(line)
        if len(url.rstrip(".,;:)»")) > NARROW
    ]
    assert not long, "\n".join(long)
