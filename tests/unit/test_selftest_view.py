"""The self-test report for people and scripts: one row (or line) per check, the weak check
named with what made it pass early, no boxes in plain mode."""

from __future__ import annotations

from rich.console import Console

from dockerlab.engine.types import Inventory
from dockerlab.tutor.selftest import CheckReport, SelfTestReport, StepReport
from dockerlab.ui.selftest_view import selftest_dict, selftest_table

STRONG = CheckReport("container_exited name=dl_fuerte", True, True, "no existe", "detenido (código 0)")
WEAK = CheckReport("container_absent name=dl_nunca", False, True, "no existe", "no existe")
OFFLINE = CheckReport("search_official term=ubuntu", False, False, "sin red", "sin red", offline=True)


def report(*checks: CheckReport) -> SelfTestReport:
    step = StepReport("correr", 1, all(c.failed_before for c in checks), True, True, "", "", False, checks)
    return SelfTestReport("mini", (step,), Inventory(), True)


def render(plain: bool, value: SelfTestReport) -> str:
    console = Console(record=True, width=140, no_color=plain)
    selftest_table(console, value)
    return console.export_text()


def test_a_weak_check_beside_a_strong_one_is_named_with_what_it_found() -> None:
    value = report(STRONG, WEAK)
    assert not value.ok and value.steps[0].weak == (WEAK,)
    for plain in (True, False):
        text = render(plain, value)
        assert "«container_absent name=dl_nunca» ya pasaba antes del paso (no existe)" in text
        assert "✗ Autoprueba fallida" in text
    plain_text = render(True, value)
    assert "│" not in plain_text and "┃" not in plain_text
    assert "1. correr: container_absent name=dl_nunca: antes falla ✗, después pasa ✓" in plain_text


def test_strong_and_offline_checks_pass() -> None:
    value = report(STRONG, OFFLINE)
    assert value.ok and value.steps[0].weak == ()
    assert "sin red (no se pudo juzgar)" in render(True, value)
    data = selftest_dict(value)
    assert data["schema"] == 2 and data["ok"] is True
    assert [c["ok"] for c in data["steps"][0]["checks"]] == [True, True]
