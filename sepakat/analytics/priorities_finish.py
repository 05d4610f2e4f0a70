"""Finishing the priority scores of one level: estimates, linearised variables, design
standard errors, reliability and rank, from the level's weighted totals (NumPy only).

See :mod:`sepakat.analytics.priorities` for the method; this module works on the totals
that its aggregation returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import polars as pl

from .rollup import AnyArray, Coef, FloatArray, Level

if TYPE_CHECKING:
    from .priorities import Indicator

# why an indicator is not ranked in a domain (stable words: other tools read them)
FEW_PERSONS = "few_persons"
IMPRECISE = "imprecise"
TARGET_REACHED = "target_reached"


def finish(
    level: Level,
    keys: list[str],
    indicators: list[Indicator],
    weighting: str,
    min_persons: int,
    max_rse: float,
) -> pl.DataFrame:
    """One level's rows: estimates, standard errors, reliability and rank, indicator by
    indicator within each group, as NumPy arrays of shape (indicators, groups) until the
    one DataFrame at the end."""
    k, n_groups = len(indicators), level.n_groups
    pop, wy = level.total("w"), level.total("wy")
    counts = np.empty((k, n_groups))
    estimates: dict[str, FloatArray] = {
        name: np.empty((k, n_groups)) for name in ("achievement", "deprivation", "score")
    }
    reached = np.empty((k, n_groups), dtype=bool)
    linearised: list[FloatArray] = []
    for i, ind in enumerate(indicators):
        n, ns, x, q = (level.total(f"{v}_{i}") for v in ("n", "ns", "x", "q"))
        counts[i] = n
        est = _estimates(ns, x, q, pop, wy, ind.target, weighting, i)
        estimates["achievement"][i], estimates["deprivation"][i] = est.achievement, est.deprivation
        estimates["score"][i], reached[i] = est.score, est.reached
        if level.has_design:
            linearised += _linearised(level, est, weighting, i)
    se = {name: np.full((k, n_groups), np.nan) for name in estimates}
    if linearised:
        variances = level.variances_of(linearised)
        assert variances is not None
        for j, name in enumerate(("achievement", "deprivation", "score")):
            se[name] = np.sqrt(variances[j::3])
    # a reached target scores 0 whatever the sample: no standard error to speak of
    se["score"] = np.where(reached, np.nan, se["score"])
    reliable, reason = _reliability(
        counts, estimates["score"], se["score"], reached, level.has_design, min_persons, max_rse
    )
    # ranked: highest score first within each group, ties in the spec's order (as an
    # ordinal rank); the rows of a group follow their rank, then the unranked in spec order
    ranked = reason == ""
    order = np.broadcast_to(np.arange(k)[:, None], (k, n_groups))
    group = np.broadcast_to(np.arange(n_groups)[None, :], (k, n_groups))
    score_key = np.where(ranked, -np.nan_to_num(estimates["score"]), 0.0)
    rows = np.lexsort((order.ravel(), score_key.ravel(), ~ranked.ravel(), group.ravel()))
    flat_ranked = ranked.ravel()[rows]
    flat_group = group.ravel()[rows]
    # the rows of a group are contiguous after the sort: rank = position in the group + 1
    starts = np.searchsorted(flat_group, np.arange(n_groups))
    position = np.arange(len(rows)) - starts[flat_group] + 1
    rank = np.where(flat_ranked, position, 0)
    flat_order = order.ravel()[rows]
    columns: dict[str, Any] = {}
    for key, values in level.groups.items():
        columns[key] = pl.Series(key, values[flat_group].tolist(), dtype=pl.Utf8)
    codes_ = np.array([ind.code for ind in indicators], dtype=object)
    sectors = np.array([ind.sector for ind in indicators], dtype=object)
    targets = np.array([ind.target for ind in indicators], dtype=np.float64)
    columns |= {
        "code": pl.Series("code", codes_[flat_order], dtype=pl.Utf8),
        "sector": pl.Series("sector", sectors[flat_order], dtype=pl.Utf8),
        "target": targets[flat_order],
        "n": counts.ravel()[rows].astype(np.int64),
        "achievement": estimates["achievement"].ravel()[rows],
        "achievement_se": se["achievement"].ravel()[rows],
        "deprivation_weighted": estimates["deprivation"].ravel()[rows],
        "deprivation_weighted_se": se["deprivation"].ravel()[rows],
        "score": estimates["score"].ravel()[rows],
        "score_se": se["score"].ravel()[rows],
        "rank": pl.Series("rank", rank, dtype=pl.Int64).replace(0, None),
        "reliable": reliable.ravel()[rows],
        "reason": pl.Series("reason", reason.ravel()[rows], dtype=pl.Utf8),
    }
    return pl.DataFrame(columns, nan_to_null=True)


def _linearised(level: Level, est: _Estimates, weighting: str, i: int) -> list[FloatArray]:
    """The linearised variables of A, D and the score of indicator ``i`` on the level's
    aggregated rows. The score's is a combination of the other two (its gradient is
    g dD + D g' dA), which saves most of the products of a third set of coefficients."""
    at = level.at_rows
    col = level.fine.column
    coef_a, coef_d = est.coef["achievement"], est.coef["deprivation"]
    z_a = at(coef_a[f"x_{i}"]) * col(f"x_{i}") + at(coef_a[f"ns_{i}"]) * col(f"ns_{i}")
    if weighting == "sepakat":
        z_d = (
            at(coef_d["wy"]) * col("wy")
            + at(coef_d[f"q_{i}"]) * col(f"q_{i}")
            + at(coef_d["w"]) * col("w")
            + at(coef_d[f"ns_{i}"]) * col(f"ns_{i}")
        )
    else:  # the plain shortfall: D = 1 - A
        z_d = -z_a
    z_s = at(est.score_on_d) * z_d + at(est.score_on_a) * z_a
    return [z_a, z_d, z_s]


@dataclass
class _Estimates:
    achievement: FloatArray
    deprivation: FloatArray
    score: FloatArray
    reached: np.ndarray[Any, np.dtype[np.bool_]]
    coef: dict[str, Coef]
    score_on_d: FloatArray
    """d score / d D (the score's gradient is this times D's plus ``score_on_a`` times
    A's), 0 where undefined."""
    score_on_a: FloatArray


def _estimates(
    ns: FloatArray,
    x: FloatArray,
    q: FloatArray,
    pop: FloatArray,
    wy: FloatArray,
    target: float,
    weighting: str,
    i: int,
) -> _Estimates:
    """Point estimates and the coefficients of their linearised variables on the
    aggregated columns (gradients of A = X/N_S, D = (Y/N) Q/N_S, score = D g(A))."""
    with np.errstate(divide="ignore", invalid="ignore"):
        a = x / ns
        coef_a = {f"x_{i}": 1.0 / ns, f"ns_{i}": -a / ns}
        if weighting == "sepakat":
            d = wy * q / (pop * ns)
            coef_d = {
                "wy": q / (pop * ns),
                f"q_{i}": wy / (pop * ns),
                "w": -d / pop,
                f"ns_{i}": -d / ns,
            }
        else:  # the plain shortfall
            d = 1.0 - a
            coef_d = {f"x_{i}": -1.0 / ns, f"ns_{i}": a / ns}
        reached = a >= target
        g = np.where(reached, 0.0, (target - a) / (1.0 - a))
        dg = np.where(reached, 0.0, (target - 1.0) / (1.0 - a) ** 2)
        score = d * g
        score_on_a = d * dg
    return _Estimates(
        achievement=a,
        deprivation=d,
        score=score,
        reached=reached,
        coef={"achievement": _finite(coef_a), "deprivation": _finite(coef_d)},
        score_on_d=_finite({"g": g})["g"],
        score_on_a=_finite({"a": score_on_a})["a"],
    )


def _finite(coef: Coef) -> Coef:
    # a domain without persons in S gives 0/0 coefficients; its SE is reported empty
    out: Coef = {}
    for k, v in coef.items():
        v = np.asarray(v, dtype=np.float64)
        out[k] = np.where(np.isfinite(v), v, 0.0)
    return out


def _reliability(
    n: FloatArray,
    score: FloatArray,
    score_se: FloatArray,
    reached: np.ndarray[Any, np.dtype[np.bool_]],
    has_design: bool,
    min_persons: int,
    max_rse: float,
) -> tuple[np.ndarray[Any, np.dtype[np.bool_]], AnyArray]:
    """Reliable flag and reason per entry: too few persons (or no estimate), then a
    reached target (reliable, not ranked), then with a design an RSE above the limit."""
    few = (n < min_persons) | ~np.isfinite(score)
    with np.errstate(divide="ignore", invalid="ignore"):
        rse = np.where(score > 0, score_se / score, np.inf)
    # NaN (no standard error) is imprecise too: "not rse <= max_rse"
    imprecise = ~few & ~reached & ~(rse <= max_rse) if has_design else np.zeros_like(few)
    reason = np.select(
        [few, reached, imprecise], [FEW_PERSONS, TARGET_REACHED, IMPRECISE], ""
    ).astype(object)
    return ~(few | imprecise), reason
