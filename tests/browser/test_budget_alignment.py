"""On the demo, the planner of 99.01 opens the keselarasan page of 2026 in Chromium: the
priority without budget is flagged, the summary reads, and the map draws from the
project's own scripts."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PLANNER = ("contoh.9901.perencana", "contoh-planner-2025")


@pytest.fixture
def demo(settings, tmp_path):
    from sepakat.demo.services import build_demo

    settings.MICRODATA_DIR = tmp_path / "microdata"
    return build_demo(seed=2025)


def test_a_planner_sees_the_budget_against_the_priorities_with_its_map(
    page, live_server, demo, tmp_path
):
    page.goto(f"{live_server.url}/akun/masuk/")
    page.fill("input[name=username]", PLANNER[0])
    page.fill("input[name=password]", PLANNER[1])
    page.click("main button[type=submit]")
    page.wait_for_url("**/dasbor/")
    page.goto(f"{live_server.url}/penganggaran/99.01/2026/keselarasan/")
    expect(page.locator("[data-tab=alignment][aria-current=page]")).to_be_visible()
    expect(page.locator("h2").first).to_contain_text("Keselarasan dengan prioritas")
    expect(page.locator("tr.flag")).to_have_count(1)
    expect(page.locator(".narrative")).to_contain_text("tidak mendapat anggaran")
    expect(
        page.locator(
            "[data-vega-spec=spec-alignment-map] svg, [data-vega-spec=spec-alignment-map] canvas"
        ).first
    ).to_be_visible()
    page.screenshot(path=str(tmp_path / "keselarasan.png"), full_page=True)
