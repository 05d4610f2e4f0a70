"""A planner opens Pemantauan & Evaluasi from the menu, enters a target for a poverty
indicator with verified values, and reads it in the monitoring table: the achievement,
the band written out beside its colour, the trend and the year the target is reached."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sepakat.datahub.models import Indicator, Observation, ObservationStatus
from sepakat.monitoring.models import Target
from tests.browser.test_data_upload import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_planner_enters_a_target_and_reads_the_monitoring_table(
    page, live_server, personas, regions
):
    indicator = Indicator.objects.create(
        code="UJI_P0",
        name_id="Persentase penduduk miskin uji",
        area="poverty",
        unit="%",
        polarity=-1,
    )
    for year, value in ((2023, 12.0), (2024, 11.5), (2025, 11.0)):
        Observation.objects.create(
            indicator=indicator,
            region=regions["kab_a"],
            period=str(year),
            value=value,
            status=ObservationStatus.VERIFIED,
        )
    log_in(page, live_server, "alice")
    page.click("nav a[data-module=monitoring]")
    page.wait_for_url("**/pemantauan/")
    expect(page.locator("main")).to_contain_text("Belum ada target")
    page.click("main a.button")
    page.select_option("#id_kind", "rkpd")
    page.fill("#id_year", "2025")
    page.select_option("#id_indicator", str(indicator.pk))
    page.fill("#id_value", "10")
    page.fill("#id_baseline_year", "2024")
    page.fill("#id_baseline_value", "11.5")
    page.fill("#id_legal_basis", "Perkada RKPD 2025")
    page.click("main button[type=submit]")
    page.wait_for_url("**/pemantauan/98.01/2025/")
    assert Target.objects.get().legal_basis == "Perkada RKPD 2025"
    row = page.locator("tbody tr", has_text="UJI_P0")
    # (2 x 10 - 11) / 10 x 100 = 90: tinggi, in words as well as in colour
    expect(row).to_contain_text("90,00")
    expect(row.locator(".band-tinggi")).to_have_text("tinggi")
    expect(row).to_contain_text("mendekati target")
    expect(row).to_contain_text("2027")
