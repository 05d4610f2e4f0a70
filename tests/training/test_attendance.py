"""Attendance per session: QR check-in within the session's window, by a trainer, and the
80 % rule counted over ALL sessions with an immediate flag."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from sepakat.core.errors import UserError
from sepakat.training import services
from sepakat.training.models import Attendance
from sepakat.training.rules import core_sessions
from sepakat.training.selectors import attendance_table

pytestmark = pytest.mark.django_db


def sessions_of(training):
    return core_sessions(training)


def during(session):
    return session.starts_at + dt.timedelta(minutes=5)


def test_the_share_counts_all_sessions_not_only_those_held(training, enrolled, personas):
    sessions = sessions_of(training)
    assert len(sessions) == 13
    first = enrolled[0]
    for session in sessions[:5]:
        services.check_in(
            participant=first,
            session=session,
            method="trainer",
            by=personas["grace"],
            now=during(session),
        )
    before_start = sessions[0].starts_at - dt.timedelta(days=1)
    row = attendance_table(training, now=before_start).rows[0]
    assert row.participant == first
    assert row.count == 5 and row.total == 13
    assert row.share == pytest.approx(5 / 13)
    assert not row.flagged


def test_a_participant_is_flagged_as_soon_as_80_percent_is_out_of_reach(training, enrolled):
    sessions = sessions_of(training)
    # Two sessions missed: 11/13 = 84.6 % still reachable.
    after_second = sessions[1].ends_at + dt.timedelta(minutes=1)
    assert not attendance_table(training, now=after_second).rows[0].flagged
    # A third missed: at best 10/13 = 76.9 % -> flagged at once, on day 1.
    after_third = sessions[2].ends_at + dt.timedelta(minutes=1)
    table = attendance_table(training, now=after_third)
    assert table.rows[0].best_reachable == pytest.approx(10 / 13)
    assert table.rows[0].flagged
    assert len(table.flagged) == len(enrolled)


def test_qr_check_in_works_within_the_session_window_only(client, training, enrolled):
    session = sessions_of(training)[0]
    participant = enrolled[0]
    client.get(reverse("training:participant_home", args=[participant.token]))  # leaves the cookie
    response = client.post(reverse("training:checkin", args=[session.token]))
    assert "Presensi sesi" in response.content.decode()  # the training is 30 days away
    assert not Attendance.objects.exists()

    with pytest.raises(UserError):
        services.check_in(
            participant=participant,
            session=session,
            method="qr",
            now=session.starts_at - dt.timedelta(hours=1),
        )
    attendance = services.check_in(
        participant=participant,
        session=session,
        method="qr",
        now=session.starts_at + dt.timedelta(minutes=5),
    )
    assert attendance.method == "qr"
    again = services.check_in(
        participant=participant,
        session=session,
        method="qr",
        now=session.starts_at + dt.timedelta(minutes=6),
    )
    assert again.pk == attendance.pk
    assert LogEntry.objects.get_for_object(attendance).exists()


def test_a_trainer_can_open_the_qr_check_in_of_a_session_running_late(
    client, login_as, personas, training, enrolled
):
    session = sessions_of(training)[0]
    login_as(personas["grace"])
    client.post(reverse("training:session_open", args=[training.pk, session.pk]))
    page = client.get(
        reverse("training:session_qr", args=[training.pk, session.pk])
    ).content.decode()
    assert "<svg" in page and "presensi dibuka" in page
    client.logout()
    participant = enrolled[1]
    client.get(reverse("training:participant_home", args=[participant.token]))
    page = client.post(reverse("training:checkin", args=[session.token])).content.decode()
    assert "kehadiran Anda tercatat" in page
    assert Attendance.objects.get().participant == participant


def test_without_the_cookie_the_participant_pastes_the_personal_link(
    client, training, enrolled, personas
):
    session = sessions_of(training)[0]
    services.session_open_checkin(user=personas["grace"], session=session)
    link = "https://sepakat.example/pelatihan/peserta/" + enrolled[2].token + "/"
    page = client.post(
        reverse("training:checkin", args=[session.token]), {"personal": link}
    ).content.decode()
    assert "kehadiran Anda tercatat" in page
    page = client.post(reverse("training:checkin", args=[session.token]), {"personal": "salah"})
    assert "tidak dikenali" in page.content.decode() or "tercatat" in page.content.decode()


def test_a_participant_of_another_training_cannot_check_in(
    training, enrolled, personas, regions, start_date
):
    from sepakat.training.models import TrainingModel
    from tests.training.conftest import person

    other = services.training_create(
        user=personas["diana"],
        region=regions["kab_b"],
        title="Beta",
        model=TrainingModel.MODEL_I,
        start_date=start_date,
    )
    outsider = services.participant_add(user=personas["diana"], training=other, data=person(20))
    with pytest.raises(UserError):
        services.check_in(
            participant=outsider,
            session=sessions_of(training)[0],
            method="trainer",
            by=personas["grace"],
        )


def test_a_trainer_checks_people_in_by_hand(
    client, login_as, personas, past_training, past_enrolled
):
    training, enrolled = past_training, past_enrolled
    login_as(personas["grace"])
    session = sessions_of(training)[3]
    client.post(
        reverse("training:attendance_mark", args=[training.pk]),
        {"participant": enrolled[0].pk, "session": session.pk, "present": "1"},
    )
    attendance = Attendance.objects.get()
    assert attendance.method == "trainer" and attendance.recorded_by == personas["grace"]
    page = client.get(reverse("training:attendance", args=[training.pk])).content.decode()
    assert "7,7 %" in page or "7.7 %" in page  # 1 of 13 core sessions
    client.post(
        reverse("training:attendance_mark", args=[training.pk]),
        {"participant": enrolled[0].pk, "session": session.pk, "present": "0"},
    )
    assert not Attendance.objects.exists()
