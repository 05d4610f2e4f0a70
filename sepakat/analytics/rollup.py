"""Roll-up of an aggregation table to every level of a grouping, with design variances.

The engine returns one row per (finest group, stratum, PSU) with weighted totals; this
module (NumPy, no engine) codes that table once (:class:`FineIndex`), sums it to any coarser
level (:class:`Level`) and finishes each estimator's variance from the totals of its
linearised variable (:mod:`sepakat.analytics.design`). Shared by the poverty measures and
the priority scores.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import narwhals as nw
import numpy as np
import numpy.typing as npt

from . import design as design_mod
from .engine import collect_columns

if TYPE_CHECKING:
    import polars as pl

FloatArray = design_mod.FloatArray
IntArray = design_mod.IntArray
AnyArray = npt.NDArray[Any]
Coef = dict[str, FloatArray]


def dense(keys: IntArray, size: int) -> tuple[IntArray, IntArray]:
    """Sorted distinct values of non-negative integer ``keys`` below ``size`` and the
    position of each key among them (``np.unique`` without its sort when the range is
    small)."""
    if size <= 4 * len(keys) + 1_000_000:
        present = np.zeros(size, dtype=bool)
        present[keys] = True
        uniq = np.flatnonzero(present).astype(np.int64)
        position = np.cumsum(present, dtype=np.int64) - 1
        return uniq, position[keys]
    uniq, inverse = np.unique(keys, return_inverse=True)
    return uniq.astype(np.int64), inverse.astype(np.int64)


def codes(values: AnyArray) -> IntArray:
    """Dense codes in sorted order (the rank of each distinct value, from 0). Text (an
    object array) is ranked through a dict of its distinct values: sorting the few
    hundred distinct kab/kota codes is cheaper than sorting every row's text."""
    if values.dtype == object:
        items = values.tolist()
        rank = {value: i for i, value in enumerate(sorted(dict.fromkeys(items)))}
        return np.fromiter(map(rank.__getitem__, items), dtype=np.int64, count=len(items))
    if values.dtype.kind in "iu" and len(values):  # PSU numbers: no sort needed
        low = int(values.min())
        span = int(values.max()) - low + 1
        if span <= 4 * len(values) + 1_000_000:
            return dense(values.astype(np.int64) - low, span)[1]
    _, inverse = np.unique(values, return_inverse=True)
    return inverse.reshape(-1).astype(np.int64)


class FineIndex:
    """The aggregation table (one row per finest group and PSU) with integer codes: for
    each ``by`` column its dense rank, and with a design each row's PSU and stratum.
    Every level is rolled up from it in NumPy.

    ``table`` maps each column to a NumPy array (as :func:`~sepakat.analytics.engine.
    collect_columns` returns them), or is a Polars DataFrame, taken column by column."""

    def __init__(
        self, table: Mapping[str, AnyArray] | pl.DataFrame, keys: list[str], has_design: bool
    ) -> None:
        if not isinstance(table, Mapping):
            table = {name: table[name].to_numpy() for name in table.columns}
        self.table: Mapping[str, AnyArray] = table
        self.rows = len(table["_n"])
        self.codes: dict[str, tuple[IntArray, int]] = {}
        for c in keys:
            code = codes(table[c])
            self.codes[c] = (code, int(code.max()) + 1 if len(code) else 0)
        self._columns: dict[str, FloatArray] = {}
        if has_design:
            h = codes(table["_h"])
            p = codes(table["_p"])
            n_p = int(p.max()) + 1 if len(p) else 0
            psus, self.psu = dense(h * n_p + p, (int(h.max()) + 1 if len(h) else 0) * n_p)
            self.n_psu = len(psus)
            self.psu_stratum = psus // max(n_p, 1)
            self.stratum_rows = h

    def column(self, name: str) -> FloatArray:
        if name not in self._columns:
            self._columns[name] = np.asarray(self.table[name], dtype=np.float64)
        return self._columns[name]

    def summable(self, name: str) -> FloatArray:
        """:meth:`column` with missing values as 0, made once for every level."""
        key = f"\0{name}"
        if key not in self._columns:
            self._columns[key] = np.nan_to_num(self.column(name))
        return self._columns[key]

    def groups(self, keys: list[str]) -> tuple[IntArray, int, dict[str, AnyArray]]:
        """Each row's group at a level (groups in key order), the number of groups and the
        groups' key values."""
        if not keys:
            return np.zeros(self.rows, dtype=np.int64), 1, {}
        combined = np.zeros(self.rows, dtype=np.int64)
        size = 1
        for c in keys:
            code, n = self.codes[c]
            combined = combined * n + code
            size *= n
        uniq, gidx = dense(combined, size)
        first = np.full(len(uniq), self.rows, dtype=np.int64)
        np.minimum.at(first, gidx, np.arange(self.rows, dtype=np.int64))
        return gidx, len(uniq), {k: self.table[k][first] for k in keys}

    def cells(self, gidx: IntArray, n_groups: int) -> tuple[IntArray, IntArray, IntArray]:
        """The (group, PSU) cells of a level: each row's cell, each cell's group and PSU.
        When every PSU lies in one group (PSUs nested in the groups, as census blocks in
        kab/kota) the cells are the PSUs themselves."""
        group_of_psu = np.zeros(self.n_psu, dtype=np.int64)
        group_of_psu[self.psu] = gidx
        if np.array_equal(group_of_psu[self.psu], gidx):
            return self.psu, group_of_psu, np.arange(self.n_psu, dtype=np.int64)
        cells, cell_of_row = dense(gidx * self.n_psu + self.psu, n_groups * self.n_psu)
        return cell_of_row, cells // self.n_psu, cells % self.n_psu


def design_strata(index: FineIndex, has_fpc: bool, base: nw.LazyFrame[Any]) -> design_mod.Strata:
    """The design's strata (labels in sorted order) and PSUs per stratum."""
    first = np.full(int(index.stratum_rows.max()) + 1, index.rows, dtype=np.int64)
    np.minimum.at(first, index.stratum_rows, np.arange(index.rows, dtype=np.int64))
    values = index.table["_h"][first].tolist()
    labels = [str(h) for h in values]
    counts = np.bincount(index.psu_stratum, minlength=len(labels)).astype(np.int64)
    fpc = None
    if has_fpc:
        f = collect_columns(base.group_by("_h").agg(nw.col("_fpc").max()))
        of_stratum = dict(zip(f["_h"].tolist(), f["_fpc"].tolist(), strict=True))
        fpc = np.array([of_stratum.get(h, np.nan) for h in values], dtype=np.float64)
    return design_mod.make_strata(labels, counts, fpc)


class Level:
    """One level of a grouping (e.g. kab/kota, or the whole population) over a
    :class:`FineIndex`: its groups, totals of any aggregated column per group, and the
    design variance of an estimator given the coefficients of its linearised variable on
    the aggregated columns (``z = sum_j c_j[group] * column_j``)."""

    def __init__(
        self,
        fine: FineIndex,
        keys: list[str],
        strata: design_mod.Strata | None,
        lonely_psu: str,
        source: Any = None,
    ) -> None:
        self.fine = fine
        self.gidx, n_groups, self.groups = fine.groups(keys)
        self.n_groups = max(n_groups, 1)
        self.strata = strata
        self.lonely_psu = lonely_psu
        # maps a column's generic name to its name in the table (level-specific suffixes)
        self.source = source or (lambda name: name)
        if strata is not None:
            # (group, PSU) cells: a PSU can hold several finest groups of one coarser group
            self.cell_of_row, self.cell_group, cell_psu = fine.cells(self.gidx, self.n_groups)
            self.cell_stratum = fine.psu_stratum[cell_psu]
            self.index = design_mod.cells(self.cell_group, self.cell_stratum, len(strata.labels))

    @property
    def has_design(self) -> bool:
        return self.strata is not None

    def total(self, col: str, kind: str = "sum") -> FloatArray:
        """Each group's total (or minimum / maximum) of an aggregated column."""
        if kind == "sum":
            summed: FloatArray = np.bincount(
                self.gidx, weights=self.fine.summable(self.source(col)), minlength=self.n_groups
            ).astype(np.float64)
            return summed
        values = self.fine.column(self.source(col))
        fill = np.inf if kind == "min" else -np.inf
        out = np.full(self.n_groups, fill)
        vals = np.where(np.isnan(values), fill, values)
        (np.minimum if kind == "min" else np.maximum).at(out, self.gidx, vals)
        return np.where(np.isinf(out), np.nan, out)

    def variance(self, coef: Coef, strata_counted: str = "domain") -> FloatArray | None:
        """Variance per group of the estimator linearised as ``coef``; ``None`` without a
        design. ``strata_counted``: see :func:`sepakat.analytics.design.domain_variance`."""
        if self.strata is None:
            return None
        z = np.zeros(self.fine.rows, dtype=np.float64)
        for col, c in coef.items():
            z += self.fine.column(self.source(col)) * c[self.gidx]
        z_cell = np.bincount(self.cell_of_row, weights=z, minlength=len(self.cell_group))
        return design_mod.domain_variance(
            self.cell_group,
            self.cell_stratum,
            z_cell.astype(np.float64),
            self.n_groups,
            self.strata,
            self.lonely_psu,
            self.index,
            strata_counted,
        )

    def at_rows(self, per_group: FloatArray) -> FloatArray:
        """A per-group array spread to the aggregated rows (a scalar for a single group)."""
        if self.n_groups == 1:
            return per_group[0]  # type: ignore[no-any-return]
        return per_group[self.gidx]

    def variances(self, coefs: list[Coef], strata_counted: str = "domain") -> FloatArray | None:
        """:meth:`variance` of several estimators at once, shape (estimators, groups): each
        estimator's groups become groups of their own in one pass over the cells."""
        if self.strata is None:
            return None
        zs = []
        for coef in coefs:
            z = np.zeros(self.fine.rows, dtype=np.float64)
            for col, c in coef.items():
                z += self.fine.column(self.source(col)) * c[self.gidx]
            zs.append(z)
        return self.variances_of(zs, strata_counted)

    def variances_of(
        self, zs: list[FloatArray], strata_counted: str = "domain"
    ) -> FloatArray | None:
        """:meth:`variances` from the linearised variables themselves, one value per
        aggregated row each (for estimators whose variables are cheaper to build whole)."""
        if self.strata is None:
            return None
        k = len(zs)
        n_cells = len(self.cell_group)
        z_cells = np.empty(k * n_cells, dtype=np.float64)
        # PSUs nested in the groups (census blocks in kab/kota): each aggregated row is a
        # cell of its own, and placing it is cheaper than summing
        one_to_one = n_cells == self.fine.rows
        for j, z in enumerate(zs):
            target = z_cells[j * n_cells : (j + 1) * n_cells]
            if one_to_one:
                target[self.cell_of_row] = z
            else:
                target[:] = np.bincount(self.cell_of_row, weights=z, minlength=n_cells)
        offsets = np.arange(k, dtype=np.int64)
        index = design_mod.Cells(
            inverse=(
                self.index.inverse[None, :] + (offsets * len(self.index.group))[:, None]
            ).ravel(),
            group=(self.index.group[None, :] + (offsets * self.n_groups)[:, None]).ravel(),
            stratum=np.tile(self.index.stratum, k),
        )
        group = (self.cell_group[None, :] + (offsets * self.n_groups)[:, None]).ravel()
        var = design_mod.domain_variance(
            group,
            np.tile(self.cell_stratum, k),
            z_cells,
            k * self.n_groups,
            self.strata,
            self.lonely_psu,
            index,
            strata_counted,
        )
        return var.reshape(k, self.n_groups)
