"""The whole analysis of a region as a PDF report and an Excel workbook."""

from __future__ import annotations

import io
import time

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

pytestmark = pytest.mark.django_db


def test_the_pdf_has_cover_contents_sections_and_page_numbers(client, world, personas, login_as):
    login_as(personas["alice"])
    started = time.monotonic()
    response = client.get(reverse("analysis:report_pdf"))
    assert time.monotonic() - started < 20
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Analisis Kemiskinan" in reader.pages[0].extract_text()
    assert "Kabupaten Alfa" in reader.pages[0].extract_text()
    assert "Daftar isi" in text
    for title in ("Kemiskinan", "Ketenagakerjaan", "Sebaran wilayah dan profil desil"):
        assert title in text
    assert "9,87 persen" in text
    assert "peringkat 1 dari 3" in text
    assert f"Halaman 2 / {len(reader.pages)}" in text
    assert "BPS, Susenas (uji)" in text  # sources


def test_the_workbook_has_one_sheet_per_analysis(client, world, personas, login_as):
    login_as(personas["frank"])  # viewers read reports
    response = client.get(reverse("analysis:report_xlsx"))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[:7] == [
        "Ringkasan",
        "Semua indikator",
        "Tren",
        "Peringkat",
        "Kuadran",
        "Relevansi dan efektivitas",
        "Korelasi",
    ]
    assert book.sheetnames[7:] == ["Peta", "Profil desil"]  # not a title cut at 31 characters
    tren = [[c.value for c in r] for r in book["Tren"].iter_rows()]
    assert [
        "KMS01",
        "Persentase penduduk miskin (P0)",
        "%",
        "Kabupaten Alfa",
        2024,
        9.87,
        0.52,
    ] in [row[:7] for row in tren]


def _table(sheet):
    """(headers, rows as dicts of cells) of a sheet written by ``exports.write_block``."""
    rows = list(sheet.iter_rows())
    start = next(
        i
        for i, r in enumerate(rows)
        if r[0].value in ("Kode", "Indikator", "Wilayah", "Code", "Indicator", "Region")
    )
    headers = [c.value for c in rows[start]]
    body = [dict(zip(headers, r, strict=False)) for r in rows[start + 1 :] if r[0].value]
    return headers, [
        r for r in body if not str(r[headers[0]].value).startswith(("Sumber", "Source"))
    ]


def test_the_workbook_writes_numbers_with_their_units_decimals_and_errors(
    client, world, personas, login_as
):
    login_as(personas["alice"])
    book = load_workbook(io.BytesIO(client.get(reverse("analysis:report_xlsx")).content))
    headers, rows = _table(book["Ringkasan"])
    assert "Satuan" in headers and "Galat baku" in headers
    by_name = {r["Indikator"].value: r for r in rows}
    p0 = by_name["Persentase penduduk miskin (P0)"]
    assert p0["Satuan"].value == "%"
    assert p0["Nilai"].value == 9.87 and p0["Nilai"].number_format == "#,##0.00"
    assert p0["Galat baku"].value == 0.52 and p0["Galat baku"].number_format == "#,##0.00"
    # A change is written without binary noise, in the indicator's decimals.
    assert p0["Perubahan"].value == -1.33 and p0["Perubahan"].number_format == "#,##0.00"
    gini = by_name["Rasio Gini"]
    assert gini["Nilai"].number_format == "#,##0.000"
    line = by_name["Garis kemiskinan"]
    assert line["Satuan"].value == "Rp/kapita/bulan" and line["Nilai"].number_format == "#,##0"

    _h, rows = _table(book["Semua indikator"])
    by_code = {r["Kode"].value: r for r in rows}
    assert by_code["KMS01"]["Galat baku"].value == 0.52
    assert by_code["KMS06"]["Nilai"].number_format == "#,##0.000"
    assert by_code["KMS04"]["Nilai"].number_format == "#,##0"
    # Decimals follow the indicator on every sheet of several indicators.
    _h, rows = _table(book["Tren"])
    assert {r["Nilai"].number_format for r in rows if r["Kode"].value == "KMS06"} == {"#,##0.000"}
    _h, rows = _table(book["Korelasi"])
    assert rows and all(r["Nilai p"].number_format == "#,##0.000" for r in rows)
    # One block's sheet: the unit stands in the value column's header.
    headers, _rows = _table(book["Peta"])
    assert "Nilai (%)" in headers


def test_each_column_of_the_workbook_is_as_wide_as_what_it_holds(client, world, personas, login_as):
    login_as(personas["alice"])
    book = load_workbook(io.BytesIO(client.get(reverse("analysis:report_xlsx")).content))
    sheet = book["Semua indikator"]
    headers, _rows = _table(sheet)
    width = {h: sheet.column_dimensions[chr(65 + i)].width for i, h in enumerate(headers)}
    # The code column was 34 wide and the names beside it 12: now the names get the room.
    assert width["Kode"] < 12 < width["Indikator"]
    assert width["Indikator"] >= len("Persentase penduduk miskin (P0)")
    ringkasan = book["Ringkasan"]
    headers, rows = _table(ringkasan)
    reading = chr(65 + headers.index("Bacaan"))
    assert ringkasan.column_dimensions[reading].width == 60  # the widest, then it wraps
    assert all(r["Bacaan"].alignment.wrap_text for r in rows if r["Bacaan"].value)


def test_the_english_workbook_and_report_write_units_in_english(client, world, personas, login_as):
    login_as(personas["alice"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    book = load_workbook(io.BytesIO(client.get(reverse("analysis:report_xlsx")).content))
    _headers, rows = _table(book.worksheets[0])
    units = {r["Unit"].value for r in rows}
    assert {"index", "thousand people", "Rp/capita/month", "%"} <= units
    assert not units & {"indeks", "ribu jiwa", "Rp/kapita/bulan"}
    pdf = PdfReader(io.BytesIO(client.get(reverse("analysis:report_pdf")).content))
    text = "".join(page.extract_text() for page in pdf.pages)
    assert "thousand people" in text and "ribu jiwa" not in text


def test_counts_and_money_totals_are_not_set_beside_province_and_nation_levels(
    client, world, personas, login_as
):
    login_as(personas["alice"])
    book = load_workbook(io.BytesIO(client.get(reverse("analysis:report_xlsx")).content))
    shares = []
    for sheet, key in (("Ringkasan", "Indikator"), ("Semua indikator", "Indikator")):
        _h, rows = _table(book[sheet])
        by_name = {r[key].value: r for r in rows}
        pad = by_name.get("Pendapatan asli daerah (PAD)")
        if pad is not None:  # a money total: nothing beside it
            assert pad["Provinsi / induk"].value is None and pad["Nasional"].value is None
            assert pad["Bagian dari provinsi / induk (persen)"].value is None
        poor = by_name.get("Jumlah penduduk miskin")
        if poor is not None:  # a count: its share of the province and the nation
            assert poor["Provinsi / induk"].value is None and poor["Nasional"].value is None
            share = poor["Bagian dari provinsi / induk (persen)"]
            if poor["Nilai"].value is not None:
                assert 0 < share.value < 100 and share.number_format == "#,##0.00"
                shares.append(share.value)
        rate = by_name["Persentase penduduk miskin (P0)"]
        assert rate["Provinsi / induk"].value == 10.2 and rate["Nasional"].value == 9.03
    assert shares  # kab A's number of poor of 2023 against the province's


def test_reports_check_the_region(client, world, personas, login_as):
    login_as(personas["charlie"])
    assert client.get(reverse("analysis:report_pdf"), {"wilayah": "98.01"}).status_code == 404
    login_as(personas["erin"])
    assert client.get(reverse("analysis:report_xlsx")).status_code == 403
