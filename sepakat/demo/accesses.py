"""The access each demo region holds, so that the demo shows the usage policy at work.

Most kab/kota of Provinsi Contoh hold the full package (training and access); the trial
user's kota holds a three-month "access only" trial, and the expired user's kab one that
ended a month ago. These accesses have no request behind them (the demo has no letters).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.utils import timezone

from sepakat.access.models import Package, RegionAccess
from sepakat.demo.users import TRIAL_DAYS
from sepakat.regions.models import Level, Region

TRIAL_REGION = "99.71"
EXPIRED_REGION = "99.03"


def ensure_demo_accesses(*, regions: Mapping[str, Region]) -> int:
    today = timezone.localdate()
    demo = [r for code, r in regions.items() if code.startswith("99") and r.level <= Level.REGENCY]
    RegionAccess.objects.filter(region__in=demo, request__isnull=True).delete()
    rows = []
    for region in demo:
        if region.code == TRIAL_REGION:
            rows.append(
                RegionAccess(
                    region=region,
                    package=Package.ACCESS_ONLY,
                    starts_on=today,
                    expires_on=today + dt.timedelta(days=TRIAL_DAYS),
                )
            )
        elif region.code == EXPIRED_REGION:
            rows.append(
                RegionAccess(
                    region=region,
                    package=Package.ACCESS_ONLY,
                    starts_on=today - dt.timedelta(days=TRIAL_DAYS + 30),
                    expires_on=today - dt.timedelta(days=30),
                )
            )
        else:
            rows.append(
                RegionAccess(
                    region=region,
                    package=Package.TRAINING_AND_ACCESS,
                    starts_on=dt.date(today.year, 1, 1),
                    expires_on=None,
                )
            )
    RegionAccess.objects.bulk_create(rows)
    return len(rows)
