r"""Influence functions (linearised variables) of the measures that are not ratios of totals.

Each function returns a :data:`Coef`: coefficients per group on the engine's totals, so
that the linearised variable of record :math:`k` is :math:`\sum_j c_j x_{jk}`;
:meth:`sepakat.analytics.rollup.Level.variance` turns it into a design-based variance.
The formulas follow R convey (Osier 2009, Deville 1999); the table in
:mod:`sepakat.analytics.poverty.finish` names the convey function each one mirrors.

``totals`` is the finishing step's look-up: ``totals(names)`` returns a mapping of the
named per-group totals (see :class:`sepakat.analytics.poverty.finish.LevelTotals`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np

from ..design import FloatArray
from ..measures import fmt_param

Coef = dict[str, FloatArray]
TotalsLookup = Callable[[Iterable[str]], dict[str, FloatArray]]

_SQRT_2PI = float(np.sqrt(2.0 * np.pi))


def combine(*parts: tuple[FloatArray | float, Coef]) -> Coef:
    """Sum of scaled coefficient maps: the linearised variable of a smooth function of
    several estimators (the chain rule, as convey's ``contrastinf``)."""
    out: Coef = {}
    for scale, coef in parts:
        for name, value in coef.items():
            term = np.asarray(scale * value, dtype=np.float64)
            out[name] = out[name] + term if name in out else term
    return out


def ratio_lin(num: str, t: dict[str, FloatArray]) -> tuple[FloatArray, Coef]:
    """A ratio to the population, :math:`\\sum w x / \\sum w`, and its linearised variable."""
    with np.errstate(divide="ignore", invalid="ignore"):
        est = t[num] / t["w"]
        return est, {num: 1.0 / t["w"], "w": -est / t["w"]}


def gini_coef(n: FloatArray, y: FloatArray, est: FloatArray) -> Coef:
    """Convey's linearised Gini (``svygini``) on the totals ``w``, ``g_v`` (the total of
    :math:`w(ry - G)`), ``w2y`` and ``wy`` of the whole population of a group."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ny = n * y
        return {
            "w": (1.0 - est) / n,
            "g_v": 2.0 / ny,
            "w2y": 2.0 / ny,
            "wy": -1.0 / ny - (est + 1.0) / y,
        }


def gini_lin(
    n: FloatArray, y: FloatArray, est: FloatArray, names: tuple[str, str, str, str]
) -> Coef:
    """Convey's linearised Gini (``svygini``) as coefficients on the totals of
    :math:`w`, :math:`w(rx - G)`, :math:`w^2 x` and :math:`w x` (names in that order);
    zero where the group has no welfare (the Gini of a subpopulation: Sen, SST)."""
    w_name, v_name, q_name, y_name = names
    ok = (n > 0) & (y > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        ny = np.where(ok, n * y, 1.0)
        coef = {
            w_name: (1.0 - est) / np.where(ok, n, 1.0),
            v_name: 2.0 / ny,
            q_name: 2.0 / ny,
            y_name: -1.0 / ny - (est + 1.0) / np.where(ok, y, 1.0),
        }
    return {k: np.where(ok, v, 0.0) for k, v in coef.items()}


def kernel(totals: TotalsLookup, p: float) -> tuple[FloatArray, FloatArray]:
    r""":math:`N \hat f(q_p)` (kernel density in weight units) and the kernel-weighted
    mean of welfare near :math:`q_p` (convey ``densfun`` ``"F"`` and ``"big_s"``)."""
    tok = fmt_param(p)
    t = totals(["w", "wy", "wyy", f"kf_{tok}", f"km_{tok}"])
    n, s1, s2 = t["w"], t["wy"], t["wyy"]
    with np.errstate(divide="ignore", invalid="ignore"):
        var = np.maximum(s2 - s1 * s1 / n, 0.0) / n
        h = np.sqrt(var) / n**0.2
        h = np.where(h > 0, h, 1.0)
        dens = t[f"kf_{tok}"] / (h * _SQRT_2PI)
        local_mean = t[f"km_{tok}"] / t[f"kf_{tok}"]
    return dens, local_mean


def quantile_lin(totals: TotalsLookup, p: float) -> Coef:
    r"""Linearised quantile (convey ``svyiqalpha``, Deville 1999):
    :math:`u_k = -(1[y_k \le q_p] - p) / (N \hat f(q_p))`."""
    dens, _ = kernel(totals, p)
    with np.errstate(divide="ignore", invalid="ignore"):
        inv = np.where(dens > 0, 1.0 / dens, np.nan)
    return {f"ka_{fmt_param(p)}": -inv, "w": p * inv}


def tail_total_lin(totals: TotalsLookup, p: float) -> Coef:
    r"""Linearised total below the quantile, :math:`S(p) = \sum w y 1[y \le q_p]`
    (convey ``svyisq``): :math:`u_k = y_k 1[y_k \le q_p] - m_p (1[y_k \le q_p] - p)`,
    :math:`m_p` the kernel-weighted mean of welfare at :math:`q_p`."""
    _, m = kernel(totals, p)
    tok = fmt_param(p)
    return {f"kb_{tok}": np.ones_like(m), f"ka_{tok}": -m, "w": p * m}


def share_ratio_lin(
    totals: TotalsLookup,
    low: float,
    high: float,
    below_high: FloatArray,
    below_low: FloatArray | None = None,
) -> Coef:
    r"""Linearised :math:`(Y - S(\text{high})) / S(\text{low})` (convey ``svyqsr`` through
    ``contrastinf``). ``below_high``/``below_low`` are the point estimates of the two tail
    totals (for the Palma ratio the exact Lorenz totals)."""
    t = totals(["wy", f"kb_{fmt_param(low)}"])
    den = t[f"kb_{fmt_param(low)}"] if below_low is None else below_low
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = (t["wy"] - below_high) / den
        inv = 1.0 / den
    return combine(
        (inv, {"wy": np.ones_like(inv)}),
        (-inv, tail_total_lin(totals, high)),
        (-ratio * inv, tail_total_lin(totals, low)),
    )


def sen_lin(p0: FloatArray, p1: FloatArray, gp: FloatArray, t: dict[str, FloatArray]) -> Coef:
    r"""Sen: :math:`G_p u_{P_0} + (1-G_p) u_{P_1} + (P_0 - P_1) u_{G_p}` (convey
    ``svysen``; :math:`u_{G_p}` the Gini linearisation on the domain of the poor)."""
    _, u0 = ratio_lin("fgt_0", t)
    _, u1 = ratio_lin("fgt_1", t)
    ug = gini_lin(t["sen_n"], t["sen_x"], gp, ("sen_n", "sen_v", "sen_q", "sen_x"))
    return combine((gp, u0), (1.0 - gp, u1), (p0 - p1, ug))


def sst_lin(p1: FloatArray, gg: FloatArray, t: dict[str, FloatArray]) -> Coef:
    r"""SST: :math:`(1 + G^g) u_{P_1} + P_1 u_{G^g}` (the same as convey ``svysst``'s
    :math:`P_0 \cdot (P_1/P_0) \cdot (1+G^g)`: the product of the ratios linearises to
    the same variable)."""
    _, u1 = ratio_lin("fgt_1", t)
    ug = gini_lin(t["w"], t["sst_y"], gg, ("w", "sst_v", "sst_q", "sst_y"))
    return combine((1.0 + gg, u1), (p1, ug))
