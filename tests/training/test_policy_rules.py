"""The usage policy on attendance, certificates and the trainer team: attendance is recorded
for a session that has started, the 80 % counts only the core sessions of the 3-day training,
certificates come after the last core day and never verify before it, "Semua hadir" records a
session at once, and a training is confirmed only with a full team."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from sepakat.core.errors import UserError
from sepakat.training import services
from sepakat.training.attendance import session_all_present
from sepakat.training.models import Attendance, Certificate, TrainingModel, TrainingStatus
from sepakat.training.rules import core_end, core_sessions, long_date
from sepakat.training.selectors import attendance_table
from tests.training.conftest import person

pytestmark = pytest.mark.django_db


def during(session):
    return session.starts_at + dt.timedelta(minutes=5)


# --- 1. Attendance only for a session that has started -------------------------------------


def test_a_trainer_cannot_record_a_session_that_has_not_started(training, enrolled, personas):
    session = core_sessions(training)[0]
    with pytest.raises(UserError) as refused:
        services.check_in(
            participant=enrolled[0],
            session=session,
            method="trainer",
            by=personas["grace"],
            now=session.starts_at - dt.timedelta(minutes=1),
        )
    message = str(refused.value)
    assert session.title in message
    start = timezone.localtime(session.starts_at)
    assert long_date(start) in message and f"{start:%H:%M}" in message
    assert not Attendance.objects.exists()
    # From the start on, the same recording goes through.
    services.check_in(
        participant=enrolled[0],
        session=session,
        method="trainer",
        by=personas["grace"],
        now=session.starts_at,
    )
    assert Attendance.objects.count() == 1


def test_a_central_admin_records_early_only_with_a_reason_kept_in_the_audit(
    training, enrolled, personas
):
    session = core_sessions(training)[0]
    early = session.starts_at - dt.timedelta(days=2)
    with pytest.raises(UserError, match="alasan"):
        services.check_in(
            participant=enrolled[0],
            session=session,
            method="trainer",
            by=personas["diana"],
            now=early,
        )
    attendance = services.check_in(
        participant=enrolled[0],
        session=session,
        method="trainer",
        by=personas["diana"],
        now=early,
        override_reason="Daftar hadir kertas dari panitia, jam perangkat salah",
    )
    assert attendance.override_reason.startswith("Daftar hadir kertas")
    entry = LogEntry.objects.get_for_object(attendance).get()
    assert "Daftar hadir kertas" in str(entry.changes)


def test_the_attendance_page_refuses_an_early_mark_with_the_message(
    client, login_as, personas, training, enrolled
):
    login_as(personas["grace"])
    session = core_sessions(training)[0]  # the training is 30 days away
    response = client.post(
        reverse("training:attendance_mark", args=[training.pk]),
        {"participant": enrolled[0].pk, "session": session.pk, "present": "1"},
        follow=True,
    )
    assert "kehadiran dicatat setelah sesi mulai" in response.content.decode()
    assert not Attendance.objects.exists()


# --- 2. Core sessions and certificates -------------------------------------------------------


def test_registration_and_day_four_are_recorded_but_do_not_count(personas, regions, datasets):
    training = services.training_create(
        user=personas["diana"],
        region=regions["kab_a"],
        title="Alfa dengan hari ke-4",
        model=TrainingModel.MODEL_I,
        start_date=timezone.localdate() - dt.timedelta(days=10),
        with_day_four=True,
    )
    participant = services.participant_add(
        user=personas["diana"], training=training, data=person(1)
    )
    core = core_sessions(training)
    assert len(core) == 13 and {s.day for s in core} == {1, 2, 3}
    registration = training.sessions.get(title__startswith="Registrasi")
    day_four = training.sessions.get(day=4)
    for session in (registration, day_four, *core[:10]):
        services.check_in(
            participant=participant, session=session, method="trainer", by=personas["grace"]
        )
    row = attendance_table(training).rows[0]
    assert row.count == 10 and row.total == 13  # 76.9 %: the two extra sessions do not help
    assert not row.eligible
    assert services.certificates_issue(user=personas["grace"], training=training) == []
    assert core_end(training) == max(s.ends_at for s in core) < day_four.starts_at


def test_model_ii_counts_its_full_training_days_only(personas, regions, datasets, start_date):
    training = services.training_create(
        user=personas["diana"],
        region=regions["kab_a"],
        title="Beta model II",
        model=TrainingModel.MODEL_II,
        start_date=start_date,
    )
    core = core_sessions(training)
    assert {s.day for s in core} == {3, 4, 5}
    assert len(core) == 13
    assert not any("Forum" in s.title or "entri data" in s.title for s in core)


def test_certificates_are_refused_before_the_last_core_day_ends(training, enrolled, personas):
    end = core_end(training)
    for session in core_sessions(training):
        services.check_in(
            participant=enrolled[0],
            session=session,
            method="trainer",
            by=personas["grace"],
            now=during(session),
        )
    with pytest.raises(UserError) as refused:
        services.certificates_issue(
            user=personas["grace"], training=training, now=end - dt.timedelta(minutes=1)
        )
    assert long_date(end) in str(refused.value)
    assert not Certificate.objects.exists()
    issued = services.certificates_issue(user=personas["grace"], training=training, now=end)
    assert [c.participant for c in issued] == [enrolled[0]]


def test_a_certificate_made_before_the_training_ended_does_not_verify(client, training, enrolled):
    # Made directly in the database, as a wrong import or a hand edit would.
    certificate = Certificate.objects.create(
        participant=enrolled[0], attendance_share=1.0, issued_at=timezone.now()
    )
    page = client.get(reverse("training:certificate_verify", args=[certificate.code]))
    text = page.content.decode()
    assert "belum berlaku" in text and "asli dan berlaku" not in text
    assert long_date(core_end(training)) in text


def test_the_attendance_page_says_what_counts(client, login_as, personas, training, enrolled):
    login_as(personas["grace"])
    page = client.get(reverse("training:attendance", args=[training.pk])).content.decode()
    assert "13 sesi inti pelatihan 3 hari" in page
    assert "Registrasi, hari ke-4, forum dan pertemuan tindak lanjut" in page
    assert "tidak dihitung" in page  # the registration column
    assert "training/training.css" in page


# --- 3. "Semua hadir" --------------------------------------------------------------------------


def test_all_present_records_everyone_in_one_audit_row(training, enrolled, personas):
    session = core_sessions(training)[2]
    services.check_in(
        participant=enrolled[0],
        session=session,
        method="trainer",
        by=personas["grace"],
        now=during(session),
    )
    before = LogEntry.objects.count()
    n = session_all_present(user=personas["grace"], session=session, now=during(session))
    assert n == len(enrolled) - 1
    assert session.attendances.count() == len(enrolled)
    assert LogEntry.objects.count() == before + 1
    summary = LogEntry.objects.latest("pk")
    assert "Semua hadir" in summary.object_repr and session.title in summary.object_repr
    # The trainer then unmarks one who was absent.
    services.attendance_remove(user=personas["grace"], participant=enrolled[3], session=session)
    assert session.attendances.count() == len(enrolled) - 1


def test_all_present_follows_the_rule_of_a_started_session(
    client, login_as, training, enrolled, personas
):
    session = core_sessions(training)[0]
    with pytest.raises(UserError):
        session_all_present(
            user=personas["grace"], session=session, now=session.starts_at - dt.timedelta(hours=1)
        )
    login_as(personas["grace"])
    response = client.post(
        reverse("training:session_all_present", args=[training.pk, session.pk]), follow=True
    )
    assert "kehadiran dicatat setelah sesi mulai" in response.content.decode()
    assert not Attendance.objects.exists()


def test_all_present_from_the_page_during_a_session(
    client, login_as, past_training, past_enrolled, personas
):
    session = core_sessions(past_training)[0]
    login_as(personas["grace"])
    response = client.post(
        reverse("training:session_all_present", args=[past_training.pk, session.pk]), follow=True
    )
    assert "5 peserta dicatat hadir" in response.content.decode()
    assert session.attendances.count() == len(past_enrolled)


def test_the_attendance_buttons_are_large_enough_for_a_finger():
    from django.contrib.staticfiles import finders

    path = finders.find("training/training.css")
    assert path is not None
    css = open(path, encoding="utf-8").read()
    assert "#attendance .mark" in css and "min-height: 44px" in css and "min-width: 44px" in css


# --- 4. Trainer team --------------------------------------------------------------------------


def _confirm(training, user):
    return services.training_update(
        user=user,
        training=training,
        title=training.title,
        start_date=training.start_date,
        venue=training.venue,
        funding=training.funding,
        status=TrainingStatus.CONFIRMED,
    )


def test_a_training_is_confirmed_only_with_five_trainers_and_bappenas(training, personas):
    admin = personas["diana"]
    for n in range(4):
        services.trainer_add(user=admin, training=training, name=f"Pelatih {n}")
    with pytest.raises(UserError) as refused:
        _confirm(training, admin)
    message = str(refused.value)
    assert "4 orang" in message and "narasumber Bappenas" in message
    training.refresh_from_db()
    assert training.status == TrainingStatus.PLANNED
    services.trainer_add(user=admin, training=training, name="Pelatih 4")
    with pytest.raises(UserError, match="narasumber Bappenas"):
        _confirm(training, admin)
    services.trainer_add(
        user=admin, training=training, name="Ibu Bappenas", institution="Bappenas", is_bappenas=True
    )
    assert _confirm(training, admin).status == TrainingStatus.CONFIRMED


def test_the_training_page_warns_while_the_team_is_incomplete(client, login_as, training, personas):
    login_as(personas["diana"])
    page = client.get(reverse("training:detail", args=[training.pk])).content.decode()
    assert 'id="team-warning"' in page and "belum ada narasumber Bappenas" in page
    for n in range(4):
        services.trainer_add(user=personas["diana"], training=training, name=f"Pelatih {n}")
    services.trainer_add(
        user=personas["diana"], training=training, name="Narasumber", is_bappenas=True
    )
    page = client.get(reverse("training:detail", args=[training.pk])).content.decode()
    assert 'id="team-warning"' not in page


# --- 5. Documents -------------------------------------------------------------------------------


def test_long_date_is_one_indonesian_form():
    assert long_date(dt.date(2026, 12, 8)) == "8 Desember 2026"
    assert long_date(dt.date(2027, 2, 1)) == "1 Februari 2027"


def test_the_certificate_names_hours_place_issue_date_and_signatory(
    past_training, past_enrolled, personas, settings
):
    from sepakat.training import documents
    from tests.training.test_tests_and_certificates import pdf_text

    settings.SEPAKAT_SIGNATORY_NAME = "Dr. Budi Santoso, M.Si."
    settings.SEPAKAT_SIGNATORY_NIP = "197001011995031001"
    for session in core_sessions(past_training):
        services.check_in(
            participant=past_enrolled[0],
            session=session,
            method="trainer",
            by=personas["grace"],
            now=during(session),
        )
    (certificate,) = services.certificates_issue(user=personas["grace"], training=past_training)
    text = " ".join(
        pdf_text(documents.certificate_pdf(certificate, base_url="http://testserver/")).split()
    )
    assert "Pelatihan SEPAKAT Kabupaten Alfa" in text
    assert "27 jam pelajaran (JP)" in text  # 1,200 minutes of core sessions / 45
    assert "Aula Bappeda Alfa" in text
    assert f"Jakarta, {long_date(certificate.issued_at)}" in text
    assert "Dr. Budi Santoso, M.Si." in text and "NIP 197001011995031001" in text
    assert text.count("Kabupaten Alfa") == 1  # the title names the region; no repeat


def test_the_rab_numbers_its_lines_under_no(training):
    import io

    from openpyxl import load_workbook

    from sepakat.training import documents

    ws = load_workbook(io.BytesIO(documents.rab_xlsx(training))).active
    header = next(r for r in ws.iter_rows(values_only=True) if r[1] == "Uraian")
    assert header[0] == "No."


def test_the_echelon_summary_does_not_say_eselon_twice(client, login_as, training, personas):
    services.participant_add(
        user=personas["diana"],
        training=training,
        data=services.ParticipantData(
            name="Tanpa Jabatan",
            email="tanpa@contoh.go.id",
            agency="Bappeda",
            agency_type="bappeda",
            role="teknis",
        ),
    )
    login_as(personas["diana"])
    page = client.get(reverse("training:participants", args=[training.pk])).content.decode()
    assert "Tanpa eselon" in page and "Eselon tanpa eselon" not in page
