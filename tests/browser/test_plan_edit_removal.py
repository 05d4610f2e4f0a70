"""On the edit page a removal is asked first: a planner who clicks "Hapus" by mistake and
answers "Batal" keeps the intervention; answering "OK" removes it. The removal buttons
look secondary, not like the page's main action."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sepakat.planning.models_plan import Intervention
from tests.browser.test_data_upload import log_in
from tests.planning.conftest import write_file  # noqa: F401  (fixture)
from tests.planning.plan_world import plan_world  # noqa: F401  (fixture)
from tests.planning.rpkd_world import rpkd_world  # noqa: F401  (fixture)
from tests.priorities.conftest import world  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_removing_an_intervention_is_asked_first(page, live_server, rpkd_world):  # noqa: F811
    v2 = rpkd_world["v2"]
    before = Intervention.objects.filter(version=v2).count()
    assert before > 0
    log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/perencanaan/rencana/versi/{v2.pk}/ubah/")
    remove = page.locator("#intervensi form[data-confirm] button").first
    background = remove.evaluate("b => getComputedStyle(b).backgroundColor")
    assert background == "rgb(255, 255, 255)"  # secondary, not the brand colour

    questions: list[str] = []
    page.once("dialog", lambda d: (questions.append(d.message), d.dismiss()))
    remove.click()
    page.wait_for_timeout(300)
    assert questions and "Hapus intervensi ini" in questions[0]
    assert Intervention.objects.filter(version=v2).count() == before

    page.once("dialog", lambda d: d.accept())
    remove.click()
    expect(page.locator(".messages")).to_contain_text("Intervensi dihapus")
    assert Intervention.objects.filter(version=v2).count() == before - 1
