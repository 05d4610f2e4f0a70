"""Class breaks for choropleth maps: quantiles, equal intervals and natural breaks (Jenks).

Every method returns the upper bounds of ``k`` classes, the last one being the maximum;
a value belongs to the first class whose upper bound it does not exceed. Fewer distinct
values than classes give fewer classes.

>>> jenks_breaks([1, 2, 3, 10, 11, 12, 30, 31], 3)
[3.0, 12.0, 31.0]
>>> equal_interval_breaks([0, 10], 5)
[2.0, 4.0, 6.0, 8.0, 10.0]
>>> quantile_breaks([1, 2, 3, 4], 2)
[2.5, 4.0]
>>> class_of(2.5, [3.0, 12.0, 31.0])
0
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence

import numpy as np

METHODS = ("quantile", "equal", "jenks")


def _clean(values: Sequence[float]) -> list[float]:
    return sorted(float(v) for v in values if v is not None and not math.isnan(float(v)))


def quantile_breaks(values: Sequence[float], k: int) -> list[float]:
    """Upper bounds at the 1/k, 2/k... quantiles (type 7, as numpy's default)."""
    data = _clean(values)
    if not data:
        return []
    n = len(data)
    bounds = []
    for i in range(1, k + 1):
        pos = (n - 1) * i / k
        lo = math.floor(pos)
        hi = min(lo + 1, n - 1)
        bounds.append(data[lo] + (data[hi] - data[lo]) * (pos - lo))
    return _unique(bounds)


def equal_interval_breaks(values: Sequence[float], k: int) -> list[float]:
    data = _clean(values)
    if not data:
        return []
    lo, hi = data[0], data[-1]
    if hi == lo:
        return [hi]
    step = (hi - lo) / k
    return _unique([lo + step * i for i in range(1, k)] + [hi])


def jenks_breaks(values: Sequence[float], k: int) -> list[float]:
    """Fisher-Jenks natural breaks: the split into k classes of consecutive sorted values
    with the least total within-class sum of squared deviations (exact dynamic
    programme, O(k n²); maps here have at most a few thousand desa)."""
    data = _clean(values)
    n = len(data)
    if n == 0:
        return []
    k = max(1, min(k, len(set(data))))
    # Prefix sums give the sum of squared deviations of data[i:j] in O(1); each step of
    # the programme is one vectorised pass over the possible starts of the last class.
    arr = np.asarray(data)
    s1 = np.concatenate([[0.0], np.cumsum(arr)])
    s2 = np.concatenate([[0.0], np.cumsum(arr * arr)])
    # cost[c, j]: best cost of the first j values in c + 1 classes; cut[c, j]: start of the last.
    cost = np.full((k, n + 1), np.inf)
    cut = np.zeros((k, n + 1), dtype=np.int64)
    js = np.arange(1, n + 1)
    cost[0, 1:] = s2[js] - s1[js] ** 2 / js
    for c in range(1, k):
        for j in range(c + 1, n + 1):
            i = np.arange(c, j)
            m = j - i
            total = s1[j] - s1[i]
            candidate = cost[c - 1, i] + (s2[j] - s2[i]) - total * total / m
            best = int(np.argmin(candidate))
            cost[c, j] = candidate[best]
            cut[c, j] = c + best
    bounds = []
    j = n
    for c in range(k - 1, -1, -1):
        bounds.append(data[j - 1])
        j = int(cut[c, j])
    return _unique(sorted(bounds))


def breaks(values: Sequence[float], method: str, k: int = 5) -> list[float]:
    if method == "quantile":
        return quantile_breaks(values, k)
    if method == "equal":
        return equal_interval_breaks(values, k)
    if method == "jenks":
        return jenks_breaks(values, k)
    raise ValueError(f"unknown classification {method!r}; choose one of {METHODS}")


def class_of(value: float, bounds: Sequence[float]) -> int:
    """Index of the class of ``value`` (0-based); values above the last bound go last."""
    return min(bisect.bisect_left(list(bounds), value), len(bounds) - 1)


def _unique(bounds: list[float]) -> list[float]:
    out: list[float] = []
    for b in bounds:
        if not out or b > out[-1]:
            out.append(float(b))
    return out
