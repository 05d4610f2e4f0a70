"""Mentoring at the SEPAKAT secretariat in Jakarta, for regions with a package.

The regional admin proposes topics and dates (at least one day); the central team agrees
(possibly on other dates and topics) or declines; the region ticks off the data checklist;
the sessions and their outcomes are recorded.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sepakat.accounts.models import User
from sepakat.core.errors import UserError
from sepakat.core.roles import Role
from sepakat.training import notifications
from sepakat.training.curriculum import MENTORING_DATA_CHECKLIST
from sepakat.training.models import MentoringRequest, MentoringSession, MentoringStatus
from sepakat.training.packages import region_has_package


def _save(obj: object) -> None:
    try:
        obj.full_clean()  # type: ignore[attr-defined]
    except ValidationError as exc:
        raise UserError.from_validation(exc) from exc
    obj.save()  # type: ignore[attr-defined]


def no_package_message() -> str:
    return _(
        "Pendampingan hanya untuk daerah yang memiliki paket SEPAKAT (akses dengan pelatihan). "
        "Daerah Anda belum memilikinya: ajukan paket melalui Sekretariat SEPAKAT lebih dulu."
    )


@transaction.atomic
def mentoring_request_create(
    *, user: User, topics: str, proposed_start: dt.date, days: int = 1
) -> MentoringRequest:
    if user.role != Role.REGIONAL_ADMIN or user.region is None:
        raise PermissionDenied
    if not region_has_package(user.region):
        raise UserError(no_package_message())
    if days < 1:
        raise UserError(_("Pendampingan berlangsung paling sedikit satu hari."))
    if not topics.strip():
        raise UserError(_("Tuliskan topik yang ingin didampingi."))
    request = MentoringRequest(
        region=user.region,
        requested_by=user,
        topics=topics.strip(),
        proposed_start=proposed_start,
        days=days,
        data_checklist=[{"item": str(item), "done": False} for item in MENTORING_DATA_CHECKLIST],
    )
    _save(request)
    transaction.on_commit(lambda: notifications.mentoring_requested(request.pk))
    return request


@transaction.atomic
def mentoring_decide(
    *,
    user: User,
    request: MentoringRequest,
    agree: bool,
    agreed_start: dt.date | None = None,
    agreed_topics: str = "",
    days: int | None = None,
    note: str = "",
) -> MentoringRequest:
    if user.role != Role.CENTRAL_ADMIN:
        raise PermissionDenied
    if request.status != MentoringStatus.REQUESTED:
        raise UserError(_("Permintaan ini sudah diputuskan."))
    if agree:
        request.status = MentoringStatus.AGREED
        request.agreed_start = agreed_start or request.proposed_start
        request.agreed_topics = agreed_topics.strip() or request.topics
        if days is not None:
            if days < 1:
                raise UserError(_("Pendampingan berlangsung paling sedikit satu hari."))
            request.days = days
    else:
        if not note.strip():
            raise UserError(_("Tuliskan alasan penolakan untuk daerah."))
        request.status = MentoringStatus.DECLINED
    request.central_note = note.strip()
    _save(request)
    transaction.on_commit(lambda: notifications.mentoring_decided(request.pk))
    return request


@transaction.atomic
def mentoring_checklist_update(
    *, user: User, request: MentoringRequest, done: list[int]
) -> MentoringRequest:
    """Tick the items of the data checklist the region has prepared (by position)."""
    if user.role not in (Role.REGIONAL_ADMIN, Role.CENTRAL_ADMIN):
        raise PermissionDenied
    request.data_checklist = [
        {"item": entry["item"], "done": index in done}
        for index, entry in enumerate(request.data_checklist)
    ]
    _save(request)
    return request


@transaction.atomic
def mentoring_session_record(
    *, user: User, request: MentoringRequest, date: dt.date, topic: str, outcome: str
) -> MentoringSession:
    if user.role not in (Role.CENTRAL_ADMIN, Role.TRAINER):
        raise PermissionDenied
    if request.status not in (MentoringStatus.AGREED, MentoringStatus.DONE):
        raise UserError(_("Sesi hanya dicatat untuk pendampingan yang sudah disepakati."))
    session = MentoringSession(
        request=request, date=date, topic=topic.strip(), outcome=outcome.strip(), recorded_by=user
    )
    _save(session)
    return session


@transaction.atomic
def mentoring_close(*, user: User, request: MentoringRequest) -> MentoringRequest:
    if user.role != Role.CENTRAL_ADMIN:
        raise PermissionDenied
    if not request.sessions.exists():
        raise UserError(_("Catat paling sedikit satu sesi sebelum menutup pendampingan."))
    request.status = MentoringStatus.DONE
    _save(request)
    return request
