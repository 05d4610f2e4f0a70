"""E-mails of the verification workflow, through Django's mail settings."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _

from sepakat.accounts.models import User
from sepakat.core.roles import Role
from sepakat.datahub.models import Submission, SubmissionStatus


def _reviewers(submission: Submission) -> list[str]:
    codes = [a.code for a in submission.region.ancestors()] + [submission.region.code]
    return list(
        User.objects.filter(role=Role.REGIONAL_ADMIN, region__code__in=codes, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def submission_submitted(submission_id: int) -> None:
    submission = Submission.objects.select_related("region", "dataset", "created_by").get(
        pk=submission_id
    )
    recipients = _reviewers(submission)
    if not recipients:
        return
    send_mail(
        _("[SEPAKAT] Data menunggu verifikasi: %(dataset)s")
        % {"dataset": submission.dataset.name_id},
        _(
            "%(who)s mengajukan %(n)d nilai %(dataset)s untuk %(region)s. Buka menu Data > "
            "Verifikasi di SEPAKAT untuk memeriksanya."
        )
        % {
            "who": submission.created_by.get_full_name() or submission.created_by.username,
            "n": submission.values.count(),
            "dataset": submission.dataset.name_id,
            "region": submission.region.display_name,
        },
        settings.DEFAULT_FROM_EMAIL,
        recipients,
    )


def submission_reviewed(submission_id: int) -> None:
    submission = Submission.objects.select_related("region", "dataset", "created_by").get(
        pk=submission_id
    )
    if not submission.created_by.email:
        return
    if submission.status == SubmissionStatus.RETURNED:
        subject = _("[SEPAKAT] Data dikembalikan: %(dataset)s")
        body = _(
            "Pengajuan %(dataset)s untuk %(region)s dikembalikan dengan alasan:\n\n%(reason)s"
            "\n\nPerbaiki berkasnya lalu unggah kembali."
        )
    else:
        subject = _("[SEPAKAT] Data terverifikasi: %(dataset)s")
        body = _(
            "Pengajuan %(dataset)s untuk %(region)s telah diverifikasi dan kini dipakai "
            "dalam analisis.%(reason)s"
        )
    names = {
        "dataset": submission.dataset.name_id,
        "region": submission.region.display_name,
        "reason": submission.return_reason
        if submission.status == SubmissionStatus.RETURNED
        else "",
    }
    send_mail(
        subject % names, body % names, settings.DEFAULT_FROM_EMAIL, [submission.created_by.email]
    )
