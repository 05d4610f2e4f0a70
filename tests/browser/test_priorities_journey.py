"""A kab/kota planner ranks the problems, builds and submits a priority set in Chromium;
the regional admin approves it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sepakat.priorities import ranking
from sepakat.priorities.models import PriorityRun, PrioritySet
from tests.browser.test_data_upload import log_in
from tests.priorities.conftest import world  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_planner_ranks_builds_and_submits_and_the_admin_approves(
    page,
    live_server,
    world,  # noqa: F811
):
    alice, bob = world["personas"]["alice"], world["personas"]["bob"]
    log_in(page, live_server, "alice")
    page.click("nav a[data-module=priorities]")
    page.wait_for_url("**/prioritas/")
    expect(page.locator(".alert.warning")).to_contain_text("Belum ada peringkat")
    page.click("button[data-action=compute]")
    expect(page.locator("table.ranked").first).to_be_visible()
    expect(page.locator(".chart.vega[data-ready] svg").first).to_be_visible()
    expect(page.locator("#kepekaan")).to_contain_text("Bobot SEPAKAT")
    expect(page.locator("[data-method]")).to_contain_text("Susenas KOR uji 2024 (orang)")
    run = PriorityRun.objects.get()
    first, second, third = ranking.ranked_codes(ranking.rows_for(run, "98.01"))[:3]

    page.click("nav.tabs a[data-tab=sets]")
    page.click("a[data-action=edit]")
    for code, position in ((third, 1), (first, 2), (second, 3)):
        page.check(f"#pilih-{code}")
        page.fill(f"input[name=urutan_{code}]", str(position))
    page.fill(f"textarea[name=lokasi_{first}]", "98.01.01.2001")
    page.click("button[data-action=save]")
    expect(page.locator(".errorlist")).to_contain_text(f"Baris 1 ({third})")
    assert not PrioritySet.objects.exists()
    # The refused form comes back as 400 on purpose; Chromium logs that status, nothing else.
    expected = [e for e in page.watch.console_errors if "status of 400" in e]
    assert len(expected) == 1
    page.watch.console_errors.remove(expected[0])
    page.fill(f"textarea[name=alasan_{third}]", "Amanat RPJMD")
    page.click("button[data-action=save]")
    expect(page.locator("table.set-items")).to_contain_text("Amanat RPJMD")
    page.click("button[data-action=submit]")
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "submitted")
    priority_set = PrioritySet.objects.get()
    assert priority_set.submitted_by == alice
    assert [i.indicator.code for i in priority_set.items.order_by("position")] == [
        third,
        first,
        second,
    ]

    page.context.clear_cookies()
    log_in(page, live_server, "bob", bob)
    page.goto(f"{live_server.url}/prioritas/set/{priority_set.pk}/")
    page.click("button[data-action=approve]")
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "approved")
    priority_set.refresh_from_db()
    assert priority_set.status == "approved" and priority_set.decided_by == bob
    expect(page.locator("a[data-action=edit]")).to_contain_text("Buat versi baru")
