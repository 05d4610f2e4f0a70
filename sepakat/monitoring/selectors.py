"""Reads of the monitoring module: targets and the monitoring table of a region and year."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from sepakat.core.access import scoped
from sepakat.datahub.models import Area, Observation
from sepakat.monitoring import scoring
from sepakat.monitoring.models import RealisationSource, Target
from sepakat.monitoring.quarter_selectors import verified_outputs
from sepakat.regions.models import Region

PERIODS = ("year", "q1", "q2", "q3", "q4")
# How many years of observations the pace (the year the target is reached) is fitted on.
PACE_YEARS = 5
# Achievement is rounded to this many decimals before its band is read, so the printed
# percentage and the printed band always agree.
PCT_DECIMALS = 2


@dataclass(frozen=True)
class Row:
    target: Target
    realisation: float | None
    previous: float | None
    achievement_pct: float | None
    band: scoring.Band | None
    effort_pct: float | None
    trend: scoring.Trend | None
    year_reached: int | None

    @property
    def indicator(self) -> str:
        """The catalogue code, or the output indicator's name for a plan output."""
        t = self.target
        return t.indicator.code if t.indicator is not None else t.name


def targets_for(user: Any) -> QuerySet[Target]:
    return scoped(Target.objects.select_related("region", "indicator"), user)


def _yearly_values(
    observations: QuerySet[Observation], region: Region, indicator_ids: set[int], year: int
) -> dict[int, dict[int, float]]:
    """Per indicator: year -> the value of the year (a yearly value, else the latest
    Susenas round of the year)."""
    found = observations.filter(
        region=region,
        indicator_id__in=indicator_ids,
        period__gte=str(year - PACE_YEARS),
        period__lt=str(year + 1),
    ).values_list("indicator_id", "period", "value")
    chosen: dict[tuple[int, int], tuple[str, float]] = {}
    for indicator_id, period, value in found:
        head = period[:4]
        if not head.isdigit():
            continue
        y = int(head)
        # "2024" (a yearly value) sorts after "2024-09" when the month is dropped: give it
        # the highest rank so it wins over a round of the same year
        rank = "99" if len(period) == 4 else period[5:7]
        old = chosen.get((indicator_id, y))
        if old is None or rank > old[0]:
            chosen[(indicator_id, y)] = (rank, value)
    values: dict[int, dict[int, float]] = defaultdict(dict)
    for (indicator_id, y), (_rank, value) in chosen.items():
        values[indicator_id][y] = value
    return values


def monitoring_rows(
    *,
    region: Region,
    year: int,
    targets: QuerySet[Target],
    observations: QuerySet[Observation],
    period: str = "year",
    kind: str = "",
    sector: str = "",
    formula: scoring.Formula = "standard",
) -> list[Row]:
    """The monitoring table: one row per target of the region and year.

    ``year`` shows every target, realised by verified observations or (plan outputs) by
    the OPD's verified report of the fourth quarter; a quarter shows only the targets reported by quarter (plan outputs),
    since catalogue indicators are measured once a year. ``formula`` chooses how
    lower-is-better indicators are scored (:func:`scoring.achievement_pct`).
    """
    chosen = targets.filter(region=region, year=year).select_related("indicator")
    if kind:
        chosen = chosen.filter(kind=kind)
    if sector:
        chosen = chosen.filter(sector=sector)
    if period != "year":
        chosen = chosen.filter(realisation_source=RealisationSource.OPD_REPORTS)
    target_list = list(chosen.order_by("kind", "sector", "name"))
    ids = {t.indicator_id for t in target_list if t.indicator_id is not None}
    values = _yearly_values(observations, region, ids, year) if ids else {}
    # plan outputs: the verified OPD report of the quarter, cumulative to its end; the
    # year's realisation is the fourth quarter's (cumulative to the year's end)
    quarter = 4 if period == "year" else int(period[1])
    reported = (
        verified_outputs(region, year, quarter)
        if any(t.realisation_source == RealisationSource.OPD_REPORTS for t in target_list)
        else {}
    )
    rows = []
    for t in target_list:
        history = values.get(t.indicator_id, {}) if t.indicator_id is not None else {}
        if t.realisation_source == RealisationSource.OPD_REPORTS:
            realisation = reported.get(t.intervention_id) if t.intervention_id else None
        else:
            realisation = history.get(year) if period == "year" else None
        previous = history.get(year - 1)
        if previous is None and t.baseline_year == year - 1:
            previous = t.baseline_value
        pct = scoring.achievement_pct(t.value, realisation, t.polarity, formula=formula)
        pct = None if pct is None else round(pct, PCT_DECIMALS)
        pace = [(y, v) for y, v in history.items() if y <= year]
        rows.append(
            Row(
                target=t,
                realisation=realisation,
                previous=previous,
                achievement_pct=pct,
                band=scoring.band(pct, t.polarity),
                effort_pct=scoring.effort_pct(previous, t.value, realisation),
                trend=scoring.trend(previous, realisation, t.value),
                year_reached=scoring.year_reached(pace, t.value, t.polarity) if pace else None,
            )
        )
    return rows


def sectors(targets: QuerySet[Target], region: Region, year: int) -> list[tuple[str, str]]:
    """(value, label) of the sectors with targets: the catalogue's area by its name, a plan
    output's SKPD as it is written."""
    found = set(targets.filter(region=region, year=year).values_list("sector", flat=True))
    labels = dict(Area.choices)
    return sorted(((s, str(labels.get(s, s))) for s in found), key=lambda p: p[1])


def region_years(targets: QuerySet[Target]) -> list[tuple[Region, list[int]]]:
    """The regions with targets and their years, in code order."""
    pairs = targets.values_list("region_id", "year").distinct().order_by("region_id", "year")
    by_region: dict[int, list[int]] = defaultdict(list)
    for region_id, year in pairs:
        by_region[region_id].append(year)
    regions = Region.objects.in_bulk(list(by_region))
    return sorted(
        ((regions[pk], years) for pk, years in by_region.items()), key=lambda p: p[0].code
    )
