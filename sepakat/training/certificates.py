"""Certificates of a training: issued after the last core session to participants with at
least 80 % of the core sessions, revoked with a reason, e-mailed as PDFs.

When a certificate is in force is read in :mod:`sepakat.training.rules` (``core_end``) by the
issuing step here and by the public verification page alike.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sepakat.accounts.models import User
from sepakat.core.audit import record_bulk_change
from sepakat.core.dates import long_date
from sepakat.core.errors import UserError
from sepakat.training import notifications
from sepakat.training.guards import may_manage, may_run, save_checked
from sepakat.training.models import ATTENDANCE_THRESHOLD, Certificate, Training
from sepakat.training.rules import certificates_possible, core_end


@transaction.atomic
def certificates_issue(
    *, user: User, training: Training, now: dt.datetime | None = None
) -> list[Certificate]:
    """A certificate for every participant at or above 80 % of the core sessions who has none
    yet, once the last core session has ended."""
    from sepakat.training.selectors import attendance_table

    may_run(user)
    now = now or timezone.now()
    if not certificates_possible(training, now):
        end = core_end(training)
        raise UserError(
            _(
                "Sertifikat baru dapat diterbitkan setelah hari terakhir pelatihan inti selesai, "
                "mulai %(date)s pukul %(time)s."
            )
            % {
                "date": long_date(end) if end else "-",
                "time": f"{timezone.localtime(end):%H:%M}" if end else "-",
            }
        )
    table = attendance_table(training, now=now)
    issued = []
    for row in table.rows:
        if row.share + 1e-9 < ATTENDANCE_THRESHOLD or row.has_certificate:
            continue
        certificate = Certificate(
            participant=row.participant,
            attendance_share=row.share,
            issued_at=now,
            issued_by=user,
        )
        save_checked(certificate)
        issued.append(certificate)
    return issued


@transaction.atomic
def certificate_revoke(*, user: User, certificate: Certificate, reason: str) -> Certificate:
    may_manage(user)
    if not reason.strip():
        raise UserError(_("Tuliskan alasan pencabutan sertifikat."))
    if certificate.revoked_at is not None:
        raise UserError(_("Sertifikat ini sudah dicabut."))
    certificate.revoked_at = timezone.now()
    certificate.revoked_reason = reason.strip()
    save_checked(certificate)
    return certificate


@transaction.atomic
def certificates_email(*, user: User, training: Training, base_url: str) -> int:
    """Send every valid certificate of the training to its holder, as a PDF attachment."""
    may_run(user)
    ids = list(
        Certificate.objects.filter(
            participant__training=training, revoked_at__isnull=True
        ).values_list("pk", flat=True)
    )
    Certificate.objects.filter(pk__in=ids).update(emailed_at=timezone.now())
    record_bulk_change(
        actor=user,
        model=Certificate,
        summary={"training": training.pk, "emailed": len(ids)},
        object_repr=_("Sertifikat %(title)s dikirim ke %(n)d peserta")
        % {"title": training.title, "n": len(ids)},
    )
    transaction.on_commit(lambda: notifications.certificates(ids, base_url))
    return len(ids)
