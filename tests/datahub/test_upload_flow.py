"""A data operator fills the template, uploads, previews, commits; the admin verifies."""

from __future__ import annotations

import io

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from sepakat.datahub.models import (
    Observation,
    ObservationStatus,
    Submission,
    SubmissionStatus,
    Upload,
    UploadStatus,
)
from tests.datahub.conftest import filled_template

pytestmark = pytest.mark.django_db


def upload(client, dataset, content, name="profil.xlsx"):
    return client.post(
        reverse("datahub:upload_new"),
        {"dataset": dataset.pk, "file": SimpleUploadedFile(name, content)},
        follow=True,
    )


def test_the_template_is_prefilled_with_the_regions_kecamatan(client, personas, login_as, dataset):
    login_as(personas["erin"])
    response = client.get(reverse("datahub:template", args=[dataset.code]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[:2] == ["Petunjuk", "Data"]
    sheet = workbook["Data"]
    assert [c.value for c in sheet[2]][:4] == ["kode_wilayah", "nama_wilayah", "tahun", "KES01"]
    codes = [row[0].value for row in sheet.iter_rows(min_row=3)]
    assert codes == ["98.01.01", "98.01.02"]  # kab A's kecamatan only, never kab B's
    assert sheet.protection.sheet is True
    assert sheet["D3"].protection.locked is False and sheet["A3"].protection.locked is True
    assert any("KES01" not in str(dv.sqref) for dv in sheet.data_validations.dataValidation)
    assert "Cara mengisi" in "\n".join(str(c.value) for c in workbook["Petunjuk"]["A"])


def test_the_blank_template_is_public(client, dataset):
    response = client.get(reverse("datahub:template_blank", args=[dataset.code]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["Data"]
    assert sheet["A3"].value is None and sheet["A3"].protection.locked is False


def test_the_whole_journey_from_upload_to_verified_values(
    client, personas, login_as, dataset, django_capture_on_commit_callbacks
):
    login_as(personas["erin"])
    content = filled_template(
        dataset,
        personas["erin"].region,
        {("98.01.01", "KES01"): 91.5, ("98.01.01", "KES02"): 24.1, ("98.01.02", "KES03"): 3},
    )
    page = upload(client, dataset, content).content.decode()
    assert 'data-count="new">3<' in page
    assert Submission.objects.count() == 0  # nothing stored before confirming

    upload_row = Upload.objects.get()
    assert upload_row.status == UploadStatus.PREVIEWED
    client.post(reverse("datahub:upload_commit", args=[upload_row.pk]))
    submission = Submission.objects.get()
    assert submission.status == SubmissionStatus.DRAFT
    assert submission.values.count() == 3
    assert Observation.objects.count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("datahub:submission_action", args=[submission.pk, "ajukan"]))
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED
    assert mail.outbox and "bob@contoh.go.id" in mail.outbox[-1].to

    login_as(personas["bob"])
    client.post(
        reverse("datahub:submission_action", args=[submission.pk, "kembalikan"]), {"reason": ""}
    )
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED  # a reason is required
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("datahub:submission_action", args=[submission.pk, "kembalikan"]),
            {"reason": "Angka stunting Alfa Utara terlalu tinggi, mohon dicek."},
        )
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.RETURNED
    assert "terlalu tinggi" in mail.outbox[-1].body

    login_as(personas["erin"])
    client.post(reverse("datahub:submission_action", args=[submission.pk, "ajukan"]))
    login_as(personas["bob"])
    client.post(reverse("datahub:submission_action", args=[submission.pk, "verifikasi"]))
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.VERIFIED
    values = {
        (o.indicator.code, o.region.code): o
        for o in Observation.objects.select_related("indicator", "region")
    }
    assert values[("KES01", "98.01.01")].value == 91.5
    obs = values[("KES02", "98.01.01")]
    assert obs.status == ObservationStatus.VERIFIED and obs.locked
    assert obs.provenance["file"] == "profil.xlsx" and obs.provenance["verified_by"] == "bob"
    steps = [
        e.changes.get("step")
        for e in LogEntry.objects.filter(content_type__model="submission").order_by("timestamp")
        if isinstance(e.changes, dict)
    ]
    assert steps[-4:] == ["submitted", "returned", "submitted", "verified"]


def test_the_same_file_twice_changes_nothing(client, personas, login_as, dataset):
    login_as(personas["erin"])
    content = filled_template(dataset, personas["erin"].region, {("98.01.01", "KES01"): 90})
    upload(client, dataset, content)
    client.post(reverse("datahub:upload_commit", args=[Upload.objects.get().pk]))
    page = upload(client, dataset, content).content.decode()
    assert "sudah diunggah dan disimpan" in page
    assert Upload.objects.count() == 1 and Submission.objects.count() == 1


def test_the_original_file_can_be_downloaded_again(client, personas, login_as, dataset):
    login_as(personas["erin"])
    content = filled_template(dataset, personas["erin"].region, {("98.01.01", "KES01"): 90})
    upload(client, dataset, content)
    response = client.get(reverse("datahub:upload_file", args=[Upload.objects.get().pk]))
    assert b"".join(response.streaming_content) == content


def test_another_region_sees_none_of_it(client, personas, login_as, dataset):
    login_as(personas["erin"])
    content = filled_template(dataset, personas["erin"].region, {("98.01.01", "KES01"): 90})
    upload(client, dataset, content)
    up = Upload.objects.get()
    client.post(reverse("datahub:upload_commit", args=[up.pk]))
    sub = Submission.objects.get()
    login_as(personas["charlie"])
    assert client.get(reverse("datahub:upload", args=[up.pk])).status_code in (403, 404)
    assert client.get(reverse("datahub:submission", args=[sub.pk])).status_code == 404
    response = client.post(reverse("datahub:submission_action", args=[sub.pk, "verifikasi"]))
    assert response.status_code == 404
    sub.refresh_from_db()
    assert sub.status == SubmissionStatus.DRAFT


def test_an_outside_admin_cannot_verify(client, personas, login_as, dataset):
    from sepakat.accounts.services import totp_device_create, user_create
    from sepakat.core.roles import Role

    login_as(personas["erin"])
    upload(
        client,
        dataset,
        filled_template(dataset, personas["erin"].region, {("98.01.01", "KES01"): 90}),
    )
    client.post(reverse("datahub:upload_commit", args=[Upload.objects.get().pk]))
    sub = Submission.objects.get()
    client.post(reverse("datahub:submission_action", args=[sub.pk, "ajukan"]))
    admin_b = user_create(
        username="admin-b",
        password=None,
        role=Role.REGIONAL_ADMIN,
        region=personas["charlie"].region,
    )
    totp_device_create(user=admin_b)
    login_as(admin_b)
    assert (
        client.post(reverse("datahub:submission_action", args=[sub.pk, "verifikasi"])).status_code
        == 404
    )
    assert Observation.objects.count() == 0


@pytest.mark.parametrize("persona", ["alice", "frank", "grace"])
def test_roles_that_do_not_upload_get_403(client, personas, login_as, dataset, persona):
    login_as(personas[persona])
    assert client.get(reverse("datahub:upload_new")).status_code == 403


def test_a_planner_cannot_verify(client, personas, login_as, dataset):
    login_as(personas["erin"])
    upload(
        client,
        dataset,
        filled_template(dataset, personas["erin"].region, {("98.01.01", "KES01"): 90}),
    )
    client.post(reverse("datahub:upload_commit", args=[Upload.objects.get().pk]))
    sub = Submission.objects.get()
    client.post(reverse("datahub:submission_action", args=[sub.pk, "ajukan"]))
    login_as(personas["alice"])
    assert (
        client.post(reverse("datahub:submission_action", args=[sub.pk, "verifikasi"])).status_code
        == 403
    )
    sub.refresh_from_db()
    assert sub.status == SubmissionStatus.SUBMITTED


def test_verified_values_are_locked_until_reopened(client, personas, login_as, dataset):
    login_as(personas["erin"])
    upload(
        client,
        dataset,
        filled_template(dataset, personas["erin"].region, {("98.01.01", "KES01"): 90}),
    )
    client.post(reverse("datahub:upload_commit", args=[Upload.objects.latest("pk").pk]))
    sub = Submission.objects.get()
    client.post(reverse("datahub:submission_action", args=[sub.pk, "ajukan"]))
    login_as(personas["bob"])
    client.post(reverse("datahub:submission_action", args=[sub.pk, "verifikasi"]))

    login_as(personas["erin"])
    page = upload(
        client,
        dataset,
        filled_template(dataset, personas["erin"].region, {("98.01.01", "KES01"): 95}, year=2024),
    ).content.decode()
    assert 'data-count="locked">1<' in page
    second = Upload.objects.latest("pk")
    client.post(reverse("datahub:upload_commit", args=[second.pk]))
    assert Submission.objects.count() == 1  # refused: the value is locked

    login_as(personas["bob"])
    client.post(reverse("datahub:submission_action", args=[sub.pk, "buka"]), {"reason": ""})
    assert Observation.objects.get().locked
    client.post(
        reverse("datahub:submission_action", args=[sub.pk, "buka"]),
        {"reason": "Koreksi data Dinkes"},
    )
    assert not Observation.objects.get().locked
    assert Observation.objects.get().value == 90  # still the verified value until replaced


def test_the_reviewer_sees_values_that_moved_a_lot(client, personas, login_as, dataset, regions):
    from sepakat.datahub.models import Indicator

    Observation.objects.create(
        indicator=Indicator.objects.get(code="KES01"),
        region=regions["kec_a"],
        period="2024",
        value=58.23,
        status="verified",
    )
    login_as(personas["erin"])
    upload(
        client,
        dataset,
        filled_template(dataset, personas["erin"].region, {("98.01.01", "KES01"): 93.05}),
    )
    client.post(reverse("datahub:upload_commit", args=[Upload.objects.get().pk]))
    html = client.get(
        reverse("datahub:submission", args=[Submission.objects.get().pk])
    ).content.decode()
    assert "data-large-change" in html and "+59,8%" in html
    assert "1 nilai berubah lebih dari 25 persen" in html
