"""The verification workflow: a data operator submits, the regional admin verifies or returns.

Verified values become observations (status verified, locked) with their provenance;
reopening them needs a reason and is audited. Every step notifies by e-mail.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sepakat.accounts.models import User
from sepakat.core.access import may_write
from sepakat.core.audit import record_bulk_change
from sepakat.core.errors import UserError
from sepakat.core.roles import Role
from sepakat.datahub import notifications
from sepakat.datahub.generations import bump_data_generation
from sepakat.datahub.models import (
    DatasetKind,
    Observation,
    ObservationStatus,
    Submission,
    SubmissionStatus,
)
from sepakat.regions.models import Region

REVIEWER_ROLES = frozenset({Role.REGIONAL_ADMIN, Role.CENTRAL_ADMIN})


def may_review(user: User, submission: Submission) -> bool:
    return may_write(user, submission.region, REVIEWER_ROLES)


def _lock(submission: Submission) -> Submission:
    return (
        Submission.objects.select_for_update(of=("self",))
        .select_related("region", "dataset")
        .get(pk=submission.pk)
    )


@transaction.atomic
def submit(*, submission: Submission, user: User) -> Submission:
    submission = _lock(submission)
    if submission.created_by_id != user.pk and not may_review(user, submission):
        raise PermissionDenied
    if submission.status not in (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED):
        raise UserError(
            _("Pengajuan ini sudah %(status)s.") % {"status": submission.get_status_display()}
        )
    if not submission.values.exists() and not submission.budget_lines.exists():
        raise UserError(_("Tidak ada nilai baru atau berubah untuk diajukan."))
    submission.status = SubmissionStatus.SUBMITTED
    submission.submitted_at = timezone.now()
    submission.save(update_fields=["status", "submitted_at"])
    _audit(user, submission, "submitted")
    transaction.on_commit(lambda: notifications.submission_submitted(submission.pk))
    return submission


@transaction.atomic
def return_submission(*, submission: Submission, user: User, reason: str) -> Submission:
    submission = _lock(submission)
    if not may_review(user, submission):
        raise PermissionDenied
    if submission.status != SubmissionStatus.SUBMITTED:
        raise UserError(_("Hanya pengajuan yang menunggu verifikasi yang dapat dikembalikan."))
    if not reason.strip():
        raise UserError(
            _("Tuliskan alasan pengembalian agar pengirim tahu apa yang harus diperbaiki.")
        )
    submission.status = SubmissionStatus.RETURNED
    submission.return_reason = reason.strip()
    submission.reviewed_by = user
    submission.reviewed_at = timezone.now()
    submission.save(update_fields=["status", "return_reason", "reviewed_by", "reviewed_at"])
    _audit(user, submission, "returned", reason=reason.strip())
    transaction.on_commit(lambda: notifications.submission_reviewed(submission.pk))
    return submission


@transaction.atomic
def verify(*, submission: Submission, user: User, unreliable_reason: str = "") -> int:
    """Write the submission's values as verified, locked observations; returns their count.

    Estimates with a CV above 25 percent (survey values with a standard error) are held
    back, unless ``unreliable_reason`` says why they should be published anyway."""
    submission = _lock(submission)
    if not may_review(user, submission):
        raise PermissionDenied
    if submission.status != SubmissionStatus.SUBMITTED:
        raise UserError(_("Hanya pengajuan yang menunggu verifikasi yang dapat diverifikasi."))
    if submission.dataset.kind == DatasetKind.BUDGET:
        return _verify_budget(submission=submission, user=user)
    unreliable_reason = unreliable_reason.strip()
    values = list(submission.values.all())
    held_back = [] if unreliable_reason else [v for v in values if v.is_unreliable]
    values = [v for v in values if v not in held_back]
    keys = {(v.indicator_id, v.region_id, v.period) for v in values}
    existing = {
        (o.indicator_id, o.region_id, o.period): o
        for o in Observation.objects.select_for_update(of=("self",)).filter(
            indicator_id__in={k[0] for k in keys},
            region_id__in={k[1] for k in keys},
            period__in={k[2] for k in keys},
        )
    }
    locked = [k for k in keys if k in existing and existing[k].locked]
    if locked:
        raise UserError(
            _(
                "%(n)d nilai pada pengajuan ini sudah terkunci oleh verifikasi lain. Buka kembali "
                "data itu dulu."
            )
            % {"n": len(locked)}
        )
    now = timezone.now()
    provenance = {
        "submission": submission.pk,
        "upload": submission.upload_id,
        "file": submission.upload.original_name if submission.upload else "",
        "submitted_by": submission.created_by.username,
        "verified_by": user.username,
        "verified_at": now.isoformat(timespec="seconds"),
        "method": "unggahan templat",
        # A computation names its own file, method and run.
        **submission.provenance,
    }
    source = submission.provenance.get("source") or _("%(dataset)s (%(agency)s)") % {
        "dataset": submission.dataset.name_id,
        "agency": submission.agency or submission.region.name,
    }
    to_create, to_update = [], []
    # Before/after of every value, for the audit record (capped to keep the row small).
    changes: list[dict[str, object]] = []
    for v in values:
        key = (v.indicator_id, v.region_id, v.period)
        obs = existing.get(key)
        changes.append(
            {
                "indicator": v.indicator_id,
                "region": v.region_id,
                "period": v.period,
                "before": None if obs is None else obs.value,
                "after": v.value,
            }
        )
        own = provenance
        if v.is_unreliable:
            own = {**provenance, "cv": v.cv, "unreliable_reason": unreliable_reason}
        if obs is None:
            to_create.append(
                Observation(
                    indicator_id=v.indicator_id,
                    region_id=v.region_id,
                    period=v.period,
                    value=v.value,
                    standard_error=v.standard_error,
                    status=ObservationStatus.VERIFIED,
                    source=source,
                    provenance=own,
                    created_by=submission.created_by,
                    locked=True,
                )
            )
        else:
            obs.value, obs.status, obs.source = v.value, ObservationStatus.VERIFIED, source
            # The old standard error belonged to the old value (none for a template value).
            obs.standard_error = v.standard_error
            obs.provenance, obs.locked, obs.updated_at = own, True, now
            to_update.append(obs)
    Observation.objects.bulk_create(to_create, batch_size=2000)
    Observation.objects.bulk_update(
        to_update,
        ["value", "standard_error", "status", "source", "provenance", "locked", "updated_at"],
        batch_size=2000,
    )
    submission.status = SubmissionStatus.VERIFIED
    submission.reviewed_by = user
    submission.reviewed_at = now
    submission.unreliable_reason = unreliable_reason
    submission.save(update_fields=["status", "reviewed_by", "reviewed_at", "unreliable_reason"])
    # Cached analyses of the regions whose values changed (and of their provinces, which
    # compare them) must be computed again; a national submission reaches every region.
    bump_data_generation(
        [
            submission.region.code,
            *Region.objects.filter(pk__in={v.region_id for v in values})
            .values_list("code", flat=True)
            .distinct(),
        ]
    )
    _audit(
        user,
        submission,
        "verified",
        created=len(to_create),
        updated=len(to_update),
        changes=changes[:1000],
        held_back=[
            {"indicator": v.indicator_id, "region": v.region_id, "period": v.period, "cv": v.cv}
            for v in held_back
        ],
        unreliable_reason=unreliable_reason,
    )
    transaction.on_commit(lambda: notifications.submission_reviewed(submission.pk))
    return len(values)


def _verify_budget(*, submission: Submission, user: User) -> int:
    from sepakat.datahub.budget_uploads import apply_budget_submission

    counts = apply_budget_submission(submission=submission, user=user)
    submission.status = SubmissionStatus.VERIFIED
    submission.reviewed_by = user
    submission.reviewed_at = timezone.now()
    submission.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    bump_data_generation([submission.region.code])  # the budget area of the analyses
    _audit(user, submission, "verified", **counts)
    transaction.on_commit(lambda: notifications.submission_reviewed(submission.pk))
    return counts["created"]


@transaction.atomic
def reopen(*, submission: Submission, user: User, reason: str) -> int:
    """Unlock a verified submission's values so that a corrected upload can replace them.

    The values stay verified (analyses keep using them) until the correction is verified.
    """
    submission = _lock(submission)
    if not may_review(user, submission):
        raise PermissionDenied
    if submission.status != SubmissionStatus.VERIFIED:
        raise UserError(_("Hanya data terverifikasi yang dapat dibuka kembali."))
    if not reason.strip():
        raise UserError(_("Tuliskan alasan membuka kembali data yang sudah terverifikasi."))
    unlocked = 0
    for v in submission.values.all():
        unlocked += Observation.objects.filter(
            indicator_id=v.indicator_id, region_id=v.region_id, period=v.period, locked=True
        ).update(locked=False)
    submission.reopened_reason = reason.strip()
    submission.save(update_fields=["reopened_reason"])
    _audit(user, submission, "reopened", reason=reason.strip(), unlocked=unlocked)
    return unlocked


def _audit(user: User, submission: Submission, step: str, **details: object) -> None:
    record_bulk_change(
        actor=user,
        model=Submission,
        summary={
            "submission": submission.pk,
            "step": step,
            "region": submission.region.code,
            "dataset": submission.dataset.code,
            **details,
        },
        object_repr=f"{submission.dataset.name_id} {submission.region.code} #{submission.pk}: "
        f"{step}",
    )
