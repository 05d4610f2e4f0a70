"""The ranked list: computed once from the person file, stored with provenance, shown."""

from __future__ import annotations

import re

import polars as pl
import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from sepakat.analytics.priorities import priority_scores, priority_sensitivity
from sepakat.datahub.microdata import analysis_path
from sepakat.priorities.models import PriorityRun

pytestmark = pytest.mark.django_db
URL = reverse("priorities:ranking")
COMPUTE = reverse("priorities:compute")
SPEC = [
    {
        "code": c,
        "column": f"status_{c.lower()}",
        "target": t,
        "sector": s,
        "name": f"Masalah uji {c}",
    }
    for c, s, t in [
        ("P01", "pendidikan", 1.0),
        ("P02", "kesehatan", 0.9),
        ("P03", "ketenagakerjaan", 1.0),
        ("P04", "infrastruktur_dasar", 1.0),
        ("P05", "perlindungan_sosial", 1.0),
        ("P06", "kesehatan", 1.0),
    ]
]


def compute(client, region="98.01", year="2024"):
    return client.post(COMPUTE, {"wilayah": region, "tahun": year})


def expected(world, kab="98.01"):
    return (
        priority_scores(
            str(analysis_path(world["file"])),
            spec=SPEC,
            welfare="welfare",
            weight="weight",
            strata="strata",
            psu="psu",
            by=["kab"],
            grouping=[["kab"]],
            lonely_psu="centered",
        )
        .filter(pl.col("kab") == kab)
        .drop("kab")
    )


def test_it_computes_the_ranking_equal_to_the_analytics_library(client, world, login_as):
    alice = world["personas"]["alice"]
    login_as(alice)
    response = compute(client)
    assert response.status_code == 302
    run = PriorityRun.objects.get()
    assert run.region == world["kab_a"] and run.period == "2024" and run.file == world["file"]
    assert run.engine == "duckdb" and run.created_by == alice
    mine = {r["code"]: r for r in run.results}
    assert {r["domain"] for r in run.results} == {"98.01"}
    for row in expected(world).to_dicts():
        got = mine[row["code"]]
        for key in ("n", "rank", "reliable", "reason"):
            assert got[key] == row[key], (row["code"], key)
        for key in ("achievement", "achievement_se", "deprivation_weighted", "score", "score_se"):
            if row[key] is None:
                assert got[key] is None
            else:
                assert got[key] == pytest.approx(row[key], rel=1e-9), (row["code"], key)
    # P06 has 12 persons in kab A: listed with its reason, not ranked
    assert mine["P06"]["rank"] is None and mine["P06"]["reason"] == "few_persons"
    # provenance and method text
    assert run.params["file_title"] == "Susenas KOR uji 2024 (orang)"
    assert run.params["persons"] == 1280 and run.params["lonely_psu"] == "centered"
    assert "Skor = D × (T − A) / (1 − A)" in run.method and "tahun 2024" in run.method
    entry = LogEntry.objects.get(changes__priority_run=[str(run.pk)])
    assert entry.actor == alice and entry.changes["event"] == ["priority ranking computed"]


def test_the_sensitivity_equals_the_library_with_deciles_of_the_region(client, world, login_as):
    login_as(world["personas"]["alice"])
    compute(client)
    run = PriorityRun.objects.get()
    data = pl.read_parquet(analysis_path(world["file"])).filter(pl.col("kab") == "98.01")
    data = data.sort("welfare", "pid").with_columns(
        (10 * pl.col("weight").cum_sum() / pl.col("weight").sum())
        .ceil()
        .clip(1, 10)
        .cast(pl.Int64)
        .alias("decile")
    )
    sens = priority_sensitivity(
        data,
        spec=SPEC,
        welfare="welfare",
        weight="weight",
        strata="strata",
        psu="psu",
        by=["kab"],
        grouping=[["kab"]],
        lonely_psu="centered",
        decile="decile",
    )
    want = {r["code"]: r for r in sens.to_dicts()}
    got = {r["code"]: r for r in run.sensitivity}
    for code, row in want.items():
        for key in ("rank_sepakat", "rank_none", "rank_deciles_1_4", "moved"):
            assert got[code][key] == row[key], (code, key)


def test_the_page_shows_the_table_chart_sensitivity_and_method(client, world, login_as):
    login_as(world["personas"]["frank"])  # a viewer reads
    empty = client.get(URL, {"wilayah": "98.01", "tahun": "2024"}).content.decode()
    assert "Belum ada peringkat masalah prioritas" in empty
    assert 'action="' + COMPUTE not in empty  # viewers do not compute
    assert "Perencana atau admin daerah wilayah ini dapat menghitungnya" in empty
    login_as(world["personas"]["alice"])
    compute(client)
    run = PriorityRun.objects.get()
    html = client.get(URL, {"wilayah": "98.01", "tahun": "2024"}).content.decode()
    top = min((r for r in run.results if r["rank"]), key=lambda r: r["rank"])
    assert 'id="spec-scores"' in html and "vega" in html
    assert f'data-code="{top["code"]}"' in html
    assert "Tidak diperingkat" in html and "populasi rujukan kurang dari 30 orang" in html
    assert "Kepekaan peringkat terhadap pembobotan" in html
    assert "Skor = D × (T − A) / (1 − A)" in html and "Susenas KOR uji 2024 (orang)" in html
    # the achievement is shown as a percentage with its 95 % interval under it
    a = top["achievement"]
    low = a - 1.959963984540054 * top["achievement_se"]
    row = html[html.index(f'data-code="{top["code"]}"') :][:400]
    shown = re.search(r'([\d,]+) %<br><small class="ci">([\d,]+)–([\d,]+)</small>', row)
    assert shown is not None, row
    values = [float(v.replace(",", ".")) for v in shown.groups()]
    high = a + 1.959963984540054 * top["achievement_se"]
    assert values == pytest.approx([100 * a, 100 * low, 100 * high], abs=0.051)
    # each problem leads on to its determinants and locations, for the same region and year
    code = top["code"]
    assert f'href="/prioritas/determinan/{code}/?wilayah=98.01&amp;tahun=2024"' in row + html
    assert f'href="/prioritas/lokasi/{code}/?wilayah=98.01&amp;tahun=2024"' in html
    # the page ends with the next step: the top problem's determinants and the set form
    step = html[html.index('id="langkah-berikutnya"') :]
    assert f'href="/prioritas/determinan/{code}/?wilayah=98.01&amp;tahun=2024"' in step
    assert 'href="/prioritas/set/susun/?wilayah=98.01&amp;tahun=2024" data-step="set"' in step
    # nothing is recomputed on reading
    client.get(URL, {"wilayah": "98.01", "tahun": "2024"})
    assert PriorityRun.objects.count() == 1


def test_a_province_ranks_its_kab_kota_and_itself(client, world, login_as):
    login_as(world["personas"]["hana"])
    compute(client, region="98")
    run = PriorityRun.objects.get()
    assert {r["domain"] for r in run.results} == {"98", "98.01", "98.02"}


def test_no_person_file_is_a_clear_message_and_nothing_stored(client, world, login_as):
    login_as(world["personas"]["alice"])
    response = compute(client, year="2023")
    page = client.get(response["Location"]).content.decode()
    assert "Belum ada berkas survei tingkat orang" in page and "2023" in page
    assert not PriorityRun.objects.exists()
    assert not LogEntry.objects.filter(changes__has_key="priority_run").exists()


def test_roles_and_outsiders(client, world, login_as):
    p = world["personas"]
    login_as(p["erin"])  # data operators do not prioritise
    assert client.get(URL).status_code == 403
    assert compute(client).status_code == 403
    login_as(p["frank"])
    assert compute(client).status_code == 403
    assert not PriorityRun.objects.exists()
    login_as(p["charlie"])  # kab B's planner asks for kab A
    assert client.get(URL, {"wilayah": "98.01"}).status_code == 404
    assert compute(client, region="98.01").status_code == 404
    assert not PriorityRun.objects.exists()
    login_as(p["diana"])  # the centre reads and computes for any region
    compute(client, region="98.01")
    assert PriorityRun.objects.get().created_by == p["diana"]
    page = client.get(URL, {"wilayah": "98.01", "tahun": "2024"})
    assert page.status_code == 200 and "data-method" in page.content.decode()


def test_the_page_and_its_method_read_in_english(client, world, login_as):
    login_as(world["personas"]["alice"])
    compute(client)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(URL, {"wilayah": "98.01", "tahun": "2024"}).content.decode()
    assert "Ranked priority problems" in html and "Sensitivity of the ranking" in html
    assert "Score = D × (T − A) / (1 − A) if A &lt; T, else 0." in html
    assert "reference population below 30 persons" in html
    assert "Test problem P01" in html and "Masalah uji P01" not in html
    assert "Peringkat masalah prioritas" not in html


def test_a_year_without_a_ranking_points_to_the_years_with_one(client, world, login_as):
    login_as(world["personas"]["alice"])
    compute(client)
    html = client.get(URL, {"wilayah": "98.01", "tahun": "2023"}).content.decode()
    assert "Belum ada peringkat masalah prioritas" in html
    assert 'data-year="2024"' in html and "tahun=2024" in html
