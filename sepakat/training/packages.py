"""Whether a region has a SEPAKAT package (access with training), which webinars and
mentoring require.

A region has a package when any of these holds:

1. the access app records an active, unexpired "training and access" package for it (an
   approved request; an "access only" trial is not a package);
2. a training that is not cancelled is planned or held for it;
3. it has an active, non-trial, unexpired regional admin account: regions set up before
   the request process existed, or by the operator with ``sepakat createadmin``.

A province's package does not cover its kab/kota (each region signs up on its own).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from sepakat.access.models import Package, RegionAccess
from sepakat.accounts.models import User
from sepakat.core.roles import Role
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
    accesses = RegionAccess.objects.filter(
        region=OuterRef("pk"), package=Package.TRAINING_AND_ACCESS, is_active=True
    ).filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
    return Q(Exists(accesses)) | Q(Exists(admins)) | Q(Exists(trainings))


def regions_with_package() -> QuerySet[Region]:
    return Region.objects.filter(_package_condition()).order_by("code")


def region_has_package(region: Region | None) -> bool:
    if region is None:
        return False
    return Region.objects.filter(pk=region.pk).filter(_package_condition()).exists()
