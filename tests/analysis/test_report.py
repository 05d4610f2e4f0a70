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
    tren = [[c.value for c in r] for r in book["Tren"].iter_rows()]
    assert ["KMS01", "Persentase penduduk miskin (P0)", "Kabupaten Alfa", 2024, 9.87, 0.52] in [
        row[:6] for row in tren
    ]


def test_reports_check_the_region(client, world, personas, login_as):
    login_as(personas["charlie"])
    assert client.get(reverse("analysis:report_pdf"), {"wilayah": "98.01"}).status_code == 404
    login_as(personas["erin"])
    assert client.get(reverse("analysis:report_xlsx")).status_code == 403
