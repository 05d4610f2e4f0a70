"""The analyses of one region and indicator, from the verified values of its frame.

The arithmetic is :mod:`sepakat.analytics` (trend, rank, quadrant, relevance and
effectiveness, correlation); this module picks the rows, runs it and attaches the
narratives. Nothing here writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import polars as pl

from sepakat.analysis import indicator_parts as parts
from sepakat.analysis.dashboards import (
    DEFAULT_CORRELATE,
    HEADLINE,
    POVERTY_RATE,
    Dashboard,
    Figure,
    companions,
    dashboard,
    dashboard_codes,
    figure,
    grouped_catalogue,
    indicator_codes,
    lookup,
    measure_of,
    trend_rows,
)
from sepakat.analysis.indicator_parts import (
    EFFECTIVE_AGAINST,
    QUADRANT_WINDOWS,
    SPLITS,
    Options,
)
from sepakat.analysis.narratives import Measure
from sepakat.analysis.selectors import Frame
from sepakat.datahub.models import Indicator


@dataclass
class IndicatorAnalysis:
    frame: Frame
    indicator: Indicator
    measure: Measure
    year: int | None
    years: list[int]
    figure: Figure | None
    trend: list[dict[str, Any]]
    trend_summary: dict[str, Any] | None
    compare: list[dict[str, Any]]
    rank_sentence: str | None
    quadrant: list[dict[str, Any]]
    quadrant_split: tuple[float, float] | None
    quadrant_sentence: str | None
    relevance: list[dict[str, Any]]
    relevance_start: int | None
    relevance_sentence: str | None
    correlate_with: Indicator | None
    correlation: list[dict[str, Any]]
    correlation_stats: dict[str, Any] | None
    correlation_sentences: list[str]
    sources: list[str]
    options: Options = field(default_factory=Options)
    quadrant_notes: list[str] = field(default_factory=list)
    split_name: str = ""
    comparator_name: str = ""
    relevance_notes: list[str] = field(default_factory=list)
    pair_quadrant: list[dict[str, Any]] = field(default_factory=list)
    pair_split: tuple[float, float] | None = None
    pair_sentence: str | None = None


def indicator_analysis(
    frame: Frame,
    catalogue: dict[str, Indicator],
    table: pl.DataFrame,
    indicator: Indicator,
    year: int | None,
    *,
    correlate: str | None = None,
    start: int | None = None,
    options: Options | None = None,
) -> IndicatorAnalysis:
    """The five analyses of ``indicator`` for the frame's region in ``year`` (the latest
    year when it has no value): trend, comparison and rank, quadrant, relevance and
    effectiveness, correlation with the pair's quadrant."""
    opts = options or Options()
    s = parts.Subject.of(frame, catalogue, table, indicator, year)
    year = s.year
    fig = (
        figure(indicator, frame, lookup(table), year, s.own_years, s.companion)
        if year is not None
        else None
    )
    trend, trend_summary = parts.trend(s)
    compare, rank_text = parts.comparison(s)
    quadrant = parts.quadrant(s, opts)
    relevance = parts.relevance(s, opts, start)
    corr = parts.correlation(s, correlate)
    pair_rows, pair_split, pair_text = parts.pair_quadrant(
        frame,
        table,
        indicator,
        corr.other,
        year,
        s.polarity,
        s.kind,
        quadrant.split_code,
        quadrant.split_name,
    )
    other = corr.other
    return IndicatorAnalysis(
        options=opts,
        quadrant_notes=quadrant.notes,
        split_name=quadrant.split_name,
        comparator_name=relevance.comparator_name,
        relevance_notes=relevance.notes,
        pair_quadrant=pair_rows,
        pair_split=pair_split,
        pair_sentence=pair_text,
        frame=frame,
        indicator=indicator,
        measure=s.measure,
        year=year,
        years=s.all_years,
        figure=fig,
        trend=trend,
        trend_summary=trend_summary,
        compare=compare,
        rank_sentence=rank_text,
        quadrant=quadrant.rows,
        quadrant_split=quadrant.split,
        quadrant_sentence=quadrant.sentence,
        relevance=relevance.rows,
        relevance_start=relevance.start,
        relevance_sentence=relevance.sentence,
        correlate_with=other if other is not None and other.code != s.code else None,
        correlation=corr.rows,
        correlation_stats=corr.stats,
        correlation_sentences=corr.sentences,
        sources=sorted(set(x for x in s.data["source"].to_list() if x)),
    )


__all__ = [
    "DEFAULT_CORRELATE",
    "EFFECTIVE_AGAINST",
    "HEADLINE",
    "POVERTY_RATE",
    "QUADRANT_WINDOWS",
    "SPLITS",
    "Dashboard",
    "Figure",
    "IndicatorAnalysis",
    "Options",
    "companions",
    "dashboard",
    "dashboard_codes",
    "figure",
    "grouped_catalogue",
    "indicator_analysis",
    "indicator_codes",
    "lookup",
    "measure_of",
    "trend_rows",
]
