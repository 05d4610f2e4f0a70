"""Every page carries a Content-Security-Policy, and the charts, the map and HTMX live
with it: no violation is reported while a planner uses them (issue 17, item 6)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from sepakat.core.csp import DEFAULT_POLICY
from tests.browser.test_analysis_journey import charts_drawn, demo, log_in  # noqa: F401
from tests.datahub.conftest import dataset  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

# Runs before any page script and outside the page's policy: it keeps every violation
# the browser reports, so the test can name them.
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " +
                    (e.sourceFile || "") + ":" + (e.lineNumber || ""));
});
"""


def violations(page):
    return page.evaluate("window.__csp")


def every_chart_drawn(page):
    charts_drawn(page)
    page.wait_for_function(
        "document.querySelectorAll('[data-vega-spec]:not([data-ready])').length === 0"
    )


def test_charts_map_and_htmx_work_under_the_policy(page, live_server, demo):  # noqa: F811
    page.add_init_script(RECORD_VIOLATIONS)
    log_in(page, live_server, "contoh.9901.perencana", "contoh-planner-2025")

    response = page.goto(f"{live_server.url}/analisis/")
    assert response.headers["content-security-policy"] == DEFAULT_POLICY
    assert "'unsafe-eval'" not in DEFAULT_POLICY
    every_chart_drawn(page)
    assert violations(page) == []

    page.click("nav.tabs a[data-tab=map]")
    every_chart_drawn(page)
    assert page.locator(".chart.vega[data-ready] svg path").count() > 50
    assert violations(page) == []

    # The region page: its map (drawn by the shared chart script) and the HTMX search.
    page.goto(live_server.url + reverse("regions:detail", args=["99.01"]))
    expect(page.locator("#region-map[data-ready] svg").first).to_be_visible()
    page.fill("input#q", "99.01")
    expect(page.locator("#search-results a").first).to_be_visible()
    assert violations(page) == []


def test_an_inline_script_is_refused_by_the_policy(page, live_server, regions):
    """The policy is enforced, not only sent: a script injected into a page is blocked."""
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(f"{live_server.url}/")
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.__ran = true'; document.body.appendChild(s); }"
    )
    assert page.evaluate("window.__ran === undefined")
    assert any(v.startswith("script-src") for v in violations(page))
    page.watch.console_errors.clear()  # the refusal is reported as a console error


def test_the_api_docs_render_under_the_policy(page, live_server, personas):
    from tests.conftest import PASSWORD

    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_url("**/akun/masuk/**")  # signed-in users only
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/api/v1/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("SEPAKAT API")
    assert violations(page) == []


def test_the_catalogue_choice_submits_itself_under_the_policy(
    page,
    live_server,
    personas,
    dataset,  # noqa: F811
):
    from tests.conftest import PASSWORD

    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(f"{live_server.url}/akun/masuk/")
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/dasbor/")
    page.goto(live_server.url + reverse("datahub:catalogue"))
    page.select_option("select#bidang", "kesehatan")
    page.wait_for_url("**bidang=kesehatan**")
    expect(page.locator("#catalogue")).to_contain_text("KES01")
    assert violations(page) == []
