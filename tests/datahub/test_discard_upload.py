"""Discarding an upload: only its uploader or an admin of its region, with an audit row,
and its files gone (issue 17, item 6)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.urls import reverse

from sepakat.accounts.services import user_create
from sepakat.core.roles import Role
from sepakat.datahub.models import Upload
from sepakat.datahub.uploads import receive_upload
from tests.datahub.conftest import filled_template

pytestmark = pytest.mark.django_db


@pytest.fixture
def upload(personas, dataset):
    erin = personas["erin"]
    content = filled_template(dataset, erin.region, {("98.01.01", "KES01"): 90})
    received = receive_upload(
        user=erin,
        dataset=dataset,
        region=erin.region,
        stream=io.BytesIO(content),
        original_name="profil.xlsx",
        run_now=True,
    )
    assert received.upload is not None and received.upload.status == "previewed"
    return received.upload


def files_of(upload):
    return [Path(settings.MEDIA_ROOT) / p for p in (upload.stored_path, upload.staged_path)]


def discard_audits():
    return LogEntry.objects.filter(changes__icontains="upload_discarded")


def discard(client, upload, capture):
    with capture(execute=True):
        return client.post(reverse("datahub:upload_discard", args=[upload.pk]), follow=True)


def test_the_uploader_discards_and_the_files_go(
    client, personas, login_as, upload, django_capture_on_commit_callbacks
):
    assert all(p.exists() for p in files_of(upload))
    login_as(personas["erin"])
    discard(client, upload, django_capture_on_commit_callbacks)
    upload.refresh_from_db()
    assert upload.status == "discarded"
    assert not any(p.exists() for p in files_of(upload))
    entry = discard_audits().get()
    assert entry.actor == personas["erin"]
    assert "profil.xlsx" in str(entry.changes) and "previewed" in str(entry.changes)


def test_the_regions_admin_may_discard_an_operators_upload(
    client, personas, login_as, upload, django_capture_on_commit_callbacks
):
    login_as(personas["bob"])
    discard(client, upload, django_capture_on_commit_callbacks)
    upload.refresh_from_db()
    assert upload.status == "discarded"
    assert discard_audits().get().actor == personas["bob"]


def test_another_operator_of_the_region_cannot_discard_it(
    client, personas, login_as, upload, regions, django_capture_on_commit_callbacks
):
    other = user_create(
        username="eko",
        password="x-sandi-panjang-1",
        role=Role.DATA_OPERATOR,
        region=regions["kab_a"],
        email="eko@contoh.go.id",
    )
    login_as(other)
    response = discard(client, upload, django_capture_on_commit_callbacks)
    assert "hanya pengunggahnya atau admin daerah yang dapat membatalkannya" in (
        response.content.decode()
    )
    upload.refresh_from_db()
    assert upload.status == "previewed"
    assert all(p.exists() for p in files_of(upload))
    assert not discard_audits().exists()


def test_an_operator_of_another_region_gets_404(
    client, personas, login_as, upload, regions, django_capture_on_commit_callbacks
):
    outsider = user_create(
        username="beta-op",
        password="x-sandi-panjang-1",
        role=Role.DATA_OPERATOR,
        region=regions["kab_b"],
        email="op@beta.go.id",
    )
    login_as(outsider)
    response = client.post(reverse("datahub:upload_discard", args=[upload.pk]))
    assert response.status_code == 404
    upload.refresh_from_db()
    assert upload.status == "previewed" and not discard_audits().exists()


def test_a_planner_may_not_discard(client, personas, login_as, upload):
    login_as(personas["alice"])
    response = client.post(reverse("datahub:upload_discard", args=[upload.pk]))
    assert response.status_code == 403
    upload.refresh_from_db()
    assert upload.status == "previewed" and not discard_audits().exists()


def test_a_committed_upload_cannot_be_discarded(
    client, personas, login_as, upload, django_capture_on_commit_callbacks
):
    login_as(personas["erin"])
    client.post(reverse("datahub:upload_commit", args=[upload.pk]))
    upload.refresh_from_db()
    assert upload.status == "committed"
    response = discard(client, upload, django_capture_on_commit_callbacks)
    assert "sudah disimpan tidak dapat dibatalkan" in response.content.decode()
    upload.refresh_from_db()
    assert upload.status == "committed" and Path(settings.MEDIA_ROOT, upload.stored_path).exists()
    assert not discard_audits().exists()
    assert Upload.objects.count() == 1
