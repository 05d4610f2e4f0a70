"""Each role sees the navigation it may use; modules not built yet are marked, not linked."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def linked_modules(html: str) -> set[str]:
    return set(re.findall(r'<a href="[^"]+"[^>]*data-module="([a-z_]+)"', html))


def coming_modules(html: str) -> set[str]:
    return set(re.findall(r'<span class="soon" data-module="([a-z_]+)"', html))


@pytest.mark.parametrize(
    ("persona", "linked", "not_linked"),
    [
        ("diana", {"dashboard", "regions", "users", "audit", "region_import"}, set()),
        ("bob", {"dashboard", "data", "regions", "users", "audit"}, {"region_import"}),
        ("alice", {"dashboard", "data", "regions"}, {"users", "audit", "region_import"}),
        ("erin", {"dashboard", "data", "regions"}, {"users", "audit", "region_import"}),
        ("frank", {"dashboard", "regions"}, {"users", "audit", "region_import"}),
        ("grace", {"dashboard", "regions"}, {"users", "audit", "region_import"}),
    ],
)
def test_each_role_gets_its_navigation(client, personas, login_as, persona, linked, not_linked):
    login_as(personas[persona])
    html = client.get(reverse("core:dashboard")).content.decode()
    assert linked <= linked_modules(html)
    assert not (not_linked & linked_modules(html))


def test_every_step_of_the_cycle_is_built_and_none_is_shown_as_coming(client, personas, login_as):
    login_as(personas["alice"])
    html = client.get(reverse("core:dashboard")).content.decode()
    assert not coming_modules(html)
    assert {"analysis", "priorities", "planning", "budgeting", "monitoring"} <= linked_modules(html)


def test_budgeting_is_linked_to_its_landing_page_for_the_cycle_roles(client, personas, login_as):
    for persona in ("alice", "bob", "frank", "diana"):
        login_as(personas[persona])
        html = client.get(reverse("core:dashboard")).content.decode()
        assert "budgeting" in linked_modules(html) and "budgeting" not in coming_modules(html)
        assert f'href="{reverse("budgeting:index")}"' in html
    login_as(personas["erin"])
    assert "budgeting" not in linked_modules(client.get(reverse("core:dashboard")).content.decode())


def test_monitoring_is_linked_to_its_index_for_the_cycle_roles(client, personas, login_as):
    for persona in ("alice", "bob", "frank", "diana"):
        login_as(personas[persona])
        html = client.get(reverse("core:dashboard")).content.decode()
        assert "monitoring" in linked_modules(html) and "monitoring" not in coming_modules(html)
        assert f'href="{reverse("monitoring:index")}"' in html
    # the data operator reports the plan's outputs each quarter there
    login_as(personas["erin"])
    html = client.get(reverse("core:dashboard")).content.decode()
    assert "monitoring" in linked_modules(html)


def test_planning_is_linked_to_the_plan_list_for_the_cycle_roles(client, personas, login_as):
    for persona in ("alice", "bob", "frank", "diana"):
        login_as(personas[persona])
        html = client.get(reverse("core:dashboard")).content.decode()
        assert "planning" in linked_modules(html) and "planning" not in coming_modules(html)
        assert f'href="{reverse("planning:plan_list")}"' in html


def test_prioritisation_is_linked_for_the_cycle_roles_only(client, personas, login_as):
    for persona in ("alice", "bob", "frank", "diana"):
        login_as(personas[persona])
        html = client.get(reverse("core:dashboard")).content.decode()
        assert "priorities" in linked_modules(html) and "priorities" not in coming_modules(html)
        assert f'href="{reverse("priorities:ranking")}"' in html
    login_as(personas["erin"])
    html = client.get(reverse("core:dashboard")).content.decode()
    assert "priorities" not in linked_modules(html) | coming_modules(html)


def test_a_data_operator_does_not_see_planning_modules(client, personas, login_as):
    login_as(personas["erin"])
    html = client.get(reverse("core:dashboard")).content.decode()
    assert "planning" not in coming_modules(html) | linked_modules(html)
    assert "data" in linked_modules(html)


def test_a_viewer_does_not_see_the_data_module(client, personas, login_as):
    login_as(personas["frank"])
    html = client.get(reverse("core:dashboard")).content.decode()
    assert "data" not in coming_modules(html) | linked_modules(html)


def test_the_dashboard_needs_a_login(client):
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_home_page_is_public_and_in_bahasa_indonesia(client, regions):
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="id">' in html
    assert "Siklus yang didukung" in html


def test_english_is_one_switch_away(client, regions):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "The cycle it supports" in html


def test_pages_a_role_may_not_open_explain_why_in_the_site_layout(client, personas, login_as):
    login_as(personas["alice"])
    response = client.get(reverse("accounts:user_list"))
    html = response.content.decode()
    assert response.status_code == 403
    assert "Halaman ini tidak untuk peran Anda" in html and "Perencana" in html
    assert 'class="topbar"' in html


def test_an_unknown_address_gets_the_sites_own_404(client, personas, login_as):
    login_as(personas["alice"])
    response = client.get("/wilayah/98.02/")
    assert response.status_code == 404
    assert "di luar wilayah akun Anda" in response.content.decode()


def test_indonesian_is_the_default_whatever_the_browser_asks(client, regions):
    html = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="id">' in html
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert '<html lang="en">' in html  # the user's own choice wins
