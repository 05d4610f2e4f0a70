"""Participant lists that are too large or saved oddly (issue 17, item 5)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sepakat.training.models import Participant
from tests.training.conftest import participants_csv

pytestmark = pytest.mark.django_db


def send(client, training, name, content):
    response = client.post(
        reverse("training:participants_import", args=[training.pk]),
        {"file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200
    return response


def test_a_list_over_the_size_limit_is_refused_unread(client, login_as, personas, training):
    login_as(personas["diana"])
    content = participants_csv(2) + b"#" * (2 * 1024 * 1024)
    response = send(client, training, "peserta.csv", content)
    page = response.content.decode()
    assert "peserta.csv lebih besar dari batas 1024 KB untuk daftar peserta" in page
    assert Participant.objects.count() == 0
    # nothing waits for confirmation
    client.post(reverse("training:participants_import_confirm", args=[training.pk]))
    assert Participant.objects.count() == 0


def test_a_list_with_cr_only_line_endings_is_read(client, login_as, personas, training):
    login_as(personas["diana"])
    content = participants_csv(3).replace(b"\n", b"\r")
    response = send(client, training, "peserta.csv", content)
    assert "peserta03@contoh.go.id" in response.content.decode()
    client.post(reverse("training:participants_import_confirm", args=[training.pk]))
    assert Participant.objects.count() == 3


def test_a_list_naming_a_column_twice_is_refused_with_both_letters(
    client, login_as, personas, training
):
    login_as(personas["diana"])
    # "Email" is the same field as "email" to the reader: which one holds the addresses?
    content = participants_csv(2).replace(b"peran\n", b"peran,Email\n", 1)
    response = send(client, training, "peserta.csv", content)
    page = response.content.decode()
    assert "memuat kolom Email dua kali (kolom C dan H)" in page
    assert "Hapus salah satunya" in page
    client.post(reverse("training:participants_import_confirm", args=[training.pk]))
    assert Participant.objects.count() == 0
