"""Attendance of a whole session at once: "Semua hadir", then the trainer unmarks the absent.

Kept out of :mod:`sepakat.training.services` to keep that module readable; the same rules
apply as for one trainer recording (:func:`sepakat.training.services.check_in`): a session
that has not started is refused, a central admin may record early with a written reason.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sepakat.accounts.audit import record_bulk_change
from sepakat.accounts.models import Role, User
from sepakat.training.models import Attendance, Session
from sepakat.training.services import _trainer_may_record


@transaction.atomic
def session_all_present(
    *, user: User, session: Session, now: dt.datetime | None = None, override_reason: str = ""
) -> int:
    """Record every participant of the session's training present; returns how many were new.

    One audit summary row instead of one row per participant, so the log shows the action the
    trainer took.
    """
    if user.role not in (Role.CENTRAL_ADMIN, Role.TRAINER):
        raise PermissionDenied
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
