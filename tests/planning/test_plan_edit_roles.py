"""Who may use each plan editing page: the planner and regional admins of the region (and
of the province above) change a draft; viewers, data operators, trainers and the central
team read but never write; another region's planner gets 404; nobody else writes."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from sepakat.planning import plans
from sepakat.planning.models_plan import (
    Intervention,
    InterventionYear,
    Plan,
    PlanObjective,
    PlanVersion,
    ProgrammeOutcome,
)
from sepakat.planning.plan_edits import plan_start
from tests.planning.test_plan_edit import good_post

pytestmark = pytest.mark.django_db

EDITORS = ("alice", "bob", "hana")
REFUSED = ("frank", "erin", "grace", "diana")  # viewer, data operator, trainer, centre


@pytest.fixture
def chain(plan_world: dict[str, Any], login_as: Callable[[Any], Any]) -> dict[str, Any]:
    alice = plan_world["personas"]["alice"]
    draft = plan_start(actor=alice, region=plan_world["kab_a"], start_year=2025, end_year=2029)
    tujuan = plans.objective_add(
        actor=alice,
        version=draft,
        kind="tujuan",
        statement="Menurunkan kemiskinan",
        indicator="Persentase penduduk miskin",
        unit="%",
        polarity=-1,
        baseline=Decimal("11"),
        targets={2025: "10"},
    )
    sasaran = plans.objective_add(
        actor=alice,
        version=draft,
        kind="sasaran",
        parent=tujuan,
        statement="Turunnya kemiskinan ekstrem",
        indicator="Persentase penduduk miskin ekstrem",
        unit="%",
        polarity=-1,
        baseline=Decimal("2"),
        targets={2025: "1"},
    )
    outcome = plans.programme_outcome_add(
        actor=alice,
        version=draft,
        sasaran=sasaran,
        programme_code="1.01.02",
        indicator="APM SD",
        unit="%",
        polarity=1,
        baseline=None,
        targets={},
    )
    client = login_as(alice)
    client.post(
        reverse("planning:intervention_new", args=[draft.pk]),
        good_post(plan_world["problems"][0]),
    )
    client.logout()
    return {
        "draft": draft,
        "tujuan": tujuan,
        "sasaran": sasaran,
        "outcome": outcome,
        "intervention": Intervention.objects.get(),
    }


def pages(c: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(method, url, query or form) of every editing page, with a form that would write."""
    d = c["draft"].pk
    return [
        ("get", reverse("planning:version_edit", args=[d]), {}),
        ("get", reverse("planning:objective_new", args=[d]), {}),
        ("get", reverse("planning:objective_edit", args=[c["tujuan"].pk]), {}),
        ("get", reverse("planning:outcome_new", args=[d]), {"sasaran": c["sasaran"].pk}),
        ("get", reverse("planning:outcome_edit", args=[c["outcome"].pk]), {}),
        ("get", reverse("planning:intervention_new", args=[d]), {}),
        ("get", reverse("planning:intervention_edit", args=[c["intervention"].pk]), {}),
        ("get", reverse("planning:sub_kegiatan_search", args=[d]), {"q": "BOS"}),
        ("get", reverse("planning:sub_kegiatan_pick", args=[d]), {"kode": "1.01.02.2.01.0025"}),
        (
            "post",
            reverse("planning:objective_new", args=[d]),
            {"rumusan": "Baru", "indikator": "X", "satuan": "%", "polaritas": "1"},
        ),
        ("post", reverse("planning:objective_remove", args=[c["sasaran"].pk]), {}),
        ("post", reverse("planning:outcome_remove", args=[c["outcome"].pk]), {}),
        ("post", reverse("planning:intervention_remove", args=[c["intervention"].pk]), {}),
        ("post", reverse("planning:version_action", args=[d, "ajukan"]), {}),
        ("post", reverse("planning:plan_create"), {"tahun_awal": "2030", "tahun_akhir": "2034"}),
    ]


def snapshot() -> tuple[int, ...]:
    return (
        Plan.objects.count(),
        PlanVersion.objects.filter(status="draft").count(),
        PlanObjective.objects.count(),
        ProgrammeOutcome.objects.count(),
        Intervention.objects.count(),
        InterventionYear.objects.count(),
        LogEntry.objects.count(),
    )


@pytest.mark.parametrize("name", EDITORS)
def test_the_planner_and_the_admins_of_the_region_and_province_open_every_page(
    plan_world: dict[str, Any], chain: dict[str, Any], login_as: Callable[[Any], Any], name: str
) -> None:
    client = login_as(plan_world["personas"][name])
    for method, url, data in pages(chain):
        if method == "get":
            response = client.get(url, data)
            assert response.status_code == 200, url
    page = client.get(reverse("planning:version_edit", args=[chain["draft"].pk])).content.decode()
    assert "Turunnya kemiskinan ekstrem" in page and "1.01.02.2.01.0025" in page


@pytest.mark.parametrize("name", REFUSED)
def test_other_roles_are_refused_every_page_and_write_nothing(
    plan_world: dict[str, Any], chain: dict[str, Any], login_as: Callable[[Any], Any], name: str
) -> None:
    client = login_as(plan_world["personas"][name])
    before = snapshot()
    for method, url, data in pages(chain):
        response = getattr(client, method)(url, data)
        assert response.status_code == 403, (name, method, url)
    assert snapshot() == before
    if name in ("frank", "diana"):  # readers of the plan: the version without its buttons
        response = client.get(reverse("planning:plan_version", args=[chain["draft"].pk]))
        body = response.content.decode()
        assert response.status_code == 200 and "1.01.02.2.01.0025" in body
        assert 'data-action="edit"' not in body and 'data-action="submit"' not in body


def test_a_planner_of_another_region_gets_404_everywhere_and_writes_nothing(
    plan_world: dict[str, Any], chain: dict[str, Any], login_as: Callable[[Any], Any]
) -> None:
    client = login_as(plan_world["personas"]["charlie"])
    before = snapshot()
    for method, url, data in pages(chain)[:-1]:  # plan_create makes kab B's own plan
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, (method, url)
        assert "Dana BOS" not in response.content.decode()
    assert snapshot() == before


def test_a_locked_version_cannot_be_changed_through_any_form(
    plan_world: dict[str, Any], chain: dict[str, Any], login_as: Callable[[Any], Any]
) -> None:
    p = plan_world["personas"]
    plans.version_submit(actor=p["alice"], version=chain["draft"])
    client = login_as(p["alice"])
    before = snapshot()
    for method, url, data in pages(chain)[:-2]:
        response = getattr(client, method)(url, data)
        assert response.status_code in (302, 200), url
    assert snapshot() == before
    edit = client.get(reverse("planning:version_edit", args=[chain["draft"].pk]))
    assert edit["Location"] == reverse("planning:plan_version", args=[chain["draft"].pk])


def test_the_refusal_says_who_to_ask_as_fits_the_role(
    plan_world: dict[str, Any], login_as: Callable[[Any], Any]
) -> None:
    url = reverse("planning:plan_create")
    viewer = login_as(plan_world["personas"]["frank"]).get(url)
    assert viewer.status_code == 403
    assert "minta admin daerah Anda mengubah peran" in viewer.content.decode()
    # the central team has no regional admin above it: the page says whose work this is
    centre = login_as(plan_world["personas"]["diana"]).get(url)
    assert centre.status_code == 403
    text = centre.content.decode()
    assert "minta admin daerah" not in text and "tim nasional membaca hasilnya" in text
