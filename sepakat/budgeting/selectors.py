"""Reads of the budgeting app, always for one region: a person's reads go through
:func:`budget_analysis_for`, which finds the region only among those the user may see; the
command line (the server's operator) reads any region."""

from __future__ import annotations

from typing import Any

from sepakat.budgeting.analysis import AnalysisRow, Line, budget_analysis
from sepakat.budgeting.models import ApbdLine
from sepakat.core.access import get_for_user
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
