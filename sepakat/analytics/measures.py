r"""Measure names, and estimators that are smooth functions of weighted totals.

Notation: record :math:`k` has welfare :math:`y_k`, person weight :math:`w_k` (household
weight x household size), poverty line :math:`z_k` (a number or a column), and is poor when
:math:`y_k < z_k` (BPS and PIP, the default ``poor_if="lt"``) or :math:`y_k \le z_k`
(R convey, ``poor_if="le"``). :math:`N=\sum w_k`, :math:`Y=\sum w_k y_k`, :math:`\mu=Y/N`.

==================  ===================================================================
name                estimator (reference implementation)
==================  ===================================================================
``fgt<a>``          :math:`\sum_k w_k 1[\text{poor}_k] ((z_k-y_k)/z_k)^a / N`;
                    ``fgt0`` headcount P0, ``fgt1`` depth P1, ``fgt2`` severity P2
                    (convey ``svyfgt`` with ``type_thresh="abs"``; PIP ``md_compute_fgt``)
``poor_count``      :math:`\sum_k w_k 1[\text{poor}_k]` (``survey::svytotal``)
``watts``           :math:`\sum_{\text{poor}, y>0} w_k \ln(z_k/y_k) / N`
                    (convey ``svywatts``; PIP ``md_compute_watts``)
``mean``            :math:`\mu` (``survey::svymean``, a ratio)
``theil``           GE(1) :math:`= \sum w_k (y_k/\mu)\ln(y_k/\mu) / N`
``mld``             GE(0) :math:`= \sum w_k \ln(\mu/y_k) / N`
``ge<a>``           :math:`\frac{1}{a(a-1)}\left[\sum w_k (y_k/\mu)^a / N - 1\right]`
                    (convey ``svygei``)
``atkinson<e>``     :math:`1 - \left(\sum w_k y_k^{1-e} / N\right)^{1/(1-e)} / \mu`;
                    :math:`e=1`: :math:`1 - \exp(\sum w_k \ln y_k / N)/\mu`
                    (convey ``svyatk``)
==================  ===================================================================

Each is :math:`\hat\theta = f(T_1, \dots, T_m)` of weighted totals, so its linearised
variable is :math:`\sum_j \partial f/\partial T_j \, U_{jk}` (Deville 1999; Woodruff 1971),
the same influence function convey uses. Sort-based measures (Gini, quantiles, shares,
Sen, Sen-Shorrocks-Thon) live in :mod:`sepakat.analytics.poverty`.

Zero and negative welfare (``nonpositive``) matter for Watts, Theil, MLD, GE and Atkinson:
``"error"`` (default) refuses them; ``"zero"`` keeps such records in the population with a
zero log/power term (PIP's Watts); ``"drop"`` leaves them out of that measure's
population.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .errors import InputError

FloatArray = npt.NDArray[np.float64]
Totals = dict[str, FloatArray]

POVERTY_KINDS = {"fgt", "poor_count", "watts", "sen", "sst"}
LOG_KINDS = {"watts", "theil", "mld", "ge", "atkinson"}
SORTED_KINDS = {"gini", "median", "quantile", "qsr", "palma", "sen", "sst"}
ADDITIVE_KINDS = {"fgt", "poor_count", "watts", "mean", "theil", "mld", "ge", "atkinson"}

_NUM = r"(-?\d+(?:\.\d+)?)"
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"^fgt{_NUM}$"), "fgt"),
    (re.compile(rf"^ge{_NUM}$"), "ge"),
    (re.compile(rf"^atkinson{_NUM}$"), "atkinson"),
    (re.compile(rf"^q{_NUM}$"), "quantile"),
]
_SIMPLE = {
    "poor_count",
    "watts",
    "sen",
    "sst",
    "gini",
    "theil",
    "mld",
    "qsr",
    "palma",
    "mean",
    "median",
}


@dataclass(frozen=True)
class Measure:
    """One requested measure: its output ``name``, ``kind`` and parameter."""

    name: str
    kind: str
    param: float = 0.0


def parse_measures(names: Iterable[str]) -> list[Measure]:
    """Parse measure names (``fgt0``, ``ge2``, ``atkinson0.5``, ``q0.9``, ``gini``...)."""
    out: list[Measure] = []
    seen: set[str] = set()
    for raw in names:
        name = raw.strip().lower()
        if not name or name in seen:
            continue
        seen.add(name)
        if name in _SIMPLE:
            out.append(Measure(name, name))
            continue
        for pattern, kind in _PATTERNS:
            m = pattern.match(name)
            if m:
                value = float(m.group(1))
                _check_param(name, kind, value)
                if kind == "ge" and value == 0.0:
                    out.append(Measure(name, "mld"))
                elif kind == "ge" and value == 1.0:
                    out.append(Measure(name, "theil"))
                else:
                    out.append(Measure(name, kind, value))
                break
        else:
            raise InputError(
                f"unknown measure {raw!r}; known: fgt<alpha>, poor_count, watts, sen, sst, "
                "gini, theil, mld, ge<alpha>, atkinson<eps>, qsr, palma, mean, median, q<p>"
            )
    if not out:
        raise InputError("no measure requested")
    return out


def _check_param(name: str, kind: str, value: float) -> None:
    if kind == "fgt" and value < 0:
        raise InputError(f"{name}: the FGT alpha must be >= 0")
    if kind == "atkinson" and value <= 0:
        raise InputError(f"{name}: the Atkinson epsilon must be > 0")
    if kind == "quantile" and not 0.0 < value < 1.0:
        raise InputError(f"{name}: the quantile must be strictly between 0 and 1")


def fmt_param(value: float) -> str:
    """A parameter as a column-name-safe token (``0.5`` -> ``0p5``, ``-1`` -> ``m1``)."""
    text = repr(float(value)).rstrip("0").rstrip(".")
    return text.replace("-", "m").replace(".", "p")


Estimator = Callable[[Totals], tuple[FloatArray, dict[str, FloatArray]]]


def _div(a: FloatArray, b: FloatArray) -> FloatArray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(b != 0, a / np.where(b != 0, b, 1.0), np.nan)


def additive_variables(m: Measure, nonpositive: str) -> tuple[list[str], Estimator]:
    """Totals a measure needs (names of record-level variables) and its estimator.

    Variable names: ``w`` weight, ``wpos`` weight where y > 0, ``wy``/``wypos`` weighted
    welfare, ``fgt_<a>`` weighted FGT terms, ``watts`` weighted Watts terms, ``pow_<a>``
    weighted :math:`y^a` (y > 0), ``ylny`` weighted :math:`y \\ln y`, ``lny`` weighted
    :math:`\\ln y`. The estimator returns estimates and gradients per group.
    """
    drop = nonpositive == "drop"
    pop = "wpos" if drop else "w"
    inc = "wypos" if drop else "wy"
    kind = m.kind
    if kind == "fgt":
        var = f"fgt_{fmt_param(m.param)}"
        return [var, "w"], _ratio(var, "w")
    if kind == "poor_count":

        def total(t: Totals) -> tuple[FloatArray, dict[str, FloatArray]]:
            est = t["fgt_0"]
            return est, {"fgt_0": np.ones_like(est)}

        return ["fgt_0"], total
    if kind == "watts":
        return ["watts", pop], _ratio("watts", pop)
    if kind == "mean":
        return ["wy", "w"], _ratio("wy", "w")
    if kind == "theil":
        return ["ylny", inc, pop], _theil(inc, pop)
    if kind == "mld":
        return ["lny", inc, pop], _mld(inc, pop)
    if kind == "ge":
        var = f"pow_{fmt_param(m.param)}"
        return [var, inc, pop], _ge(var, inc, pop, m.param)
    if kind == "atkinson":
        if m.param == 1.0:
            return ["lny", inc, pop], _atkinson1(inc, pop)
        var = f"pow_{fmt_param(1.0 - m.param)}"
        return [var, inc, pop], _atkinson(var, inc, pop, m.param)
    raise ValueError(kind)


def _ratio(num: str, den: str) -> Estimator:
    def est(t: Totals) -> tuple[FloatArray, dict[str, FloatArray]]:
        r = _div(t[num], t[den])
        inv = _div(np.ones_like(r), t[den])
        return r, {num: inv, den: -r * inv}

    return est


def _theil(inc: str, pop: str) -> Estimator:
    def est(t: Totals) -> tuple[FloatArray, dict[str, FloatArray]]:
        s, y, n = t["ylny"], t[inc], t[pop]
        with np.errstate(divide="ignore", invalid="ignore"):
            value = s / y - np.log(y / n)
            grad = {"ylny": 1.0 / y, inc: -s / y**2 - 1.0 / y, pop: 1.0 / n}
        return value, grad

    return est


def _mld(inc: str, pop: str) -> Estimator:
    def est(t: Totals) -> tuple[FloatArray, dict[str, FloatArray]]:
        lsum, y, n = t["lny"], t[inc], t[pop]
        with np.errstate(divide="ignore", invalid="ignore"):
            value = np.log(y / n) - lsum / n
            grad = {"lny": -1.0 / n, inc: 1.0 / y, pop: -1.0 / n + lsum / n**2}
        return value, grad

    return est


def _ge(var: str, inc: str, pop: str, a: float) -> Estimator:
    def est(t: Totals) -> tuple[FloatArray, dict[str, FloatArray]]:
        s, y, n = t[var], t[inc], t[pop]
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            big_a = n ** (a - 1.0) * s * y ** (-a)
            k = 1.0 / (a * (a - 1.0))
            value = k * (big_a - 1.0)
            grad = {var: k * big_a / s, pop: big_a / (a * n), inc: -big_a / ((a - 1.0) * y)}
        return value, grad

    return est


def _atkinson(var: str, inc: str, pop: str, e: float) -> Estimator:
    def est(t: Totals) -> tuple[FloatArray, dict[str, FloatArray]]:
        s, y, n = t[var], t[inc], t[pop]
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            m = (s / n) ** (1.0 / (1.0 - e))
            value = 1.0 - m * n / y
            grad = {
                var: -(n / y) * m / ((1.0 - e) * s),
                pop: m * e / ((1.0 - e) * y),
                inc: m * n / y**2,
            }
        return value, grad

    return est


def _atkinson1(inc: str, pop: str) -> Estimator:
    def est(t: Totals) -> tuple[FloatArray, dict[str, FloatArray]]:
        lsum, y, n = t["lny"], t[inc], t[pop]
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            g = np.exp(lsum / n)
            value = 1.0 - g * n / y
            grad = {"lny": -g / y, pop: -(g / y) * (1.0 - lsum / n), inc: g * n / y**2}
        return value, grad

    return est


def normal_quantile(level: float) -> float:
    """Two-sided normal critical value for a confidence level (0.95 -> 1.959964)."""
    from statistics import NormalDist

    if not 0.0 < level < 1.0:
        raise InputError("the confidence level must be between 0 and 1")
    return NormalDist().inv_cdf(0.5 + level / 2.0)


__all__ = [
    "ADDITIVE_KINDS",
    "LOG_KINDS",
    "POVERTY_KINDS",
    "SORTED_KINDS",
    "Measure",
    "additive_variables",
    "fmt_param",
    "normal_quantile",
    "parse_measures",
]
