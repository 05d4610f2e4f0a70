"""On the demo, the planner of kab 99.01 (the kab with an approved plan and a 2026 budget
that follows it) tags the 2026 budget in Chromium: filters the lines, applies the plan's
suggestions, tags ticked lines and then every line of a filter, and reads the counts the
page gives after each step; the viewer of the same kab reads the page and can change
nothing."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from playwright.sync_api import expect

from tests.browser.test_priorities_demo_journey import log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PLANNER = ("contoh.9901.perencana", "contoh-planner-2025")
VIEWER = ("contoh.9901.pembaca", "contoh-viewer-2025")
PATH = "/penganggaran/99.01/2026/penandaan/"


@pytest.fixture
def demo(settings, tmp_path):
    from sepakat.demo.services import build_demo

    settings.MICRODATA_DIR = tmp_path / "microdata"
    return build_demo(seed=2025)


def count(page, name: str) -> int:
    return int(page.locator(f"[data-count={name}]").inner_text())


def lines_2026():
    from sepakat.budgeting.models import ApbdLine

    return ApbdLine.objects.filter(region__code="99.01", year=2026)


def test_the_planner_tags_the_budget_and_the_viewer_only_reads(page, live_server, demo):
    from sepakat.budgeting import tagging
    from sepakat.regions.models import Region

    kab = Region.objects.get(code="99.01")
    suggested = [s for s in tagging.suggest_tags(kab, 2026) if s.changes]
    assert suggested, "the demo's 2026 lines follow the plan but are not yet linked to it"

    log_in(page, live_server, *PLANNER)
    page.goto(live_server.url + PATH)
    assert count(page, "lines") == lines_2026().count()

    # the APBD murni only: the counts and the suggestions follow the filter
    page.select_option("#f-tahap", "murni")
    page.click("#filter button[type=submit]")
    page.wait_for_url("**tahap=murni**")
    murni = lines_2026().filter(stage="murni")
    assert count(page, "lines") == murni.count()
    shown = int(page.locator("[data-suggestions]").get_attribute("data-suggestions"))
    assert shown == len([s for s in suggested if s.stage == "murni"]) > 0
    expect(page.locator("#saran ins").first).to_be_visible()

    # "Terapkan semua": every suggestion of the year, with one audit row
    page.click("button[name=terapkan][value=semua]")
    expect(page.locator(".messages")).to_contain_text(f"{len(suggested)} baris anggaran")
    expect(page.locator("[data-suggestions]")).to_have_attribute("data-suggestions", "0")
    assert not [s for s in tagging.suggest_tags(kab, 2026) if s.changes]
    assert count(page, "direct") == murni.filter(service="langsung").count() > 0
    assert count(page, "linked") == murni.exclude(problem_codes="").count() > 0

    # the untagged murni lines: tick all on this page, add a word to two of them
    page.select_option("#f-tag", "-")
    page.click("#filter button[type=submit]")
    page.wait_for_url("**tag=-**")
    untagged = murni.filter(tags="")
    total = untagged.count()
    assert count(page, "lines") == total > 2
    page.check("[data-check-all=baris]")
    boxes = page.locator("#bulk input[name=baris]")
    assert boxes.count() == min(total, 50)
    for i in range(boxes.count()):
        expect(boxes.nth(i)).to_be_checked()
    page.uncheck("[data-check-all=baris]")
    ids = [int(boxes.nth(i).get_attribute("value")) for i in (0, 1)]
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.check("#bulk input[name=tambah][value=pendapatan]")
    page.click("#bulk button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("2 dari 2 baris terpilih berubah")
    assert count(page, "lines") == total - 2
    assert set(lines_2026().filter(pk__in=ids).values_list("tags", flat=True)) == {"pendapatan"}

    # every line left on the filter, across pages: marked supporting
    left = total - 2
    page.check("#bulk input[name=cakupan][value=filter]")
    page.select_option("#b-sifat", "penunjang")
    page.click("#bulk button[type=submit]")
    expect(page.locator(".messages")).to_contain_text(f"{left} dari {left} baris terpilih")
    assert count(page, "supporting") == left
    assert murni.filter(tags="", service="penunjang").count() == left
    events = [
        e.changes["how"][0]
        for e in LogEntry.objects.order_by("pk")
        if isinstance(e.changes, dict) and e.changes.get("event") == [tagging.EVENT]
    ]
    assert events == ["plan", "bulk", "filter"]

    # the viewer of the kab: the same page, no forms; a forged post is refused
    page.context.clear_cookies()
    log_in(page, live_server, *VIEWER)
    page.goto(live_server.url + PATH)
    expect(page.locator("main")).to_contain_text("tanpa hak mengubah")
    expect(page.locator("#bulk fieldset")).to_have_count(0)
    expect(page.locator("button[name=terapkan]")).to_have_count(0)
    expect(page.locator("input[name=baris]")).to_have_count(0)
    before = list(lines_2026().order_by("pk").values_list("tags", "service", "problem_codes"))
    audit = LogEntry.objects.count()
    token = page.locator("#bulk input[name=csrfmiddlewaretoken]").get_attribute("value")
    answer = page.request.post(
        live_server.url + PATH + "ubah/",
        form={"cakupan": "filter", "sifat": "langsung", "csrfmiddlewaretoken": token},
        headers={"Referer": live_server.url + PATH},
    )
    # refused by the role check, not by a missing CSRF token
    assert answer.status == 403 and "tidak untuk peran Anda" in answer.text()
    after = list(lines_2026().order_by("pk").values_list("tags", "service", "problem_codes"))
    assert after == before and LogEntry.objects.count() == audit
