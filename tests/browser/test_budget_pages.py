"""A planner reads the budget of the kab in Chromium: from the menu to the year, the charts
drawn with the served bundle, the chain filtered to the cuts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sepakat.budgeting.budget_import import budget_import
from tests.browser.test_shell import log_in
from tests.budgeting.conftest import (  # noqa: F401  (fixtures)
    SKPD_DIK,
    budget_world,
    line,
    nomenclature,
    write_budget,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BALITA, BOS = "1.02.02.2.02.0004", "1.01.02.2.01.0025"


def test_a_planner_reads_the_budget_and_its_chain(
    page: Any,
    live_server: Any,
    budget_world: dict[str, Any],  # noqa: F811
    write_budget: Callable[..., Path],  # noqa: F811
) -> None:
    rows = [
        line(stage="rka", code=BALITA, pagu="200000000", tag="stunting"),
        line(stage="rka", code=BOS, skpd=SKPD_DIK, pagu="900000000"),
        line(code=BALITA, pagu="150000000", tag="stunting"),
        line(code=BOS, skpd=SKPD_DIK, pagu="900000000"),
        line(year=2024, code=BALITA, pagu="100000000", tag="stunting"),
    ]
    path = write_budget(rows)
    assert budget_import(actor=None, region=budget_world["kab_a"], path=path, file=path.name).ok

    log_in(page, live_server, "alice")
    page.wait_for_url("**/dasbor/")
    page.click("nav.mainnav a[data-module=budgeting]")
    page.wait_for_url("**/penganggaran/")
    page.click("tr[data-region='98.01'] a[data-year='2025']")
    page.wait_for_url("**/penganggaran/98.01/2025/")
    assert page.locator("[data-total]").inner_text() == "Rp\xa01.050.000.000"
    page.wait_for_selector("[data-vega-spec=spec-bidang][data-ready]")
    page.wait_for_selector("[data-vega-spec=spec-tren][data-ready]")

    page.click("a[data-tab=chain]")
    page.wait_for_url("**/rantai/?tahap=murni")
    page.select_option("select#status", "cut")  # the form submits itself
    page.wait_for_url("**status=cut**")
    codes = page.locator("#tabel-rantai tbody tr").evaluate_all(
        "rows => rows.map(r => r.dataset.code)"
    )
    assert codes == [BALITA]
    assert (
        page.locator(f"tr[data-code='{BALITA}'] [data-change]").inner_text() == "-Rp\xa050.000.000"
    )
