"""Webinars: announced publicly and to regional admins of regions with a package; people of
those regions register online; at the go/no-go date a webinar is confirmed or cancelled by
its minimum quota (``decide_webinars``, run daily); a waiting list fills freed seats in order.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sepakat.accounts.models import User
from sepakat.core.audit import record_bulk_change
from sepakat.core.errors import UserError
from sepakat.core.roles import Role
from sepakat.regions.models import Region
from sepakat.training import notifications
from sepakat.training.models import (
    RegistrationStatus,
    Webinar,
    WebinarRegistration,
    WebinarStatus,
)
from sepakat.training.packages import region_has_package, regions_with_package


def _save(obj: object) -> None:
    try:
        obj.full_clean()  # type: ignore[attr-defined]
    except ValidationError as exc:
        raise UserError.from_validation(exc) from exc
    obj.save()  # type: ignore[attr-defined]


@transaction.atomic
def webinar_create(
    *,
    user: User,
    topic: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    speakers: str,
    min_participants: int,
    registration_deadline: dt.datetime,
    go_no_go_date: dt.date,
    max_participants: int | None = None,
    description: str = "",
    meeting_url: str = "",
    base_url: str = "",
) -> Webinar:
    """Schedule a webinar and announce it by e-mail to the regional admins with a package."""
    if user.role != Role.CENTRAL_ADMIN:
        raise PermissionDenied
    if ends_at <= starts_at:
        raise UserError(_("Waktu selesai harus sesudah waktu mulai."))
    if registration_deadline > starts_at:
        raise UserError(_("Batas pendaftaran harus sebelum webinar dimulai."))
    if go_no_go_date > timezone.localtime(starts_at).date():
        raise UserError(_("Tanggal kepastian harus sebelum hari webinar."))
    if max_participants is not None and max_participants < min_participants:
        raise UserError(_("Kuota maksimum tidak boleh lebih kecil dari kuota minimum."))
    webinar = Webinar(
        topic=topic.strip(),
        description=description.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        speakers=speakers.strip(),
        min_participants=min_participants,
        max_participants=max_participants,
        registration_deadline=registration_deadline,
        go_no_go_date=go_no_go_date,
        meeting_url=meeting_url,
        created_by=user,
    )
    _save(webinar)
    codes = list(regions_with_package().values_list("code", flat=True))
    transaction.on_commit(lambda: notifications.webinar_announced(webinar.pk, codes, base_url))
    return webinar


def _taken(webinar: Webinar) -> int:
    return webinar.registrations.filter(status=RegistrationStatus.REGISTERED).count()


@transaction.atomic
def webinar_register(
    *,
    webinar: Webinar,
    region: Region,
    name: str,
    email: str,
    agency: str,
    now: dt.datetime | None = None,
) -> WebinarRegistration:
    """Register someone of a region with a package; beyond the maximum, on the waiting list."""
    now = now or timezone.now()
    webinar = Webinar.objects.select_for_update(of=("self",)).get(pk=webinar.pk)
    if webinar.status == WebinarStatus.CANCELLED:
        raise UserError(_("Webinar ini dibatalkan."))
    if now > webinar.registration_deadline:
        raise UserError(_("Pendaftaran webinar ini sudah ditutup."))
    if not region_has_package(region):
        raise UserError(
            _(
                "Webinar hanya untuk daerah yang memiliki paket SEPAKAT. %(region)s belum "
                "memilikinya; ajukan akses melalui Sekretariat SEPAKAT."
            )
            % {"region": region.display_name}
        )
    email = email.strip().lower()
    if (
        webinar.registrations.filter(email=email)
        .exclude(status=RegistrationStatus.CANCELLED)
        .exists()
    ):
        raise UserError(_("%(email)s sudah terdaftar pada webinar ini.") % {"email": email})
    full = webinar.max_participants is not None and _taken(webinar) >= webinar.max_participants
    registration = webinar.registrations.filter(email=email).first() or WebinarRegistration(
        webinar=webinar, email=email
    )
    registration.region = region
    registration.name = name.strip()
    registration.agency = agency.strip()
    registration.status = RegistrationStatus.WAITLISTED if full else RegistrationStatus.REGISTERED
    registration.registered_at = now
    _save(registration)
    transaction.on_commit(lambda: notifications.webinar_registration(registration.pk))
    return registration


@transaction.atomic
def registration_cancel(*, registration: WebinarRegistration) -> WebinarRegistration | None:
    """Cancel a registration; the first on the waiting list takes the seat (returned)."""
    webinar = Webinar.objects.select_for_update(of=("self",)).get(pk=registration.webinar_id)
    registration = WebinarRegistration.objects.get(pk=registration.pk)
    was_registered = registration.status == RegistrationStatus.REGISTERED
    registration.status = RegistrationStatus.CANCELLED
    registration.save(update_fields=["status"])
    if not was_registered or webinar.status == WebinarStatus.CANCELLED:
        return None
    promoted = (
        webinar.registrations.filter(status=RegistrationStatus.WAITLISTED)
        .order_by("registered_at", "pk")
        .first()
    )
    if promoted is None:
        return None
    promoted.status = RegistrationStatus.REGISTERED
    promoted.save(update_fields=["status"])
    transaction.on_commit(lambda: notifications.webinar_seat_freed(promoted.pk))
    return promoted


def decide_webinars(*, today: dt.date) -> list[Webinar]:
    """Confirm or cancel every scheduled webinar whose go/no-go date has come (idempotent).

    A webinar is confirmed when its registered participants (not the waiting list) reach the
    minimum quota, else cancelled; everyone registered or waiting is told by e-mail.
    """
    decided = []
    due = Webinar.objects.filter(status=WebinarStatus.SCHEDULED, go_no_go_date__lte=today)
    for webinar_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            webinar = Webinar.objects.select_for_update(of=("self",)).get(pk=webinar_id)
            if webinar.status != WebinarStatus.SCHEDULED:
                continue
            count = _taken(webinar)
            webinar.status = (
                WebinarStatus.CONFIRMED
                if count >= webinar.min_participants
                else WebinarStatus.CANCELLED
            )
            webinar.decided_at = timezone.now()
            webinar.save(update_fields=["status", "decided_at"])
            record_bulk_change(
                actor=None,
                model=Webinar,
                summary={
                    "webinar": webinar.pk,
                    "decision": webinar.status,
                    "registered": count,
                    "minimum": webinar.min_participants,
                    "date": today.isoformat(),
                },
                object_repr=_("Keputusan webinar %(topic)s: %(status)s")
                % {"topic": webinar.topic, "status": webinar.get_status_display()},
            )
            transaction.on_commit(partial(notifications.webinar_decided, webinar.pk))
            decided.append(webinar)
    return decided


@transaction.atomic
def webinar_record(
    *, user: User, webinar: Webinar, recording_url: str, attended_ids: list[int]
) -> Webinar:
    """Keep the recording link and who attended."""
    if user.role != Role.CENTRAL_ADMIN:
        raise PermissionDenied
    webinar.recording_url = recording_url.strip()
    _save(webinar)
    registrations = webinar.registrations.filter(status=RegistrationStatus.REGISTERED)
    registrations.filter(pk__in=attended_ids).update(attended=True)
    registrations.exclude(pk__in=attended_ids).update(attended=False)
    record_bulk_change(
        actor=user,
        model=WebinarRegistration,
        summary={"webinar": webinar.pk, "attended": sorted(attended_ids)},
        object_repr=_("Kehadiran webinar %(topic)s") % {"topic": webinar.topic},
    )
    return webinar
