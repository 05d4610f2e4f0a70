"""The priority locations of a problem: ranking by number and by share, the quadrant and
the poverty pockets, cut points, the desa map and the official lists shown beside."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sepakat.priorities.models import PriorityLocationEntry, PriorityLocationList
from sepakat.regions.models import RegionBoundary

pytestmark = pytest.mark.django_db

URL = reverse("priorities:locations", args=["PDK01"])


def _rows(response):
    return {
        p.code: (
            p.households,
            p.deprived,
            round(p.share, 2),
            p.rank_number,
            p.rank_share,
            p.quadrant,
        )
        for p in response.context["ranking"].places
    }


def test_desa_are_ranked_by_number_and_share_with_their_quadrant(
    client, places, personas, login_as
):
    login_as(personas["alice"])
    response = client.get(URL)
    assert response.status_code == 200
    # medians over kab A's four desa: share (20, 30, 60, 80) -> 45 %, number (4, 4, 6, 9) -> 5
    ranking = response.context["ranking"]
    assert ranking.share_cut == 45.0 and ranking.number_cut == 5.0
    assert _rows(response) == {
        "98.01.01.2001": (10, 6, 60.0, 2, 2, 1),
        "98.01.01.2002": (20, 4, 20.0, 3, 4, 4),
        "98.01.02.2001": (5, 4, 80.0, 3, 1, 2),
        "98.01.02.2002": (30, 9, 30.0, 1, 3, 3),
    }
    assert [p.code for p in response.context["kantong"]] == ["98.01.01.2001"]
    html = response.content.decode()
    assert 'data-code="98.01.01.2001" data-quadrant="1" class="kantong"' in html
    assert "Lima" not in html  # kab B's desa
    assert "Batas persentase: median." in html


def test_kecamatan_add_up_their_desa(client, places, personas, login_as):
    login_as(personas["alice"])
    response = client.get(URL, {"tingkat": "3"})
    rows = _rows(response)
    # 98.01.01: 10 of 30 (33.3 %); 98.01.02: 13 of 35 (37.1 %); medians 35.24 % and 11.5
    assert rows == {
        "98.01.01": (30, 10, 33.33, 2, 2, 4),
        "98.01.02": (35, 13, 37.14, 1, 1, 1),
    }


def test_the_planner_sets_the_cut_points(client, places, personas, login_as):
    login_as(personas["alice"])
    response = client.get(URL, {"batas_persen": "70", "batas_jumlah": "3,5"})
    quadrants = {code: row[-1] for code, row in _rows(response).items()}
    assert quadrants == {
        "98.01.01.2001": 3,  # 60 % is not above 70 %, 6 is above 3.5
        "98.01.01.2002": 3,
        "98.01.02.2001": 1,
        "98.01.02.2002": 3,
    }
    assert "Batas persentase: ditetapkan pengguna." in response.content.decode()


def test_the_map_classes_desa_and_outlines_the_official_list(client, places, personas, login_as):
    for i, code in enumerate(["98.01.01.2001", "98.01.02.2002", "98.02.01.2001"]):
        RegionBoundary.objects.create(
            region=places["desa"][code],
            geometry={"type": "Polygon", "coordinates": [[[i, 0], [i + 1, 0], [i + 1, 1], [i, 0]]]},
        )
    stunting = PriorityLocationList.objects.create(
        name="Lokus stunting", year=2025, region=places["kab_a"], source="SK Bupati 1/2025"
    )
    PriorityLocationEntry.objects.create(
        location_list=stunting, desa=places["desa"]["98.01.02.2002"]
    )
    login_as(personas["alice"])
    response = client.get(URL, {"klasifikasi": "equal", "kelas": "3"})
    spec = response.context["map_spec"]
    features = spec["data"]["values"]["features"]
    assert {f["properties"]["kode"]: f["properties"]["lokus"] for f in features} == {
        "98.01.01.2001": False,
        "98.01.02.2002": True,
    }
    # equal intervals of 20-80 %: 20-40, 40-60, 60-80
    assert response.context["legend"] == [
        ("20,0 persen – 40,0 persen", 2),
        ("40,0 persen – 60,0 persen", 1),
        ("60,0 persen – 80,0 persen", 1),
    ]
    assert spec["layer"][1]["transform"] == [{"filter": "datum.properties.lokus"}]
    html = response.content.decode()
    assert '<td class="lists">Lokus stunting 2025</td>' in html
    assert 'data-vega-spec="spec-locations-map"' in html and "vega" in html


def test_a_list_of_the_province_shows_for_its_kab_but_a_neighbours_does_not(
    client, places, personas, login_as, regions
):
    provincial = PriorityLocationList.objects.create(
        name="Lokus kemiskinan ekstrem", year=2025, region=regions["province"], source="SK Gubernur"
    )
    PriorityLocationEntry.objects.create(
        location_list=provincial, desa=places["desa"]["98.01.01.2002"]
    )
    PriorityLocationEntry.objects.create(
        location_list=provincial, desa=places["desa"]["98.02.01.2001"]
    )
    neighbour = PriorityLocationList.objects.create(
        name="Daftar rahasia Beta", year=2025, region=places["kab_b"], source="SK Bupati Beta"
    )
    PriorityLocationEntry.objects.create(
        location_list=neighbour, desa=places["desa"]["98.02.01.2001"]
    )
    login_as(personas["alice"])
    html = client.get(URL).content.decode()
    assert "Lokus kemiskinan ekstrem" in html and "1 desa di wilayah ini" in html
    assert "Daftar rahasia Beta" not in html
    detail = reverse("priorities:location_list", args=[neighbour.pk])
    assert client.get(detail).status_code == 404
    own = client.get(reverse("priorities:location_list", args=[provincial.pk])).content.decode()
    assert "98.01.01.2002" in own and "98.02.01.2001" not in own


def test_an_outsider_gets_404_and_a_data_operator_403(client, places, personas, login_as):
    login_as(personas["charlie"])
    assert client.get(URL, {"wilayah": "98.01"}).status_code == 404
    own = client.get(URL)
    assert set(_rows(own)) == {"98.02.01.2001"}
    login_as(personas["erin"])
    assert client.get(URL).status_code == 403


@pytest.mark.parametrize("who", ["bob", "diana", "frank", "grace", "hana"])
def test_every_reading_role_sees_the_ranking(client, places, personas, login_as, who):
    login_as(personas[who])
    response = client.get(URL, {"wilayah": "98.01"})
    assert response.status_code == 200
    assert _rows(response)["98.01.01.2001"][-1] == 1


def test_without_a_registry_the_page_says_so(client, places, personas, login_as):
    places["registry"].delete()
    login_as(personas["alice"])
    response = client.get(URL)
    assert 'id="no-registry"' in response.content.decode()
    assert response.context["ranking"] is None


def test_the_page_reads_in_english_too(client, places, personas, login_as):
    login_as(personas["alice"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(URL).content.decode()
    assert "Poverty pockets (kantong kemiskinan)" in html and "Rank by share" in html
    assert "I (poverty pocket)" in html and "Peringkat persentase" not in html
    page = client.get(reverse("priorities:determinants", args=["PDK01"])).content.decode()
    assert "Demand side: is the problem concentrated among the poor?" in page
    assert "Bottom 40 %" in page and "Deciles 1-4" in page


def test_the_page_reads_in_a_fixed_number_of_queries(
    client, places, personas, login_as, django_assert_num_queries
):
    """However many desa, lists and list entries: no query per row."""
    for n in range(3):
        official = PriorityLocationList.objects.create(
            name=f"Lokus {n}", year=2025, region=places["kab_a"], source="SK"
        )
        for desa in places["desa"].values():
            PriorityLocationEntry.objects.create(location_list=official, desa=desa)
    login_as(personas["alice"])
    client.get(URL)
    # 16: the newest ranking of the region, whose method and year the page names
    with django_assert_num_queries(16):
        response = client.get(URL)
    assert "Lokus 0 2025; Lokus 1 2025; Lokus 2 2025" in response.content.decode()


def test_the_planner_moves_to_another_problem_in_the_same_region(
    client, places, personas, login_as
):
    from sepakat.priorities.models import PriorityIndicator

    PriorityIndicator.objects.create(
        code="SAN01",
        sector="infrastruktur_dasar",
        name_id="Sanitasi layak",
        unit_level="household",
        reference_population="semua rumah tangga",
        status_rule="jamban sendiri dengan tangki septik = 1",
        target=1.0,
        target_basis="tpb",
    )
    login_as(personas["hana"])
    html = client.get(URL, {"wilayah": "98.01"}).content.decode()
    assert 'href="/prioritas/lokasi/SAN01/?wilayah=98.01">SAN01 Sanitasi layak</a>' in html
    other = client.get("/prioritas/lokasi/SAN01/", {"wilayah": "98.01"}).content.decode()
    assert 'id="no-status"' in other and "status_san01" in other


def test_each_page_leads_on_and_a_trainer_is_not_sent_to_the_sets(
    client, places, personas, login_as
):
    """Determinants lead to the locations; without a ranking the planner is told where it is
    computed (the set is built from it); a trainer, who reads these pages for teaching but
    not the region's ranking and sets, gets no link to pages that would refuse them."""
    determinants = reverse("priorities:determinants", args=["PDK01"])
    login_as(personas["alice"])
    page = client.get(determinants, {"wilayah": "98.01"}).content.decode()
    step = page[page.index('id="langkah-berikutnya"') :]
    assert 'href="/prioritas/lokasi/PDK01/?wilayah=98.01" data-step="locations"' in step
    assert "Peringkat masalah prioritas wilayah ini belum dihitung" in step
    assert 'href="/prioritas/?wilayah=98.01&amp;tahun=" data-tab="ranking"' in page
    assert 'data-step="set"' not in page  # no ranking yet: no set to build
    login_as(personas["grace"])
    for url in (determinants, URL):
        response = client.get(url, {"wilayah": "98.01"})
        html = response.content.decode()
        assert response.status_code == 200
        assert 'data-tab="ranking"' not in html and 'data-tab="sets"' not in html
        assert "/prioritas/set/" not in html
