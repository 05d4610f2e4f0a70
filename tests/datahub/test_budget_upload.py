"""RKA and APBD lampiran IV: template, upload with cell-precise errors, verification."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from sepakat.budgeting.models import ApbdLine
from sepakat.datahub.models import Dataset, Submission, SubmissionStatus, Upload
from sepakat.regions.models import Level

pytestmark = pytest.mark.django_db

LINE = [
    2025,
    "murni",
    "1.02.0.00.0.00.01.0000",
    "Dinas Kesehatan",
    "1.02.02.2.02.0001",
    "Kesehatan",
    "Program Pemenuhan Upaya Kesehatan",
    "Penyediaan Layanan Kesehatan untuk UKM dan UKP",
    "Pengelolaan Pelayanan Kesehatan Ibu Hamil",
    "5.1",
    1250000000,
    None,
]


@pytest.fixture
def apbd(regions):
    return Dataset.objects.create(
        code="apbd-lampiran-iv", name_id="APBD Lampiran IV", kind="budget", row_level=Level.REGENCY
    )


def filled(client, apbd, rows):
    template = client.get(reverse("datahub:template", args=[apbd.code])).content
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook["Data"]
    for r, values in enumerate(rows, start=3):
        for c, value in enumerate(values, start=1):
            sheet.cell(row=r, column=c, value=value)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def send(client, apbd, content):
    return client.post(
        reverse("datahub:upload_new"),
        {"dataset": apbd.pk, "file": SimpleUploadedFile("apbd.xlsx", content)},
        follow=True,
    ).content.decode()


def test_the_budget_template_has_the_nomenclature_columns(client, personas, login_as, apbd):
    login_as(personas["erin"])
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("datahub:template", args=[apbd.code])).content)
    )["Data"]
    keys = [c.value for c in sheet[2]]
    assert keys[:5] == ["tahun", "tahap", "kode_skpd", "nama_skpd", "kode_sub_kegiatan"]
    assert "jenis_belanja" in keys and "pagu" in keys
    lists = [dv.formula1 for dv in sheet.data_validations.dataValidation if dv.type == "list"]
    assert '"5.1,5.2,5.3,5.4"' in lists


def test_an_apbd_is_uploaded_verified_and_replaces_the_lines_of_its_year_and_stage(
    client, personas, login_as, apbd, regions
):
    kab_a = regions["kab_a"]
    old = ApbdLine.objects.create(
        region=kab_a,
        year=2025,
        stage="murni",
        skpd_code="x",
        skpd_name="Lama",
        sub_kegiatan_code="1.01.02.2.01.0001",
        urusan_name="",
        program_name="",
        kegiatan_name="",
        sub_kegiatan_name="Lama",
        account="5.2",
        amount=Decimal(1),
    )
    other_year = ApbdLine.objects.create(
        region=kab_a,
        year=2024,
        stage="murni",
        skpd_code="x",
        skpd_name="Lama",
        sub_kegiatan_code="1.01.02.2.01.0001",
        urusan_name="",
        program_name="",
        kegiatan_name="",
        sub_kegiatan_name="Lama",
        account="5.2",
        amount=Decimal(1),
    )
    login_as(personas["erin"])
    second = [*LINE[:9], "5.2", 300000000, None]
    page = send(client, apbd, filled(client, apbd, [LINE, second]))
    assert 'data-count="new">2<' in page and 'data-count="removed">1<' in page
    client.post(reverse("datahub:upload_commit", args=[Upload.objects.get().pk]))
    submission = Submission.objects.get()
    assert submission.budget_lines.count() == 2
    client.post(reverse("datahub:submission_action", args=[submission.pk, "ajukan"]))
    login_as(personas["bob"])
    client.post(reverse("datahub:submission_action", args=[submission.pk, "verifikasi"]))
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.VERIFIED
    lines = ApbdLine.objects.filter(region=kab_a, year=2025, stage="murni")
    assert sorted(line.account for line in lines) == ["5.1", "5.2"]
    assert lines.get(account="5.1").amount == Decimal("1250000000.00")
    assert not ApbdLine.objects.filter(pk=old.pk).exists()
    assert ApbdLine.objects.filter(pk=other_year.pk).exists()  # other years untouched


def test_bad_budget_cells_are_named_and_nothing_is_stored(client, personas, login_as, apbd):
    login_as(personas["erin"])
    bad = [
        [2025, "awal", *LINE[2:]],
        [*LINE[:4], "1.2.2.2", *LINE[5:]],
        [*LINE[:9], "6.1", *LINE[10:]],
        [*LINE[:10], "satu miliar", None],
        [*LINE[:10], -5, None],
        LINE,
        LINE,
    ]
    page = send(client, apbd, filled(client, apbd, bad))
    assert "Tahap harus salah satu dari" in page
    assert "Kode sub kegiatan harus berbentuk" in page
    assert "Jenis belanja harus salah satu dari" in page
    assert page.count("Tulis jumlah rupiah sebagai angka") == 2
    assert "Baris ganda" in page and "sudah ada di baris 8" in page
    assert Upload.objects.count() == 0 and ApbdLine.objects.count() == 0


def test_an_indicator_template_is_refused_for_a_budget_dataset(
    client, personas, login_as, apbd, dataset
):
    from tests.datahub.conftest import filled_template

    login_as(personas["erin"])
    content = filled_template(dataset, personas["erin"].region, {("98.01.01", "KES01"): 90})
    page = send(client, apbd, content)
    assert "bukan untuk &#x27;APBD Lampiran IV&#x27;" in page
