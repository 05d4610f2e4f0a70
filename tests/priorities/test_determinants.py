"""The determinants page of a problem: demand side (registry deciles, survey bottom 40 %),
costs and reasons, supply side by desa, and the central team's editing of the links."""

from __future__ import annotations

import numpy as np
import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from tests.priorities.places_world import registry_rows, survey_rows

pytestmark = pytest.mark.django_db


def _url(code: str = "PDK01") -> str:
    return reverse("priorities:determinants", args=[code])


def test_it_shows_the_registry_achievement_of_deciles_1_4_and_5_10(
    client, places, personas, login_as
):
    login_as(personas["alice"])
    response = client.get(_url())
    assert response.status_code == 200
    # A direct count over kab A's households with a status, kab B's left out.
    rows = [r for r in registry_rows() if r["desa_code"].startswith("98.01.")]
    rows = [r for r in rows if r["status_pdk01"] is not None]
    bottom = [r for r in rows if r["welfare_decile"] <= 4]
    top = [r for r in rows if r["welfare_decile"] > 4]
    groups = response.context["demand"].registry_groups
    assert [(g.n, g.achievement) for g in groups] == [
        (len(bottom), sum(r["status_pdk01"] for r in bottom) / len(bottom)),
        (len(top), sum(r["status_pdk01"] for r in top) / len(top)),
    ]
    html = response.content.decode()
    expected = f"{100 * sum(r['status_pdk01'] for r in bottom) / len(bottom):.1f}".replace(".", ",")
    assert f'<td class="num">{len(bottom)}</td><td class="num">{expected}</td>' in html
    assert "Registrasi uji 2025" in html


def _linearised(y, w, x, inside, strata, psu):
    """Ratio mean of x over the persons ``inside`` and its Taylor SE with the full design."""
    s = inside & ~np.isnan(x)
    total = w[s].sum()
    ratio = (w[s] * x[s]).sum() / total
    z = np.where(s, w * (np.nan_to_num(x) - ratio) / total, 0.0)
    variance = 0.0
    for h in np.unique(strata):
        in_h = strata == h
        totals = np.array([z[in_h & (psu == p)].sum() for p in np.unique(psu[in_h])])
        n = len(totals)
        variance += n / (n - 1) * ((totals - totals.mean()) ** 2).sum()
    return ratio, float(np.sqrt(variance))


def test_the_survey_bottom_40_equals_a_direct_computation_with_its_se(
    client, places, personas, login_as
):
    login_as(personas["alice"])
    demand = client.get(_url()).context["demand"]
    people = survey_rows()
    y = np.array([p["pengeluaran"] for p in people])
    w = np.array([p["bobot"] for p in people])
    x = np.array([np.nan if p["status_pdk01"] is None else p["status_pdk01"] for p in people])
    strata = np.array([p["strata"] for p in people])
    psu = np.array([p["psu"] for p in people])
    in_a = np.array([p["kab"] == "98.01" for p in people])
    order = np.argsort(y[in_a])
    cum = np.cumsum(w[in_a][order]) / w[in_a].sum()
    cut = y[in_a][order][np.argmax(cum >= 0.4)]
    assert demand.survey_cut == pytest.approx(cut, rel=1e-12)
    bottom = in_a & (y <= cut)
    expected = {
        "40 % terbawah": _linearised(y, w, x, bottom, strata, psu),
        "60 % teratas": _linearised(y, w, x, in_a & (y > cut), strata, psu),
        "Seluruh penduduk": _linearised(y, w, x, in_a, strata, psu),
    }
    got = {g.label: (g.achievement, g.se) for g in demand.survey_groups}
    assert set(got) == set(expected)
    for label, (point, se) in expected.items():
        assert got[label][0] == pytest.approx(point, rel=1e-9)
        assert got[label][1] == pytest.approx(se, rel=1e-6)
    # costs: the weighted mean over the reference population of each group
    ref = bottom & ~np.isnan(x)
    costs = np.array([np.nan if p["biaya_pdk01"] is None else p["biaya_pdk01"] for p in people])
    assert dict(demand.costs)["40 % terbawah"] == pytest.approx(
        (w[ref] * costs[ref]).sum() / w[ref].sum()
    )


def test_it_counts_the_reasons_of_deprived_households(client, places, personas, login_as):
    login_as(personas["frank"])  # a viewer reads the page too
    response = client.get(_url())
    rows = [
        r for r in registry_rows() if r["desa_code"].startswith("98.01.") and r["status_pdk01"] == 0
    ]
    expected = sorted(
        {
            (reason, sum(1 for r in rows if r["alasan_pdk01"] == reason))
            for reason in ("biaya", "jarak")
        },
        key=lambda item: (-item[1], item[0]),
    )
    assert response.context["demand"].reasons == expected
    assert 'id="reasons"' in response.content.decode()


def test_it_says_so_when_the_files_lack_the_problem(client, places, personas, login_as):
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
    login_as(personas["alice"])
    response = client.get(_url("SAN01"))
    html = response.content.decode()
    assert "tidak memuat kolom status_san01" in html
    assert "Data survei tidak memuat biaya untuk masalah ini (kolom biaya_san01)" in html
    assert "Data registrasi tidak memuat alasan untuk masalah ini (kolom alasan_san01)" in html
    assert "Katalog belum menautkan indikator analisis untuk masalah ini." in html
    assert 'id="no-determinants"' in html


def test_the_supply_side_ranks_desa_worst_first_with_a_kecamatan_summary(
    client, places, personas, login_as
):
    login_as(personas["alice"])
    response = client.get(_url())
    supply = {s.indicator.code: s for s in response.context["supply"]}
    distance = supply["PDS02"]
    # the latest verified round only, kab A's desa only, farthest first
    assert distance.period == "2024"
    assert [(r["code"], r["value"]) for r in distance.rows] == [
        ("98.01.01.2001", 6.5),
        ("98.01.02.2001", 2.0),
        ("98.01.02.2002", 1.2),
        ("98.01.01.2002", 0.8),
    ]
    schools = supply["PDS01"]
    assert schools.rows[0]["code"] == "98.01.01.2001" and schools.rows[0]["value"] == 0.0
    by_kec = {d["code"]: d for d in schools.districts}
    assert by_kec["98.01.01"]["zero"] == 1 and by_kec["98.01.01"]["mean"] == 1.0
    assert by_kec["98.01.02"]["zero"] == 0 and by_kec["98.01.02"]["worst"] == 1.0
    html = response.content.decode()
    assert "Lima" not in html  # kab B's desa
    assert "99,00" not in html and "50,00" not in html  # old round, draft
    assert "96,25" in html and "PDK04" in html  # the analysis indicator beside


def test_an_outsider_gets_404_and_an_unknown_problem_too(client, places, personas, login_as):
    login_as(personas["charlie"])
    assert client.get(_url(), {"wilayah": "98.01"}).status_code == 404
    own = client.get(_url())
    assert own.status_code == 200
    assert own.context["region"].code == "98.02"
    assert own.context["supply"][0].rows[0]["code"] == "98.02.01.2001"
    assert client.get(_url("TIDAKADA")).status_code == 404


def test_a_data_operator_may_not_read_determinants(client, places, personas, login_as):
    login_as(personas["erin"])
    assert client.get(_url()).status_code == 403
    client.logout()
    assert client.get(_url()).status_code == 302  # to the login page


def test_the_central_admin_edits_the_links_and_it_is_audited(client, places, personas, login_as):
    places["schools"].levels = ["desa", "kabupaten_kota"]
    places["schools"].save()
    login_as(personas["diana"])
    edit = reverse("priorities:determinants_edit", args=["PDK01"])
    page = client.get(edit)
    assert 'name="indikator"' in page.content.decode()
    # the levels in words, not the stored keys
    assert "<td>Desa/kelurahan, Kabupaten/kota</td>" in page.content.decode()
    assert "kabupaten_kota" not in page.content.decode()
    response = client.post(edit, {"indikator": [places["distance"].pk]})
    assert response.status_code == 302
    assert list(places["problem"].determinants.values_list("code", flat=True)) == ["PDS02"]
    entry = LogEntry.objects.latest("timestamp")
    assert entry.actor == personas["diana"]
    assert entry.changes["event"] == "priority_determinants_changed"
    assert entry.changes["before"] == ["PDS01", "PDS02"] and entry.changes["after"] == ["PDS02"]


@pytest.mark.parametrize("who", ["alice", "bob", "hana", "frank"])
def test_only_the_central_admin_edits_the_links(client, places, personas, login_as, who):
    login_as(personas[who])
    edit = reverse("priorities:determinants_edit", args=["PDK01"])
    before = LogEntry.objects.count()
    assert client.post(edit, {"indikator": []}).status_code == 403
    assert places["problem"].determinants.count() == 2
    assert LogEntry.objects.count() == before
