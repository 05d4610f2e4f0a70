"""The central team creates a training: agenda from the curriculum, data requirements, KAK/RAB."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from sepakat.core.errors import UserError
from sepakat.datahub.models import DataRequirement
from sepakat.training import services
from sepakat.training.models import Training, TrainingModel

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_it_creates_a_model_i_training_with_the_standard_agenda(
    client, login_as, personas, regions, datasets, start_date
):
    login_as(personas["diana"])
    response = client.post(
        reverse("training:new"),
        {
            "region": regions["kab_a"].pk,
            "title": "Pelatihan Alfa",
            "model": TrainingModel.MODEL_I,
            "start_date": start_date.isoformat(),
            "with_day_four": "on",
            "venue": "Aula",
            "funding": "APBD Kabupaten Alfa",
        },
    )
    training = Training.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("training:detail", args=[training.pk])
    sessions = list(training.sessions.order_by("starts_at"))
    assert len(sessions) == 15  # 14 over three days and the half day 4
    assert sessions[0].title == "Registrasi peserta dan pembukaan"
    assert sessions[1].title == "Pre-test"
    assert sessions[-2].title == "Reviu pelatihan dan penutupan"
    assert sessions[-1].day == 4 and "DPRD" in sessions[-1].title
    assert {s.day for s in sessions} == {1, 2, 3, 4}
    assert (
        LogEntry.objects.get_for_object(training).get(action=LogEntry.Action.CREATE).actor
        == personas["diana"]
    )


def test_model_ii_has_data_entry_training_forums_and_the_follow_up_plan(
    personas, regions, datasets, start_date
):
    training = services.training_create(
        user=personas["diana"],
        region=regions["kab_a"],
        title="Model II",
        model=TrainingModel.MODEL_II,
        start_date=start_date,
        rctl_person="Kepala Bidang Sosbud Bappeda",
    )
    titles = list(training.sessions.order_by("starts_at").values_list("title", flat=True))
    assert titles[0].startswith("Pelatihan entri data")
    assert "Forum pemutakhiran data" in titles
    assert "Forum perencanaan dan monev untuk masukan SIPPD" in titles
    assert titles[-1] == "Penyusunan rencana tindak lanjut (RCTL)"
    assert training.rctl_person == "Kepala Bidang Sosbud Bappeda"


def test_day_four_exists_only_in_model_i(personas, regions, datasets, start_date):
    with pytest.raises(UserError, match="Model I"):
        services.training_create(
            user=personas["diana"],
            region=regions["kab_a"],
            title="x",
            model=TrainingModel.MODEL_II,
            start_date=start_date,
            with_day_four=True,
        )


def test_the_region_must_deliver_its_data_seven_days_before_day_one(training, datasets, start_date):
    requirements = DataRequirement.objects.filter(region=training.region)
    assert requirements.count() == len(datasets)
    assert {r.due_date for r in requirements} == {start_date - dt.timedelta(days=7)}


def test_moving_the_training_moves_the_agenda_and_the_due_date(training, personas, start_date):
    first = training.sessions.order_by("starts_at").first()
    new_start = start_date + dt.timedelta(days=10)
    services.training_update(
        user=personas["diana"],
        training=training,
        title=training.title,
        start_date=new_start,
        venue="",
        funding="APBD",
    )
    first.refresh_from_db()
    assert first.starts_at.date() == new_start or first.starts_at.astimezone().date() == new_start
    dues = set(
        DataRequirement.objects.filter(region=training.region).values_list("due_date", flat=True)
    )
    assert dues == {new_start - dt.timedelta(days=7)}


@pytest.mark.parametrize("persona", ["alice", "bob", "erin", "frank", "grace", "hana"])
def test_only_the_central_admin_creates_trainings(client, login_as, personas, persona):
    login_as(personas[persona])
    assert client.get(reverse("training:new")).status_code == 403


def test_the_agenda_is_editable_and_printable(client, login_as, personas, training):
    login_as(personas["diana"])
    session = training.sessions.order_by("starts_at")[2]
    response = client.post(
        reverse("training:session_edit", args=[training.pk, session.pk]),
        {
            "day": 1,
            "starts_at": "2030-01-01T09:30",
            "ends_at": "2030-01-01T10:45",
            "title": "Kebijakan penanggulangan kemiskinan daerah",
            "topic": "kebijakan",
            "counts_for_attendance": "on",
        },
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.title == "Kebijakan penanggulangan kemiskinan daerah"
    response = client.get(reverse("training:agenda_pdf", args=[training.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Agenda Pelatihan SEPAKAT" in text
    assert "Pelatihan SEPAKAT Kabupaten Alfa" in text
    assert "Hari ke-1" in text and "Hari ke-3" in text
    assert "Kebijakan penanggulangan kemiskinan daerah" in text
    assert "Post-test" in text


def test_the_kak_and_rab_are_filled_with_the_event(client, login_as, personas, training, datasets):
    services.trainer_add(
        user=personas["diana"],
        training=training,
        name="Dr. Rina",
        institution="Bappenas",
        is_bappenas=True,
    )
    login_as(personas["bob"])  # the region's own admin prepares its budget proposal
    text = pdf_text(client.get(reverse("training:kak_pdf", args=[training.pk])).content)
    assert "Kerangka Acuan Kerja" in text
    assert "Kabupaten Alfa" in text
    assert "Daerah Dalam Angka" in text and "APBD Lampiran IV" in text
    assert "Dr. Rina" in text
    response = client.get(reverse("training:rab_xlsx", args=[training.pk]))
    sheet = load_workbook(io.BytesIO(response.content))["RAB"]
    values = [c.value for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "Pelatihan SEPAKAT Kabupaten Alfa" in values
    assert "Konsumsi peserta (makan siang dan 2x rehat)" in values
    assert 90 in values  # 30 participants x 3 days
    assert any(isinstance(v, str) and v.startswith("=SUM(F") for v in values)


def test_a_team_has_at_most_six_trainers(training, personas):
    for n in range(6):
        services.trainer_add(user=personas["diana"], training=training, name=f"Pelatih {n}")
    with pytest.raises(UserError, match="paling banyak 6"):
        services.trainer_add(user=personas["diana"], training=training, name="Pelatih 7")
