"""Participant lists that are too large or saved oddly (issue 17, item 5)."""

from __future__ import annotations

import html
import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sepakat.training.models import Participant
from tests.datahub.badfiles import xml_entities, zip_bomb
from tests.training.conftest import participants_csv, participants_xlsx

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


@pytest.mark.parametrize(
    ("seed", "says"),
    [
        (None, "peserta.xlsx: Berkas xlsx membengkak menjadi ratusan MB saat dibuka (bom zip)"),
        (1, "peserta.xlsx: Berkas xlsx berisi deklarasi entitas XML (DOCTYPE)"),
        (2, "peserta.xlsx: Berkas xlsx berisi deklarasi entitas XML (DOCTYPE)"),
    ],
)
def test_a_hostile_workbook_is_refused_unopened_and_nothing_is_kept(
    client, login_as, personas, training, seed, says
):
    login_as(personas["diana"])
    if seed is None:
        content = zip_bomb()
    else:
        _label, content = xml_entities(random.Random(seed), participants_xlsx(2))
    page = send(client, training, "peserta.xlsx", content).content.decode()
    assert says in html.unescape(page)
    client.post(reverse("training:participants_import_confirm", args=[training.pk]))
    assert Participant.objects.count() == 0
