"""On a phone (390 px wide) the map and indicator pages fit the screen: nothing pushes the
page sideways, and the map sits below its legend instead of being pushed off."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}

# Elements wider than the window, named, so that a failure says what to fix.
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect();
    if (box.width && box.right > width + 1 && !el.closest(".table-wrap")) {
      out.push(`${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}.${el.className} ${Math.round(box.right)}`);
    }
  }
  return {scroll: document.documentElement.scrollWidth, width, out: out.slice(0, 8)};
}"""

# Texts of a chart drawn outside its picture: the SVG hides them (a legend cut mid-word).
CLIPPED = """() => {
  const out = [];
  for (const svg of document.querySelectorAll(".chart.vega svg")) {
    const box = svg.getBoundingClientRect();
    for (const t of svg.querySelectorAll("text")) {
      const r = t.getBoundingClientRect();
      if (r.width && (r.right > box.right + 1 || r.left < box.left - 1)) {
        out.push(`${t.textContent} ${Math.round(r.left)}-${Math.round(r.right)}`);
      }
    }
  }
  return out.slice(0, 8);
}"""


@pytest.fixture
def demo(settings, tmp_path):
    from sepakat.demo.services import build_demo

    settings.MICRODATA_DIR = tmp_path / "microdata"
    return build_demo(seed=2025)


def log_in(page, live_server):
    page.goto(f"{live_server.url}/akun/masuk/")
    page.fill("input[name=username]", "contoh.9901.perencana")
    page.fill("input[name=password]", "contoh-planner-2025")
    page.click("main button[type=submit]")
    page.wait_for_url("**/dasbor/")


def assert_no_sideways_scroll(page, what):
    found = page.evaluate(OVERFLOWING)
    assert found["scroll"] <= found["width"], (what, found)
    assert page.evaluate(CLIPPED) == [], what


def test_the_map_and_indicator_pages_fit_a_phone(page, live_server, demo):
    page.set_viewport_size(PHONE)
    log_in(page, live_server)
    for path in (
        "/analisis/indikator/?indikator=KMS01",
        "/analisis/indikator/?indikator=KMS05",
        "/analisis/peta/",
        "/analisis/",
    ):
        page.goto(f"{live_server.url}{path}")
        charts = page.locator(".chart.vega")
        expect(page.locator(".chart.vega[data-ready] svg")).to_have_count(charts.count())
        assert_no_sideways_scroll(page, path)

    # The map: its legend above it, the map itself within the screen.
    page.goto(f"{live_server.url}/analisis/peta/")
    chart = page.locator("#blok-peta .chart.vega[data-ready] svg").first
    expect(chart).to_be_visible()
    legend = page.locator("#blok-peta .chart.vega g.role-legend").first.bounding_box()
    shapes = page.locator("#blok-peta .chart.vega g.mark-shape path")
    first_shape = page.locator("#blok-peta .chart.vega g.mark-shape").first.bounding_box()
    assert legend is not None and first_shape is not None
    assert legend["y"] + legend["height"] <= first_shape["y"] + 1, (legend, first_shape)
    assert first_shape["x"] >= 0 and first_shape["x"] + first_shape["width"] <= PHONE["width"]
    assert shapes.count() > 50
