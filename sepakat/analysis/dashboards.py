"""The dashboard of a region and the figure of one indicator, from the verified values of
its frame. Nothing here writes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import polars as pl

from sepakat.analysis import narratives as nar
from sepakat.analysis.narratives import Measure
from sepakat.analysis.selectors import Frame
from sepakat.datahub.models import Area, Indicator

# The monetary poverty figures every dashboard opens with (BPS definitions).
HEADLINE = ("KMS01", "KMS02", "KMS03", "KMS04", "KMS05", "KMS06")
POVERTY_RATE = "KMS01"
DEFAULT_CORRELATE = "TKJ01"  # P0 against open unemployment when P0 itself is chosen


def measure_of(indicator: Indicator) -> Measure:
    return Measure(
        name=indicator.name,
        unit=indicator.unit,
        decimals=indicator.decimals,
        polarity=indicator.polarity,
        kind=indicator.kind,
    )


def companions(catalogue: dict[str, Indicator]) -> dict[str, Indicator]:
    """Indicator code -> the companion read beside it, when the user's catalogue has it."""
    by_pk = {i.pk: i for i in catalogue.values()}
    return {
        code: by_pk[i.companion_id]
        for code, i in catalogue.items()
        if i.companion_id is not None and i.companion_id in by_pk
    }


def dashboard_codes(catalogue: dict[str, Indicator]) -> list[str]:
    """The indicators a dashboard reads: the headline, each area's key ones, their companions."""
    codes = [*HEADLINE, *(c for c, i in catalogue.items() if i.is_key)]
    pairs = companions(catalogue)
    return list(dict.fromkeys([*codes, *(pairs[c].code for c in codes if c in pairs)]))


def indicator_codes(
    catalogue: dict[str, Indicator], code: str, correlate: str | None = None
) -> list[str]:
    """The indicators one indicator's analysis reads: itself, its companion and the one it
    is correlated with (reading no more keeps the page fast)."""
    other = correlate or (DEFAULT_CORRELATE if code == POVERTY_RATE else POVERTY_RATE)
    pair = companions(catalogue).get(code)
    return list(dict.fromkeys([code, *([pair.code] if pair else []), other]))


Values = dict[tuple[str, str, int], tuple[float, float | None]]


def lookup(table: pl.DataFrame) -> Values:
    """(region, indicator, year) -> (value, se)."""
    return {
        (r, i, p): (v, se)
        for r, i, p, v, se in table.select(
            "region", "indicator", "period", "value", "se"
        ).iter_rows()
    }


@dataclass
class Figure:
    """One indicator of one region in one year, with its comparators and reading."""

    indicator: Indicator
    measure: Measure
    year: int
    value: float | None = None
    se: float | None = None
    prev_year: int | None = None
    prev_value: float | None = None
    prev_se: float | None = None
    parent_value: float | None = None
    parent_se: float | None = None
    nation_value: float | None = None
    nation_se: float | None = None
    source: str = ""
    sentences: list[str] = field(default_factory=list)
    companion: Figure | None = None  # read beside it: the rate of a count...

    @property
    def change(self) -> float | None:
        if self.value is None or self.prev_value is None:
            return None
        return self.value - self.prev_value

    @property
    def direction(self) -> int:
        """Which way the number went: 1 up, -1 down, 0 unchanged or unknown (whatever the
        polarity: a fall of P0 points down and is an improvement)."""
        c = self.change
        if c is None or round(c, self.measure.decimals) == 0:
            return 0
        return 1 if c > 0 else -1

    @property
    def improving(self) -> bool | None:
        """Whether the change is an improvement; None when unchanged or neutral."""
        c = self.change
        if c is None or round(c, self.measure.decimals) == 0 or self.measure.neutral:
            return None
        return c * self.measure.polarity > 0

    @property
    def ci(self) -> tuple[float, float] | None:
        if self.value is None or self.se is None:
            return None
        return (self.value - nar.Z95 * self.se, self.value + nar.Z95 * self.se)

    @property
    def cv(self) -> float | None:
        return nar.cv_of(self.value, self.se)

    @property
    def unreliable(self) -> bool:
        return nar.unreliable(self.value, self.se)

    @property
    def change_significant(self) -> bool | None:
        c = self.change
        return None if c is None else nar.significant(c, self.se, self.prev_se)

    # Texts for templates and exports.
    @property
    def value_text(self) -> str:
        return self.measure.value(self.value)

    @property
    def ci_text(self) -> str:
        ci = self.ci
        if ci is None:
            return ""
        return f"{self.measure.value(ci[0])} – {self.measure.value(ci[1])}"

    @property
    def change_text(self) -> str:
        c = self.change
        if c is None:
            return "-"
        from sepakat.analysis.formatting import format_number

        return format_number(c, self.measure.decimals, signed=True)

    @property
    def parent_share(self) -> float | None:
        """A count's share of the parent's, in percent (None for other kinds)."""
        return nar.share(self.value, self.parent_value) if self.measure.count else None

    @property
    def nation_share(self) -> float | None:
        return nar.share(self.value, self.nation_value) if self.measure.count else None

    def _comparator_text(self, other: float | None) -> str:
        # A count beside a larger area's total is its share of it; a money total is not
        # set beside a larger area at all (its per capita companion is).
        if self.measure.money_total:
            return "-"
        if self.measure.count and self.value is not None and other:
            return nar.share_text(self.measure, self.value, other)
        return self.measure.value(other)

    @property
    def parent_text(self) -> str:
        return self._comparator_text(self.parent_value)

    @property
    def nation_text(self) -> str:
        return self._comparator_text(self.nation_value)

    @property
    def narrative(self) -> str:
        return " ".join(self.sentences)


def figure(
    indicator: Indicator,
    frame: Frame,
    values: Values,
    year: int,
    years: list[int],
    companion: Indicator | None = None,
) -> Figure:
    """The figure of ``indicator`` in ``year`` with the previous available year, and the
    figure of its companion beside it."""
    m = measure_of(indicator)
    code = indicator.code
    region = frame.region.code
    f = Figure(indicator=indicator, measure=m, year=year)
    if (region, code, year) in values:
        f.value, f.se = values[region, code, year]
    earlier = [y for y in years if y < year and (region, code, y) in values]
    if earlier:
        f.prev_year = earlier[-1]
        f.prev_value, f.prev_se = values[region, code, f.prev_year]
    if frame.parent is not None and frame.parent.code != region:
        f.parent_value, f.parent_se = values.get((frame.parent.code, code, year), (None, None))
    if frame.nation is not None and frame.nation.code != region:
        f.nation_value, f.nation_se = values.get((frame.nation.code, code, year), (None, None))
    name = frame.region.display_name
    f.sentences.append(nar.level_sentence(m, name, year, f.value))
    if f.value is None:
        return f
    if f.prev_value is not None and f.prev_year is not None:
        f.sentences.append(nar.change_sentence(m, f.value, f.prev_year, f.prev_value))
        sig = nar.change_significance_sentence(f.change_significant)
        if sig:
            f.sentences.append(sig)
    comparators = []
    if f.parent_value is not None and frame.parent is not None:
        comparators.append((frame.parent.display_name, f.parent_value, f.parent_se))
    if f.nation_value is not None and frame.nation is not None and frame.nation != frame.parent:
        comparators.append((frame.nation.display_name, f.nation_value, f.nation_se))
    if m.money_total:
        f.sentences.append(nar.money_total_sentence(m))
    else:
        for name_, other, other_se in comparators:
            if m.count:
                f.sentences.append(nar.share_sentence(m, name_, f.value, other))
            else:
                f.sentences.append(
                    nar.comparison_sentence(m, name_, f.value, other, f.se, other_se)
                )
    if companion is not None:
        f.companion = figure(companion, frame, values, year, years)
        if f.companion.value is not None:
            f.sentences.append(nar.companion_sentence(companion.name, f.companion.value_text))
    if m.money_total:
        f.sentences.append(nar.comparable_hint(companion.name if companion else None))
    reliability = nar.reliability_sentence(f.value, f.se)
    if reliability:
        f.sentences.append(reliability)
    return f


@dataclass
class Dashboard:
    frame: Frame
    year: int | None
    years: list[int]
    headline: list[Figure]
    key_by_area: list[tuple[str, list[Figure]]]
    trend_rows: list[dict[str, Any]]


def dashboard(
    frame: Frame, catalogue: dict[str, Indicator], table: pl.DataFrame, year: int | None
) -> Dashboard:
    """Headline poverty figures and each area's key indicators for ``year`` (default: the
    latest year the region has any of them)."""
    region = frame.region.code
    own = table.filter(pl.col("region") == region)
    years = sorted(set(own["period"].to_list()))
    if year is None or year not in years:
        year = years[-1] if years else None
    values = lookup(table)
    pairs = companions(catalogue)
    headline: list[Figure] = []
    by_area: dict[str, list[Figure]] = {}
    if year is not None:
        for code in HEADLINE:
            if code in catalogue:
                headline.append(
                    figure(catalogue[code], frame, values, year, years, pairs.get(code))
                )
        shown = {*HEADLINE, *(c for c, i in catalogue.items() if i.is_key)}
        for ind in catalogue.values():
            if ind.is_key and ind.code not in HEADLINE:
                key = figure(ind, frame, values, year, years, pairs.get(ind.code))
                by_area.setdefault(ind.area, []).append(key)
                # The companion gets its own card beside (a leakage beside a coverage),
                # unless it is on the dashboard anyway.
                if key.companion is not None and key.companion.indicator.code not in shown:
                    by_area[ind.area].append(key.companion)
    labels = dict(Area.choices)
    key_by_area = [(str(labels[a]), by_area[a]) for a in Area.values if a in by_area]
    return Dashboard(
        frame=frame,
        year=year,
        years=years,
        headline=headline,
        key_by_area=key_by_area,
        trend_rows=trend_rows(frame, table, POVERTY_RATE),
    )


def trend_rows(
    frame: Frame, table: pl.DataFrame, code: str, *, own_only: bool = False
) -> list[dict[str, Any]]:
    """Year, region name, value (and CI bounds) of the region, its parent and the nation;
    of the region alone with ``own_only`` (a count or money total: the province's would
    dwarf it on one axis and invite the comparison that is not made)."""
    regions = [frame.region] if own_only else frame.comparators
    names = {r.code: r.display_name for r in regions}
    sub = table.filter(pl.col("indicator") == code, pl.col("region").is_in(list(names))).sort(
        "period"
    )
    rows = []
    for r, p, v, se in sub.select("region", "period", "value", "se").iter_rows():
        rows.append(
            {
                "wilayah": names[r],
                "kode": r,
                "tahun": p,
                "nilai": v,
                "galat_baku": se,
                "batas_bawah": None if se is None else v - nar.Z95 * se,
                "batas_atas": None if se is None else v + nar.Z95 * se,
            }
        )
    return rows


def grouped_catalogue(catalogue: dict[str, Indicator]) -> list[tuple[str, list[Indicator]]]:
    """Indicators grouped by the six areas, in the areas' order."""
    labels = dict(Area.choices)
    groups: dict[str, list[Indicator]] = {}
    for ind in catalogue.values():
        groups.setdefault(ind.area, []).append(ind)
    return [(str(labels[a]), groups[a]) for a in Area.values if a in groups]
