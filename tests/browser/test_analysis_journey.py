"""A planner of the demo kab/kota analyses poverty in Chromium and takes the PDF home."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(settings, tmp_path):
    from sepakat.demo.services import build_demo

    settings.MICRODATA_DIR = tmp_path / "microdata"
    return build_demo(seed=2025)


def log_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/akun/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_url("**/dasbor/")


# Sentences that must never be said of a description (the poverty line) or of a total set
# against a larger area (the number of poor against the province or Indonesia).
VERDICTS = ("membaik", "memburuk", "lebih baik", "lebih buruk", "terbaik", "terburuk")
QUADRANT_ADVICE = ("Pertahankan", "Perlu diwaspadai", "Percepat", "Prioritas penanganan")


def text_of(page, selector):
    return page.locator(selector).first.inner_text()


def charts_drawn(page, count=1):
    expect(page.locator(".chart.vega[data-ready] svg").first).to_be_visible()
    assert page.locator(".chart.vega[data-ready]").count() >= count


def test_a_planner_analyses_the_region_and_downloads_the_pdf(page, live_server, demo):
    log_in(page, live_server, "contoh.9901.perencana", "contoh-planner-2025")
    page.click("nav a[data-module=analysis]")
    page.wait_for_url("**/analisis/")
    expect(page.locator("h1")).to_contain_text("Kabupaten")
    p0 = page.locator("article.figure[data-indicator=KMS01]")
    expect(p0).to_contain_text("persen")
    expect(p0.locator(".narrative")).to_contain_text("Pada 2025")
    charts_drawn(page)

    # The poverty line rises with prices: up, never "worse", nor "better than" the province.
    line = text_of(page, "article.figure[data-indicator=KMS04]")
    assert "naik" in line or "turun" in line
    assert not [v for v in VERDICTS if v in line], line
    # The number of poor is a share of the province and of Indonesia, not better or worse.
    poor = text_of(page, "article.figure[data-indicator=KMS05]")
    assert "persen dari angka Provinsi Contoh" in poor and "persen dari angka Indonesia" in poor
    assert "daripada" not in poor, poor
    # The arrow follows the number: P0's change and its arrow agree in sign.
    change = text_of(page, "article.figure[data-indicator=KMS01] dd.change")
    assert ("▼" in change) == change.startswith("-"), change

    for code in ("KMS04", "KMS05"):
        page.goto(f"{live_server.url}/analisis/indikator/?indikator={code}")
        charts_drawn(page, 2)
        own = text_of(page, f"article.figure[data-indicator={code}]")
        blocks = " ".join(page.locator("section.block .narrative").all_inner_texts())
        said = f"{own} {blocks}"
        assert "peringkat 1 = terbaik" not in said, code
        assert not [a for a in QUADRANT_ADVICE if a in said], (code, said)
        assert "lebih baik daripada" not in said and "lebih buruk daripada" not in said, code
        if code == "KMS04":
            assert not [v for v in VERDICTS if v in said], said
        else:
            assert "Kuadran tidak disusun" in said
    page.goto(f"{live_server.url}/analisis/")

    page.click("nav.tabs a[data-tab=indicator]")
    charts_drawn(page, 3)
    page.select_option("select#indikator", "TKJ01")
    page.wait_for_url("**indikator=TKJ01**")
    expect(page.locator("#blok-perbandingan .narrative")).to_contain_text("peringkat")
    page.select_option("select#tahun", "2020")
    page.wait_for_url("**tahun=2020**")
    expect(page.locator("article.figure[data-indicator=TKJ01] .narrative")).to_contain_text(
        "Pada 2020"
    )
    charts_drawn(page, 3)

    page.click("nav.tabs a[data-tab=map]")
    charts_drawn(page)
    expect(page.locator("#map-legend tbody tr")).to_have_count(5)
    page.select_option("select#klasifikasi", "quantile")
    page.wait_for_url("**klasifikasi=quantile**")
    charts_drawn(page)
    assert page.locator(".chart.vega[data-ready] svg path").count() > 50  # desa polygons

    # The report is made on request (well under 20 s; allow a slow machine more).
    with page.expect_download(timeout=60000) as download:
        page.click("a[data-download=report-pdf]", no_wait_after=True)
    pdf = download.value.path().read_bytes()
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Analisis Kemiskinan" in text and "Daftar isi" in text
    assert "Provinsi Contoh" in text
    assert "Persentase penduduk miskin (P0)" in text
    assert "Halaman 2 /" in text
