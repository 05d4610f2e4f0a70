r"""The finishing step in NumPy: estimates and variances from the engine's totals.

The query returns one row per (finest group, stratum, PSU) with totals; each level is
rolled up from it (:class:`sepakat.analytics.rollup.Level`) and every measure finished by
the entry of :data:`MEASURES` for its kind: its estimator (totals to estimate), its
influence function (the coefficients of its linearised variable on the totals, for the
design-based variance) and the R function whose numbers it reproduces.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import narwhals as nw
import numpy as np

from .. import design as design_mod
from ..design import FloatArray
from ..engine import ALL
from ..errors import InputError
from ..measures import Measure, fmt_param, normal_quantile
from ..rollup import FineIndex, Level, design_strata
from . import linearise as lin
from .inputs import Validation
from .plan import Plan
from .query import run_query
from .table import RESULT_COLUMNS, AnyArray, MeasureTable, rows

Coef = lin.Coef


class LevelTotals:
    """The totals of one level, each summed from the fine table once, on demand."""

    def __init__(self, level: Level, plan: Plan, linearised: bool) -> None:
        self.level = level
        self.plan = plan
        self.linearised = linearised
        """With a design: standard errors are wanted (and the totals they need exist)."""
        self._cache: dict[str, FloatArray] = {}

    def totals(self, names: Iterable[str]) -> dict[str, FloatArray]:
        for name in names:
            if name not in self._cache:
                self._cache[name] = self.level.total(name)
        return self._cache

    def total(self, name: str, how: str = "sum") -> FloatArray:
        return self.level.total(name, how)


Estimator = Callable[[LevelTotals, Measure], FloatArray]
Influence = Callable[[LevelTotals, Measure, FloatArray], Coef]


@dataclass(frozen=True)
class MeasureRule:
    """How one kind of measure is finished.

    ``full_design``: its R reference computes a domain's variance on the full design, so
    that ``lonely_psu="average"`` counts every stratum (convey's ``svyfgt``,
    ``svywatts``, ``svysen``, ``svysst``); the others follow ``svyby`` on a subset and
    count the strata holding records of the domain."""

    estimator: Estimator
    influence: Influence
    r_function: str
    full_design: bool = False


# --------------------------------------------------------------------------- additive


def _additive_estimate(ctx: LevelTotals, m: Measure) -> FloatArray:
    names, estimator = ctx.plan.estimators[m.name]
    return estimator(ctx.totals(names))[0]


def _additive_influence(ctx: LevelTotals, m: Measure, estimate: FloatArray) -> Coef:
    names, estimator = ctx.plan.estimators[m.name]
    return estimator(ctx.totals(names))[1]


# ------------------------------------------------------------------------------- gini


def gini_t1(
    totals: lin.TotalsLookup, names: tuple[str, str, str, str, str], linearised: bool
) -> FloatArray:
    r""":math:`T_1 = \sum w_k r_k y_k`, read directly or, with a design, from the totals of
    the linearised variable: since :math:`\sum_k w_k G_k = NY - T_1 + \sum_k w_k^2 y_k`,
    :math:`T_1 = (\sum_k w_k (r_k y_k - G_k) + NY + \sum_k w_k^2 y_k) / 2` (one running
    sum and one total fewer in the engine). ``names``: N, Y, squared-weight total, the
    linearised-variable total, :math:`T_1`."""
    n_name, y_name, q_name, v_name, t1_name = names
    if not linearised:
        return np.asarray(totals([t1_name])[t1_name], dtype=np.float64)
    t = totals([n_name, y_name, q_name, v_name])
    return np.asarray((t[v_name] + t[n_name] * t[y_name] + t[q_name]) / 2.0, dtype=np.float64)


def gini_from(
    n: FloatArray, y: FloatArray, t1: FloatArray, q: FloatArray, formula: str
) -> FloatArray:
    """The Gini of a subpopulation from its totals (zero where it has no welfare)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        sub = y if formula == "convey" else q
        return np.where(y > 0, (2.0 * t1 - sub) / (n * y) - 1.0, 0.0)


def _gini_estimate(ctx: LevelTotals, m: Measure) -> FloatArray:
    t = ctx.totals(["w", "wy", "w2y"])
    n, y, q = t["w"], t["wy"], t["w2y"]
    convey_formula = ctx.plan.gini == "convey"
    if not ctx.linearised:
        t1 = gini_t1(ctx.totals, ("w", "wy", "w2y", "g_v", "g_wry"), False)
        with np.errstate(divide="ignore", invalid="ignore"):
            if convey_formula:
                return np.asarray((2.0 * t1 - y) / (n * y) - 1.0, dtype=np.float64)
            return np.asarray((2.0 * t1 - q) / (n * y) - 1.0, dtype=np.float64)
    v = ctx.totals(["g_v"])["g_v"]
    with np.errstate(divide="ignore", invalid="ignore"):
        ny = n * y
        # 2 T1 = v + NY + sum w^2 y (see gini_t1)
        return np.asarray((v + q - y) / ny if convey_formula else v / ny, dtype=np.float64)


def _gini_influence(ctx: LevelTotals, m: Measure, estimate: FloatArray) -> Coef:
    t = ctx.totals(["w", "wy"])
    return lin.gini_coef(t["w"], t["wy"], estimate)


# -------------------------------------------------------------------------- quantiles


def quantile_from_totals(above: FloatArray, past: FloatArray, exact: FloatArray) -> FloatArray:
    """The weighted quantile from the reduced terms of
    :func:`sepakat.analytics.poverty.query.quantile_terms`."""
    return np.asarray(np.where(exact > 0, (above + past) / 2.0, above), dtype=np.float64)


def _order(m: Measure) -> float:
    return 0.5 if m.kind == "median" else m.param


def _quantile_estimate(ctx: LevelTotals, m: Measure) -> FloatArray:
    tok = fmt_param(_order(m))
    return quantile_from_totals(
        ctx.total(f"q_{tok}_a", "min"),
        ctx.total(f"q_{tok}_b", "min"),
        ctx.total(f"q_{tok}_e", "max"),
    )


def _quantile_influence(ctx: LevelTotals, m: Measure, estimate: FloatArray) -> Coef:
    return lin.quantile_lin(ctx.totals, _order(m))


def _qsr_estimate(ctx: LevelTotals, m: Measure) -> FloatArray:
    t = ctx.totals(["qsr_low", "qsr_high", "wy"])
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(t["qsr_high"] / t["qsr_low"], dtype=np.float64)


def _qsr_influence(ctx: LevelTotals, m: Measure, estimate: FloatArray) -> Coef:
    t = ctx.totals(["qsr_low", "qsr_high", "wy"])
    return lin.share_ratio_lin(ctx.totals, 0.2, 0.8, t["wy"] - t["qsr_high"])


def _palma_estimate(ctx: LevelTotals, m: Measure) -> FloatArray:
    t = ctx.totals(["L_0p4", "L_0p9", "wy"])
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray((t["wy"] - t["L_0p9"]) / t["L_0p4"], dtype=np.float64)


def _palma_influence(ctx: LevelTotals, m: Measure, estimate: FloatArray) -> Coef:
    t = ctx.totals(["L_0p4", "L_0p9", "wy"])
    return lin.share_ratio_lin(ctx.totals, 0.4, 0.9, t["L_0p9"], t["L_0p4"])


# ------------------------------------------------------------------------- Sen, SST


def _sen_parts(
    ctx: LevelTotals,
) -> tuple[FloatArray, FloatArray, FloatArray, dict[str, FloatArray], FloatArray]:
    r"""Sen index :math:`P_0 [I + (1 - I) G_p]` with its parts :math:`P_0`, :math:`P_1`,
    :math:`G_p` (the Gini of :math:`y/z` among the poor) and the totals."""
    t = ctx.totals(["w", "fgt_0", "fgt_1", "sen_n", "sen_x", "sen_q"])
    t1 = gini_t1(ctx.totals, ("sen_n", "sen_x", "sen_q", "sen_v", "sen_t1"), ctx.linearised)
    with np.errstate(divide="ignore", invalid="ignore"):
        p0, _ = lin.ratio_lin("fgt_0", t)
        p1, _ = lin.ratio_lin("fgt_1", t)
        gp = gini_from(t["sen_n"], t["sen_x"], t1, t["sen_q"], ctx.plan.gini)
        i = np.where(p0 > 0, p1 / np.where(p0 > 0, p0, 1.0), 0.0)
        est = np.asarray(p0 * (i + (1.0 - i) * gp), dtype=np.float64)
    return p0, p1, gp, t, est


def _sen_estimate(ctx: LevelTotals, m: Measure) -> FloatArray:
    return _sen_parts(ctx)[4]


def _sen_influence(ctx: LevelTotals, m: Measure, estimate: FloatArray) -> Coef:
    p0, p1, gp, t, _ = _sen_parts(ctx)
    return lin.sen_lin(p0, p1, gp, t)


def _sst_parts(
    ctx: LevelTotals,
) -> tuple[FloatArray, FloatArray, dict[str, FloatArray], FloatArray]:
    r"""Sen-Shorrocks-Thon index :math:`P_1 (1 + G^g)` with :math:`P_1`, :math:`G^g` (the
    Gini of the poverty gap ratios) and the totals."""
    t = ctx.totals(["w", "fgt_1", "sst_y", "sst_q"])
    t1 = gini_t1(ctx.totals, ("w", "sst_y", "sst_q", "sst_v", "sst_t1"), ctx.linearised)
    with np.errstate(divide="ignore", invalid="ignore"):
        p1, _ = lin.ratio_lin("fgt_1", t)
        gg = gini_from(t["w"], t["sst_y"], t1, t["sst_q"], ctx.plan.gini)
        est = np.asarray(p1 * (1.0 + gg), dtype=np.float64)
    return p1, gg, t, est


def _sst_estimate(ctx: LevelTotals, m: Measure) -> FloatArray:
    return _sst_parts(ctx)[3]


def _sst_influence(ctx: LevelTotals, m: Measure, estimate: FloatArray) -> Coef:
    p1, gg, t, _ = _sst_parts(ctx)
    return lin.sst_lin(p1, gg, t)


def _additive(r_function: str, full_design: bool = False) -> MeasureRule:
    return MeasureRule(_additive_estimate, _additive_influence, r_function, full_design)


MEASURES: dict[str, MeasureRule] = {
    # additive: a ratio (or total) of record-level totals; estimator and gradient in
    # sepakat.analytics.measures.additive_variables
    "fgt": _additive("convey::svyfgt", full_design=True),
    "poor_count": _additive("survey::svytotal of the poor indicator"),
    "watts": _additive("convey::svywatts", full_design=True),
    "mean": _additive("survey::svymean"),
    "theil": _additive("convey::svygei (epsilon = 1)"),
    "mld": _additive("convey::svygei (epsilon = 0)"),
    "ge": _additive("convey::svygei"),
    "atkinson": _additive("convey::svyatk"),
    # sort-based: totals of the windowed pass in welfare order
    "gini": MeasureRule(_gini_estimate, _gini_influence, "convey::svygini"),
    "median": MeasureRule(_quantile_estimate, _quantile_influence, "convey::svyiqalpha (0.5)"),
    "quantile": MeasureRule(_quantile_estimate, _quantile_influence, "convey::svyiqalpha"),
    "qsr": MeasureRule(_qsr_estimate, _qsr_influence, "convey::svyqsr"),
    "palma": MeasureRule(
        _palma_estimate, _palma_influence, "none; svyqsr's method on the Lorenz totals"
    ),
    "sen": MeasureRule(_sen_estimate, _sen_influence, "convey::svysen", full_design=True),
    "sst": MeasureRule(_sst_estimate, _sst_influence, "convey::svysst", full_design=True),
}
FULL_DESIGN_KINDS = {kind for kind, rule in MEASURES.items() if rule.full_design}


def finish_level(
    fine: FineIndex,
    keys: list[str],
    suffix: str,
    how: dict[str, str],
    plan: Plan,
    strata: design_mod.Strata | None,
    lonely_psu: str,
    z_crit: float,
    cv_threshold: float,
) -> dict[str, AnyArray]:
    """The rows of one level: every measure of the plan for every group of the level."""

    def source(name: str) -> str:
        return name + suffix if suffix and (name + suffix) in how else name

    level = Level(fine, keys, strata, lonely_psu, source)
    ctx = LevelTotals(level, plan, linearised=strata is not None)
    estimates: list[FloatArray] = []
    variances: list[FloatArray | None] = []
    for m in plan.measures:
        rule = MEASURES[m.kind]
        estimate = np.asarray(rule.estimator(ctx, m), dtype=np.float64)
        var: FloatArray | None = None
        if ctx.linearised:
            counted = "design" if rule.full_design else "domain"
            var = level.variance(rule.influence(ctx, m, estimate), counted)
        estimates.append(estimate)
        variances.append(var)
    return rows(
        level.groups,
        keys,
        [m.name for m in plan.measures],
        estimates,
        variances,
        level.total("_n"),
        level.total("w"),
        z_crit,
        cv_threshold,
    )


def compute(
    prep: nw.LazyFrame[Any],
    plan: Plan,
    has_fpc: bool,
    lonely_psu: str,
    level: float,
    cv_threshold: float,
    validation: Validation | None = None,
    no_records: InputError | None = None,
) -> MeasureTable:
    """Run the query of ``plan`` on the prepared records and finish every level."""
    fine_table, how = run_query(prep, plan, validation, no_records)
    fine_index = FineIndex(fine_table, list(plan.keys), plan.has_design)
    base = prep.with_columns(nw.lit("").alias(ALL))
    strata = design_strata(fine_index, has_fpc, base) if plan.has_design else None
    z_crit = normal_quantile(level)
    pieces: list[dict[str, AnyArray]] = []
    for lev in sorted(plan.levels, key=len):
        sorted_levels = plan.sorted_levels
        suffix = f"__{sorted_levels.index(lev)}" if lev in sorted_levels else ""
        pieces.append(
            finish_level(
                fine_index,
                list(lev),
                suffix,
                how,
                plan,
                strata,
                lonely_psu,
                z_crit,
                cv_threshold,
            )
        )
    return MeasureTable.concat(pieces, [*plan.keys, *RESULT_COLUMNS])
