"""A planner grows a problem tree in Chromium: the core problem, a direct cause and a
determinant offered by the priority set, each drawn in the SVG without a page reload."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.planning.conftest import write_file  # noqa: F401  (fixtures)
from tests.planning.plan_world import plan_world  # noqa: F401
from tests.planning.tree_world import tree_world  # noqa: F401
from tests.priorities.conftest import world  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_a_planner_adds_a_cause_and_an_offered_determinant_without_a_reload(
    page: Any,
    live_server: Any,
    tree_world: dict[str, Any],  # noqa: F811
) -> None:
    from sepakat.planning.models_tree import ProblemTreeNode

    page.goto(f"{live_server.url}/akun/masuk/")
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/perencanaan/rencana/versi/{tree_world['version'].pk}/")
    page.click("text=Pohon masalah")
    page.wait_for_load_state()
    # a mark on the window that a reload would wipe out
    page.evaluate("window.sepakatNoReload = true")
    section = page.locator(f"#pohon-{tree_world['problem'].code}")

    section.locator("button", has_text="Mulai pohon masalah").click()
    expect(section.locator("svg .kind-inti")).to_have_count(1)

    form = section.locator("form.tree-form")
    form.locator("select[name=jenis]").select_option("langsung")
    form.locator("input[name=rumusan]").fill("Anak miskin tidak melanjutkan ke SMP")
    form.locator("input[name=bukti]").fill("hasil FGD Desa Satu 2024")
    form.locator("button", has_text="Tambah").click()
    expect(section.locator("svg .kind-langsung")).to_contain_text("Anak miskin tidak")

    offer = section.locator(".tree-offers li", has_text="Rasio murid per sekolah dasar")
    offer.locator("button").click()
    expect(section.locator("svg .kind-determinan")).to_contain_text("Rasio murid per")
    expect(section.locator("svg .kind-determinan")).to_contain_text("38,50")
    expect(section.locator(".tree-offers li", has_text="Rasio murid")).to_have_count(0)

    assert page.evaluate("window.sepakatNoReload") is True
    kinds = sorted(ProblemTreeNode.objects.values_list("kind", flat=True))
    assert kinds == ["determinan", "inti", "langsung"]
