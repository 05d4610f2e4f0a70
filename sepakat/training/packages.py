"""Whether a region has a SEPAKAT package (access with training), which webinars and
mentoring require.

Until the access app records packages, a region has a package when either:

1. it has an active, non-trial, unexpired regional admin account (a region that only asked
   for a trial account has no package), or
2. a training that is not cancelled is planned or held for it.

A province's package does not cover its kab/kota (each region signs up on its own).
This is the one place to point at the access app later.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from sepakat.accounts.models import Role, User
from sepakat.regions.models import Region
from sepakat.training.models import Training, TrainingStatus


def _package_condition() -> Q:
    today = timezone.localdate()
    admins = User.objects.filter(
        region=OuterRef("pk"),
        role=Role.REGIONAL_ADMIN,
        is_active=True,
        is_trial=False,
    ).filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
    trainings = Training.objects.filter(region=OuterRef("pk")).exclude(
        status=TrainingStatus.CANCELLED
    )
    return Q(Exists(admins)) | Q(Exists(trainings))


def regions_with_package() -> QuerySet[Region]:
    return Region.objects.filter(_package_condition()).order_by("code")


def region_has_package(region: Region | None) -> bool:
    if region is None:
        return False
    return Region.objects.filter(pk=region.pk).filter(_package_condition()).exists()
