"""The self-test's report for people: one row per check, in rich or plain form."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table

from dockerlab.envelope import envelope

if TYPE_CHECKING:
    from dockerlab.tutor.selftest import SelfTestReport


def _mark(value: bool) -> str:
    return "✓" if value else "✗"


def selftest_table(console: Console, report: SelfTestReport) -> None:
    plain = console.no_color
    if plain:
        _lines(console, report)
    else:
        _rich_table(console, report)
    weak = [(s, c) for s in report.steps for c in s.weak]
    for step, check in weak:
        console.print(
            f"✗ Paso {step.number} ({step.step}): «{check.check}» ya pasaba antes del paso "
            f"({check.before}). Una verificación así no prueba nada: cámbiala por una que "
            "solo pase cuando el alumno hizo el paso.",
            highlight=False,
        )
    if not report.complete:
        console.print("La autoprueba se detuvo en el primer paso que falló.")
    console.print(f"Objetos etiquetados al terminar: {report.leftovers.describe()}", highlight=False)
    console.print("✓ Autoprueba superada" if report.ok else "✗ Autoprueba fallida")


def _lines(console: Console, report: SelfTestReport) -> None:
    """Plain output (pipes, screen readers): one line per check, no table to decode."""
    console.print(f"Autoprueba de «{report.lesson}»")
    for step in report.steps:
        if not step.solved:
            console.print(
                f"{step.number}. {step.step}: ✗ no se pudo resolver: {step.after}",
                highlight=False,
                soft_wrap=True,
            )
        for check in step.checks:
            if check.offline:
                verdict = "sin red (no se pudo juzgar)"
            else:
                verdict = (
                    f"antes falla {_mark(check.failed_before)}, después pasa {_mark(check.passed_after)}"
                )
            problem = f" — {check.problem}" if check.problem and step.solved else ""
            console.print(
                f"{step.number}. {step.step}: {check.check}: {verdict}{problem}",
                highlight=False,
                soft_wrap=True,
            )


def _rich_table(console: Console, report: SelfTestReport) -> None:
    table = Table(title=f"Autoprueba de «{report.lesson}»", title_justify="left")
    for column in ("nº", "paso", "verificación", "antes: falla", "después: pasa", "detalle"):
        table.add_column(column, overflow="fold")
    for step in report.steps:
        if not step.solved:
            table.add_row(str(step.number), step.step, "(resolver el paso)", "", "✗", step.after)
        for check in step.checks:
            table.add_row(
                str(step.number),
                step.step,
                check.check,
                "sin red" if check.offline else _mark(check.failed_before),
                "sin red" if check.offline else _mark(check.passed_after),
                check.problem if step.solved else "",
            )
    console.print(table)


def selftest_dict(report: SelfTestReport) -> dict[str, Any]:
    return envelope(
        {
            "lesson": report.lesson,
            "ok": report.ok,
            "complete": report.complete,
            "leftovers": report.leftovers.describe(),
            "steps": [
                {
                    "step": s.step,
                    "number": s.number,
                    "ok": s.ok,
                    "solved": s.solved,
                    "failed_before": s.failed_before,
                    "passed_after": s.passed_after,
                    "offline": s.offline,
                    "before": s.before,
                    "after": s.after,
                    "checks": [c.__dict__ | {"ok": c.ok, "problem": c.problem} for c in s.checks],
                }
                for s in report.steps
            ],
        }
    )
