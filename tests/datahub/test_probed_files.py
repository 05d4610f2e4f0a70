"""Files found by probing (issue 17, item 5): each is refused with a message that says
what and where, and leaves no row and no file behind."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sepakat.datahub.models import Observation, Submission, SubmissionValue, Upload
from tests.datahub.conftest import filled_template
from tests.datahub.test_bad_input import edit
from tests.datahub.test_budget_upload import LINE, apbd, filled  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(client, personas, login_as, dataset):
    login_as(personas["erin"])
    return personas["erin"]


def stored_files():
    root = settings.MEDIA_ROOT
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def send(client, dataset, content, name):
    before = (Upload.objects.count(), Submission.objects.count(), SubmissionValue.objects.count())
    files_before = stored_files()
    response = client.post(
        reverse("datahub:upload_new"),
        {"dataset": dataset.pk, "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200
    after = (Upload.objects.count(), Submission.objects.count(), SubmissionValue.objects.count())
    assert after == before, "a refused file must leave the database as it was"
    assert stored_files() == files_before, "a refused file must leave no file behind"
    assert Observation.objects.count() == 0
    return response.content.decode()


def test_a_csv_with_cr_only_line_endings_is_read(client, operator, dataset):
    csv = "kode_wilayah,tahun,KES01\r98.01.01,2024,91.5\r98.01.02,2024,88\r"
    response = client.post(
        reverse("datahub:upload_new"),
        {"dataset": dataset.pk, "file": SimpleUploadedFile("profil.csv", csv.encode())},
    )
    assert response.status_code == 302
    upload = Upload.objects.get()
    assert upload.status == "previewed" and upload.summary["new"] == 2


def test_a_csv_that_breaks_the_csv_reader_is_refused_with_a_message(client, operator, dataset):
    # A quote left open swallows the rest of the file: refused, not read as one cell.
    csv = 'kode_wilayah,tahun,KES01\r98.01.01,2024,"91.5\r\x0b\r'
    page = send(client, dataset, csv.encode(), "profil.csv")
    assert "profil.csv tidak dapat dibaca sebagai CSV" in page and "CSV UTF-8" in page


def test_an_unknown_encoding_is_refused_with_a_message(client, operator, dataset):
    # Valid UTF-8 at the start (so it passes as text), bytes no code page knows later.
    content = b"kode_wilayah,tahun,KES01\n" + b"98.01.01,2024,9\n" * 400 + b"\x81\x8d\x8f\x90\n"
    page = send(client, dataset, content, "profil.csv")
    assert "pengodean huruf" in page and "CSV UTF-8" in page


def test_a_csv_with_a_duplicated_indicator_column_is_refused(client, operator, dataset):
    csv = "kode_wilayah,tahun,KES01,KES01\n98.01.01,2024,91.5,12\n"
    page = send(client, dataset, csv.encode(), "profil.csv")
    assert "kolom KES01 dua kali (kolom C dan D)" in page and "Hapus salah satunya" in page


def test_an_xlsx_with_a_duplicated_indicator_column_is_refused(client, operator, dataset):
    def duplicate(workbook):
        sheet = workbook["Data"]
        sheet.cell(row=2, column=sheet.max_column + 1, value="KES02")

    content = edit(
        filled_template(dataset, operator.region, {("98.01.01", "KES01"): 90}), duplicate
    )
    page = send(client, dataset, content, "profil.xlsx")
    assert "kolom KES02 dua kali" in page


def test_a_template_made_for_another_region_is_refused(client, operator, dataset, regions):
    def other_region(workbook):
        meta = workbook["_meta"]
        for row in meta.iter_rows():
            if row[0].value == "region":
                row[1].value = regions["kab_b"].code

    content = edit(
        filled_template(dataset, operator.region, {("98.01.01", "KES01"): 90}), other_region
    )
    page = send(client, dataset, content, "profil.xlsx")
    assert "templat untuk wilayah 98.02, bukan untuk wilayah Anda (98.01)" in page


def test_the_template_of_ones_own_region_is_still_accepted(client, operator, dataset):
    content = filled_template(dataset, operator.region, {("98.01.01", "KES01"): 90})
    client.post(
        reverse("datahub:upload_new"),
        {"dataset": dataset.pk, "file": SimpleUploadedFile("profil.xlsx", content)},
    )
    assert Upload.objects.get().status == "previewed"


def test_an_absurd_pagu_is_refused(client, personas, login_as, apbd):  # noqa: F811
    login_as(personas["erin"])
    line = [*LINE[:10], 10**20, None]
    page = send(client, apbd, filled(client, apbd, [line]), "apbd.xlsx")
    assert "melebihi Rp 100 triliun" in page
    assert '<td class="num">3</td><td>K</td>' in page


def test_a_realisation_above_the_pagu_is_refused(client, personas, login_as, apbd):  # noqa: F811
    login_as(personas["erin"])
    line = [*LINE[:10], 1_000_000, 1_500_000]
    page = send(client, apbd, filled(client, apbd, [line]), "apbd.xlsx")
    assert "Realisasi (Rp 1.500.000) melebihi pagu (Rp 1.000.000)" in page
    assert '<td class="num">3</td><td>L</td>' in page
