"""An OPD data operator reports a quarter from the menu (a reason is asked for the line
behind schedule), the regional admin verifies it, and a planner reads the verified
quarter in the Permendagri 86/2017 table."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sepakat.monitoring.models import QuarterReport
from sepakat.monitoring.services import targets_from_plan
from sepakat.planning.models_plan import PlanVersion
from tests.browser.test_data_upload import log_in
from tests.isolation_objects import World, intervention

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_operator_reports_admin_verifies_planner_reads(page, live_server, personas, regions):
    sub = intervention(World(regions=regions, people=personas))
    PlanVersion.objects.filter(pk=sub.version_id).update(status="approved")
    targets_from_plan(actor=None, version=PlanVersion.objects.get(pk=sub.version_id))

    log_in(page, live_server, "erin")
    page.click("nav a[data-module=monitoring]")
    page.wait_for_url("**/pemantauan/")
    page.click("main a:text-is('TW 1')")
    page.wait_for_url("**/pemantauan/98.01/2025/triwulan/1/")
    page.fill(f"#output-{sub.pk}", "2")
    page.fill(f"#financial-{sub.pk}", "100")
    page.click("button[value=ajukan]")
    # 2 of the quarter's 2,5 Unit and 10 % of the pagu: a reason is needed first
    expect(page.locator("body")).to_contain_text("tulis alasannya sebelum mengajukan")
    assert not QuarterReport.objects.exists()
    page.fill(f"#reason-{sub.pk}", "Tender diulang")
    page.click("button[value=ajukan]")
    expect(page.locator("main")).to_contain_text("diajukan, menunggu verifikasi")

    page.context.clear_cookies()
    log_in(page, live_server, "bob", personas["bob"])
    page.goto(f"{live_server.url}/pemantauan/98.01/2025/triwulan/1/")
    page.click("button[value=verifikasi]")
    expect(page.locator("main")).to_contain_text("terverifikasi")

    page.context.clear_cookies()
    log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/pemantauan/98.01/2025/triwulan/1/")
    row = page.locator("tbody tr", has_text="Jumlah sekolah")
    expect(row).to_contain_text("Tender diulang")
    # tingkat capaian kinerja 2 / 10 and keuangan 100 / 1000
    expect(row).to_contain_text("20,00")
    expect(row).to_contain_text("10,00")
    assert page.locator("main input").count() == 0
