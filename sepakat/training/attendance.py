"""Attendance writes: QR check-in by the participant, recording by a trainer, "Semua hadir"
for a whole session, and the trainer's "open now" for a session off schedule.

The rules of the usage policy: a trainer records only a session that has started; a central
admin may record earlier with a written reason, kept on the record and in its audit row.
QR check-in opens from 30 minutes before a session to its end. (The shares and the 80 %
rule are read in :mod:`sepakat.training.selectors`.)
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sepakat.accounts.models import User
from sepakat.core.audit import record_bulk_change
from sepakat.core.dates import long_date
from sepakat.core.errors import UserError
from sepakat.core.roles import Role
from sepakat.training.guards import may_run
from sepakat.training.models import Attendance, Participant, Session

# A participant may scan the room's QR code from 30 minutes before a session to its end.
CHECKIN_EARLY = dt.timedelta(minutes=30)


def checkin_open(session: Session, now: dt.datetime) -> bool:
    if session.checkin_open_until is not None and now <= session.checkin_open_until:
        return True
    return session.starts_at - CHECKIN_EARLY <= now <= session.ends_at


def _trainer_may_record(session: Session, by: User, now: dt.datetime, reason: str) -> str:
    """The reason to keep on the record ("" when the session has started), or a refusal."""
    if now >= session.starts_at:
        return ""
    start = timezone.localtime(session.starts_at)
    if by.role != Role.CENTRAL_ADMIN:
        raise UserError(
            _(
                "Sesi '%(title)s' baru mulai %(date)s pukul %(time)s; kehadiran dicatat setelah "
                "sesi mulai. Catat lagi saat sesi berjalan."
            )
            % {"title": session.title, "date": long_date(start), "time": f"{start:%H:%M}"}
        )
    if not reason.strip():
        raise UserError(
            _(
                "Sesi '%(title)s' baru mulai %(date)s pukul %(time)s. Untuk mencatat kehadiran "
                "sebelum sesi mulai, tuliskan alasannya."
            )
            % {"title": session.title, "date": long_date(start), "time": f"{start:%H:%M}"}
        )
    return reason.strip()[:300]


@transaction.atomic
def check_in(
    *,
    participant: Participant,
    session: Session,
    method: str,
    by: User | None = None,
    now: dt.datetime | None = None,
    override_reason: str = "",
) -> Attendance:
    """Record that a participant is present in a session (once; a repeat changes nothing).

    A trainer records only a session that has started; a central admin may record earlier
    with a written reason, which stays on the record and in its audit row.
    """
    now = now or timezone.now()
    if participant.training_id != session.training_id:
        raise UserError(_("Peserta ini tidak terdaftar pada pelatihan sesi ini."))
    if method == Attendance.Method.TRAINER:
        if by is None:
            raise PermissionDenied
        may_run(by)
        override_reason = _trainer_may_record(session, by, now, override_reason)
    elif not checkin_open(session, now):
        raise UserError(
            _(
                "Presensi sesi '%(title)s' dibuka dari 30 menit sebelum %(start)s sampai %(end)s. "
                "Minta pelatih mencatat kehadiran Anda."
            )
            % {
                "title": session.title,
                "start": timezone.localtime(session.starts_at).strftime("%d-%m-%Y %H:%M"),
                "end": timezone.localtime(session.ends_at).strftime("%H:%M"),
            }
        )
    existing = Attendance.objects.filter(participant=participant, session=session).first()
    if existing is not None:
        return existing
    attendance = Attendance(
        participant=participant,
        session=session,
        method=method,
        checked_in_at=now,
        recorded_by=by,
        override_reason=override_reason if method == Attendance.Method.TRAINER else "",
    )
    try:
        attendance.full_clean()
    except ValidationError as exc:
        raise UserError.from_validation(exc) from exc
    attendance.save()
    return attendance


@transaction.atomic
def attendance_remove(*, user: User, participant: Participant, session: Session) -> None:
    may_run(user)
    Attendance.objects.filter(participant=participant, session=session).delete()


@transaction.atomic
def session_open_checkin(
    *, user: User, session: Session, minutes: int = 30, now: dt.datetime | None = None
) -> Session:
    """Open the room's QR check-in now, for when a session runs off schedule."""
    may_run(user)
    session.checkin_open_until = (now or timezone.now()) + dt.timedelta(minutes=minutes)
    session.save(update_fields=["checkin_open_until"])
    return session


@transaction.atomic
def session_all_present(
    *, user: User, session: Session, now: dt.datetime | None = None, override_reason: str = ""
) -> int:
    """Record every participant of the session's training present; returns how many were new.

    One audit summary row instead of one row per participant, so the log shows the action the
    trainer took.
    """
    may_run(user)
    now = now or timezone.now()
    reason = _trainer_may_record(session, user, now, override_reason)
    training = session.training
    already = set(session.attendances.values_list("participant_id", flat=True))
    new = [
        Attendance(
            participant=p,
            session=session,
            method=Attendance.Method.TRAINER,
            checked_in_at=now,
            recorded_by=user,
            override_reason=reason,
        )
        for p in training.participants.exclude(pk__in=already)
    ]
    Attendance.objects.bulk_create(new)
    record_bulk_change(
        actor=user,
        model=Attendance,
        summary={
            "training": training.pk,
            "session": session.pk,
            "all_present": len(new),
            "override_reason": reason,
        },
        object_repr=_("Semua hadir: %(title)s, %(n)d peserta dicatat")
        % {"title": session.title, "n": len(new)},
    )
    return len(new)
