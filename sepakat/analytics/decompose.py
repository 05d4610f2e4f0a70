r"""Decompositions of poverty and inequality.

* :func:`fgt_by_subgroup` - FGT is additively decomposable (Foster, Greer and Thorbecke
  1984): :math:`P = \sum_g v_g P_g` with population shares :math:`v_g`; group :math:`g`'s
  contribution is :math:`v_g P_g` and its share of poverty :math:`v_g P_g / P`.
* :func:`ge_decomposition` - generalised entropy within and between groups (Shorrocks
  1980): :math:`GE(\alpha) = \sum_g v_g^{1-\alpha} s_g^{\alpha} GE_g(\alpha) +
  GE_B(\alpha)`, :math:`s_g` the welfare shares, :math:`GE_B` the index of the group means
  with population weights (convey ``svygeidec``).
* :func:`growth_redistribution` - the change in :math:`P_\alpha` between two surveys split
  into growth and redistribution (Datt and Ravallion 1992, reference period 1, with a
  residual; or the Shapley variant of Shorrocks 2013 / Kolenikov and Shorrocks 2005,
  without residual). :math:`P(\mu_t, L_s)` is the FGT of survey :math:`s`'s distribution
  rescaled to mean :math:`\mu_t`; since FGT depends on :math:`y/z` only, it is computed as
  survey :math:`s` with the line times :math:`\mu_s/\mu_t`.
* :func:`growth_incidence_curve` - :math:`g(p) = (q_2(p)/q_1(p))^{1/T} - 1` at each
  percentile (Ravallion and Chen 2003), with weighted quantiles as in
  :mod:`sepakat.analytics.poverty`.
* :func:`sectoral_decomposition` - Huppi and Ravallion (1991):
  :math:`\Delta P = \sum_k v_{k1} \Delta P_k` (intra-sectoral)
  :math:`+ \sum_k P_{k1} \Delta v_k` (population shift)
  :math:`+ \sum_k \Delta v_k \Delta P_k` (interaction).

All take the same data arguments as :func:`~sepakat.analytics.poverty_measures` and
return Polars DataFrames.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import polars as pl

from .errors import InputError
from .measures import fmt_param
from .poverty import Engine, LonelyPsu, PoorIf, poverty_measures

VENTILES = tuple(round(0.05 * k, 2) for k in range(1, 20))


def _fgt_name(alpha: float) -> str:
    return f"fgt{fmt_param(alpha).replace('p', '.')}"


def fgt_by_subgroup(
    data: object,
    *,
    welfare: str,
    weight: str,
    group: str,
    size: str | None = None,
    line: float | None = None,
    line_col: str | None = None,
    alphas: Sequence[float] = (0.0, 1.0, 2.0),
    poor_if: PoorIf = "lt",
    strata: str | None = None,
    psu: str | None = None,
    lonely_psu: LonelyPsu = "fail",
    engine: Engine | None = None,
    spark: Any = None,
) -> pl.DataFrame:
    """Each subgroup's FGT, population share, contribution and share of total poverty.

    Columns: ``group`` (the subgroup value; empty for the total), ``measure``,
    ``estimate``, ``se``, ``population_share``, ``contribution``, ``poverty_share``.
    """
    names = [_fgt_name(a) for a in alphas]
    res = poverty_measures(
        data,
        welfare=welfare,
        weight=weight,
        size=size,
        line=line,
        line_col=line_col,
        by=[group],
        measures=names,
        poor_if=poor_if,
        strata=strata,
        psu=psu,
        lonely_psu=lonely_psu,
        engine=engine,
        spark=spark,
    )
    total = res.filter(pl.col(group).is_null()).select(
        "measure", pl.col("estimate").alias("_total"), pl.col("population").alias("_pop")
    )
    out = res.join(total, on="measure").with_columns(
        (pl.col("population") / pl.col("_pop")).alias("population_share")
    )
    out = out.with_columns(
        (pl.col("population_share") * pl.col("estimate")).alias("contribution")
    ).with_columns(
        pl.when(pl.col("_total") != 0)
        .then(pl.col("contribution") / pl.col("_total"))
        .otherwise(None)
        .alias("poverty_share")
    )
    return out.select(
        pl.col(group).alias("group"),
        "measure",
        "estimate",
        "se",
        "population_share",
        "contribution",
        "poverty_share",
    )


def ge_decomposition(
    data: object,
    *,
    welfare: str,
    weight: str,
    group: str,
    size: str | None = None,
    alpha: float = 0.0,
    engine: Engine | None = None,
    spark: Any = None,
) -> pl.DataFrame:
    """GE(alpha) = within + between. Columns ``component`` (``total``, ``within``,
    ``between``) and ``estimate``; welfare must be positive."""
    name = f"ge{fmt_param(alpha).replace('p', '.').replace('m', '-')}"
    res = poverty_measures(
        data,
        welfare=welfare,
        weight=weight,
        size=size,
        by=[group],
        measures=[name, "mean"],
        engine=engine,
        spark=spark,
    )
    groups = res.filter(pl.col(group).is_not_null())
    total = res.filter(pl.col(group).is_null())
    ge = groups.filter(pl.col("measure") == name).sort(group)
    mean = groups.filter(pl.col("measure") == "mean").sort(group)
    n_g = ge["population"].to_numpy()
    mu_g = mean["estimate"].to_numpy()
    ge_g = ge["estimate"].to_numpy()
    mu = float(total.filter(pl.col("measure") == "mean")["estimate"][0])
    ge_total = float(total.filter(pl.col("measure") == name)["estimate"][0])
    v = n_g / n_g.sum()
    s = v * mu_g / mu
    within = float(np.sum(v ** (1.0 - alpha) * s**alpha * ge_g))
    ratio = mu_g / mu
    if alpha == 0.0:
        between = float(np.sum(v * np.log(1.0 / ratio)))
    elif alpha == 1.0:
        between = float(np.sum(v * ratio * np.log(ratio)))
    else:
        between = float((np.sum(v * ratio**alpha) - 1.0) / (alpha * (alpha - 1.0)))
    return pl.DataFrame(
        {
            "measure": [name] * 3,
            "component": ["total", "within", "between"],
            "estimate": [ge_total, within, between],
        }
    )


def _survey_args(common: dict[str, Any]) -> dict[str, Any]:
    allowed = {"welfare", "weight", "size", "line", "line_col", "poor_if", "engine", "spark"}
    return {k: v for k, v in common.items() if k in allowed}


def growth_redistribution(
    before: object,
    after: object,
    *,
    welfare: str,
    weight: str,
    size: str | None = None,
    line: float | None = None,
    line_col: str | None = None,
    alphas: Sequence[float] = (0.0, 1.0, 2.0),
    method: str = "shapley",
    poor_if: PoorIf = "lt",
    by: Sequence[str] = (),
    engine: Engine | None = None,
    spark: Any = None,
) -> pl.DataFrame:
    r"""Growth and redistribution components of the change in FGT between two surveys.

    Welfare of both surveys must be in the same prices (deflate first). ``method`` is
    ``"shapley"`` (default, no residual) or ``"datt-ravallion"`` (reference period 1,
    with a residual). Columns: the ``by`` columns (text), ``measure``, ``before``,
    ``after``, ``change``, ``growth``, ``redistribution``, ``residual``.

    With ``by`` every group (present in both surveys) gets its own decomposition, with its
    own means: :math:`P_g(\mu_{2g}, L_{1g})` is group :math:`g` of survey 1 with the
    line times :math:`\mu_{1g}/\mu_{2g}`. The whole population is the call without
    ``by``. Each group takes four passes over the data, like the whole population.
    """
    if method not in ("shapley", "datt-ravallion"):
        raise InputError("method must be 'shapley' or 'datt-ravallion'")
    common = _survey_args(locals())
    keys = list(by)
    names = [_fgt_name(a) for a in alphas]
    grouping = "none"

    def fgt(data: object, scale: float | dict[tuple[str, ...], float], tag: str) -> pl.DataFrame:
        res = poverty_measures(
            data, measures=names, line_scale=scale, by=keys, grouping=grouping, **common
        )
        return res.select(*keys, "measure", pl.col("estimate").alias(tag))

    def means(data: object) -> dict[tuple[str, ...], float]:
        res = poverty_measures(
            data, measures=["mean"], by=keys, grouping=grouping, **_without_line(common)
        )
        return {
            tuple(row[:-1]): float(row[-1]) for row in res.select(*keys, "estimate").iter_rows()
        }

    mu1, mu2 = means(before), means(after)
    shared = [k for k in mu1 if k in mu2]
    if keys:
        s21: float | dict[tuple[str, ...], float] = {k: mu1[k] / mu2[k] for k in shared}
        s12: float | dict[tuple[str, ...], float] = {k: mu2[k] / mu1[k] for k in shared}
    else:
        s21, s12 = mu1[()] / mu2[()], mu2[()] / mu1[()]
    on = [*keys, "measure"]
    table = (
        fgt(before, 1.0, "p11")
        .join(fgt(after, 1.0, "p22"), on=on, how="inner", nulls_equal=True)
        .join(fgt(before, s21, "p21"), on=on, how="inner", nulls_equal=True)
        .join(fgt(after, s12, "p12"), on=on, how="inner", nulls_equal=True)
    )
    p11, p22, p21, p12 = (pl.col(c) for c in ("p11", "p22", "p21", "p12"))
    if method == "datt-ravallion":
        growth = p21 - p11
        redistribution = p12 - p11
    else:
        growth = 0.5 * ((p21 - p11) + (p22 - p12))
        redistribution = 0.5 * ((p12 - p11) + (p22 - p21))
    order = {n: i for i, n in enumerate(names)}
    out = (
        table.with_columns(
            (p22 - p11).alias("change"),
            growth.alias("growth"),
            redistribution.alias("redistribution"),
        )
        .with_columns(
            (pl.col("change") - pl.col("growth") - pl.col("redistribution")).alias("residual"),
            pl.col("measure").replace_strict(order, return_dtype=pl.Int64).alias("_order"),
        )
        .sort([*keys, "_order"])
    )
    return out.select(
        *keys,
        "measure",
        p11.alias("before"),
        p22.alias("after"),
        "change",
        "growth",
        "redistribution",
        "residual",
    )


def _without_line(common: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in common.items() if k not in ("line", "line_col", "poor_if")}


def growth_incidence_curve(
    before: object,
    after: object,
    *,
    welfare: str,
    weight: str,
    size: str | None = None,
    percentiles: Sequence[float] = VENTILES,
    years: float = 1.0,
    engine: Engine | None = None,
    spark: Any = None,
) -> pl.DataFrame:
    """Annualised growth of each percentile's welfare between two surveys.

    Columns ``p``, ``before``, ``after``, ``growth``; a last row with ``p`` empty gives
    the growth of the mean."""
    if years <= 0:
        raise InputError("years must be positive")
    names = [f"q{p}" for p in percentiles]
    args = {"welfare": welfare, "weight": weight, "size": size, "engine": engine, "spark": spark}
    r1 = poverty_measures(before, measures=[*names, "mean"], **args)
    r2 = poverty_measures(after, measures=[*names, "mean"], **args)
    q1 = r1["estimate"].to_numpy()
    q2 = r2["estimate"].to_numpy()
    growth = (q2 / q1) ** (1.0 / years) - 1.0
    p = [float(x) for x in percentiles] + [None]
    return pl.DataFrame(
        {"p": p, "before": q1, "after": q2, "growth": growth},
        schema={"p": pl.Float64, "before": pl.Float64, "after": pl.Float64, "growth": pl.Float64},
    )


def sectoral_decomposition(
    before: object,
    after: object,
    *,
    welfare: str,
    weight: str,
    sector: str,
    size: str | None = None,
    line: float | None = None,
    line_col: str | None = None,
    alpha: float = 0.0,
    poor_if: PoorIf = "lt",
    engine: Engine | None = None,
    spark: Any = None,
) -> pl.DataFrame:
    """Huppi-Ravallion decomposition of the change in FGT(alpha) by sector.

    One row per sector (``intra``, ``shift``, ``interaction`` and their sum
    ``contribution``) and a total row (``sector`` empty) whose components add up to
    the change in national FGT."""
    name = _fgt_name(alpha)
    args = {
        "welfare": welfare,
        "weight": weight,
        "size": size,
        "line": line,
        "line_col": line_col,
        "poor_if": poor_if,
        "engine": engine,
        "spark": spark,
    }
    r1 = poverty_measures(before, by=[sector], measures=[name], **args)
    r2 = poverty_measures(after, by=[sector], measures=[name], **args)

    def prep(r: pl.DataFrame, tag: str) -> pl.DataFrame:
        total = float(r.filter(pl.col(sector).is_null())["population"][0])
        return r.filter(pl.col(sector).is_not_null()).select(
            pl.col(sector),
            pl.col("estimate").alias(f"p{tag}"),
            (pl.col("population") / total).alias(f"v{tag}"),
        )

    both = prep(r1, "1").join(prep(r2, "2"), on=sector, how="full", coalesce=True)
    both = both.fill_null(0.0).sort(sector)
    both = both.with_columns(
        (pl.col("v1") * (pl.col("p2") - pl.col("p1"))).alias("intra"),
        (pl.col("p1") * (pl.col("v2") - pl.col("v1"))).alias("shift"),
        ((pl.col("v2") - pl.col("v1")) * (pl.col("p2") - pl.col("p1"))).alias("interaction"),
    ).with_columns(
        (pl.col("intra") + pl.col("shift") + pl.col("interaction")).alias("contribution")
    )
    total = both.select(
        pl.lit(None, pl.Utf8).alias(sector),
        *(pl.col(c).sum() for c in ("intra", "shift", "interaction", "contribution")),
    )
    out = pl.concat(
        [both.select(sector, "intra", "shift", "interaction", "contribution"), total],
        how="vertical_relaxed",
    )
    return out.rename({sector: "sector"}).with_columns(pl.lit(name).alias("measure"))
