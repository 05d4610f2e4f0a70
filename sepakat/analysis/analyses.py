"""The analyses of one region and indicator, from the verified values of its frame.

The arithmetic is :mod:`sepakat.analytics` (trend, rank, quadrant, relevance and
effectiveness, correlation); this module picks the rows, runs it and attaches the
narratives. Nothing here writes.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from django.utils.translation import gettext as _

from sepakat import analytics
from sepakat.analysis import narratives as nar
from sepakat.analysis.narratives import Measure
from sepakat.analysis.selectors import Frame
from sepakat.datahub.models import Area, Indicator
from sepakat.regions.models import NATIONAL_CODE

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


def _finite(x: float | None) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else x


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


QUADRANT_WINDOWS = (3, 5)
SPLITS = ("provinsi", "nasional")
EFFECTIVE_AGAINST = {"pembanding": "comparator", "awal": "baseline", "target": "target"}


@dataclass(frozen=True)
class Options:
    """The reader's choices for the quadrant and relevance/effectiveness.

    * ``window``: the quadrant's vertical axis is the average yearly change over the last
      3 or 5 years (one noisy year moves a kab/kota across the line less easily);
    * ``split``: the quadrant's lines at the province's values or the nation's;
    * ``comparator``: relevance and effectiveness against the nation (default: the
      national programme's direction) or the province;
    * ``against``: effectiveness against the comparator's change, the region's own
      baseline, or its own target ``target`` for the end year."""

    window: int = 3
    split: str = "provinsi"
    comparator: str = "nasional"
    against: str = "pembanding"
    target: float | None = None

    @classmethod
    def parse(cls, params: Any) -> Options:
        """From query parameters; anything unknown falls back to the default."""

        def pick(name: str, allowed: tuple[str, ...], default: str) -> str:
            value = params.get(name, "")
            return value if value in allowed else default

        raw_window = params.get("rentang", "")
        window = int(raw_window) if raw_window in {str(w) for w in QUADRANT_WINDOWS} else 3
        try:
            target = float(str(params.get("target", "")).replace(",", "."))
        except ValueError:
            target = None
        if target is not None and not math.isfinite(target):
            target = None
        return cls(
            window=window,
            split=pick("garis", SPLITS, "provinsi"),
            comparator=pick("pembanding_relevansi", SPLITS, "nasional"),
            against=pick("efektif", tuple(EFFECTIVE_AGAINST), "pembanding"),
            target=target,
        )


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
    opts = options or Options()
    code = indicator.code
    m = measure_of(indicator)
    polarity = {c: i.polarity for c, i in catalogue.items()}
    kind = {c: i.kind for c, i in catalogue.items()}
    companion = companions(catalogue).get(code)
    data = table.filter(pl.col("indicator") == code)
    own_years = sorted(set(data.filter(pl.col("region") == frame.region.code)["period"].to_list()))
    all_years = sorted(set(data["period"].to_list()))
    years = own_years or all_years
    if year is None or year not in all_years:
        year = years[-1] if years else None
    values = lookup(table)
    fig = figure(indicator, frame, values, year, own_years, companion) if year is not None else None
    names = frame.names
    parent_code = (
        frame.region.code if not frame.is_regency else (frame.parent.code if frame.parent else None)
    )
    parent_name = names.get(parent_code or "", "")
    peer_codes = [p.code for p in frame.peers]
    sources = sorted(set(s for s in data["source"].to_list() if s))

    # Trend of the region, its parent and the nation.
    trend = trend_rows(frame, table, code, own_only=m.extensive)
    trend_summary = None
    own = data.filter(pl.col("region") == frame.region.code)
    if year is not None and own.height >= 2:
        tr = analytics.trend(
            own.filter(pl.col("period") <= year).select("region", "period", "indicator", "value"),
            polarity=polarity,
        )
        if tr.height:
            trend_summary = tr.row(0, named=True)

    # Comparison and rank among the kab/kota.
    compare: list[dict[str, Any]] = []
    rank_text = None
    if year is not None:
        cur = data.filter(pl.col("period") == year, pl.col("region").is_in(peer_codes))
        if cur.height:
            ranked = analytics.rank(
                cur.select("region", "period", "indicator", "value"),
                polarity=polarity,
                kind=kind,
                nation=NATIONAL_CODE,
            )
            shares: dict[str, float | None] = {}
            if m.count and parent_code:
                # A count among the kab/kota: its share of the province's total.
                withparent = data.filter(
                    pl.col("period") == year, pl.col("region").is_in([*peer_codes, parent_code])
                ).select("region", "period", "indicator", "value")
                compared = analytics.compare(
                    withparent, polarity=polarity, kind=kind, nation=NATIONAL_CODE
                )
                shares = dict(compared.select("region", "share_of_parent").iter_rows())
            columns = ("region", "value", "rank", "order", "siblings")
            for r, v, rk, order, n in ranked.select(*columns).iter_rows():
                compare.append(
                    {
                        "wilayah": names.get(r, r),
                        "kode": r,
                        "nilai": v,
                        "bagian": shares.get(r),
                        "peringkat": rk,  # None when the indicator is not ranked
                        "urutan": order,
                        "jumlah": n,
                        "terpilih": r == frame.region.code,
                    }
                )
            mine = [c for c in compare if c["terpilih"]]
            if mine and frame.parent is not None:
                rank_text = _rank_text(
                    m, frame.region.display_name, mine[0], parent_name, companion
                )

    # Quadrant: level against the average yearly change over the chosen window, split at
    # the province's or the nation's values.
    nation_code = frame.nation.code if frame.nation is not None else NATIONAL_CODE
    split_code = nation_code if opts.split == "nasional" else parent_code
    split_name = names.get(split_code or "", "")
    quadrant: list[dict[str, Any]] = []
    split = None
    quadrant_text = None
    quadrant_notes: list[str] = []
    if year is not None and split_code and m.extensive:
        quadrant_text = " ".join(
            [
                nar.no_quadrant_for_totals_sentence(m, split_name),
                nar.comparable_hint(companion.name if companion else None),
            ]
        )
    elif year is not None and split_code:
        upto = data.filter(
            pl.col("period") <= year, pl.col("region").is_in([*peer_codes, split_code])
        ).select("region", "period", "indicator", "value", "se")
        try:
            q = analytics.quadrant(
                upto,
                polarity=polarity,
                kind=kind,
                x=code,
                period=float(year),
                window=opts.window,
                se="se",
                parent=_split_at(split_code),
                nation=NATIONAL_CODE,
            )
        except analytics.AnalyticsError:
            q = pl.DataFrame()
        q_columns = ("region", "x", "y", "x_split", "y_split", "quadrant", "label", "y_significant")
        mine_sig = None
        for r, x, y, xs, ys, qd, label, sig in q.select(*q_columns).iter_rows() if q.height else []:
            if r == split_code or y is None or ys is None or xs is None:
                # No change yet (the first year of data, or a gap before it): no quadrant.
                continue
            split = (xs, ys)
            quadrant.append(
                {
                    "wilayah": names.get(r, r),
                    "kode": r,
                    "nilai": x,
                    "perubahan_tahunan": y,
                    "signifikan": sig,
                    "signifikan_teks": _significance_text(sig),
                    "kuadran": qd,
                    "label": nar.quadrant_label(label, qd),
                    "posisi": nar.quadrant_position(label, qd),
                    "terpilih": r == frame.region.code,
                }
            )
            if r == frame.region.code:
                quadrant_text = nar.quadrant_sentence(
                    frame.region.display_name, qd, label, split_name
                )
                mine_sig = sig
        if quadrant_text is None and year is not None:
            quadrant_text = nar.no_quadrant_sentence(frame.region.display_name, year)
        elif quadrant:
            quadrant_notes.append(
                nar.quadrant_axis_sentence(opts.window, year - opts.window, year, split_name)
            )
            if mine_sig is False:
                quadrant_notes.append(nar.not_significant_sentence(frame.region.display_name))

    # Relevance and effectiveness between a start year and the year, against the nation
    # (default) or the province.
    comparator_code = nation_code if opts.comparator == "nasional" else parent_code
    comparator_name = names.get(comparator_code or "", "")
    against = EFFECTIVE_AGAINST[opts.against]
    relevance: list[dict[str, Any]] = []
    rel_text = None
    rel_start = None
    relevance_notes: list[str] = []
    if year is not None and comparator_code:
        earlier = [y for y in all_years if y < year]
        if earlier:
            five_back = [y for y in earlier if y <= year - 5]
            rel_start = (
                start
                if start is not None and start in earlier
                else (five_back[-1] if five_back else earlier[0])
            )
            targets = (
                {(frame.region.code, code): opts.target}
                if against == "target" and opts.target is not None
                else None
            )
            regions = [*peer_codes, comparator_code]
            if not frame.is_regency:
                regions.append(frame.region.code)
            re_ = analytics.relevance_effectiveness(
                data.filter(pl.col("region").is_in(regions)).select(
                    "region", "period", "indicator", "value"
                ),
                polarity=polarity,
                kind=kind,
                start=float(rel_start),
                end=float(year),
                nation=NATIONAL_CODE,
                parent=_split_at(comparator_code),
                against=against,
                targets=targets,
            )
            for row in re_.iter_rows(named=True):
                if row["region"] == comparator_code:
                    continue
                mine = row["region"] == frame.region.code
                relevance.append(
                    {
                        "wilayah": names.get(row["region"], row["region"]),
                        "kode": row["region"],
                        "nilai_awal": row["start_value"],
                        "nilai_akhir": row["end_value"],
                        "perubahan": row["change"],
                        "perubahan_induk": row["parent_change"],
                        # In percent: what a count or money total is judged on, and
                        # beside the points for every indicator.
                        "perubahan_relatif": _percent(row["relative_change"]),
                        "perubahan_relatif_induk": _percent(row["parent_relative_change"]),
                        "keadaan": row["state"],
                        "keadaan_teks": nar.state_label(row["state"]),
                        "relevan": row["relevant"],
                        "efektif": row["effective"],
                        "target": row["target"],
                        "capaian_target": _percent(row["target_progress"]),
                        "terpilih": mine,
                    }
                )
                if mine:
                    rel_text = nar.relevance_sentence(
                        frame.region.display_name,
                        comparator_name,
                        rel_start,
                        year,
                        row["state"],
                    )
                    verdict = (
                        None
                        if m.neutral
                        else nar.effectiveness_sentence(
                            against,
                            None if row["effective"] is None else bool(row["effective"]),
                            comparator=comparator_name,
                            start=rel_start,
                            relative=m.extensive,
                            target=None if row["target"] is None else m.value(row["target"]),
                            progress=row["target_progress"],
                        )
                    )
                    if verdict:
                        relevance_notes.append(verdict)

    # Correlation with poverty across the kab/kota.
    other_code = correlate or (DEFAULT_CORRELATE if code == POVERTY_RATE else POVERTY_RATE)
    other = catalogue.get(other_code)
    correlation: list[dict[str, Any]] = []
    stats = None
    corr_text: list[str] = []
    if other is not None and other.code != code and year is not None:
        pair = table.filter(
            pl.col("indicator").is_in([code, other.code]),
            pl.col("period") == year,
            pl.col("region").is_in(peer_codes),
        )
        wide = {(r, i): v for r, i, v in pair.select("region", "indicator", "value").iter_rows()}
        for p in frame.peers:
            if (p.code, code) in wide and (p.code, other.code) in wide:
                correlation.append(
                    {
                        "wilayah": p.display_name,
                        "kode": p.code,
                        "x": wide[p.code, other.code],
                        "y": wide[p.code, code],
                        "terpilih": p.code == frame.region.code,
                    }
                )
        if len(correlation) >= 3:
            with warnings.catch_warnings():
                # A constant indicator has no correlation: NaN, read as "not enough data".
                warnings.simplefilter("ignore")
                res = analytics.correlation(
                    pair.select("region", "period", "indicator", "value"),
                    x=other.code,
                    y=code,
                    polarity=polarity,
                    period=float(year),
                )
            pearson = res.filter(pl.col("method") == "pearson").row(0, named=True)
            spearman = res.filter(pl.col("method") == "spearman").row(0, named=True)
            stats = {
                "r": pearson["r"],
                "p_value": pearson["p_value"],
                "rho": spearman["r"],
                "rho_p": spearman["p_value"],
                "n": pearson["n"],
                "aligned": pearson["aligned"],
            }
            if not (math.isnan(stats["r"]) or math.isnan(stats["p_value"])):
                corr_text = nar.correlation_sentences(
                    other.name,
                    indicator.name,
                    stats["n"],
                    year,
                    stats["r"],
                    stats["p_value"],
                    None if stats["aligned"] is None else bool(stats["aligned"]),
                )
    pair_rows, pair_split, pair_text = _pair_quadrant(
        frame, table, indicator, other, year, polarity, kind, split_code, split_name
    )
    return IndicatorAnalysis(
        options=opts,
        quadrant_notes=quadrant_notes,
        split_name=split_name,
        comparator_name=comparator_name,
        relevance_notes=relevance_notes,
        pair_quadrant=pair_rows,
        pair_split=pair_split,
        pair_sentence=pair_text,
        frame=frame,
        indicator=indicator,
        measure=m,
        year=year,
        years=all_years,
        figure=fig,
        trend=trend,
        trend_summary=trend_summary,
        compare=compare,
        rank_sentence=rank_text,
        quadrant=quadrant,
        quadrant_split=split,
        quadrant_sentence=quadrant_text,
        relevance=relevance,
        relevance_start=rel_start,
        relevance_sentence=rel_text,
        correlate_with=other if other is not None and other.code != code else None,
        correlation=correlation,
        correlation_stats=stats,
        correlation_sentences=corr_text,
        sources=sources,
    )


def _split_at(code: str) -> Any:
    """Every region's comparator is ``code`` (the province or the nation), itself none."""
    return lambda region: None if region == code else code


def _significance_text(significant: bool | None) -> str:
    if significant is None:
        return "-"  # no standard errors: not tested
    return _("signifikan") if significant else _("tidak signifikan")


def _pair_quadrant(
    frame: Frame,
    table: pl.DataFrame,
    indicator: Indicator,
    other: Indicator | None,
    year: int | None,
    polarity: dict[str, int],
    kind: dict[str, str],
    split_code: str | None,
    split_name: str,
) -> tuple[list[dict[str, Any]], tuple[float, float] | None, str | None]:
    """Two indicators in one year (the correlation partner on the horizontal axis, as in
    the correlation chart), split at the province's or the nation's values."""
    if other is None or other.code == indicator.code or year is None or not split_code:
        return [], None, None
    if indicator.is_extensive or other.is_extensive:
        return [], None, nar.no_pair_quadrant_for_totals_sentence()
    names = frame.names
    rows = table.filter(
        pl.col("indicator").is_in([indicator.code, other.code]),
        pl.col("period") == year,
        pl.col("region").is_in([*(p.code for p in frame.peers), split_code]),
    ).select("region", "period", "indicator", "value")
    try:
        q = analytics.quadrant(
            rows,
            polarity=polarity,
            kind=kind,
            x=other.code,
            y=indicator.code,
            mode="indicators",
            period=float(year),
            parent=_split_at(split_code),
            nation=NATIONAL_CODE,
        )
    except analytics.AnalyticsError:
        return [], None, None
    out: list[dict[str, Any]] = []
    split = None
    sentence = None
    columns = ("region", "x", "y", "x_split", "y_split", "quadrant", "label")
    for r, x, y, xs, ys, qd, label in q.select(*columns).iter_rows():
        if r == split_code:
            continue
        split = (xs, ys)
        out.append(
            {
                "wilayah": names.get(r, r),
                "kode": r,
                "nilai": x,
                "perubahan_tahunan": y,  # the chart's vertical axis: here a level
                "kuadran": qd,
                "posisi": nar.pair_quadrant_position(label, qd),
                "terpilih": r == frame.region.code,
            }
        )
        if r == frame.region.code:
            sentence = nar.pair_quadrant_sentence(
                frame.region.display_name, qd, label, split_name, other.name, indicator.name
            )
    return out, split, sentence


def _percent(ratio: float | None) -> float | None:
    return None if ratio is None else 100.0 * ratio


def _rank_text(
    m: Measure, region: str, mine: dict[str, Any], parent: str, companion: Indicator | None
) -> str:
    """The reading of a region's place among the kab/kota, by what the indicator is."""
    if m.count and mine["bagian"] is not None:
        return " ".join(
            [
                nar.share_order_sentence(
                    m, region, mine["bagian"], mine["urutan"], mine["jumlah"], parent
                ),
                nar.comparable_hint(companion.name if companion else None),
            ]
        )
    if m.extensive:
        return " ".join(
            [
                nar.total_order_sentence(region, mine["urutan"], mine["jumlah"], parent),
                nar.comparable_hint(companion.name if companion else None),
            ]
        )
    if mine["peringkat"] is None:
        return nar.order_sentence(region, mine["urutan"], mine["jumlah"], parent)
    return nar.rank_sentence(region, mine["peringkat"], mine["jumlah"], parent)


def grouped_catalogue(catalogue: dict[str, Indicator]) -> list[tuple[str, list[Indicator]]]:
    """Indicators grouped by the six areas, in the areas' order."""
    labels = dict(Area.choices)
    groups: dict[str, list[Indicator]] = {}
    for ind in catalogue.values():
        groups.setdefault(ind.area, []).append(ind)
    return [(str(labels[a]), groups[a]) for a in Area.values if a in groups]
