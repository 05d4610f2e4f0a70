"""A planner opens the determinants and the locations of a problem in Chromium: the tables
and the desa map draw from the project's own scripts, with no request leaving the server."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.priorities.places_world import places  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_a_planner_reads_determinants_then_locations_with_the_map(
    page,
    live_server,
    places,  # noqa: F811
):
    from sepakat.priorities.models import PriorityLocationEntry, PriorityLocationList
    from sepakat.regions.models import RegionBoundary

    for i, code in enumerate(["98.01.01.2001", "98.01.01.2002", "98.01.02.2001", "98.01.02.2002"]):
        x, y = i % 2, i // 2
        RegionBoundary.objects.create(
            region=places["desa"][code],
            geometry={
                "type": "Polygon",
                "coordinates": [[[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]],
            },
        )
    official = PriorityLocationList.objects.create(
        name="Lokus stunting", year=2025, region=places["kab_a"], source="SK Bupati 7/2025"
    )
    PriorityLocationEntry.objects.create(
        location_list=official, desa=places["desa"]["98.01.02.2002"]
    )
    page.goto(f"{live_server.url}/akun/masuk/")
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/prioritas/determinan/PDK01/")
    expect(page.locator("#registry-groups")).to_contain_text("Desil 1-4")
    expect(page.locator("#survey-groups")).to_contain_text("40 % terbawah")
    expect(page.locator("article.supply").first).to_contain_text("Ringkasan per kecamatan")
    page.click("[data-tab=locations]")
    expect(page.locator("#ranking tr.kantong")).to_have_count(1)
    # the bundle is large and the machine may be busy: give Vega time to draw
    expect(page.locator("#map .chart.vega[data-ready] svg")).to_be_visible(timeout=30000)
    assert page.locator("#map .chart.vega[data-ready] svg path").count() >= 4  # the desa
    expect(page.locator("#ranking")).to_contain_text("Lokus stunting 2025")
