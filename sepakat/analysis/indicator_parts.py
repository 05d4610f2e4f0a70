"""The five analyses of one indicator for one region: trend, comparison and rank,
quadrant, relevance and effectiveness, correlation (with the quadrant of the pair).

Each takes the :class:`Subject` (the indicator, the region's frame and the values, read
once) and returns its rows and sentences; :func:`sepakat.analysis.analyses.indicator_analysis`
puts them together. Nothing here writes.
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
from sepakat.analysis.dashboards import (
    DEFAULT_CORRELATE,
    POVERTY_RATE,
    companions,
    measure_of,
    trend_rows,
)
from sepakat.analysis.narratives import Measure
from sepakat.analysis.selectors import Frame
from sepakat.datahub.models import Indicator
from sepakat.regions.models import NATIONAL_CODE

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


@dataclass(frozen=True)
class Subject:
    """What every analysis of one indicator reads: the indicator, the year analysed and
    the region's frame, with the values of the indicator (``data``) and of all
    (``table``)."""

    frame: Frame
    catalogue: dict[str, Indicator]
    table: pl.DataFrame
    indicator: Indicator
    measure: Measure
    year: int | None
    own_years: list[int]
    all_years: list[int]
    data: pl.DataFrame

    @classmethod
    def of(
        cls,
        frame: Frame,
        catalogue: dict[str, Indicator],
        table: pl.DataFrame,
        indicator: Indicator,
        year: int | None,
    ) -> Subject:
        """The subject for ``year``, or the latest year of the region (of any region
        when the region has none) when ``year`` has no value."""
        data = table.filter(pl.col("indicator") == indicator.code)
        own = data.filter(pl.col("region") == frame.region.code)["period"].to_list()
        own_years = sorted(set(own))
        all_years = sorted(set(data["period"].to_list()))
        years = own_years or all_years
        if year is None or year not in all_years:
            year = years[-1] if years else None
        return cls(
            frame,
            catalogue,
            table,
            indicator,
            measure_of(indicator),
            year,
            own_years,
            all_years,
            data,
        )

    @property
    def code(self) -> str:
        return self.indicator.code

    @property
    def polarity(self) -> dict[str, int]:
        return {c: i.polarity for c, i in self.catalogue.items()}

    @property
    def kind(self) -> dict[str, str]:
        return {c: i.kind for c, i in self.catalogue.items()}

    @property
    def companion(self) -> Indicator | None:
        return companions(self.catalogue).get(self.code)

    @property
    def names(self) -> dict[str, str]:
        return self.frame.names

    @property
    def parent_code(self) -> str | None:
        frame = self.frame
        if not frame.is_regency:
            return frame.region.code
        return frame.parent.code if frame.parent else None

    @property
    def parent_name(self) -> str:
        return self.names.get(self.parent_code or "", "")

    @property
    def peer_codes(self) -> list[str]:
        return [p.code for p in self.frame.peers]

    @property
    def nation_code(self) -> str:
        return self.frame.nation.code if self.frame.nation is not None else NATIONAL_CODE


def trend(s: Subject) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """The region's, its parent's and the nation's values by year, and the region's trend."""
    frame, table, data, code, m, year = s.frame, s.table, s.data, s.code, s.measure, s.year
    polarity = s.polarity
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

    return trend, trend_summary


def comparison(s: Subject) -> tuple[list[dict[str, Any]], str | None]:
    """The kab/kota of the frame in the year, ranked, with the region's rank sentence."""
    frame, data, m, year, names = s.frame, s.data, s.measure, s.year, s.names
    polarity, kind, companion, peer_codes = s.polarity, s.kind, s.companion, s.peer_codes
    parent_code, parent_name = s.parent_code, s.parent_name
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

    return compare, rank_text


@dataclass
class Quadrant:
    rows: list[dict[str, Any]] = field(default_factory=list)
    split: tuple[float, float] | None = None
    sentence: str | None = None
    notes: list[str] = field(default_factory=list)
    split_code: str | None = None
    split_name: str = ""


def quadrant(s: Subject, opts: Options) -> Quadrant:
    """Level against the average yearly change over the chosen window (see the section)."""
    frame, data, code, m, year, names = s.frame, s.data, s.code, s.measure, s.year, s.names
    polarity, kind, companion, peer_codes = s.polarity, s.kind, s.companion, s.peer_codes
    parent_code = s.parent_code
    # Quadrant: level against the average yearly change over the chosen window, split at
    # the province's or the nation's values.
    split_code = s.nation_code if opts.split == "nasional" else parent_code
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

    return Quadrant(quadrant, split, quadrant_text, quadrant_notes, split_code, split_name)


@dataclass
class Relevance:
    rows: list[dict[str, Any]] = field(default_factory=list)
    start: int | None = None
    sentence: str | None = None
    notes: list[str] = field(default_factory=list)
    comparator_name: str = ""


def relevance(s: Subject, opts: Options, start: int | None) -> Relevance:
    """Relevance and effectiveness between a start year and the year (see the section)."""
    frame, data, code, m, year, names = s.frame, s.data, s.code, s.measure, s.year, s.names
    polarity, kind, peer_codes, all_years = s.polarity, s.kind, s.peer_codes, s.all_years
    parent_code = s.parent_code
    # Relevance and effectiveness between a start year and the year, against the nation
    # (default) or the province.
    comparator_code = s.nation_code if opts.comparator == "nasional" else parent_code
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

    return Relevance(relevance, rel_start, rel_text, relevance_notes, comparator_name)


@dataclass
class Correlation:
    other: Indicator | None = None
    rows: list[dict[str, Any]] = field(default_factory=list)
    stats: dict[str, Any] | None = None
    sentences: list[str] = field(default_factory=list)


def correlation(s: Subject, correlate: str | None) -> Correlation:
    """The indicator against poverty (or the chosen one) across the kab/kota."""
    frame, table, code, year, indicator = s.frame, s.table, s.code, s.year, s.indicator
    catalogue, polarity, peer_codes = s.catalogue, s.polarity, s.peer_codes
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
    return Correlation(other, correlation, stats, corr_text)


def _split_at(code: str) -> Any:
    """Every region's comparator is ``code`` (the province or the nation), itself none."""
    return lambda region: None if region == code else code


def _significance_text(significant: bool | None) -> str:
    if significant is None:
        return "-"  # no standard errors: not tested
    return _("signifikan") if significant else _("tidak signifikan")


def pair_quadrant(
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
