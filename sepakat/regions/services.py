"""Writes to the region hierarchy."""

from __future__ import annotations

from sepakat.regions.models import NATIONAL_CODE, Level, Region


def ensure_national_region() -> Region:
    """The root of the hierarchy: Indonesia."""
    region, _created = Region.objects.get_or_create(
        code=NATIONAL_CODE,
        defaults={"name": "Indonesia", "level": Level.NATIONAL, "bps_code": "0000"},
    )
    return region
