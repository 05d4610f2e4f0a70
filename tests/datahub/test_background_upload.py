"""Large files are read by the background worker; the page shows progress meanwhile."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sepakat.datahub.models import Upload, UploadStatus
from sepakat.datahub.uploads import receive_upload
from tests.datahub.conftest import filled_template

pytestmark = pytest.mark.django_db


def test_a_large_file_is_queued_read_by_the_worker_and_previewed(
    run_worker, client, personas, login_as, dataset, settings, django_capture_on_commit_callbacks
):
    settings.SEPAKAT_UPLOAD_MAX_MB = 20
    content = filled_template(dataset, personas["erin"].region, {("98.01.01", "KES01"): 90})
    with django_capture_on_commit_callbacks(execute=True):
        received = receive_upload(
            user=personas["erin"],
            dataset=dataset,
            region=personas["erin"].region,
            stream=io.BytesIO(content),
            original_name="besar.xlsx",
            run_now=False,
        )
    upload = received.upload
    assert upload.status == UploadStatus.QUEUED

    login_as(personas["erin"])
    partial = client.get(reverse("datahub:upload", args=[upload.pk]), HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 1s"' in partial.content.decode()
    assert "<progress" in partial.content.decode()

    run_worker()
    upload.refresh_from_db()
    assert upload.status == UploadStatus.PREVIEWED
    assert upload.progress == 100 and upload.summary["new"] == 1

    done = client.get(reverse("datahub:upload", args=[upload.pk]), HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true"


def test_a_large_bad_file_ends_as_a_failed_upload_with_its_errors(
    run_worker, personas, dataset, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        received = receive_upload(
            user=personas["erin"],
            dataset=dataset,
            region=personas["erin"].region,
            stream=io.BytesIO(b"bukan,excel\n1,2\n"),
            original_name="besar.csv",
            run_now=False,
        )
    run_worker()
    upload = Upload.objects.get(pk=received.upload.pk)
    assert upload.status == UploadStatus.FAILED
    assert "kode_wilayah" in upload.errors[0]["message"]


def test_the_upload_form_routes_large_files_to_the_worker(
    client, personas, login_as, dataset, monkeypatch
):
    monkeypatch.setattr("sepakat.datahub.uploads.BACKGROUND_THRESHOLD", 10)
    login_as(personas["erin"])
    content = filled_template(dataset, personas["erin"].region, {("98.01.01", "KES01"): 90})
    response = client.post(
        reverse("datahub:upload_new"),
        {"dataset": dataset.pk, "file": SimpleUploadedFile("besar.xlsx", content)},
        follow=True,
    )
    assert "sedang dibaca" in response.content.decode()
    assert Upload.objects.get().status == UploadStatus.QUEUED
