"""The query plan in Narwhals: one pass over the records for every level.

Additive measures need one aggregation of record-level terms per (finest group, stratum,
PSU); sort-based measures add, per level, running sums in welfare order (windows) and the
record-level terms they feed (:func:`sorted_stage`). Everything here builds lazy
expressions; :func:`run_query` executes them once, at the edge, and returns the totals as
NumPy columns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import narwhals as nw

from ..engine import ALL, RunningSum, collect_columns, running_sums
from ..errors import InputError
from ..measures import fmt_param
from .inputs import Validation
from .plan import Plan

if TYPE_CHECKING:
    import polars as pl


def poor(plan: Plan) -> nw.Expr:
    y, z = nw.col("_y"), nw.col("_z")
    return y < z if plan.poor_if == "lt" else y <= z


def additive_exprs(plan: Plan) -> dict[str, nw.Expr]:
    y, w = nw.col("_y"), nw.col("_w")
    pos = y > 0
    zero = nw.lit(0.0)
    # logs and powers only ever see positive values (eager backends evaluate both branches)
    ysafe = nw.when(pos).then(y).otherwise(nw.lit(1.0))
    out: dict[str, nw.Expr] = {}
    for var in plan.additive_vars:
        if var == "w":
            expr = w
        elif var == "wy":
            expr = w * y
        elif var == "w2y":
            expr = w * w * y
        elif var == "wyy":
            expr = w * y * y
        elif var == "wpos":
            expr = nw.when(pos).then(w).otherwise(zero)
        elif var == "wypos":
            expr = nw.when(pos).then(w * y).otherwise(zero)
        elif var.startswith("fgt_"):
            alpha = _token_value(var[4:])
            gap = (nw.col("_z") - y) / nw.col("_z")
            term = w if alpha == 0 else w * gap if alpha == 1 else w * gap**alpha
            expr = nw.when(poor(plan)).then(term).otherwise(zero)
        elif var == "watts":
            expr = nw.when(poor(plan) & pos).then(w * (nw.col("_z") / ysafe).log()).otherwise(zero)
        elif var.startswith("pow_"):
            a = _token_value(var[4:])
            expr = nw.when(pos).then(w * ysafe**a).otherwise(zero)
        elif var == "ylny":
            expr = nw.when(pos).then(w * y * ysafe.log()).otherwise(zero)
        elif var == "lny":
            expr = nw.when(pos).then(w * ysafe.log()).otherwise(zero)
        else:  # pragma: no cover - programming error
            raise ValueError(var)
        out[var] = expr
    return out


def _token_value(token: str) -> float:
    return float(token.replace("m", "-").replace("p", "."))


def running_specs(plan: Plan, part: list[str], sfx: str) -> list[RunningSum]:
    """Running weight ``_r`` of a level, and with a design and a Gini the running welfare
    ``_G`` (its linearised variable needs it; the estimate then follows from the same
    totals, see :func:`sepakat.analytics.poverty.finish.gini_t1`)."""
    sums = [RunningSum("_r" + sfx, "_w", part, "_y")]
    if "gini" in plan.kinds and plan.has_design:
        sums.append(RunningSum("_G" + sfx, "_wy", part, "_y"))
    return sums


def sorted_stage(
    prep: nw.LazyFrame[Any],
    plan: Plan,
    part: list[str],
    sfx: str = "",
    sums_done: bool = False,
) -> tuple[nw.LazyFrame[Any], dict[str, tuple[nw.Expr, str]]]:
    """Window columns for one level and the record-level aggregates they feed.

    Returns the frame and a mapping output name -> (expression, aggregation); every new
    column and output name carries the suffix ``sfx`` so that several levels can share
    one query."""
    y, w = nw.col("_y"), nw.col("_w")
    kinds = plan.kinds
    zero = nw.lit(0.0)

    def c(name: str) -> nw.Expr:
        return nw.col(name + sfx)

    lin_q = plan.lin_quantiles
    gini_lin = "gini" in kinds and plan.has_design
    frame = prep if sums_done else running_sums(prep, running_specs(plan, part, sfx))
    windows = []
    if plan.quantiles or plan.lorenz or "qsr" in kinds or lin_q:
        windows.append(w.sum().over(*part).alias("_N" + sfx))
    if lin_q:
        windows.append((w * y).sum().over(*part).alias("_S1" + sfx))
        windows.append((w * y * y).sum().over(*part).alias("_S2" + sfx))
    if windows:
        frame = frame.with_columns(*windows)
    r, big_g, big_n = c("_r"), c("_G"), c("_N")
    aggs: dict[str, tuple[nw.Expr, str]] = {}
    if lin_q:
        frame, kernel_aggs = kernel_stage(frame, list(lin_q), part, sfx)
        aggs.update(kernel_aggs)
    if gini_lin:
        aggs["g_v"] = (w * (r * y - big_g), "sum")
    elif "gini" in kinds:
        aggs["g_wry"] = (w * r * y, "sum")
    rn = r / big_n
    for p in plan.quantiles:
        tok = fmt_param(p)
        above, past, exact = quantile_terms(rn, y, p)
        aggs[f"q_{tok}_a"] = (above, "min")
        aggs[f"q_{tok}_b"] = (past, "min")
        aggs[f"q_{tok}_e"] = (exact, "max")
    for p in plan.lorenz:
        m = big_n * p - (r - w)
        aggs[f"L_{fmt_param(p)}"] = (
            nw.when(m <= 0).then(zero).otherwise(nw.when(m >= w).then(w * y).otherwise(m * y)),
            "sum",
        )
    if "qsr" in kinds:
        frame = window_quantiles(frame, rn, {"_q20": 0.2, "_q80": 0.8}, part, sfx)
        aggs["qsr_low"] = (nw.when(y <= c("_q20")).then(w * y).otherwise(zero), "sum")
        aggs["qsr_high"] = (nw.when(y > c("_q80")).then(w * y).otherwise(zero), "sum")
    if kinds & {"sen", "sst"}:
        poor_expr = poor(plan)
        x = y / nw.col("_z")
        gap = nw.when(poor_expr).then(1.0 - y / nw.col("_z")).otherwise(zero)
        if "_x" not in frame.collect_schema().names():
            frame = frame.with_columns(
                nw.when(poor_expr).then(nw.lit(1)).otherwise(nw.lit(0)).alias("_poor"),
                x.alias("_x"),
                gap.alias("_gap"),
            )
        x, gap, is_poor = nw.col("_x"), nw.col("_gap"), nw.col("_poor") == 1
        if "sen" in kinds:
            sen_windows = [w.cum_sum().over(*part, "_poor", order_by="_x").alias("_rp" + sfx)]
            if plan.has_design:
                sen_windows.append(
                    (w * x).cum_sum().over(*part, "_poor", order_by="_x").alias("_Gp" + sfx)
                )
            frame = frame.with_columns(*sen_windows)
            rp = c("_rp")
            aggs["sen_n"] = (nw.when(is_poor).then(w).otherwise(zero), "sum")
            aggs["sen_x"] = (nw.when(is_poor).then(w * x).otherwise(zero), "sum")
            aggs["sen_q"] = (nw.when(is_poor).then(w * w * x).otherwise(zero), "sum")
            if not plan.has_design:
                aggs["sen_t1"] = (nw.when(is_poor).then(w * rp * x).otherwise(zero), "sum")
            else:
                aggs["sen_v"] = (
                    nw.when(is_poor).then(w * (rp * x - c("_Gp"))).otherwise(zero),
                    "sum",
                )
        if "sst" in kinds:
            sst_windows = [w.cum_sum().over(*part, order_by="_gap").alias("_rg" + sfx)]
            if plan.has_design:
                sst_windows.append(
                    (w * gap).cum_sum().over(*part, order_by="_gap").alias("_Gg" + sfx)
                )
            frame = frame.with_columns(*sst_windows)
            aggs["sst_y"] = (w * gap, "sum")
            aggs["sst_q"] = (w * w * gap, "sum")
            if not plan.has_design:
                aggs["sst_t1"] = (w * c("_rg") * gap, "sum")
            else:
                aggs["sst_v"] = (w * (c("_rg") * gap - c("_Gg")), "sum")
    return frame, {k + sfx: v for k, v in aggs.items()}


def kernel_stage(
    frame: nw.LazyFrame[Any], probs: list[float], part: list[str], sfx: str
) -> tuple[nw.LazyFrame[Any], dict[str, tuple[nw.Expr, str]]]:
    r"""Record-level terms of the linearised quantiles (convey ``svyiqalpha``/``svyisq``).

    For each order :math:`p`: the group's quantile :math:`q_p` on every record (a window
    over the group), the Gaussian kernel :math:`\exp(-((q_p - y_k)/h)^2/2)` with convey's
    bandwidth :math:`h = s / N^{1/5}` (``h_fun``: :math:`s` the weighted standard deviation
    with divisor :math:`N`), and the totals it feeds: ``kf`` :math:`\sum w\,\phi`, ``km``
    :math:`\sum w y\,\phi`, ``ka`` :math:`\sum w 1[y \le q_p]`, ``kb``
    :math:`\sum w y 1[y \le q_p]`; the constant :math:`1/\sqrt{2\pi}` and :math:`h` are
    applied in NumPy."""
    y, w = nw.col("_y"), nw.col("_w")
    zero, one = nw.lit(0.0), nw.lit(1.0)

    def c(name: str) -> nw.Expr:
        return nw.col(name + sfx)

    rn = c("_r") / c("_N")
    var = (c("_S2") - c("_S1") * c("_S1") / c("_N")) / c("_N")
    bandwidth = nw.when(var > 0).then(var.sqrt()).otherwise(zero) / c("_N") ** 0.2
    frame = window_quantiles(
        frame,
        rn,
        {f"_k{fmt_param(p)}q": p for p in probs},
        part,
        sfx,
        extra={"_kh" + sfx: nw.when(bandwidth > 0).then(bandwidth).otherwise(one)},
    )
    frame = frame.with_columns(
        *(
            (-(((c(f"_k{fmt_param(p)}q") - y) / c("_kh")) ** 2) / 2.0)
            .exp()
            .alias(f"_k{fmt_param(p)}k{sfx}")
            for p in probs
        )
    )
    aggs: dict[str, tuple[nw.Expr, str]] = {}
    for p in probs:
        tok = fmt_param(p)
        kern, below = c(f"_k{tok}k"), y <= c(f"_k{tok}q")
        aggs[f"kf_{tok}"] = (w * kern, "sum")
        aggs[f"km_{tok}"] = (w * y * kern, "sum")
        aggs[f"ka_{tok}"] = (nw.when(below).then(w).otherwise(zero), "sum")
        aggs[f"kb_{tok}"] = (nw.when(below).then(w * y).otherwise(zero), "sum")
    return frame, aggs


def quantile_terms(rn: nw.Expr, y: nw.Expr, p: float) -> tuple[nw.Expr, nw.Expr, nw.Expr]:
    r"""The weighted quantile :math:`q_p` of laeken's ``weightedQuantile``, in three
    record-level terms to be reduced over a group: the smallest welfare with
    :math:`r_k/N \ge p` (reduce by min), the smallest with :math:`r_k/N > p` (min), and 1
    where :math:`r_k/N = p` exactly (max). :math:`q_p` is the first, or the mean of the
    first two when the third is 1 (:func:`quantile_from_terms`; in NumPy:
    :func:`sepakat.analytics.poverty.finish.quantile_from_totals`). The one definition of
    a weighted quantile here: point estimates, the QSR cut-offs and the kernel terms of
    the linearised quantiles all use it."""
    zero, one = nw.lit(0.0), nw.lit(1.0)
    return (
        nw.when(rn >= p).then(y),
        nw.when(rn > p).then(y),
        nw.when(rn == p).then(one).otherwise(zero),
    )


def quantile_from_terms(above: nw.Expr, past: nw.Expr, exact: nw.Expr) -> nw.Expr:
    """:math:`q_p` from the reduced terms of :func:`quantile_terms`."""
    return nw.when(exact > 0).then((above + past) / 2).otherwise(above)


def window_quantiles(
    frame: nw.LazyFrame[Any],
    rn: nw.Expr,
    probs: dict[str, float],
    part: list[str],
    sfx: str,
    extra: dict[str, nw.Expr] | None = None,
) -> nw.LazyFrame[Any]:
    """Add, on every record, the quantile of its group for each ``name: p`` in ``probs``
    as column ``name + sfx`` (a window over ``part``; ``rn`` the running weight share).
    ``extra`` columns are added in the same projection."""
    y = nw.col("_y")
    cuts: dict[str, nw.Expr] = dict(extra or {})
    for name, p in probs.items():
        for tag, term in zip("abe", quantile_terms(rn, y, p), strict=True):
            reduced = term.max() if tag == "e" else term.min()
            cuts[f"{name}{tag}{sfx}"] = reduced.over(*part)
    frame = frame.with_columns(**cuts)
    return frame.with_columns(
        *(
            quantile_from_terms(
                nw.col(f"{name}a{sfx}"), nw.col(f"{name}b{sfx}"), nw.col(f"{name}e{sfx}")
            ).alias(name + sfx)
            for name in probs
        )
    )


def aggregate(
    frame: nw.LazyFrame[Any],
    keys: list[str],
    exprs: dict[str, tuple[nw.Expr, str]],
) -> pl.DataFrame:
    import polars as pl

    native = totals(frame, keys, exprs).collect("pyarrow").to_native()
    result = pl.from_arrow(native)
    assert isinstance(result, pl.DataFrame)
    return result


def totals(
    frame: nw.LazyFrame[Any],
    keys: list[str],
    exprs: dict[str, tuple[nw.Expr, str]],
) -> nw.LazyFrame[Any]:
    # Aggregations stay elementary (sum/min/max of a column) so that every backend runs
    # them the same way.
    staged = frame.with_columns(*(e.alias(f"_v_{k}") for k, (e, _) in exprs.items()))
    aggs: list[nw.Expr] = [nw.len().alias("_n")]
    for k, (_, how) in exprs.items():
        col = nw.col(f"_v_{k}")
        aggs.append(
            (col.sum() if how == "sum" else col.min() if how == "min" else col.max()).alias(k)
        )
    if keys:
        return staged.group_by(*keys).agg(*aggs)
    return staged.select(*aggs)


def run_query(
    prep: nw.LazyFrame[Any],
    plan: Plan,
    validation: Validation | None,
    no_records: InputError | None,
) -> tuple[dict[str, Any], dict[str, str]]:
    """Run the one query of a computation: the windows of every level that needs
    sorting, aggregated at the finest (group, stratum, PSU) key (coarser levels are rolled
    up from it in NumPy). Returns the totals as NumPy columns and, for each total, how it
    was reduced (``sum``, ``min``, ``max``)."""
    design_keys = ["_h", "_p"] if plan.has_design else []
    aggs: dict[str, tuple[nw.Expr, str]] = {k: (e, "sum") for k, e in additive_exprs(plan).items()}
    base = prep.with_columns(nw.lit("").alias(ALL))
    how: dict[str, str] = {k: "sum" for k in aggs}
    # the running sums of every level in one projection (see engine.running_sums)
    frame = running_sums(
        base,
        [
            spec
            for i, lev in enumerate(plan.sorted_levels)
            for spec in running_specs(plan, list(lev) or [ALL], f"__{i}")
        ],
    )
    for i, lev in enumerate(plan.sorted_levels):
        frame, level_aggs = sorted_stage(frame, plan, list(lev) or [ALL], f"__{i}", sums_done=True)
        aggs.update(level_aggs)
        how.update({k: v[1] for k, v in level_aggs.items()})
    if validation is not None:
        aggs.update(validation.any_bad())
    fine_table = collect_columns(totals(frame, [*plan.keys, *design_keys], aggs))
    if not fine_table["_n"].sum():
        raise no_records or InputError("the input table has no records")
    if validation is not None:
        validation.check(fine_table, prep)
    return fine_table, how
