"""The Penganggaran pages, downloads and API: the numbers equal sums computed again from the
imported file, readers of other regions get 404, and a new import shows at once."""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from sepakat.budgeting.budget_import import budget_import
from sepakat.budgeting.models import ApbdLine
from sepakat.budgeting.report import build_report
from sepakat.budgeting.tagging import lines_tag
from sepakat.datahub.api_services import token_create
from sepakat.datahub.generations import bump_data_generation
from tests.budgeting.conftest import SKPD_DIK, SKPD_KES, SKPD_SOS, line

pytestmark = pytest.mark.django_db

BALITA, GIZI, BOS, PERMAKANAN, PELATIHAN = (
    "1.02.02.2.02.0004",
    "1.02.02.2.02.0021",
    "1.01.02.2.01.0025",
    "1.06.04.2.01.0001",
    "2.07.03.2.01.0001",
)

# kab Alfa, 2025: the RKA and the APBD murni, and the murni of 2024 for the trend.
ALFA = [
    line(stage="rka", code=BALITA, pagu="200000000", tag="stunting kantong"),
    line(stage="rka", code=GIZI, pagu="100000000", tag="stunting"),
    line(stage="rka", code=BOS, skpd=SKPD_DIK, pagu="900000000", skpd_name="Dinas Pendidikan"),
    line(stage="rka", code=PERMAKANAN, skpd=SKPD_SOS, pagu="50000000", skpd_name="Dinas Sosial"),
    # murni: balita cut, gizi raised, BOS unchanged, permakanan dropped, pelatihan new
    line(code=BALITA, pagu="120000000", realisation="60000000", tag="stunting kantong"),
    line(code=BALITA, account="5.2", fund="DAK fisik", pagu="30000000", tag="kemiskinan-ekstrem"),
    line(code=GIZI, pagu="150000000", realisation="150000000", tag="stunting"),
    line(
        code=BOS,
        skpd=SKPD_DIK,
        fund="DAK non-fisik",
        pagu="900000000",
        skpd_name="Dinas Pendidikan",
    ),
    line(
        code=PELATIHAN,
        skpd=SKPD_SOS,
        fund="PAD",
        pagu="80000000",
        tag="pendapatan",
        skpd_name="Dinas Sosial",
    ),
    line(year=2024, code=BALITA, pagu="100000000", tag="stunting"),
    line(year=2024, code=BOS, skpd=SKPD_DIK, pagu="700000000", skpd_name="Dinas Pendidikan"),
]
BETA = [
    line(code=BALITA, pagu="400000000", tag="stunting", skpd_name="Dinas Kesehatan Beta"),
    line(code=BOS, skpd=SKPD_DIK, pagu="600000000", skpd_name="Dinas Pendidikan Beta"),
]


def _sum(rows: list[list[str]], keep: Callable[[list[str]], bool]) -> Decimal:
    return sum((Decimal(r[8]) for r in rows if keep(r)), Decimal(0))


@pytest.fixture
def budget(budget_world: dict[str, Any], write_budget: Callable[..., Path]) -> dict[str, Any]:
    for key, rows in (("kab_a", ALFA), ("kab_b", BETA)):
        path = write_budget(rows, name=f"{key}.csv")
        result = budget_import(actor=None, region=budget_world[key], path=path, file=path.name)
        assert result.ok, result.problems
    return budget_world


def page(client: Any, name: str, *args: Any, **query: str) -> Any:
    url = reverse(f"budgeting:{name}", args=args)
    return client.get(url, query)


def test_the_report_equals_sums_computed_from_the_file(budget: dict[str, Any]) -> None:
    report = build_report(budget["kab_a"], 2025, "murni")
    murni = [r for r in ALFA if r[0] == "2025" and r[1] == "murni"]
    total = _sum(murni, lambda r: True)
    poverty = _sum(murni, lambda r: bool(r[10]))
    assert report.total == total
    assert report.poverty == poverty
    assert report.poverty_share == poverty / total
    tags = {row.key: row.amount for row in report.by_tag}
    assert tags == {
        "kemiskinan-ekstrem": _sum(murni, lambda r: "kemiskinan-ekstrem" in r[10]),
        "stunting": _sum(murni, lambda r: "stunting" in r[10].split()),
    }
    strategies = {row.key: row.amount for row in report.by_strategy}
    assert strategies == {
        "kantong": _sum(murni, lambda r: "kantong" in r[10]),
        "pendapatan": _sum(murni, lambda r: "pendapatan" in r[10]),
    }
    bidang = {row.key: (row.name, row.amount, row.poverty) for row in report.by_bidang}
    assert bidang["1.02"] == (
        "Kesehatan",
        _sum(murni, lambda r: r[4].startswith("1.02.")),
        _sum(murni, lambda r: r[4].startswith("1.02.") and bool(r[10])),
    )
    assert bidang["1.01"][2] == 0
    skpd = {row.key: (row.name, row.amount) for row in report.by_skpd}
    assert skpd[SKPD_SOS] == ("Dinas Sosial", Decimal("80000000"))
    funds = {row.key: row.amount for row in report.by_fund}
    assert funds == {
        f: _sum(murni, lambda r, f=f: r[7] == f)
        for f in ("DAU", "DAK fisik", "DAK non-fisik", "PAD")
    }
    # realisation of the lines that report one, against their own pagu
    assert report.realisation == Decimal("210000000")
    assert report.realisation_rate == Decimal("210000000") / Decimal("270000000")


def test_a_marked_line_serving_a_problem_counts_as_poverty_spending(
    budget: dict[str, Any],
) -> None:
    bos = ApbdLine.objects.get(
        region=budget["kab_a"], year=2025, stage="murni", sub_kegiatan_code=BOS
    )
    lines_tag(actor=None, region=budget["kab_a"], line_ids=[bos.pk], service="langsung")
    assert build_report(budget["kab_a"], 2025, "murni").poverty == Decimal("380000000")
    # the mark alone does not make it poverty spending; with the problem it serves it does
    ApbdLine.objects.filter(pk=bos.pk).update(problem_codes="PD01")
    report = build_report(budget["kab_a"], 2025, "murni")
    assert report.poverty == Decimal("1280000000")
    assert [(r.key, r.amount) for r in report.by_problem] == [("PD01", Decimal("900000000"))]


def test_the_chain_says_what_changed_since_the_previous_stage(budget: dict[str, Any]) -> None:
    report = build_report(budget["kab_a"], 2025, "murni")
    assert report.chain_stages == ["rka", "murni"]
    rows = {r.code: r for r in report.chain}
    assert rows[BALITA].status == "cut"
    assert rows[BALITA].change == Decimal("-50000000")
    assert rows[BALITA].change_rate == Decimal("-0.25")
    assert rows[GIZI].status == "raised"
    assert rows[BOS].status == "unchanged"
    assert rows[PERMAKANAN].status == "dropped"
    assert rows[PERMAKANAN].amounts == (Decimal("50000000"), None)
    assert rows[PELATIHAN].status == "new"
    assert rows[PELATIHAN].change is None


def test_trend_and_comparison(budget: dict[str, Any]) -> None:
    report = build_report(budget["kab_a"], 2025, "rka")
    # 2024 has no RKA: its latest stage (the murni) stands in, and says so
    assert [(t.year, t.stage, t.fallback) for t in report.trend] == [
        (2024, "murni", True),
        (2025, "rka", False),
    ]
    assert report.trend[0].poverty_share == Decimal(100) / Decimal(800)
    murni = build_report(budget["kab_a"], 2025, "murni")
    compared = {c.region_code: (c.itself, c.poverty_share) for c in murni.comparison}
    assert compared == {
        "98.01": (True, murni.poverty_share),
        "98.02": (False, Decimal("0.4")),
    }


def test_the_page_shows_the_numbers_in_indonesian(
    budget: dict[str, Any], login_as: Callable[[Any], Any]
) -> None:
    client = login_as(budget["alice"])
    response = page(client, "report", "98.01", 2025, tahap="murni")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Rp\xa01.280.000.000" in text  # the total
    assert "Rp\xa0380.000.000" in text  # the poverty spending
    assert "29,7%" in text  # 380/1280
    assert 'id="tabel-perbandingan"' in text
    assert "spec-bidang" in text
    assert reverse("budgeting:download", args=["98.01", 2025, "xlsx"]) in text


def test_the_chain_page_filters_and_sorts(
    budget: dict[str, Any], login_as: Callable[[Any], Any]
) -> None:
    client = login_as(budget["frank"])
    text = page(client, "chain", "98.01", 2025, tahap="murni", status="cut").content.decode()
    assert f'data-code="{BALITA}"' in text
    assert f'data-code="{GIZI}"' not in text
    text = page(client, "chain", "98.01", 2025, tahap="murni", urut="persen").content.decode()
    # the largest cut first: dropped (-100 %), then cut by a quarter, then raised
    assert text.index(f'data-code="{PERMAKANAN}"') < text.index(f'data-code="{BALITA}"')
    assert text.index(f'data-code="{BALITA}"') < text.index(f'data-code="{GIZI}"')


def test_the_landing_page_lists_what_the_reader_may_see(
    budget: dict[str, Any], login_as: Callable[[Any], Any]
) -> None:
    text = page(login_as(budget["alice"]), "index").content.decode()
    assert 'data-region="98.01"' in text
    assert 'data-region="98.02"' not in text
    assert reverse("budgeting:report", args=["98.01", 2024]) in text
    text = page(login_as(budget["hana"]), "index").content.decode()
    assert 'data-region="98.01"' in text and 'data-region="98.02"' in text
    # the menu entry leads here
    assert f'href="{reverse("budgeting:index")}"' in text


@pytest.mark.parametrize("name,args", [("report", ()), ("chain", ()), ("download", ("xlsx",))])
def test_outsiders_get_404_and_other_roles_403(
    budget: dict[str, Any], login_as: Callable[[Any], Any], name: str, args: tuple[str, ...]
) -> None:
    assert page(login_as(budget["charlie"]), name, "98.01", 2025, *args).status_code == 404
    assert page(login_as(budget["erin"]), name, "98.01", 2025, *args).status_code == 403
    assert page(login_as(budget["hana"]), name, "98.01", 2025, *args).status_code == 200
    assert page(login_as(budget["diana"]), name, "98.01", 2025, *args).status_code == 200
    # a year without lines is not a page either
    assert page(login_as(budget["alice"]), name, "98.01", 2031, *args).status_code == 404


def test_a_new_import_shows_on_the_page_at_once(
    budget: dict[str, Any], login_as: Callable[[Any], Any], write_budget: Callable[..., Path]
) -> None:
    client = login_as(budget["alice"])
    assert "Rp\xa01.280.000.000" in page(client, "report", "98.01", 2025).content.decode()
    changed = [r for r in ALFA if not (r[1] == "murni" and r[4] == BOS and r[0] == "2025")]
    changed.append(line(code=BOS, skpd=SKPD_DIK, pagu="1000000000", skpd_name="Dinas Pendidikan"))
    path = write_budget(changed, name="baru.csv")
    assert budget_import(actor=None, region=budget["kab_a"], path=path, file=path.name).ok
    text = page(client, "report", "98.01", 2025).content.decode()
    assert "Rp\xa01.380.000.000" in text
    # tagging changes what counts as poverty spending: the page follows
    bos = ApbdLine.objects.get(
        region=budget["kab_a"], year=2025, stage="murni", sub_kegiatan_code=BOS
    )
    lines_tag(actor=None, region=budget["kab_a"], line_ids=[bos.pk], add=["beban"])
    assert "Rp\xa01.380.000.000" in page(client, "report", "98.01", 2025).content.decode()
    assert 'data-key="beban"' in page(client, "report", "98.01", 2025).content.decode()


def test_the_workbook_holds_the_report(
    budget: dict[str, Any], login_as: Callable[[Any], Any]
) -> None:
    response = page(login_as(budget["alice"]), "download", "98.01", 2025, "xlsx", tahap="murni")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames[:2] == ["Ringkasan", "Tag"]
    summary = wb["Ringkasan"]
    assert summary["A4"].value == "Total belanja"
    assert summary["B4"].value == 1280000000
    assert summary["B4"].number_format == "#,##0"
    assert summary["B6"].value == pytest.approx(380 / 1280)
    chain = wb["Rantai"]
    assert [c.value for c in chain[3]][:4] == [
        "Kode sub kegiatan",
        "Sub kegiatan",
        "RKA (rencana)",
        "APBD murni",
    ]
    rows = {r[0]: r for r in chain.iter_rows(min_row=4, values_only=True)}
    assert rows[BALITA][1] == "Pengelolaan Pelayanan Kesehatan Balita"
    assert rows[BALITA][2:7] == (200000000, 150000000, "dipotong", -50000000, -0.25)
    assert chain.print_title_rows == "$3:$3"
    skpd = {r[0]: r for r in wb["SKPD"].iter_rows(min_row=4, values_only=True)}
    assert skpd[SKPD_SOS][1:3] == ("Dinas Sosial", 80000000)


def test_the_pdf_renders(budget: dict[str, Any], login_as: Callable[[Any], Any]) -> None:
    response = page(login_as(budget["alice"]), "download", "98.01", 2025, "pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert "anggaran-98.01-2025-murni.pdf" in response["Content-Disposition"]


def bearer(user: Any) -> dict[str, str]:
    _token, plaintext = token_create(user=user, name="uji")
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


def test_the_api_gives_the_report(budget: dict[str, Any], client: Any) -> None:
    response = client.get("/api/v1/anggaran/98.01/2025?tahap=rka", **bearer(budget["frank"]))
    assert response.status_code == 200
    data = response.json()
    assert (data["region"], data["year"], data["stage"]) == ("98.01", 2025, "rka")
    assert data["stages"] == ["rka", "murni"]
    assert data["total"] == 1250000000
    assert data["poverty"] == 300000000
    assert data["poverty_share"] == pytest.approx(0.24)
    assert data["realisation"] is None
    assert {r["key"]: r["amount"] for r in data["by_tag"]} == {"stunting": 300000000}
    assert data["by_bidang_urusan"][0]["key"] == "1.01"
    chain = {c["sub_kegiatan_code"]: c for c in data["chain"]}
    assert chain[BALITA]["amounts"] == {"rka": 200000000, "murni": 150000000}
    assert chain[BALITA]["status"] == "new"
    assert chain[BALITA]["statuses"] == {"rka": "new", "murni": "cut"}
    assert [t["year"] for t in data["trend"]] == [2024, 2025]
    outsider = client.get("/api/v1/anggaran/98.01/2025", **bearer(budget["charlie"]))
    assert outsider.status_code == 404
    empty = client.get("/api/v1/anggaran/98.01/2031", **bearer(budget["frank"]))
    assert empty.status_code == 404


def test_the_chain_alone_equals_the_chain_rows_of_the_whole_analysis(
    budget: dict[str, Any],
) -> None:
    from sepakat.budgeting.analysis import budget_analysis, chain_analysis
    from sepakat.budgeting.selectors import analysis_lines

    lines = analysis_lines(budget["kab_a"], 2025)
    whole = [r for r in budget_analysis(lines) if r.dimension == "chain"]
    assert chain_analysis(lines) == whole
    assert {r.status for r in whole} == {"new", "cut", "raised", "unchanged", "dropped"}


def test_the_english_page_writes_numbers_the_english_way(
    budget: dict[str, Any], login_as: Callable[[Any], Any], settings: Any
) -> None:
    client = login_as(budget["alice"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = page(client, "report", "98.01", 2025, tahap="murni").content.decode()
    assert "Poverty budget" in text
    assert "Rp\xa01,280,000,000" in text
    assert "29.7%" in text


def test_the_landing_page_reads_in_a_fixed_number_of_queries(
    budget: dict[str, Any], login_as: Callable[[Any], Any], django_assert_max_num_queries: Any
) -> None:
    client = login_as(budget["hana"])
    with django_assert_max_num_queries(8):
        assert page(client, "index").status_code == 200


def test_low_absorption_is_marked(budget: dict[str, Any], login_as: Callable[[Any], Any]) -> None:
    client = login_as(budget["alice"])
    text = page(client, "chain", "98.01", 2025, tahap="murni").content.decode()
    # balita: Rp 60 million realised of the Rp 120 million that report a realisation
    balita = text[text.index(f'data-code="{BALITA}"') :]
    balita = balita[: balita.index("</tr>")]
    assert "50,0%" in balita and 'data-flag="sangat-rendah"' in balita
    gizi = text[text.index(f'data-code="{GIZI}"') :]
    assert "data-flag" not in gizi[: gizi.index("</tr>")]
    # the health SKPD as a whole realised 210 of 270 million (77.8 %): under the 90 %
    # year-end benchmark, not at most half
    text = page(client, "report", "98.01", 2025, tahap="murni").content.decode()
    skpd = text[text.index(f'data-key="{SKPD_KES}"') :]
    skpd = skpd[: skpd.index("</tr>")]
    assert "77,8%" in skpd and 'data-flag="rendah"' in skpd


def test_absorption_by_quarter_is_shown_per_skpd_and_marked_under_the_benchmarks(
    budget: dict[str, Any], login_as: Callable[[Any], Any]
) -> None:
    """Two SKPD report cumulative quarters on the 2025 APBD murni: health keeps to the
    benchmarks (15/40/60/90 %), social spends 10 % by triwulan I and 45 % in the year."""
    client = login_as(budget["alice"])
    text = page(client, "report", "98.01", 2025, tahap="murni").content.decode()
    assert 'id="penyerapan"' not in text  # no line reports a quarter yet
    lines = ApbdLine.objects.filter(region=budget["kab_a"], year=2025, stage="murni")
    for skpd, shares in (
        (SKPD_KES, ("0.2", "0.5", "0.7", "0.95")),
        (SKPD_SOS, ("0.1", "0.3", "0.4", "0.45")),
    ):
        for item in lines.filter(skpd_code=skpd):
            quarters = [item.amount * Decimal(s) for s in shares]
            ApbdLine.objects.filter(pk=item.pk).update(
                realisation_q1=quarters[0],
                realisation_q2=quarters[1],
                realisation_q3=quarters[2],
                realisation_q4=quarters[3],
                realisation=quarters[3],
            )
    bump_data_generation(["98.01"])
    text = page(client, "report", "98.01", 2025, tahap="murni").content.decode()
    section = text[text.index('id="penyerapan"') :]
    health = section[section.index(f'data-key="{SKPD_KES}"') :]
    health = health[: health.index("</tr>")]
    assert "20,0%" in health and "95,0%" in health and "data-flag" not in health
    social = section[section.index(f'data-key="{SKPD_SOS}"') :]
    social = social[: social.index("</tr>")]
    assert social.count('data-flag="triwulan"') == 4  # 10, 30, 40 and 45 % all under
    assert 'data-flag="sangat-rendah"' in social  # 45 % of the pagu in the year
    workbook = load_workbook(
        io.BytesIO(page(client, "download", "98.01", 2025, "xlsx", tahap="murni").content)
    )
    sheet = workbook["Penyerapan"]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=4, values_only=True)}
    assert rows[SKPD_SOS][3] == pytest.approx(0.1) and rows[SKPD_SOS][7] == pytest.approx(0.45)
    assert rows[SKPD_SOS][8] == "TW I, TW II, TW III, TW IV, akhir tahun"
    assert not rows[SKPD_KES][8]  # an empty cell reads as None
