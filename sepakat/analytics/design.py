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

Strata with a single PSU (``lonely_psu``), each option named after the tool it reproduces:

* ``"fail"`` (default): error naming the strata (R ``survey.lonely.psu="fail"``).
* ``"remove"`` / ``"certainty"``: the stratum adds nothing to the variance (R; identical for
  designs with replacement, where later stages are not used).
* ``"adjust"`` (R survey 4.1, ``onestrat``): the single PSU total is not centred, so the
  stratum adds :math:`(1-f_h) z_{h1}^2`; in a domain a lonely stratum without records of the
  domain adds nothing (its total is zero).
* ``"average"`` (R): lonely strata add nothing and the sum over the other strata is scaled
  by :math:`H / H_{>1}`, the number of strata over the number with more than one PSU.
  Which strata count in a domain depends on the R function each measure reproduces: those
  holding records of the domain (``svyby`` on a subset: ``svymean``, ``svytotal``,
  ``svygini``, ``svyiqalpha``, ``svyqsr``...) or every stratum of the design (convey's
  ``svyfgt``, ``svywatts``, ``svysen``, ``svysst``, which keep the full design); see
  ``strata_counted``.
* ``"centered"`` (Stata ``singleunit(centered)``): the single PSU total is centred at the
  grand mean of all PSU totals of the design, :math:`\bar z = \sum_{h,i} z_{hi} / n`; in a
  domain every lonely stratum counts, with :math:`z_{h1}=0` where it has no record of the
  domain.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .errors import DesignError

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

LONELY_PSU_OPTIONS = ("fail", "remove", "certainty", "adjust", "average", "centered")
STRATA_COUNTED = ("domain", "design")


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
    strata_counted: str = "domain",
) -> FloatArray:
    """Variance of each group's estimator from its PSU totals ``z``.

    ``group``, ``stratum`` and ``z`` are aligned arrays with one entry per (group, PSU)
    that has records of the group; PSUs of the design without records of a group are
    implicit zeros. ``index`` is :func:`cells` of ``group`` and ``stratum`` when already
    known. ``strata_counted`` says which strata ``lonely_psu="average"`` counts for a group:
    ``"domain"`` those with records of the group, ``"design"`` all. A variance that the
    option leaves undefined is NaN.
    """
    if lonely_psu not in LONELY_PSU_OPTIONS:
        raise DesignError(f"lonely_psu must be one of {', '.join(LONELY_PSU_OPTIONS)}")
    if strata_counted not in STRATA_COUNTED:
        raise DesignError(f"strata_counted must be one of {', '.join(STRATA_COUNTED)}")
    n_h = strata.n_psu
    n_strata = len(n_h)
    lonely = n_h == 1
    if lonely.any() and lonely_psu == "fail":
        shown = ", ".join(repr(strata.labels[i]) for i in np.flatnonzero(lonely)[:5])
        raise DesignError(
            f"{int(lonely.sum())} stratum(s) have a single PSU: {shown}; choose "
            "lonely_psu='adjust', 'average', 'centered', 'certainty' or 'remove' "
            "(see the documentation of standard errors)"
        )
    if index is None:
        index = cells(group, stratum, n_strata)
    inv, g_of, h_of = index.inverse, index.group, index.stratum
    n_cells = len(g_of)
    s1 = _sum_by(inv, z, n_cells)
    s2 = _sum_by(inv, z * z, n_cells)
    nh = n_h[h_of].astype(np.float64)
    f = strata.fpc_factor[h_of]
    multi = nh > 1
    contrib = np.zeros(n_cells, dtype=np.float64)
    contrib[multi] = (
        f[multi] * nh[multi] / (nh[multi] - 1.0) * (s2[multi] - s1[multi] ** 2 / nh[multi])
    )
    var = _sum_by(g_of, contrib, n_groups)
    if lonely.any():
        lone = ~multi
        if lonely_psu == "adjust":
            var += _sum_by(g_of[lone], f[lone] * s1[lone] ** 2, n_groups)
        elif lonely_psu == "centered":
            var += _centered(s1, g_of, h_of, lone, f, strata, n_groups, strata_counted)
        elif lonely_psu == "average":
            with np.errstate(invalid="ignore"):  # 0 x NaN: a domain with nothing to average
                var = var * _average_factor(g_of, multi, strata, n_groups, strata_counted)
    return np.maximum(var, 0.0)


def _centered(
    s1: FloatArray,
    g_of: IntArray,
    h_of: IntArray,
    lone: npt.NDArray[np.bool_],
    f: FloatArray,
    strata: Strata,
    n_groups: int,
    strata_counted: str,
) -> FloatArray:
    """Each lonely PSU total deviates from the grand mean of the PSU totals. Counting the
    design's strata (Stata's ``singleunit(centered)``): the mean over every PSU of the
    design, and lonely strata without records of the group deviate by the mean itself.
    Counting the domain's (R survey 4.4 and later, ``adjust``): the mean over the PSUs of
    the strata holding records of the group, and the other strata add nothing."""
    total = _sum_by(g_of, s1, n_groups)
    if strata_counted == "domain":
        psus = _sum_by(g_of, strata.n_psu[h_of].astype(np.float64), n_groups)
        zbar = total / np.where(psus > 0, psus, 1.0)
        return _sum_by(g_of[lone], (s1[lone] - zbar[g_of[lone]]) ** 2 * f[lone], n_groups)
    zbar = total / strata.total_psu
    touched = _sum_by(g_of[lone], (s1[lone] - zbar[g_of[lone]]) ** 2 * f[lone], n_groups)
    lonely_f = float(strata.fpc_factor[strata.n_psu == 1].sum())
    untouched_f = lonely_f - _sum_by(g_of[lone], f[lone], n_groups)
    return touched + zbar**2 * untouched_f


def _average_factor(
    g_of: IntArray,
    multi: npt.NDArray[np.bool_],
    strata: Strata,
    n_groups: int,
    strata_counted: str,
) -> FloatArray:
    """R's ``average``: the strata counted over those with more than one PSU, per group.
    As in R, a domain with records only in lonely strata gets NaN when the domain's strata
    are counted (0/0) and 0 when the design's are (its other strata add nothing)."""
    if strata_counted == "design":
        n_ok = int((strata.n_psu > 1).sum())
        factor = len(strata.n_psu) / n_ok if n_ok else np.nan
        return np.full(n_groups, factor)
    present = _sum_by(g_of, np.ones(len(g_of)), n_groups)
    ok_present = _sum_by(g_of[multi], np.ones(int(multi.sum())), n_groups)
    with np.errstate(divide="ignore", invalid="ignore"):
        counted: FloatArray = present / ok_present
    return counted


def _sum_by(index: IntArray, weights: FloatArray, size: int) -> FloatArray:
    """Totals of ``weights`` per value of ``index`` (0 to ``size`` - 1)."""
    return np.bincount(index, weights=weights, minlength=size).astype(np.float64)
