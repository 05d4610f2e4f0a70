"""Reads of the data hub, always scoped to the user's region."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sepakat.core.access import region_filter, scoped
from sepakat.datahub.models import (
    TEMPLATE_KINDS,
    DataRequirement,
    Dataset,
    Indicator,
    Observation,
    ObservationStatus,
    Submission,
    SubmissionStatus,
    Upload,
)
from sepakat.regions.models import Region


def indicators_for(user: Any) -> QuerySet[Indicator]:
    """The national catalogue plus the region's own indicators (never another region's)."""
    return Indicator.objects.filter(
        Q(owner_region__isnull=True) | region_filter(user, "owner_region")
    ).select_related("owner_region")


def verified_observations(user: Any) -> QuerySet[Observation]:
    """What analyses read: verified values in the user's region."""
    return scoped(Observation.objects.filter(status=ObservationStatus.VERIFIED), user)


def uploads_for(user: Any) -> QuerySet[Upload]:
    return scoped(Upload.objects.select_related("dataset", "uploaded_by", "region"), user)


def submissions_for(user: Any) -> QuerySet[Submission]:
    return scoped(
        Submission.objects.select_related("dataset", "region", "created_by", "reviewed_by"), user
    )


def unreliable_count(submission: Submission) -> int:
    """Values of a submission whose CV is above 25 percent (survey estimates)."""
    values = submission.values.filter(standard_error__isnull=False).only("value", "standard_error")
    return sum(1 for v in values if v.is_unreliable)


def pending_review(user: Any) -> QuerySet[Submission]:
    return submissions_for(user).filter(status=SubmissionStatus.SUBMITTED).order_by("submitted_at")


@dataclass(frozen=True)
class Readiness:
    dataset: Dataset
    status: str
    label: str
    due_date: dt.date | None
    late: bool
    submission: Submission | None


_LABELS = {
    "none": _("belum dikirim"),
    SubmissionStatus.DRAFT: _("draf, belum diajukan"),
    SubmissionStatus.SUBMITTED: _("menunggu verifikasi"),
    SubmissionStatus.RETURNED: _("dikembalikan, perlu perbaikan"),
    SubmissionStatus.VERIFIED: _("terverifikasi"),
}


def readiness_for_region(region: Region, today: dt.date | None = None) -> list[Readiness]:
    """For each dataset: the latest submission's status, the next due date, and lateness."""
    today = today or timezone.localdate()
    latest: dict[int, Submission] = {}
    submission: Submission | None
    for submission in Submission.objects.filter(region=region).order_by("created_at"):
        latest[submission.dataset_id] = submission
    due: dict[int, dt.date] = {}
    for requirement in DataRequirement.objects.filter(region=region).order_by("due_date"):
        # The earliest due date not yet met, else the latest one.
        if requirement.dataset_id not in due or due[requirement.dataset_id] < today:
            due[requirement.dataset_id] = requirement.due_date
    rows = []
    # A computed dataset has no template to send: it is never "missing".
    for dataset in Dataset.objects.filter(kind__in=TEMPLATE_KINDS).order_by("ordering", "code"):
        submission = latest.get(dataset.pk)
        status = submission.status if submission else "none"
        received = status in (SubmissionStatus.SUBMITTED, SubmissionStatus.VERIFIED)
        due_date = due.get(dataset.pk)
        rows.append(
            Readiness(
                dataset=dataset,
                status=status,
                label=str(_LABELS[status]),
                due_date=due_date,
                late=bool(due_date and due_date < today and not received),
                submission=submission,
            )
        )
    return rows


def readiness_overview(user: Any) -> list[tuple[Region, list[Readiness]]]:
    """Regions with a data requirement, for the central team and province admins."""
    regions = scoped(Region.objects.filter(data_requirements__isnull=False).distinct(), user)
    return [(region, readiness_for_region(region)) for region in regions.order_by("code")]
