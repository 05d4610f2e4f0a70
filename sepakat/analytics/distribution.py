r"""Distribution tables: Lorenz ordinates, quantile-group shares, profiles by welfare decile.

With records sorted by welfare inside a group, :math:`r_k` the running sum of person
weights and :math:`N, Y` the group totals:

* Lorenz ordinate :math:`L(p) = \frac1Y \sum_k y_k\,\mathrm{clip}(pN - r_{k-1}, 0, w_k)`:
  the share of welfare held by the poorest :math:`pN` persons, the record straddling
  :math:`pN` counted in part (the exact ordinate of the weighted empirical distribution;
  convey's ``svylorenz`` uses a quantile-based estimator instead).
* Share of quantile group :math:`j` of :math:`K`: :math:`L(j/K) - L((j-1)/K)` (deciles,
  quintiles).
* Welfare decile of a record: :math:`d_k = \min(K, \lfloor K\, r_{k-1}/N \rfloor + 1)`, the
  group in which its weight starts (ties keep their order, so equal welfare can straddle
  a boundary only at the boundary record). ``decile_profile`` averages or totals any
  indicator column by these deciles with person weights.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import narwhals as nw
import polars as pl

from . import sources
from .engine import ALL
from .errors import InputError
from .measures import fmt_param
from .poverty import grouping_levels
from .poverty.inputs import prepare
from .poverty.plan import Plan
from .poverty.query import aggregate, sorted_stage

_ALL = ALL
DECILE_POINTS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)


def _load_prepared(
    data: object,
    *,
    welfare: str,
    weight: str,
    size: str | None,
    by: Sequence[str],
    engine: str | None,
    spark: Any,
) -> nw.LazyFrame[Any]:
    engine_name = sources.resolve_engine(data, engine)
    numeric = [c for c in (welfare, weight, size) if c is not None]
    lf = sources.load(
        data,
        engine=engine_name,
        columns=[*numeric, *by],
        text_columns=list(by),
        numeric_columns=numeric,
        spark=spark,
    )
    return prepare(lf, welfare, weight, size, None, None, None, None, None, by)


def lorenz_curve(
    data: object,
    *,
    welfare: str,
    weight: str,
    size: str | None = None,
    by: Sequence[str] = (),
    grouping: str | Sequence[Sequence[str]] = "rollup",
    points: Sequence[float] = DECILE_POINTS,
    engine: str | None = None,
    spark: Any = None,
) -> pl.DataFrame:
    """Lorenz ordinates ``L(p)`` for each group: columns ``by...``, ``p``, ``lorenz``."""
    pts = [float(p) for p in points]
    if any(not 0.0 <= p <= 1.0 for p in pts):
        raise InputError("Lorenz points must lie in [0, 1]")
    prep = _load_prepared(
        data, welfare=welfare, weight=weight, size=size, by=by, engine=engine, spark=spark
    )
    return _lorenz(prep, list(by), grouping_levels(by, grouping), pts)


def _lorenz(
    prep: nw.LazyFrame[Any], by: list[str], levels: list[tuple[str, ...]], pts: list[float]
) -> pl.DataFrame:
    plan = Plan(
        measures=(),
        keys=tuple(by),
        levels=tuple(levels),
        has_design=False,
        lorenz=tuple(p for p in pts if 0.0 < p < 1.0),
    )
    base = prep.with_columns(nw.lit("").alias(_ALL))
    pieces = []
    for lev in sorted(levels, key=len):
        frame, aggs = sorted_stage(base, plan, list(lev) or [_ALL])
        aggs["wy"] = (nw.col("_w") * nw.col("_y"), "sum")
        table = (
            aggregate(frame, list(lev), aggs).sort(list(lev)) if lev else aggregate(frame, [], aggs)
        )
        for p in pts:
            if p == 0.0:
                value = pl.lit(0.0)
            elif p == 1.0:
                value = pl.lit(1.0)
            else:
                value = pl.col(f"L_{fmt_param(p)}") / pl.col("wy")
            pieces.append(
                table.select(
                    *[pl.col(c) for c in lev],
                    pl.lit(p).alias("p"),
                    value.cast(pl.Float64).alias("lorenz"),
                )
            )
    out = pl.concat(pieces, how="diagonal_relaxed")
    for c in by:
        if c not in out.columns:
            out = out.with_columns(pl.lit(None, pl.Utf8).alias(c))
    return out.select(*by, "p", "lorenz")


def income_shares(
    data: object,
    *,
    welfare: str,
    weight: str,
    size: str | None = None,
    by: Sequence[str] = (),
    grouping: str | Sequence[Sequence[str]] = "rollup",
    groups: int = 10,
    engine: str | None = None,
    spark: Any = None,
) -> pl.DataFrame:
    """Welfare share of each quantile group (``groups=10`` deciles, ``5`` quintiles):
    columns ``by...``, ``group`` (1 = poorest), ``share``."""
    if groups < 2:
        raise InputError("groups must be at least 2")
    pts = [j / groups for j in range(groups + 1)]
    curve = lorenz_curve(
        data,
        welfare=welfare,
        weight=weight,
        size=size,
        by=by,
        grouping=grouping,
        points=pts,
        engine=engine,
        spark=spark,
    )
    keys = list(by)
    ordered = curve.sort([*keys, "p"], nulls_last=True)
    diff = pl.col("lorenz").diff()
    shares = ordered.with_columns(
        (diff.over(keys) if keys else diff).alias("share"),
        (pl.col("p") * groups).round(0).cast(pl.Int64).alias("group"),
    ).filter(pl.col("group") > 0)
    return shares.select(*keys, "group", "share")


def decile_profile(
    data: object,
    *,
    welfare: str,
    weight: str,
    indicators: Sequence[str],
    size: str | None = None,
    within: Sequence[str] = (),
    by: Sequence[str] = (),
    statistic: str = "mean",
    groups: int = 10,
    engine: str | None = None,
    spark: Any = None,
) -> pl.DataFrame:
    """Any indicator averaged (``statistic="mean"``) or totalled (``"total"``) with person
    weights by welfare decile.

    Deciles are ranked within the ``within`` columns (none: the whole population, as the
    national registry deciles); results are reported by ``by`` columns and decile.
    Columns: ``by...``, ``decile``, ``indicator``, ``estimate``, ``population``, ``n``.
    """
    if statistic not in ("mean", "total"):
        raise InputError("statistic must be 'mean' or 'total'")
    engine_name = sources.resolve_engine(data, engine)
    keys = list(dict.fromkeys([*within, *by]))
    numeric = [c for c in (welfare, weight, size, *indicators) if c is not None]
    lf = sources.load(
        data,
        engine=engine_name,
        columns=[*numeric, *keys],
        text_columns=keys,
        numeric_columns=numeric,
        spark=spark,
    )
    base = lf.select(
        nw.col(welfare).cast(nw.Float64).alias("_y"),
        (
            nw.col(weight).cast(nw.Float64)
            * (nw.col(size).cast(nw.Float64) if size else nw.lit(1.0))
        ).alias("_w"),
        *(nw.col(c).cast(nw.Float64).alias(f"_i{i}") for i, c in enumerate(indicators)),
        *(nw.col(c) for c in keys),
        nw.lit("").alias(_ALL),
    )
    part = list(within) or [_ALL]
    w = nw.col("_w")
    frame = (
        base.with_columns(
            _r=w.cum_sum().over(*part, order_by="_y"),
            _N=w.sum().over(*part),
        )
        .with_columns(
            _d=((nw.col("_r") - w) / nw.col("_N") * groups).floor().cast(nw.Int64) + 1,
        )
        .with_columns(
            _d=nw.when(nw.col("_d") > groups).then(nw.lit(groups)).otherwise(nw.col("_d"))
        )
    )
    exprs = {"pop": (w, "sum")}
    for i in range(len(indicators)):
        # records without the indicator leave its mean, not the decile's population
        known = nw.col(f"_i{i}").is_null()
        exprs[f"t{i}"] = (nw.when(known).then(nw.lit(0.0)).otherwise(w * nw.col(f"_i{i}")), "sum")
        exprs[f"p{i}"] = (nw.when(known).then(nw.lit(0.0)).otherwise(w), "sum")
    table = aggregate(frame, [*by, "_d"], exprs)
    pieces = []
    for i, name in enumerate(indicators):
        est = pl.col(f"t{i}") / pl.col(f"p{i}") if statistic == "mean" else pl.col(f"t{i}")
        pieces.append(
            table.select(
                *by,
                pl.col("_d").cast(pl.Int64).alias("decile"),
                pl.lit(name).alias("indicator"),
                est.alias("estimate"),
                pl.col("pop").alias("population"),
                pl.col("_n").cast(pl.Int64).alias("n"),
            )
        )
    return pl.concat(pieces).sort([*by, "indicator", "decile"])


__all__ = ["decile_profile", "income_shares", "lorenz_curve"]
