r"""Design-based variance by Taylor linearisation (the R ``survey`` package's ``svyrecvar``).

Every estimator here is linearised: it gives, for each record :math:`k`, an influence value
:math:`u_k` such that :math:`\hat\theta - \theta \approx \sum_k w_k u_k`. Influence values are
always linear combinations :math:`u_k = \sum_j c_j U_{jk} / w_k` of a few record-level
variables :math:`U_j` (already multiplied by the weight) whose coefficients :math:`c_j`
depend on the group only. So the engine only has to total the :math:`U_j` per group,
stratum and PSU; this module finishes on those small tables.

For a stratified multi-stage design sampled with replacement at the first stage (the
``survey`` package's default, and its ``nest=TRUE``: PSU ids are taken within strata),

.. math::

    \hat V(\hat\theta) = \sum_h (1 - f_h) \frac{n_h}{n_h - 1}
        \sum_{i=1}^{n_h} (z_{hi} - \bar z_h)^2,
    \qquad z_{hi} = \sum_{k \in (h,i)} w_k u_k,

where :math:`n_h` counts *all* PSUs of stratum :math:`h` in the sample, and
:math:`f_h` is the sampling fraction of PSUs when a finite population correction is given
(otherwise 0). A domain (kab/kota, urban/rural, any group) keeps the whole design: its
influence values are zero outside the domain, PSUs without domain records count in
:math:`n_h` with :math:`z_{hi}=0` (R: ``svyby``/``subset`` on a ``survey.design2``).

Strata with a single PSU (``lonely_psu``, as ``options(survey.lonely.psu=)``):

* ``"fail"`` (default): error naming the strata.
* ``"remove"`` / ``"certainty"``: the stratum adds nothing to the variance (identical for
  designs with replacement, where later stages are not used).
* ``"adjust"``: the single PSU total is centred at the mean of all PSU totals of the
  sample instead of its stratum mean.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .errors import DesignError

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

LONELY_PSU_OPTIONS = ("fail", "remove", "certainty", "adjust")


@dataclass(frozen=True)
class Strata:
    """Number of sampled PSUs and finite population factor of each stratum."""

    n_psu: IntArray
    """PSUs per stratum, shape (H,)."""
    fpc_factor: FloatArray
    """:math:`1 - f_h` (ones without a finite population correction), shape (H,)."""
    labels: list[str]

    @property
    def total_psu(self) -> int:
        return int(self.n_psu.sum())


def make_strata(labels: list[str], n_psu: IntArray, fpc: FloatArray | None = None) -> Strata:
    """Build the strata description; ``fpc`` holds per stratum a fraction (<= 1) or the
    number of PSUs in the population (> 1), like ``survey::svydesign(fpc=)``."""
    n = np.asarray(n_psu, dtype=np.int64)
    if fpc is None:
        factor = np.ones(len(n), dtype=np.float64)
    else:
        fpc = np.asarray(fpc, dtype=np.float64)
        frac = np.where(fpc <= 1.0, fpc, n / np.where(fpc > 0, fpc, np.inf))
        if np.any(frac > 1.0 + 1e-12):
            bad = [labels[i] for i in np.flatnonzero(frac > 1.0 + 1e-12)[:5]]
            raise DesignError(f"fpc smaller than the number of sampled PSUs in strata {bad}")
        factor = 1.0 - frac
    return Strata(n_psu=n, fpc_factor=factor, labels=labels)


@dataclass(frozen=True)
class Cells:
    """The (group, stratum) cell of each PSU total, computed once per level and reused
    for every measure."""

    inverse: IntArray
    """Cell of each entry, shape (rows,)."""
    group: IntArray
    """Group of each cell."""
    stratum: IntArray
    """Stratum of each cell."""


def cells(group: IntArray, stratum: IntArray, n_strata: int) -> Cells:
    """Index the (group, stratum) cells of aligned ``group``/``stratum`` arrays."""
    key = group.astype(np.int64) * n_strata + stratum.astype(np.int64)
    size = (int(group.max()) + 1) * n_strata if len(group) else 0
    if size <= 4 * len(key) + 1_000_000:
        # the same as np.unique, without its sort
        present = np.zeros(size, dtype=bool)
        present[key] = True
        uniq = np.flatnonzero(present).astype(np.int64)
        inv = (np.cumsum(present, dtype=np.int64) - 1)[key]
    else:
        uniq, inv = np.unique(key, return_inverse=True)
    return Cells(inverse=inv.astype(np.int64), group=uniq // n_strata, stratum=uniq % n_strata)


def domain_variance(
    group: IntArray,
    stratum: IntArray,
    z: FloatArray,
    n_groups: int,
    strata: Strata,
    lonely_psu: str = "fail",
    index: Cells | None = None,
) -> FloatArray:
    """Variance of each group's estimator from its PSU totals ``z``.

    ``group``, ``stratum`` and ``z`` are aligned arrays with one entry per (group, PSU)
    that has records of the group; PSUs of the design without records of a group are
    implicit zeros. ``index`` is :func:`cells` of ``group`` and ``stratum`` when already
    known.
    """
    if lonely_psu not in LONELY_PSU_OPTIONS:
        raise DesignError(f"lonely_psu must be one of {', '.join(LONELY_PSU_OPTIONS)}")
    n_h = strata.n_psu
    n_strata = len(n_h)
    lonely = n_h == 1
    if lonely.any() and lonely_psu == "fail":
        shown = ", ".join(repr(strata.labels[i]) for i in np.flatnonzero(lonely)[:5])
        raise DesignError(
            f"{int(lonely.sum())} stratum(s) have a single PSU: {shown}; choose "
            "lonely_psu='adjust', 'certainty' or 'remove' (as survey.lonely.psu in R)"
        )
    if index is None:
        index = cells(group, stratum, n_strata)
    inv, g_of, h_of = index.inverse, index.group, index.stratum
    n_cells = len(g_of)
    s1 = np.bincount(inv, weights=z, minlength=n_cells)
    s2 = np.bincount(inv, weights=z * z, minlength=n_cells)
    nh = n_h[h_of].astype(np.float64)
    f = strata.fpc_factor[h_of]
    multi = nh > 1
    contrib = np.zeros(n_cells, dtype=np.float64)
    contrib[multi] = (
        f[multi] * nh[multi] / (nh[multi] - 1.0) * (s2[multi] - s1[multi] ** 2 / nh[multi])
    )
    var = np.bincount(g_of, weights=contrib, minlength=n_groups)
    if lonely.any() and lonely_psu == "adjust":
        total = np.bincount(g_of, weights=s1, minlength=n_groups)
        zbar = total / strata.total_psu
        lone = ~multi
        # lonely strata with records of the group: (z - zbar)^2; the others: zbar^2
        dev = (s1[lone] - zbar[g_of[lone]]) ** 2 * f[lone]
        var += np.bincount(g_of[lone], weights=dev, minlength=n_groups)
        lonely_f = strata.fpc_factor[lonely]
        untouched_f = lonely_f.sum() - np.bincount(g_of[lone], weights=f[lone], minlength=n_groups)
        var += zbar**2 * untouched_f
    return np.maximum(var, 0.0)
