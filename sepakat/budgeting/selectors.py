"""Reads of the budgeting app, always for one region: a person's reads go through
:func:`budget_analysis_for`, which finds the region only among those the user may see; the
command line (the server's operator) reads any region."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Case, Count, DecimalField, Max, Q, Sum, Value, When
from django.db.models.functions import Substr

from sepakat.budgeting.analysis import AnalysisRow, Line, budget_analysis
from sepakat.budgeting.models import ApbdLine, Service
from sepakat.core.access import get_for_user, scoped
from sepakat.regions.models import Level, Region


def analysis_lines(region: Region, year: int) -> list[Line]:
    """The stored lines of a region and year, in the shape :func:`budget_analysis` reads."""
    return [
        Line(
            stage=stage,
            skpd_code=skpd,
            sub_kegiatan_code=code,
            fund_source=fund,
            tags=tuple(tags.split()),
            amount=amount,
            realisation=realisation,
        )
        for stage, skpd, code, fund, tags, amount, realisation in ApbdLine.objects.filter(
            region=region, year=year
        ).values_list(
            "stage",
            "skpd_code",
            "sub_kegiatan_code",
            "fund_source",
            "tags",
            "amount",
            "realisation",
        )
    ]


def region_budget_analysis(region: Region, year: int) -> list[AnalysisRow]:
    return budget_analysis(analysis_lines(region, year))


def budget_analysis_for(user: Any, region_code: str, year: int) -> list[AnalysisRow]:
    """The analysis of a province or kab/kota the user may see; 404 for any other."""
    region = get_for_user(
        Region.objects.filter(level__in=[Level.PROVINCE, Level.REGENCY]), user, code=region_code
    )
    return region_budget_analysis(region, year)


# ---- the report's sums, added up by the database --------------------------------------
#
# The Penganggaran page must answer quickly on a region of 10,000 lines: the report reads
# sums grouped by the database, never the lines one by one. A group is one combination of
# the columns a breakdown needs; the report adds the groups up by each breakdown in Python
# (a few hundred groups where there are thousands of lines).

# A line is poverty spending when it carries any tag (SIPD-RI's extreme-poverty or stunting
# tag, or a strategy of Inpres 4/2022), or when it is marked direct or supporting and names
# a priority problem it serves. A mark without a problem is not enough: it says how the line
# serves, not that it serves poverty reduction.
POVERTY = ~Q(tags="") | (Q(service__in=[s.value for s in Service]) & ~Q(problem_codes=""))

_RUPIAH = DecimalField(max_digits=20, decimal_places=2)
_ZERO = Value(Decimal(0), output_field=_RUPIAH)
# The first two parts of a sub kegiatan code: ``1.02`` of ``1.02.02.2.02.0004`` and ``X.XX``
# of the shared support programme. Urusan codes have one character, so four characters.
_BIDANG = Substr("sub_kegiatan_code", 1, 4)


def _sums(**extra: Any) -> dict[str, Any]:
    return {
        # not named after the fields: a later aggregate naming "amount" would read the sum
        "pagu": Sum("amount"),
        "realised": Sum("realisation"),
        # the pagu of the lines that report a realisation: the rate's denominator
        "reported": Sum(Case(When(realisation__isnull=False, then="amount"), default=_ZERO)),
        **extra,
    }


def stage_groups(region: Region, year: int, stage: str) -> list[dict[str, Any]]:
    """The lines of one stage summed by SKPD, bidang urusan, fund source, tags, mark and
    problems, with the SKPD's and the bidang's names."""
    # Any: django-stubs types the rows as TypedDicts of the fields, not the annotations
    rows: Any = (
        ApbdLine.objects.filter(region=region, year=year, stage=stage)
        .annotate(bidang=_BIDANG)
        .values("skpd_code", "bidang", "fund_source", "tags", "service", "problem_codes")
        .annotate(
            **_sums(lines=Count("id"), skpd_name=Max("skpd_name"), bidang_name=Max("urusan_name"))
        )
        .order_by()
    )
    return list(rows)


def chain_sums(region: Region, year: int) -> list[dict[str, Any]]:
    """Every stage of the year summed by sub kegiatan, with its name."""
    rows: Any = (
        ApbdLine.objects.filter(region=region, year=year)
        .values("stage", "sub_kegiatan_code")
        .annotate(**_sums(name=Max("sub_kegiatan_name")))
        .order_by()
    )
    return list(rows)


def year_stage_totals(regions: Any, *, year: int | None = None) -> list[dict[str, Any]]:
    """Total and poverty spending by region, year and stage."""
    lines = ApbdLine.objects.filter(region__in=regions)
    if year is not None:
        lines = lines.filter(year=year)
    rows: Any = (
        lines.values("region_id", "year", "stage")
        .annotate(
            pagu=Sum("amount"),
            poverty=Sum(Case(When(POVERTY, then="amount"), default=_ZERO)),
        )
        .order_by()
    )
    return list(rows)


def budget_regions_for(user: Any) -> list[dict[str, Any]]:
    """The provinces and kab/kota the user may see that have budget lines, with their
    years (newest first)."""
    rows = (
        scoped(ApbdLine.objects.all(), user)
        .values_list("region__code", "year")
        .distinct()
        .order_by("region__code", "-year")
    )
    found: dict[str, list[int]] = {}
    for code, year in rows:
        found.setdefault(code, []).append(year)
    regions = {r.code: r for r in Region.objects.filter(code__in=found)}
    return [{"region": regions[code], "years": years} for code, years in found.items()]


def budget_region_for(user: Any, region_code: str) -> Region:
    """A province or kab/kota the user may see; 404 for any other."""
    return get_for_user(
        Region.objects.filter(level__in=[Level.PROVINCE, Level.REGENCY]), user, code=region_code
    )


def quarter_lines(region: Region, year: int, stage: str) -> list[ApbdLine]:
    """The lines of a stage for the absorption by quarter; none when no line of the stage
    reports a quarter (then there is nothing to show, and nothing is loaded)."""
    lines = ApbdLine.objects.filter(region=region, year=year, stage=stage)
    reported = Q()
    for field in ("realisation_q1", "realisation_q2", "realisation_q3", "realisation_q4"):
        reported |= Q(**{f"{field}__isnull": False})
    if not lines.filter(reported).exists():
        return []
    return list(
        lines.only(
            "skpd_code",
            "sub_kegiatan_code",
            "account",
            "fund_source",
            "amount",
            "realisation",
            "realisation_q1",
            "realisation_q2",
            "realisation_q3",
            "realisation_q4",
            "reason",
        )
    )
