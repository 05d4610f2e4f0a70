"""Participants: at most 30, bulk import with a preview, the participant database, composition."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sepakat.core.errors import UserError
from sepakat.training import services
from sepakat.training.models import Participant, Person
from sepakat.training.selectors import composition
from tests.training.conftest import participants_csv, participants_xlsx, person

pytestmark = pytest.mark.django_db


def test_the_31st_participant_is_refused(training, personas):
    for n in range(1, 31):
        services.participant_add(user=personas["diana"], training=training, data=person(n))
    with pytest.raises(UserError, match="paling banyak 30 peserta"):
        services.participant_add(user=personas["diana"], training=training, data=person(31))
    assert training.participants.count() == 30


def test_import_previews_then_registers_30_and_refuses_the_31st(
    client, login_as, personas, training
):
    login_as(personas["diana"])
    upload = SimpleUploadedFile("peserta.xlsx", participants_xlsx(31))
    response = client.post(
        reverse("training:participants_import", args=[training.pk]), {"file": upload}
    )
    page = response.content.decode()
    assert Participant.objects.count() == 0, "the preview stores nothing"
    assert "30 peserta siap didaftarkan" in page
    assert "Baris 32 (Peserta 31) ditolak" in page
    assert "paling banyak 30 peserta" in page

    response = client.post(reverse("training:participants_import_confirm", args=[training.pk]))
    assert response.status_code == 302
    assert training.participants.count() == 30
    assert not training.participants.filter(person__email="peserta31@contoh.go.id").exists()
    entry = LogEntry.objects.filter(object_repr__startswith="Impor peserta").get()
    assert entry.changes["refused_rows"] == [32]
    assert entry.actor == personas["diana"]
    page = client.get(reverse("training:participants", args=[training.pk])).content.decode()
    assert "penuh" in page


def test_a_file_with_errors_names_row_and_column_and_stores_nothing(
    client, login_as, personas, training
):
    login_as(personas["bob"])  # the region's own admin may register its people
    content = (
        participants_csv(3)
        .replace(b"peserta02@contoh.go.id", b"bukan-email")
        .replace(b",bps,", b",statistik,")
    )
    response = client.post(
        reverse("training:participants_import", args=[training.pk]),
        {"file": SimpleUploadedFile("peserta.csv", content)},
    )
    page = response.content.decode()
    assert "Alamat e-mail tidak sah" in page
    assert "<td>3</td><td>C</td><td>bukan-email</td>" in page
    assert Participant.objects.count() == 0
    response = client.post(reverse("training:participants_import_confirm", args=[training.pk]))
    assert Participant.objects.count() == 0


def test_a_file_without_the_columns_is_refused_with_the_expected_columns(
    client, login_as, personas, training
):
    login_as(personas["diana"])
    response = client.post(
        reverse("training:participants_import", args=[training.pk]),
        {"file": SimpleUploadedFile("x.csv", b"a,b\n1,2\n")},
    )
    assert "tidak memuat kolom: nama" in response.content.decode()


def test_a_person_is_kept_across_trainings(training, personas, regions, datasets, start_date):
    import datetime as dt

    from sepakat.training.models import TrainingModel

    services.participant_add(user=personas["diana"], training=training, data=person(1))
    second = services.training_create(
        user=personas["diana"],
        region=regions["kab_a"],
        title="Pelatihan lanjutan",
        model=TrainingModel.MODEL_I,
        start_date=start_date + dt.timedelta(days=60),
    )
    services.participant_add(user=personas["diana"], training=second, data=person(1))
    assert Person.objects.count() == 1
    assert Person.objects.get().enrolments.count() == 2


def test_the_composition_is_checked_against_the_policy(training, personas):
    for n in range(1, 11):
        services.participant_add(user=personas["diana"], training=training, data=person(n))
    result = composition(training)
    assert result.total == 10
    assert all(check.ok for check in result.checks), [(c.label, c.detail) for c in result.checks]
    services.participant_remove(
        user=personas["diana"], participant=training.participants.get(person__agency_type="bps")
    )
    checks = {str(c.label): c.ok for c in composition(training).checks}
    assert checks["BPS dan Kominfo terwakili"] is False


def test_the_participant_page_shows_the_composition(client, login_as, personas, enrolled, training):
    login_as(personas["grace"])
    page = client.get(reverse("training:participants", args=[training.pk])).content.decode()
    assert "Komposisi menurut kebijakan" in page
    assert "Peserta 01" in page


def test_personal_links_are_mailed_after_commit(
    client, login_as, personas, enrolled, training, mailoutbox, django_capture_on_commit_callbacks
):
    login_as(personas["grace"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("training:send_links", args=[training.pk]))
    assert len(mailoutbox) == 5
    first = enrolled[0]
    message = next(m for m in mailoutbox if m.to == [first.person.email])
    assert f"/pelatihan/peserta/{first.token}/" in message.body
