"""Reads of the analysis module: which region a user analyses, and the verified values.

Region isolation: a user analyses only regions inside their own (``?wilayah=`` outside
it is a 404). Comparisons need more than that: a kab/kota is compared with the other
kab/kota of its province, the province and the nation. Those comparators are the
*published* statistics of the national catalogue (BPS, ministries) at kab/kota level
and above; values below kab/kota level and a region's own indicators are only ever
read inside the user's region.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from django.db.models import Q, QuerySet
from django.http import Http404

from sepakat.analysis.models import ComputationRun
from sepakat.core.access import region_filter, scoped
from sepakat.datahub.models import (
    Indicator,
    MicrodataFile,
    MicrodataKind,
    Observation,
    ObservationStatus,
)
from sepakat.datahub.selectors import indicators_for
from sepakat.regions.models import NATIONAL_CODE, Level, Region

YEARLY = re.compile(r"^\d{4}$")
OBSERVATION_SCHEMA = {
    "region": pl.Utf8,
    "indicator": pl.Utf8,
    "period": pl.Int64,
    "value": pl.Float64,
    "se": pl.Float64,
    "source": pl.Utf8,
}


@dataclass(frozen=True)
class Frame:
    """The region analysed and what it is compared with."""

    region: Region
    parent: Region | None  # the province of a kab/kota; the nation for a province
    nation: Region | None
    peers: list[Region]  # the kab/kota compared and ranked (siblings, or the province's)
    choices: list[Region] = field(default_factory=list)  # regions the user may switch to

    @property
    def is_regency(self) -> bool:
        return self.region.level == Level.REGENCY

    @property
    def comparators(self) -> list[Region]:
        """Region, parent and nation, without repeats, in that order."""
        out: list[Region] = []
        for r in (self.region, self.parent, self.nation):
            if r is not None and r not in out:
                out.append(r)
        return out

    @property
    def names(self) -> dict[str, str]:
        return {r.code: r.display_name for r in [*self.comparators, *self.peers]}


def analysable_regions(user: Any) -> list[Region]:
    """Provinces and kab/kota the user may analyse (their own region and below)."""
    return list(
        scoped(Region.objects.filter(level__in=[Level.PROVINCE, Level.REGENCY]), user).order_by(
            "code"
        )
    )


def frame_for(user: Any, code: str | None) -> Frame:
    """The frame of ``?wilayah=code``, or of the user's own region; 404 outside scope."""
    choices = analysable_regions(user)
    by_code = {r.code: r for r in choices}
    if code:
        region = by_code.get(code)
        if region is None:
            raise Http404
    else:
        own: Region | None = getattr(user, "region", None)
        if own is not None and own.code in by_code:
            region = by_code[own.code]
        elif choices:
            region = choices[0]  # central users: the first province
        else:
            raise Http404
    # Parent and nation in one query (they may lie outside the user's scope: comparators).
    wanted = [NATIONAL_CODE]
    if region.level == Level.REGENCY:
        wanted.append(region.code.split(".")[0])
    above = {r.code: r for r in Region.objects.filter(code__in=wanted)}
    nation = above.get(NATIONAL_CODE)
    if region.level == Level.REGENCY:
        parent = above.get(region.code.split(".")[0])
        peers_of = parent
    else:
        parent = nation
        peers_of = region
    peers = (
        list(Region.objects.filter(parent=peers_of, level=Level.REGENCY).order_by("code"))
        if peers_of is not None
        else [region]
    )
    return Frame(region=region, parent=parent, nation=nation, peers=peers, choices=choices)


def catalogue(user: Any) -> dict[str, Indicator]:
    """Indicators the user may analyse, by code (national catalogue and the region's own)."""
    return {i.code: i for i in indicators_for(user).order_by("area", "code")}


def observation_table(
    user: Any, frame: Frame, indicators: list[str] | None = None, *, peers: bool = True
) -> pl.DataFrame:
    """Verified yearly values of the frame's regions (with or without the peers) as a
    long table, in one query. Columns: region, indicator, period (year), value, se, source.
    """
    regions = [*frame.comparators, *frame.peers] if peers else frame.comparators
    region_ids = {r.pk for r in regions}
    qs = Observation.objects.filter(
        status=ObservationStatus.VERIFIED,
        region_id__in=region_ids,
    ).filter(Q(indicator__owner_region__isnull=True) | region_filter(user, "region"))
    if indicators is not None:
        qs = qs.filter(indicator__code__in=indicators)
    # Yearly periods are kept here rather than by a REGEXP in the query (SQLite calls back
    # into Python for every row), and the rows are put in order by Polars rather than by
    # the model's ordering (which sorts on a joined column).
    rows = qs.order_by().values_list(
        "region__code", "indicator__code", "period", "value", "standard_error", "source"
    )
    return pl.DataFrame(
        [(r, i, int(p), v, se, s) for r, i, p, v, se, s in rows if _is_year(p)],
        schema=OBSERVATION_SCHEMA,
        orient="row",
    ).sort("indicator", "region", "period")


def _is_year(period: str) -> bool:
    return len(period) == 4 and period.isascii() and period.isdigit()


def local_observations(
    user: Any, region: Region, indicator: Indicator, period: str, level: int
) -> dict[str, tuple[float, float | None]]:
    """Verified values of one indicator at kecamatan or desa level inside ``region``
    (and inside the user's scope): code -> (value, se)."""
    qs = scoped(
        Observation.objects.filter(
            status=ObservationStatus.VERIFIED,
            indicator=indicator,
            period=period,
            region__level=level,
        ).filter(region__code__startswith=region.code + "."),
        user,
    )
    return {c: (v, se) for c, v, se in qs.values_list("region__code", "value", "standard_error")}


def local_indicators(user: Any, region: Region, level: int) -> list[tuple[str, str]]:
    """(indicator code, period) pairs with verified values at ``level`` inside ``region``."""
    qs = scoped(
        Observation.objects.filter(
            status=ObservationStatus.VERIFIED,
            region__level=level,
            region__code__startswith=region.code + ".",
        ),
        user,
    )
    return sorted(set(qs.values_list("indicator__code", "period").distinct()))


def registry_file_for(region: Region) -> MicrodataFile | None:
    """The latest registry file that covers ``region``: one of the region itself, of a
    region above it, or of the nation. Only aggregates of the region's own desa are read
    from it, so a kab/kota user may use the province's file."""
    codes = [NATIONAL_CODE]
    parts = region.code.split(".")
    codes += [".".join(parts[: i + 1]) for i in range(len(parts))]
    return (
        MicrodataFile.objects.filter(kind=MicrodataKind.REGISTRY, region__code__in=codes)
        .select_related("region")
        .order_by("-period", "-pk")
        .first()
    )


def survey_files_for(user: Any) -> list[MicrodataFile]:
    """Survey files a user may compute from: the centre any, a regional admin their
    region's (the same rule as managing microdata)."""
    from sepakat.datahub.microdata import may_manage

    files = scoped(
        MicrodataFile.objects.filter(kind=MicrodataKind.SURVEY).select_related("region"), user
    ).order_by("-period", "title")
    return [f for f in files if may_manage(user, f.region)]


def may_compute(user: Any) -> bool:
    """Whether the "Hitung dari mikrodata" tab is of use: a role that may compute, with at
    least one survey file of its region (a kab/kota admin whose survey is the province's
    has nothing to compute from)."""
    from sepakat.core.roles import Role

    if user.role not in (Role.CENTRAL_ADMIN, Role.REGIONAL_ADMIN):
        return False
    return scoped(MicrodataFile.objects.filter(kind=MicrodataKind.SURVEY), user).exists()


def runs_for(user: Any) -> QuerySet[ComputationRun]:
    return scoped(
        ComputationRun.objects.select_related("file", "region", "created_by", "submission"),
        user,
    ).order_by("-created_at")
