"""Analysis by indicator: trend, rank, quadrant, relevance/effectiveness, correlation."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db

URL = reverse("analysis:indicator")


def test_it_analyses_poverty_among_the_kab(client, world, personas, login_as):
    login_as(personas["alice"])
    response = client.get(URL, {"indikator": "KMS01", "tahun": "2024"})
    assert response.status_code == 200
    ia = response.context["ia"]
    # Rank among the three kab/kota: A 9.87 (best), C 10.3, B 10.4.
    assert [(c["kode"], c["peringkat"]) for c in ia.compare] == [
        ("98.01", 1),
        ("98.03", 2),
        ("98.02", 3),
    ]
    assert ia.rank_sentence == (
        "Kabupaten Alfa berada di peringkat 1 dari 3 kabupaten/kota di Provinsi Uji "
        "(peringkat 1 = terbaik)."
    )
    # Quadrant split at the province (10.2, -0.4 a year over 2022-2024): A lower level
    # (better) and falling faster; in words first, the numeral after.
    mine = next(q for q in ia.quadrant if q["terpilih"])
    assert mine["kuadran"] == 3 and mine["label"] == "tingkat lebih baik, perubahan lebih baik"
    assert mine["posisi"] == "tingkat lebih baik, perubahan lebih baik (kuadran III)"
    assert mine["perubahan_tahunan"] == pytest.approx((9.87 - 12.5) / 2)
    assert ia.quadrant_split == pytest.approx((10.2, -0.4))
    assert ia.quadrant_sentence.startswith("Tingkat Kabupaten Alfa lebih baik daripada Provinsi")
    assert "(kuadran III)" in ia.quadrant_sentence
    # Relevance 2022->2024 against the nation (-0.51): A -2.63 (relevant, effective);
    # B +0.3 (neither); C -0.1 (relevant, slower).
    assert ia.comparator_name == "Indonesia"
    rel = {r["kode"]: (r["relevan"], r["efektif"]) for r in ia.relevance}
    assert rel == {"98.01": (True, True), "98.02": (False, False), "98.03": (True, False)}
    assert "Indonesia" in ia.relevance_sentence
    page = response.content.decode()
    # The terms come from Bappenas's EKPD; the formulas are said to be SEPAKAT's own,
    # never passed off as a quotation of a guideline nobody could point to.
    assert "Evaluasi Kinerja Pembangunan Daerah (EKPD)" in page
    assert "rumus SEPAKAT" in page and "pelatihan SEPAKAT" not in page
    # The area names the bidang urusan and agency a finding goes to.
    assert "Bidang urusan 5.01; perangkat daerah: Bappeda (sekretariat TKPK)." in (
        response.content.decode()
    )
    assert "TNP2K)" not in response.content.decode()
    # Correlation with unemployment across the three kab.
    assert ia.correlate_with.code == "TKJ01"
    assert ia.correlation_stats["n"] == 3
    html = response.content.decode()
    for key in ("tren", "perbandingan", "kuadran", "kuadran-dua", "relevansi", "korelasi"):
        assert f'data-block="{key}"' in html
    assert "$schema" not in html and "https://" not in html.split("<main", 1)[1]


def test_the_catalogue_is_grouped_by_area(client, world, personas, login_as):
    login_as(personas["alice"])
    response = client.get(URL)
    groups = dict(response.context["groups"])
    assert [i.code for i in groups["Kemiskinan"]][:2] == ["KMS01", "KMS02"]
    assert '<optgroup label="Ketenagakerjaan">' in response.content.decode()


def test_an_unknown_indicator_is_404(client, world, personas, login_as):
    login_as(personas["alice"])
    assert client.get(URL, {"indikator": "XYZ99"}).status_code == 404


def test_charts_download_as_png_svg_and_excel(client, world, personas, login_as):
    login_as(personas["alice"])
    query = {"indikator": "KMS01", "tahun": "2024"}
    png = client.get(reverse("analysis:download", args=["tren", "png"]), query)
    assert png["Content-Type"] == "image/png" and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    svg = client.get(reverse("analysis:download", args=["perbandingan", "svg"]), query)
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    assert b"Alfa" in svg.content
    xlsx = client.get(reverse("analysis:download", args=["perbandingan", "xlsx"]), query)
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert ["Peringkat", "Wilayah", "Nilai (%)", "Jumlah kabupaten/kota"] in values
    assert [1, "Kabupaten Alfa", 9.87, 3] in values
    assert 'attachment; filename="sepakat-perbandingan-98.01.xlsx"' == xlsx["Content-Disposition"]


def test_downloads_check_the_region(client, world, personas, login_as):
    login_as(personas["charlie"])
    url = reverse("analysis:download", args=["tren", "png"])
    assert client.get(url, {"wilayah": "98.01"}).status_code == 404


def test_the_first_year_has_no_quadrant_and_says_why(client, world, personas, login_as):
    """With no earlier value there is no annual change: no quadrant, and no verdict."""
    from django.urls import reverse

    from sepakat.datahub.models import Observation

    first = min(int(p) for p in Observation.objects.values_list("period", flat=True))
    login_as(personas["alice"])
    html = client.get(
        reverse("analysis:indicator"), {"indikator": "KMS01", "tahun": first}
    ).content.decode()
    assert "belum dapat ditentukan" in html
    assert "Prioritas penanganan" not in html


def test_the_poverty_line_is_ordered_not_ranked_and_its_quadrant_is_a_position(
    client, world, personas, login_as
):
    login_as(personas["alice"])
    response = client.get(URL, {"indikator": "KMS04", "tahun": "2024"})
    ia = response.context["ia"]
    # Ordered by value, highest first (B 557.380, A 549.380, C 546.380): no rank.
    assert [(c["kode"], c["urutan"], c["peringkat"]) for c in ia.compare] == [
        ("98.02", 1, None),
        ("98.01", 2, None),
        ("98.03", 3, None),
    ]
    assert ia.rank_sentence.startswith("Kabupaten Alfa berada di urutan 2 dari 3")
    mine = next(q for q in ia.quadrant if q["terpilih"])
    assert mine["label"] == "tingkat di atas, perubahan di atas"
    assert "bukan penilaian" in ia.quadrant_sentence
    assert all(r["efektif"] is None for r in ia.relevance)
    html = response.content.decode()
    for verdict in (
        "membaik",
        "memburuk",
        "lebih baik",
        "lebih buruk",
        "terbaik",
        "Prioritas penanganan",
        "Pertahankan",
        "Percepat",
        "Perlu diwaspadai",
    ):
        assert verdict not in html, verdict
    assert "Urutan (nilai tertinggi = 1)" in html


def test_the_number_of_poor_is_shared_not_ranked_and_has_no_quadrant(
    client, world, personas, login_as
):
    login_as(personas["alice"])
    response = client.get(URL, {"indikator": "KMS05", "tahun": "2023"})
    ia = response.context["ia"]
    # Shares of the province's 318 thousand, largest first; no rank.
    assert [
        (c["kode"], c["urutan"], c["peringkat"], round(c["bagian"], 2)) for c in ia.compare
    ] == [
        ("98.01", 1, None, 42.26),
        ("98.02", 2, None, 31.45),
        ("98.03", 3, None, 26.42),
    ]
    assert ia.rank_sentence.startswith(
        "Kabupaten Alfa menyumbang 42,26 persen dari jumlah penduduk miskin di Provinsi Uji, "
        "terbesar ke-1 dari 3 kabupaten/kota."
    )
    assert ia.rank_sentence.endswith(
        "Untuk membandingkan antarwilayah, gunakan Persentase penduduk miskin (P0)."
    )
    assert ia.quadrant == [] and ia.quadrant_sentence.startswith("Kuadran tidak disusun")
    # The trend is the kab's own: the province's and the nation's totals are not beside it.
    assert {r["kode"] for r in ia.trend} == {"98.01"}
    # Judged on the relative change: kab A -10.4 %, the province -3.6 %.
    mine = next(r for r in ia.relevance if r["terpilih"])
    assert mine["perubahan_relatif"] == pytest.approx(100 * (134.4 - 150) / 150)
    assert mine["efektif"] is True
    html = response.content.decode()
    # P0's own card beside it may judge P0 (a rate); nothing else on the page may.
    p0_card = html.split('data-indicator="KMS01"', 1)[1].split("</article>", 1)[0]
    assert "Provinsi Uji" in p0_card
    rest = html.replace(p0_card, "")
    for wrong in ("lebih baik daripada", "lebih buruk daripada", "terbaik", "Prioritas"):
        assert wrong not in rest, wrong
    assert "Bagian dari Provinsi Uji (persen)" in html


def test_pad_is_read_per_capita_and_judged_on_its_growth(client, world, personas, login_as):
    login_as(personas["alice"])
    response = client.get(URL, {"indikator": "KEU01", "tahun": "2024"})
    ia = response.context["ia"]
    fig = ia.figure
    assert fig.value == 440.0 and fig.companion.indicator.code == "KEU09"
    assert fig.parent_text == "-" and fig.nation_text == "-"
    assert any("tidak dibandingkan dengan wilayah yang lebih besar" in s for s in fig.sentences)
    assert "Dibaca bersama PAD per kapita: 367 ribu Rp/jiwa." in fig.sentences
    assert all(c["peringkat"] is None and c["bagian"] is None for c in ia.compare)
    assert "bukan peringkat baik-buruk" in ia.rank_sentence
    assert ia.quadrant == []
    # +10 % against the nation's +3.3 %: effective.
    mine = next(r for r in ia.relevance if r["terpilih"])
    assert mine["perubahan_relatif_induk"] == pytest.approx(100 * 10000 / 300000)
    assert mine["efektif"] is True
    # Against the province's +5 %: effective too, although +40 is less than +45.
    provincial = client.get(
        URL, {"indikator": "KEU01", "tahun": "2024", "pembanding_relevansi": "provinsi"}
    ).context["ia"]
    mine = next(r for r in provincial.relevance if r["terpilih"])
    assert (mine["perubahan"], mine["perubahan_induk"]) == (40.0, 45.0)
    assert mine["efektif"] is True
    card = response.content.decode().split('data-indicator="KEU01"', 1)[1].split("</article>")[0]
    assert "945" not in card and "310.000" not in card  # the province's and the nation's PAD


def test_the_quadrant_splits_at_the_nation_on_request_and_marks_noise(
    client, world, personas, login_as
):
    from sepakat.datahub.models import Observation

    # Kab A's 2022 estimate was rough: its fall is within the standard errors.
    Observation.objects.filter(indicator__code="KMS01", region__code="98.01", period="2022").update(
        standard_error=1.5
    )
    login_as(personas["alice"])
    response = client.get(URL, {"indikator": "KMS01", "tahun": "2024", "garis": "nasional"})
    ia = response.context["ia"]
    assert ia.split_name == "Indonesia"
    assert ia.quadrant_split == pytest.approx((9.03, (9.03 - 9.54) / 2))
    mine = next(q for q in ia.quadrant if q["terpilih"])
    assert mine["signifikan"] is False and mine["signifikan_teks"] == "tidak signifikan"
    assert any("tidak signifikan" in n for n in ia.quadrant_notes)
    assert any("3 tahun terakhir (2021-2024)" in n for n in ia.quadrant_notes)
    # The others have no standard errors: not tested, not marked.
    assert {q["signifikan"] for q in ia.quadrant if not q["terpilih"]} == {None}
    html = response.content.decode()
    assert "Perubahan signifikan?" in html and 'value="nasional" selected' in html
    five = client.get(URL, {"indikator": "KMS01", "tahun": "2024", "rentang": "5"}).context["ia"]
    assert five.options.window == 5 and five.split_name == "Provinsi Uji"
    # Anything else falls back to the defaults.
    odd = client.get(URL, {"indikator": "KMS01", "rentang": "7", "garis": "x"}).context["ia"]
    assert (odd.options.window, odd.options.split) == (3, "provinsi")


def test_the_two_indicator_quadrant_sets_poverty_against_unemployment(
    client, world, personas, login_as
):
    login_as(personas["alice"])
    ia = client.get(URL, {"indikator": "KMS01", "tahun": "2024"}).context["ia"]
    # TPT across, P0 up, split at the province (5.0, 10.2): A has more unemployment
    # (worse) and less poverty (better).
    mine = next(q for q in ia.pair_quadrant if q["terpilih"])
    assert (mine["nilai"], mine["perubahan_tahunan"]) == (6.1, 9.87)
    assert ia.pair_split == (5.0, 10.2)
    assert mine["posisi"] == "sumbu datar lebih buruk, sumbu tegak lebih baik (kuadran IV)"
    assert ia.pair_sentence == (
        "Kabupaten Alfa lebih buruk daripada Provinsi Uji pada Tingkat pengangguran terbuka "
        "(TPT), tetapi lebih baik pada Persentase penduduk miskin (P0) (kuadran IV)."
    )
    query = {"indikator": "KMS01", "tahun": "2024"}
    svg = client.get(reverse("analysis:download", args=["kuadran-dua", "svg"]), query)
    assert svg["Content-Type"] == "image/svg+xml" and b"Alfa" in svg.content
    login_as(personas["charlie"])
    url = reverse("analysis:download", args=["kuadran-dua", "svg"])
    assert client.get(url, {**query, "wilayah": "98.01"}).status_code == 404


def test_both_worsening_is_its_own_state(client, world, personas, login_as):
    from sepakat.datahub.models import Observation

    # The nation's poverty rises 2022-2024, as kab B's does.
    Observation.objects.filter(indicator__code="KMS01", region__code="ID", period="2024").update(
        value=9.9
    )
    login_as(personas["charlie"])
    response = client.get(URL, {"indikator": "KMS01", "tahun": "2024", "wilayah": "98.02"})
    ia = response.context["ia"]
    mine = next(r for r in ia.relevance if r["terpilih"])
    assert mine["keadaan"] == "worsening/worsening"
    assert mine["keadaan_teks"] == "sama-sama memburuk"
    assert ia.relevance_sentence == (
        "Antara 2022 dan 2024, Kabupaten Beta dan Indonesia sama-sama memburuk: searah, "
        "tetapi bukan ke arah yang diinginkan."
    )
    # Points and percent side by side.
    assert mine["perubahan"] == pytest.approx(0.3)
    assert mine["perubahan_relatif"] == pytest.approx(100 * 0.3 / 10.1)
    page = response.content.decode()
    # A change of a percentage is in points, the relative change in percent; never "(poin) (%)".
    assert "Perubahan (poin persen)" in page and "Perubahan relatif (%)" in page
    assert "(poin) (%)" not in page


def test_effectiveness_against_the_regions_own_baseline_or_target(
    client, world, personas, login_as
):
    login_as(personas["alice"])
    base = client.get(URL, {"indikator": "KMS01", "tahun": "2024", "efektif": "awal"})
    ia = base.context["ia"]
    eff = {r["kode"]: r["efektif"] for r in ia.relevance}
    assert eff == {"98.01": True, "98.02": False, "98.03": True}  # C fell, if slowly
    assert "efektif terhadap capaian awal" in " ".join(ia.relevance_notes)
    assert "Efektif (dibanding capaian awal)" in base.content.decode()
    target = client.get(
        URL, {"indikator": "KMS01", "tahun": "2024", "efektif": "target", "target": "9,5"}
    )
    ia = target.context["ia"]
    mine = next(r for r in ia.relevance if r["terpilih"])
    assert mine["efektif"] is False and mine["target"] == 9.5
    assert mine["capaian_target"] == pytest.approx(100 * (9.87 - 12.5) / (9.5 - 12.5))
    assert "Target 9,50 persen belum tercapai; 87,7 persen" in " ".join(ia.relevance_notes)
    # Only the region's own target is known: the others are not judged against it.
    assert {r["efektif"] for r in ia.relevance if not r["terpilih"]} == {None}
    no_target = client.get(URL, {"indikator": "KMS01", "tahun": "2024", "efektif": "target"})
    assert "Isikan target" in " ".join(no_target.context["ia"].relevance_notes)


def test_the_page_reads_only_the_indicators_it_analyses(client, world, personas, login_as):
    from sepakat.analysis import analyses, selectors

    catalogue = selectors.catalogue(personas["alice"])
    assert analyses.indicator_codes(catalogue, "KMS01") == ["KMS01", "TKJ01"]
    assert analyses.indicator_codes(catalogue, "KMS05") == ["KMS05", "KMS01"]
    assert analyses.indicator_codes(catalogue, "PLS06", "TKJ01") == ["PLS06", "PLS12", "TKJ01"]
    login_as(personas["alice"])
    # The chosen comparison and the companion are still read.
    ia = client.get(URL, {"indikator": "PLS06", "pembanding": "TKJ01"}).context["ia"]
    assert ia.correlate_with.code == "TKJ01" and ia.figure.companion is not None


def test_chart_tables_on_the_page_name_their_units(client, world, personas, login_as):
    login_as(personas["alice"])
    html = client.get(URL, {"indikator": "KMS06"}).content.decode()
    assert "<th>Nilai (rasio)</th>" in html
    assert "0,350" in html  # the Gini in its three decimals
