"""Monitoring targets of the demo kab/kota: RKPD and RPJMD 2025 targets of their
indicators, set so that the 2025 values fall short of them by realistic, varied margins
(every Permendagri 86/2017 band appears), and 99.01's RPKD targets from its approved plan.

A target is derived from the verified 2025 value: an achievement is drawn from a fixed
spread and the target is the value that gives it (polarity 1: value / a; polarity -1:
value / (2 - a)). A target a planning document would not hold is not used: outside the
catalogue's valid range, above 100 for a percentage, or, for rates and indices, more than
10 % (indices) or 40 % (rates) away from the 2024 value (counts and money totals may plan large steps); the nearest
achievement of the spread that gives a possible target is taken instead. The baseline is
the 2024 value. Neutral indicators get a target 2 % above the value (they are shown without
a band).
"""

from __future__ import annotations

import numpy as np
from django.db.models import Q

from sepakat.core.audit import record_bulk_change
from sepakat.datahub.models import (
    EXTENSIVE_KINDS,
    Indicator,
    IndicatorKind,
    Observation,
    ObservationStatus,
)
from sepakat.monitoring.models import RealisationSource, Target, TargetKind
from sepakat.monitoring.services import targets_from_plan
from sepakat.planning.models_plan import Plan, PlanVersion, VersionStatus
from sepakat.regions.models import Level, Region

YEAR = 2025
DEMO_TARGET_SOURCE = "Data contoh SEPAKAT (sintetis)"
# achievements (percent) drawn for the demo: most near the target, some far below it
SPREAD = (98.0, 94.0, 92.0, 88.0, 84.0, 79.0, 72.0, 68.0, 60.0, 54.0, 45.0, 101.0, 105.0)
# how far from the 2024 value a target may be, as a share of that value: indices (IPM, NTP)
# move by points a year, rates (poverty, unemployment, coverage) may plan bold steps
MAX_STEP: dict[str, float] = {IndicatorKind.INDEX: 0.1, IndicatorKind.RATE: 0.4}
LEGAL_BASIS = {
    TargetKind.RKPD: "Peraturan Kepala Daerah tentang RKPD Tahun 2025",
    TargetKind.RPJMD: "Peraturan Daerah tentang RPJMD 2025-2029",
}


def _target_for(value: float, polarity: int, pct: float) -> float:
    share = pct / 100.0
    if polarity == -1:
        return value / (2.0 - share)
    if polarity == 1:
        return value / share
    return value * 1.02


def _possible(target: float, before: float | None, indicator: Indicator) -> bool:
    if indicator.min_value is not None and target < indicator.min_value:
        return False
    if indicator.max_value is not None and target > indicator.max_value:
        return False
    if indicator.unit.strip() == "%" and not 0 <= target <= 100:
        return False
    if indicator.kind in EXTENSIVE_KINDS or before is None or before == 0:
        return True
    return abs(target - before) <= MAX_STEP.get(indicator.kind, 0.4) * abs(before)


def _demo_target(
    value: float, before: float | None, indicator: Indicator, drawn: float
) -> float | None:
    """The target giving the drawn achievement, or the nearest possible one of the spread."""
    for pct in sorted(SPREAD, key=lambda p: (abs(p - drawn), p)):
        target = round(_target_for(value, indicator.polarity, pct), indicator.decimals)
        if target != 0 and _possible(target, before, indicator):
            return target
    return None


def ensure_demo_targets(rng: np.random.Generator, regencies: list[Region]) -> int:
    """Replace the demo's targets of the kab/kota; returns how many were written."""
    ids = [r.pk for r in regencies]
    Target.objects.filter(region_id__in=ids, source=DEMO_TARGET_SOURCE).delete()
    observed = Observation.objects.filter(
        region_id__in=ids,
        status=ObservationStatus.VERIFIED,
        period__in=(str(YEAR - 1), str(YEAR)),
    ).select_related("indicator")
    values: dict[tuple[int, int], dict[str, float]] = {}
    indicators = {}
    for o in observed.order_by("region_id", "indicator__code", "period"):
        values.setdefault((o.region_id, o.indicator_id), {})[o.period] = o.value
        indicators[o.indicator_id] = o.indicator
    objects = []
    for (region_id, indicator_id), by_period in sorted(values.items()):
        value = by_period.get(str(YEAR))
        if value is None or value == 0:
            continue
        indicator = indicators[indicator_id]
        before = by_period.get(str(YEAR - 1))
        for kind in (TargetKind.RKPD, TargetKind.RPJMD):
            drawn = float(SPREAD[int(rng.integers(len(SPREAD)))])
            target = _demo_target(value, before, indicator, drawn)
            if target is None:
                continue
            objects.append(
                Target(
                    region_id=region_id,
                    kind=kind,
                    year=YEAR,
                    indicator=indicator,
                    key=f"ind:{indicator.code}",
                    name=indicator.name_id,
                    sector=indicator.area,
                    unit=indicator.unit,
                    polarity=indicator.polarity,
                    value=target,
                    baseline_year=YEAR - 1,
                    baseline_value=before,
                    source=DEMO_TARGET_SOURCE,
                    legal_basis=LEGAL_BASIS[kind],
                    realisation_source=RealisationSource.OBSERVATIONS,
                )
            )
    # a rebuilt demo replaces the kab/kota's RKPD and RPJMD targets of the year, also those
    # entered by hand since (they would collide with the demo's keys)
    Target.objects.filter(
        Q(kind__in=(TargetKind.RKPD, TargetKind.RPJMD)), region_id__in=ids, year=YEAR
    ).delete()
    Target.objects.bulk_create(objects, batch_size=500)
    record_bulk_change(
        actor=None,
        model=Target,
        object_repr=f"{DEMO_TARGET_SOURCE}: {len(objects)}",
        summary={"event": ["demo targets"], "targets": [str(len(objects))]},
    )
    count = len(objects)
    for plan in Plan.objects.filter(region_id__in=ids):
        version = (
            PlanVersion.objects.filter(plan=plan, status=VersionStatus.APPROVED)
            .order_by("-number")
            .first()
        )
        if version is not None:
            created, updated = targets_from_plan(actor=None, version=version)
            count += created + updated
    return count


def demo_regencies() -> list[Region]:
    return list(Region.objects.filter(code__startswith="99.", level=Level.REGENCY))
