"""Reads of the budgeting app, always for one region (the caller has checked who may see it)."""

from __future__ import annotations

from sepakat.budgeting.analysis import AnalysisRow, Line, budget_analysis
from sepakat.budgeting.models import ApbdLine
from sepakat.regions.models import Region


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
