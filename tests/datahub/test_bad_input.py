"""Every kind of bad file gets a clear message with its place, and changes nothing stored."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from sepakat.datahub.models import Observation, Submission, SubmissionValue, Upload
from tests.datahub.conftest import filled_template

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(client, personas, login_as, dataset):
    login_as(personas["erin"])
    return personas["erin"]


def db_state():
    return (
        Upload.objects.count(),
        Submission.objects.count(),
        SubmissionValue.objects.count(),
        Observation.objects.count(),
    )


def send(client, dataset, content, name="profil.xlsx"):
    before = db_state()
    response = client.post(
        reverse("datahub:upload_new"),
        {"dataset": dataset.pk, "file": SimpleUploadedFile(name, content)},
    )
    assert db_state() == before, "a rejected file must leave the database as it was"
    return response.content.decode()


def edit(content: bytes, change) -> bytes:
    workbook = load_workbook(io.BytesIO(content))
    change(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def good(dataset, operator):
    return filled_template(dataset, operator.region, {("98.01.01", "KES01"): 90})


def test_a_file_that_is_not_excel_or_csv(client, operator, dataset):
    page = send(client, dataset, b"%PDF-1.7\n\x00\x01binary", name="surat.pdf")
    assert "bukan berkas Excel (.xlsx) atau CSV" in page


def test_a_corrupt_excel_file(client, operator, dataset):
    content = good(dataset, operator)[:3000]
    page = send(client, dataset, content)
    assert "rusak atau tidak dapat dibuka" in page


def test_an_old_xls_file(client, operator, dataset):
    page = send(client, dataset, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "lama.xls")
    assert ".xls" in page and "simpan sebagai" in page


def test_an_excel_file_that_is_not_our_template(client, operator, dataset):
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    page = send(client, dataset, buffer.getvalue())
    assert "bukan templat SEPAKAT" in page


def test_the_template_of_another_dataset(client, operator, dataset):
    from sepakat.datahub.models import Dataset

    other = Dataset.objects.get(code="profil-pendidikan")
    page = send(client, other, good(dataset, operator))
    assert (
        "templat untuk &#x27;Profil Kesehatan&#x27;, bukan untuk &#x27;Profil Pendidikan&#x27;"
        in page
    )


def test_an_older_version_of_the_template(client, operator, dataset):
    content = good(dataset, operator)
    from sepakat.datahub.models import Area, Indicator

    dataset.indicators.add(
        Indicator.objects.create(
            code="KES04",
            name_id="Imunisasi dasar lengkap",
            area=Area.HEALTH,
            unit="%",
            polarity=1,
        )
    )
    page = send(client, dataset, content)
    assert "versi templat yang lama" in page


def test_another_regions_codes(client, operator, dataset):
    content = edit(
        good(dataset, operator), lambda wb: wb["Data"].cell(row=3, column=1, value="98.02.01")
    )
    page = send(client, dataset, content)
    assert "98.02.01 milik daerah lain" in page
    assert '<td class="num">3</td><td>A</td>' in page


def test_unknown_codes(client, operator, dataset):
    content = edit(
        good(dataset, operator), lambda wb: wb["Data"].cell(row=4, column=1, value="98.01.77")
    )
    page = send(client, dataset, content)
    assert "98.01.77 tidak dikenal" in page


def test_text_in_a_number_cell(client, operator, dataset):
    content = filled_template(dataset, operator.region, {("98.01.01", "KES01"): "sembilan puluh"})
    page = send(client, dataset, content)
    assert "harus berupa angka" in page and "sembilan puluh" in page
    assert '<td class="num">3</td><td>D</td>' in page


def test_a_value_out_of_range(client, operator, dataset):
    content = filled_template(dataset, operator.region, {("98.01.01", "KES02"): 140})
    page = send(client, dataset, content)
    assert "di luar rentang sah 0 sampai 100" in page


def test_duplicate_rows(client, operator, dataset):
    def duplicate(wb):
        sheet = wb["Data"]
        sheet.cell(row=4, column=1, value="98.01.01")
        sheet.cell(row=4, column=4, value=80)

    page = send(client, dataset, edit(good(dataset, operator), duplicate))
    assert "Baris ganda" in page and "sudah ada di baris 3" in page


def test_formulas(client, operator, dataset):
    content = edit(
        good(dataset, operator), lambda wb: wb["Data"].cell(row=4, column=4, value="=D3*2")
    )
    page = send(client, dataset, content)
    assert "Sel berisi rumus" in page and "<td>D</td>" in page


def test_merged_cells(client, operator, dataset):
    content = edit(good(dataset, operator), lambda wb: wb["Data"].merge_cells("D3:E3"))
    page = send(client, dataset, content)
    assert "Sel gabungan D3:E3" in page


def test_an_empty_sheet(client, operator, dataset):
    content = filled_template(dataset, operator.region, {})
    page = send(client, dataset, content)
    assert "tidak berisi nilai apa pun" in page


def test_an_empty_file(client, operator, dataset):
    page = send(client, dataset, b"")
    assert "kosong" in page


def test_a_file_over_the_size_limit(client, operator, dataset, settings):
    settings.SEPAKAT_UPLOAD_MAX_MB = 1
    page = send(client, dataset, b"x" * (1024 * 1024 + 1), name="besar.csv")
    assert "lebih besar dari batas 1 MB" in page


def test_a_renamed_data_sheet(client, operator, dataset):
    def rename(wb):
        wb["Data"].title = "Isian"

    page = send(client, dataset, edit(good(dataset, operator), rename))
    assert "Lembar &#x27;Data&#x27; tidak ada" in page


def test_a_region_code_typed_as_a_number(client, operator, dataset):
    content = edit(
        good(dataset, operator), lambda wb: wb["Data"].cell(row=3, column=1, value=98.01)
    )
    page = send(client, dataset, content)
    assert "Kode wilayah tertulis sebagai angka" in page


def test_a_csv_with_semicolons_and_decimal_commas_is_read(client, operator, dataset):
    csv = "kode_wilayah;tahun;KES01;KES02\n98.01.01;2024;91,5;24,1\n98.01.02;2024;88;\n"
    client.post(
        reverse("datahub:upload_new"),
        {"dataset": dataset.pk, "file": SimpleUploadedFile("profil.csv", csv.encode())},
    )
    upload = Upload.objects.get()
    assert upload.summary["new"] == 3
    assert upload.status == "previewed"


def test_a_csv_with_an_unknown_column_is_refused(client, operator, dataset):
    csv = "kode_wilayah,tahun,KES01,XYZ99\n98.01.01,2024,91.5,1\n"
    page = send(client, dataset, csv.encode(), name="profil.csv")
    assert "XYZ99" in page and "bukan bagian templat" in page


def test_a_zip_that_is_not_a_workbook(client, operator, dataset):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "bukan excel")
    page = send(client, dataset, buffer.getvalue())
    assert "rusak atau tidak dapat dibuka" in page


def test_a_text_pdf_is_reported_as_not_a_template(client, operator, dataset):
    page = send(client, dataset, b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n", "surat.pdf")
    assert "bukan berkas Excel (.xlsx) atau CSV" in page


def test_a_text_file_renamed_xlsx_is_reported_as_damaged(client, operator, dataset):
    page = send(client, dataset, b"kode,nilai\n1,2\n", "data.xlsx")
    assert "rusak atau tidak dapat dibuka sebagai Excel" in page
