"""On the demo, a kab/kota planner goes the whole way of Prioritisasi in Chromium: the ranked
problems, the determinants of the top one, its locations on the map, a priority set that
lifts one problem with a written reason and names the places just seen; the province admin
(kab 99.02 has no admin of its own) approves it, and the approved version is locked.

Kab 99.02, not 99.01: the demo ships 99.01 with an approved set and plan already, so that
the later modules have data; 99.02 starts from nothing, as a region new to the cycle."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PLANNER = ("contoh.9902.perencana", "contoh-planner-2025")
ADMIN = ("contoh.prov.admin", "contoh-regional_admin-2025")


@pytest.fixture
def demo(settings, tmp_path):
    from sepakat.demo.services import build_demo

    settings.MICRODATA_DIR = tmp_path / "microdata"
    return build_demo(seed=2025)


def log_in(page, live_server, username, password, *, second_factor=False):
    page.goto(f"{live_server.url}/akun/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    if second_factor:
        from sepakat.demo.users import current_code, demo_device

        page.fill("input[name=token]", current_code(demo_device(username)))
        page.click("main button[type=submit]")
    page.wait_for_url("**/dasbor/")


def events_of(priority_set):
    entries = LogEntry.objects.filter(changes__priority_set=[str(priority_set.pk)]).order_by("pk")
    return [(e.actor.username, e.changes["event"][0]) for e in entries]


def test_a_planner_goes_from_problems_to_an_approved_set_on_the_demo(page, live_server, demo):
    from sepakat.priorities import ranking
    from sepakat.priorities.models import PriorityRun, PrioritySet

    log_in(page, live_server, *PLANNER)
    page.click("nav a[data-module=priorities]")
    page.wait_for_url("**/prioritas/**")
    expect(page.locator(".alert.warning")).to_contain_text("Belum ada peringkat")
    page.click("button[data-action=compute]")
    expect(page.locator(".messages, [role=status], .alert").first).to_be_visible()
    expect(page.locator("table.ranked").first).to_be_visible()
    expect(page.locator(".chart.vega[data-ready] svg").first).to_be_visible(timeout=30000)
    expect(page.locator("[data-method]")).to_contain_text("Skor")
    run = PriorityRun.objects.get(region__code="99.02")
    assert run.created_by.username == PLANNER[0]
    codes = ranking.ranked_codes(ranking.rows_for(run, "99.02"))
    assert len(codes) >= 3
    first, second, third = codes[:3]
    # what the page ranks first is what the database ranks first
    top_row = page.locator("table.ranked[data-sector=all] tbody tr").first
    expect(top_row).to_have_attribute("data-code", first)
    assert LogEntry.objects.filter(actor=run.created_by).exists()

    # ranking -> determinants of the top problem
    top_row.locator("a[data-step=determinants]").click()
    page.wait_for_url(f"**/prioritas/determinan/{first}/**")
    expect(page.locator("h1")).not_to_be_empty()
    expect(page.locator("#registry-groups, #survey-groups").first).to_be_visible()
    expect(page.locator("[data-method]")).to_be_visible()

    # determinants -> locations: the desa map is drawn, the kantong column is there
    page.click("nav.tabs a[data-tab=locations]")
    page.wait_for_url(f"**/prioritas/lokasi/{first}/**")
    expect(page.locator("#map .chart.vega[data-ready] svg")).to_be_visible(timeout=30000)
    assert page.locator("#map .chart.vega[data-ready] svg path").count() >= 4
    expect(page.locator("#ranking thead")).to_contain_text("Kuadran")
    pockets = page.locator("#ranking tbody tr.kantong")
    assert pockets.count() >= 1
    expect(pockets.first).to_contain_text("kantong kemiskinan")
    seen = [pockets.nth(i).get_attribute("data-code") for i in range(pockets.count())]
    assert all(code.startswith("99.02.") for code in seen)

    # locations -> the set form, taking the pockets just seen along with the problem
    page.click("a[data-step=set-with-pockets]")
    page.wait_for_url("**/prioritas/set/susun/**")
    expect(page.locator(f"#pilih-{first}")).to_be_checked()
    assert page.input_value(f"textarea[name=lokasi_{first}]").split() == seen
    # lift the third problem to the top, with a reason; keep two of the pockets
    for code in (second, third):
        page.check(f"#pilih-{code}")
    for code, position in ((third, 1), (first, 2), (second, 3)):
        page.fill(f"input[name=urutan_{code}]", str(position))
    page.fill(f"textarea[name=alasan_{third}]", "Amanat RPJMD 2025-2029")
    seen = seen[:2]
    page.fill(f"textarea[name=lokasi_{first}]", " ".join(seen))
    page.click("button[data-action=save]")
    page.wait_for_url("**/prioritas/set/*/")
    items_table = page.locator("table.set-items")
    expect(items_table).to_contain_text("Amanat RPJMD 2025-2029")
    expect(items_table.locator(f"tr[data-code={first}]")).to_contain_text(seen[0])
    page.click("button[data-action=submit]")
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "submitted")
    expect(page.locator("button[data-action=approve]")).to_have_count(0)
    expect(page.locator("a[data-action=edit]")).to_have_count(0)  # nobody edits it now

    priority_set = PrioritySet.objects.get(region__code="99.02")
    assert priority_set.version == 1 and priority_set.status == "submitted"
    assert priority_set.submitted_by.username == PLANNER[0]
    items = list(priority_set.items.order_by("position"))
    assert [i.indicator.code for i in items] == [third, first, second]
    assert items[0].reason == "Amanat RPJMD 2025-2029" and items[0].computed_rank == 3
    assert items[1].locations == sorted(seen)

    # the province admin (with the second factor) approves
    page.context.clear_cookies()
    log_in(page, live_server, *ADMIN, second_factor=True)
    page.goto(f"{live_server.url}/prioritas/set/{priority_set.pk}/")
    page.click("button[data-action=approve]")
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "approved")
    expect(page.locator("main")).to_contain_text("versi ini terkunci")
    expect(page.locator("a[data-action=edit]")).to_contain_text("Buat versi baru")
    expect(page.locator("button[data-action=submit]")).to_have_count(0)
    expect(page.locator("[data-method]")).to_be_visible()

    priority_set.refresh_from_db()
    assert priority_set.status == "approved"
    assert priority_set.decided_by.username == ADMIN[0]
    assert not priority_set.editable
    assert events_of(priority_set) == [
        (PLANNER[0], "priority set version created"),
        (PLANNER[0], "priority set submitted"),
        (ADMIN[0], "priority set approved"),
    ]
    created = LogEntry.objects.filter(
        changes__priority_set=[str(priority_set.pk)],
        changes__event=["priority set version created"],
    ).get()
    assert f"{third} rank=3 reason=Amanat RPJMD 2025-2029" in created.changes["items"]

    # a new version starts from the approved one and leaves it as it was
    page.click("a[data-action=edit]")
    page.wait_for_url("**/prioritas/set/susun/**")
    expect(page.locator("main")).to_contain_text("menyimpan membuat versi baru")
    expect(page.locator(f"#pilih-{third}")).to_be_checked()
