"""On the demo, a kab/kota planner opens the approved plan of 99.01 in Chromium and takes
its documents away: the RPKD draft in Word (opened: its chapters are Word headings) and
the SIPD workbook (opened: the columns SIPD-RI's input asks for)."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PLANNER = ("contoh.9901.perencana", "contoh-planner-2025")


@pytest.fixture
def demo(settings, tmp_path):
    from sepakat.demo.services import build_demo

    settings.MICRODATA_DIR = tmp_path / "microdata"
    return build_demo(seed=2025)


def download(page, selector):
    with page.expect_download(timeout=120000) as info:
        page.click(selector)
    return info.value


def test_a_planner_downloads_the_rpkd_and_the_sipd_workbook(page, live_server, demo):
    import docx
    import openpyxl

    page.goto(f"{live_server.url}/akun/masuk/")
    page.fill("input[name=username]", PLANNER[0])
    page.fill("input[name=password]", PLANNER[1])
    page.click("main button[type=submit]")
    page.wait_for_url("**/dasbor/")
    page.goto(f"{live_server.url}/perencanaan/rencana/")
    page.locator("main a[href*='/perencanaan/rencana/versi/']").first.click()
    page.wait_for_url("**/perencanaan/rencana/versi/**")
    expect(page.locator("h1")).to_contain_text("2025-2029")

    word = download(page, "a[data-download=docx]")
    assert word.suggested_filename.endswith("-rpkd.docx")
    document = docx.Document(io.BytesIO(open(word.path(), "rb").read()))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "BAB I PENDAHULUAN" and "BAB IX PENUTUP" in headings

    workbook = download(page, "a[data-download=xlsx]")
    assert workbook.suggested_filename.endswith("-sipd.xlsx")
    content = open(workbook.path(), "rb").read()
    sheet = openpyxl.load_workbook(io.BytesIO(content))["RKPD"]
    header = [c.value for c in sheet[2]]
    assert header[:3] == ["Tahun", "Kode Sub Kegiatan", "Nama Sub Kegiatan"]
    assert "Tag Kemiskinan Ekstrem" in header and sheet.max_row > 2
