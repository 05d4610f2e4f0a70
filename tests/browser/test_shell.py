"""A person opens SEPAKAT in Chromium: home page, login, dashboard, regions, language."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/akun/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]:has-text('Masuk')")


def test_a_planner_walks_through_the_shell(page, live_server, personas):
    page.goto(live_server.url + "/")
    assert page.locator("h1").first.inner_text().startswith("SEPAKAT")
    assert page.locator("html").get_attribute("lang") == "id"

    log_in(page, live_server, "alice")
    page.wait_for_url("**/dasbor/")
    assert "Selamat datang" in page.locator("h1").inner_text()
    nav = page.locator("nav.mainnav")
    assert nav.locator("[data-module=planning]").inner_text().startswith("Perencanaan")
    # every step of the cycle is built: linked, none marked "segera"
    assert nav.locator("a[data-module=monitoring]").count() == 1
    assert nav.locator(".soon").count() == 0

    page.click("summary:has-text('Lainnya')")
    page.click("a[data-module=regions]")
    page.wait_for_url("**/wilayah/**")
    assert page.locator("h1").count() == 1


def test_the_language_switch_turns_the_interface_english(page, live_server, regions):
    page.goto(live_server.url + "/")
    page.click("button[name=language][value=en]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Log in" in page.locator(".usermenu").inner_text()


def test_an_expired_account_is_refused_in_the_browser(page, live_server, personas):
    import datetime as dt

    alice = personas["alice"]
    alice.expires_on = dt.date(2020, 1, 31)
    alice.save()
    log_in(page, live_server, "alice")
    alert = page.locator("[role=alert]")
    assert "berakhir pada 31 Januari 2020" in alert.inner_text()


def test_the_vega_bundle_is_served_locally(page, live_server, regions):
    page.goto(live_server.url + "/")
    page.add_script_tag(url=live_server.url + "/aset/vega-bundle.js")
    assert page.evaluate("typeof vegaEmbed") == "function"


def test_pages_fit_a_phone_screen(browser, live_server, personas):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID")
    page = context.new_page()
    page.goto(live_server.url + "/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    context.close()
