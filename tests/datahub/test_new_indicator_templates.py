"""The indicators the poverty analysis gained are in the templates of the agency that has them.

Dropout (Dinas Pendidikan), maternal and infant mortality and JKN coverage (Dinas
Kesehatan), each programme's coverage of deciles 1-4 and its leakage (Dinas Sosial), birth
certificates and NIK (Dukcapil) come as one row per kab/kota and year; survey indicators
(BPS) are loaded by the central team and are in no regional template.
"""

from __future__ import annotations

import io

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from sepakat.accounts.models import User
from sepakat.datahub.models import Dataset, Observation, Submission, Upload

pytestmark = pytest.mark.django_db

AGENCY_TEMPLATES = {
    "profil-pendidikan-kabupaten-kota": ["PLD18", "PLD19", "PLD20"],
    "profil-kesehatan-kabupaten-kota": ["PLD21", "PLD22", "PLS02"],
    "bantuan-sosial": ["PLS01", "PLS03", "PLS04", "PLS05", "PLS08", "PLS09", "PLS10", "PLS11"],
    "administrasi-kependudukan": ["PLS13", "PLS14"],
}
SURVEY_CODES = ("KMS07", "KMS09", "KMS10", "KMS11", "PLD15", "PLD16", "PLD17", "PLD23")


@pytest.fixture
def demo(settings, tmp_path):
    from sepakat.demo.services import build_demo

    settings.MICRODATA_DIR = tmp_path / "microdata"
    build_demo(seed=2025)
    return {u.username: u for u in User.objects.filter(username__startswith="contoh.")}


def _sheet(content: bytes, name: str):  # type: ignore[no-untyped-def]
    return load_workbook(io.BytesIO(content))[name]


def test_each_new_agency_indicator_has_a_kab_kota_template_and_survey_ones_have_none(
    client, login_as, demo
):
    in_templates = set(
        Dataset.objects.filter(kind="indicators").values_list("indicators__code", flat=True)
    )
    for code in SURVEY_CODES:
        assert code not in in_templates
    login_as(demo["contoh.9901.operator"])
    for dataset_code, codes in AGENCY_TEMPLATES.items():
        dataset = Dataset.objects.get(code=dataset_code)
        assert sorted(dataset.indicators.values_list("code", flat=True)) == sorted(codes)
        content = client.get(reverse("datahub:template", args=[dataset_code])).content
        data = _sheet(content, "Data")
        keys = [c.value for c in data[2]]
        assert keys[:3] == ["kode_wilayah", "nama_wilayah", "tahun"]
        assert sorted(keys[3:]) == sorted(codes)
        # One row for the kab/kota itself, not its kecamatan.
        assert data["A3"].value == "99.01" and data["A4"].value is None
        # The column titles carry the unit, and the instructions list every indicator.
        titles = " ".join(str(c.value) for c in data[1])
        instructions = " ".join(
            str(c.value) for row in _sheet(content, "Petunjuk").iter_rows() for c in row
        )
        for code in codes:
            assert code in instructions
        if dataset_code == "profil-kesehatan-kabupaten-kota":
            assert "per 100.000 kelahiran hidup" in titles


def test_a_dinas_sosial_operator_uploads_coverage_and_leakage_for_the_kab(client, login_as, demo):
    operator, admin, outsider = (
        demo["contoh.9901.operator"],
        demo["contoh.9901.admin"],
        demo["contoh.9902.perencana"],
    )
    login_as(operator)
    content = client.get(reverse("datahub:template", args=["bantuan-sosial"])).content
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook["Data"]
    keys = [c.value for c in sheet[2]]
    sheet.cell(row=3, column=keys.index("PLS03") + 1, value=81.5)
    sheet.cell(row=3, column=keys.index("PLS09") + 1, value=12.25)
    sheet.cell(row=3, column=keys.index("PLS04") + 1, value="delapan puluh")
    year = sheet.cell(row=3, column=3).value
    bad = io.BytesIO()
    workbook.save(bad)
    dataset = Dataset.objects.get(code="bantuan-sosial")

    def upload(payload: bytes) -> str:
        return client.post(
            reverse("datahub:upload_new"),
            {"dataset": dataset.pk, "file": SimpleUploadedFile("bansos.xlsx", payload)},
            follow=True,
        ).content.decode()

    page = upload(bad.getvalue())
    assert "harus berupa angka" in page and Upload.objects.count() == 0
    # (openpyxl.cell() ignores value=None, so the cell is emptied directly)
    sheet.cell(row=3, column=keys.index("PLS04") + 1).value = None
    good = io.BytesIO()
    workbook.save(good)
    page = upload(good.getvalue())
    # The demo already holds this year's figures: the preview says two will change.
    assert 'data-count="changed">2<' in page and 'data-count="new">0<' in page
    client.post(reverse("datahub:upload_commit", args=[Upload.objects.get().pk]))
    submission = Submission.objects.get()
    client.post(reverse("datahub:submission_action", args=[submission.pk, "ajukan"]))
    login_as(admin)
    client.post(reverse("datahub:submission_action", args=[submission.pk, "verifikasi"]))
    submission.refresh_from_db()
    assert submission.status == "verified"
    stored = {
        o.indicator.code: o.value
        for o in Observation.objects.filter(
            indicator__code__in=["PLS03", "PLS04", "PLS09"], region__code="99.01", period=str(year)
        ).select_related("indicator")
    }
    assert stored["PLS03"] == 81.5 and stored["PLS09"] == 12.25
    assert stored.get("PLS04") != 80  # the refused file left nothing behind
    entries = [
        e.changes
        for e in LogEntry.objects.filter(content_type__model="submission").order_by("timestamp")
        if isinstance(e.changes, dict) and e.changes.get("submission") == submission.pk
    ]
    assert [e.get("step") for e in entries][-2:] == ["submitted", "verified"]
    assert sorted(c["after"] for c in entries[-1]["changes"]) == [12.25, 81.5]

    login_as(outsider)
    assert client.get(reverse("datahub:submission", args=[submission.pk])).status_code == 404
