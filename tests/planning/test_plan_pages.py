"""The read-only plan pages: who reads them, what they show, and other regions kept out."""

from __future__ import annotations

import re
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from sepakat.planning import plans
from sepakat.planning.models_plan import InterventionYear, PlanVersion
from tests.planning.plan_world import matrix

pytestmark = pytest.mark.django_db


@pytest.fixture
def versions(plan_world: dict[str, Any], write_file: Callable[[str, str], Path]) -> dict[str, Any]:
    """v1 approved; v2 a draft copy with the 2026 budget of the BOS line raised."""
    first, second, _ = plan_world["problems"]
    path = write_file("m.csv", "\n".join(matrix(first, second)))
    call_command("plan", "import", "98.01", str(path), "--period", "2025-2029", stdout=StringIO())
    p = plan_world["personas"]
    v1 = PlanVersion.objects.get()
    plans.version_submit(actor=p["alice"], version=v1)
    plans.version_approve(actor=p["bob"], version=v1)
    v2 = plans.version_draft_from(actor=p["alice"], version=v1)
    year = InterventionYear.objects.get(intervention__version=v2, year=2026, target=45)
    plans.intervention_year_change(actor=p["alice"], year=year, target="45", budget="1700000000")
    return {"v1": v1, "v2": v2}


@pytest.mark.parametrize("name", ["alice", "bob", "frank", "hana", "diana"])
def test_readers_of_the_region_see_the_version_and_its_changes(
    plan_world: dict[str, Any], versions: dict[str, Any], login_as: Callable[[Any], Any], name: str
) -> None:
    client = login_as(plan_world["personas"][name])
    response = client.get(reverse("planning:plan_version", args=[versions["v2"].pk]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Rencana Kabupaten Alfa 2025-2029" in text and "Versi 2: draf" in text
    assert "1.01.02.2.01.0025" in text and "Pengelolaan Dana BOS Sekolah Dasar" in text
    assert "Perubahan terhadap versi 1 yang disetujui" in text
    row = re.search(r'<tr data-diff="changed">(.*?)</tr>', text, re.S)
    assert row is not None
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(1))
    assert cells[1:] == ["2026", "pagu indikatif", "1.600.000.000", "1.700.000.000"]
    # the changed intervention is named as a planner knows it, not by the SKPD's code
    assert "Pengelolaan Dana BOS Sekolah Dasar" in cells[0]
    assert ".0000" not in cells[0].split("1.01.02.2.01.0025")[1]
    third = plan_world["problems"][2]
    assert "belum mempunyai intervensi" in text and third in text
    # locations by name, as a planner knows them (the codes go to the CSV and SIPD files)
    assert re.search(r"<td>[^<]*, Satu</td>", text) and "98.01.01.2001" not in text
    listing = client.get(reverse("planning:plan_list")).content.decode()
    assert "Kabupaten Alfa" in listing and "versi 1 (disetujui)" in listing


def test_the_approved_version_shows_who_approved_it(
    plan_world: dict[str, Any], versions: dict[str, Any], login_as: Callable[[Any], Any]
) -> None:
    client = login_as(plan_world["personas"]["frank"])
    text = client.get(reverse("planning:plan_version", args=[versions["v1"].pk])).content.decode()
    assert "Versi 1: disetujui" in text and "disetujui oleh" in text
    assert "Perubahan terhadap" not in text  # nothing approved before it
    assert "(kondisi awal)" in text and "1.650.000.000,50" in text  # rupiah as written


def test_an_outsider_gets_404_and_sees_no_plan(
    plan_world: dict[str, Any], versions: dict[str, Any], login_as: Callable[[Any], Any]
) -> None:
    client = login_as(plan_world["personas"]["charlie"])
    response = client.get(reverse("planning:plan_version", args=[versions["v1"].pk]))
    assert response.status_code == 404
    assert "Dana BOS" not in response.content.decode()
    listing = client.get(reverse("planning:plan_list")).content.decode()
    assert "Kabupaten Alfa" not in listing and "Belum ada rencana untuk wilayah Anda." in listing


def test_a_data_operator_and_an_anonymous_visitor_are_refused(
    plan_world: dict[str, Any],
    versions: dict[str, Any],
    login_as: Callable[[Any], Any],
    client: Any,
) -> None:
    url = reverse("planning:plan_version", args=[versions["v1"].pk])
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(
        reverse(settings.LOGIN_URL)
    )
    operator = login_as(plan_world["personas"]["erin"]).get(url)
    assert operator.status_code == 403
    assert "Dana BOS" not in operator.content.decode()
