from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sepakat.regions.models import Level, Region, RegionBoundary
from tests.regions.conftest import square

pytestmark = pytest.mark.django_db


@pytest.fixture
def desa_a(regions: dict[str, Any]) -> Region:
    return Region.objects.create(
        code="98.01.01.2001",
        name="Desa Alfa Satu",
        level=Level.VILLAGE,
        kind="desa",
        parent=regions["kec_a"],
        bps_code="9801010001",
    )


def test_browse_opens_the_planners_own_region_with_its_children(
    login_as: Any, personas: dict[str, Any], regions: dict[str, Any]
) -> None:
    client = login_as(personas["alice"])

    response = client.get(reverse("regions:browse"))

    assert response.status_code == 200
    assert response.context["region"] == regions["kab_a"]
    assert [c.code for c in response.context["page"]] == ["98.01.01"]
    body = response.content.decode()
    assert "Alfa Utara" in body and "Beta Selatan" not in body


def test_region_page_shows_codes_breadcrumb_and_child_counts(
    login_as: Any, personas: dict[str, Any], regions: dict[str, Any], desa_a: Region
) -> None:
    client = login_as(personas["hana"])  # regional admin of the province

    response = client.get(reverse("regions:detail", args=["98.01"]))

    assert response.status_code == 200
    assert [a.code for a in response.context["breadcrumb"]] == ["98"]  # not the nation
    [child] = response.context["page"]
    assert (child.code, child.n_children, child.has_boundary) == ("98.01.01", 1, False)
    body = response.content.decode()
    assert "9801" in body and "Kabupaten Alfa" in body


def test_a_planner_of_kab_a_gets_404_for_kab_b(
    login_as: Any, personas: dict[str, Any], regions: dict[str, Any]
) -> None:
    client = login_as(personas["alice"])

    assert client.get(reverse("regions:detail", args=["98.02"])).status_code == 404
    assert client.get(reverse("regions:detail", args=["98.02.01"])).status_code == 404
    assert client.get(reverse("regions:detail", args=["98"])).status_code == 404  # above A


def test_the_central_team_sees_the_nation(
    login_as: Any, personas: dict[str, Any], regions: dict[str, Any]
) -> None:
    client = login_as(personas["diana"])

    response = client.get(reverse("regions:browse"))

    assert response.context["region"].code == "ID"
    assert client.get(reverse("regions:detail", args=["98.02"])).status_code == 200


def test_anonymous_users_are_sent_to_login(client: Any, regions: dict[str, Any]) -> None:
    response = client.get(reverse("regions:detail", args=["98.01"]))

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_search_finds_only_within_the_users_region(
    login_as: Any, personas: dict[str, Any], regions: dict[str, Any], desa_a: Region
) -> None:
    client = login_as(personas["charlie"])  # planner of kab B

    response = client.get(reverse("regions:search"), {"q": "Alfa"})
    assert response.context["results"] == []
    response = client.get(reverse("regions:search"), {"q": "Beta"})
    assert [r.code for r in response.context["results"]] == ["98.02", "98.02.01"]


def test_search_by_code_answers_htmx_with_the_result_list_only(
    login_as: Any, personas: dict[str, Any], regions: dict[str, Any], desa_a: Region
) -> None:
    client = login_as(personas["alice"])

    response = client.get(reverse("regions:search"), {"q": "98.01.01"}, HTTP_HX_REQUEST="true")

    assert [r.code for r in response.context["results"]] == ["98.01.01", "98.01.01.2001"]
    assert "<html" not in response.content.decode()
    assert [t.name for t in response.templates] == ["regions/_search_results.html"]


def test_region_page_draws_a_map_with_inline_data_only(
    login_as: Any, personas: dict[str, Any], regions: dict[str, Any], desa_a: Region
) -> None:
    RegionBoundary.objects.create(
        region=desa_a, geometry={"type": "Polygon", "coordinates": square(111.0, -8.1)}
    )
    client = login_as(personas["alice"])

    response = client.get(reverse("regions:detail", args=["98.01.01"]))

    spec = response.context["map_spec"]
    assert spec is not None
    assert "http" not in json.dumps(spec)  # no CDN, no remote data, no $schema
    body = response.content.decode()
    assert reverse("core:vega_bundle") in body
    assert 'id="region-map-spec"' in body
    assert "Desa Alfa Satu" in json.dumps(spec)


def test_the_children_list_costs_the_same_queries_for_many_children(
    login_as: Any, personas: dict[str, Any], regions: dict[str, Any]
) -> None:
    client = login_as(personas["alice"])
    url = reverse("regions:detail", args=["98.01.01"])
    Region.objects.create(
        code="98.01.01.2001", name="D1", level=Level.VILLAGE, parent=regions["kec_a"]
    )
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    Region.objects.bulk_create(
        Region(
            code=f"98.01.01.{2002 + i}", name=f"D{i}", level=Level.VILLAGE, parent=regions["kec_a"]
        )
        for i in range(30)
    )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)

    assert len(response.context["page"]) == 31
    assert len(many) == len(few)
