"""The result of a computation: one row per group and measure, as NumPy columns.

:class:`MeasureTable` is what ``sepakat poverty`` writes (without loading Polars) and
what :func:`sepakat.analytics.poverty_measures` turns into a Polars DataFrame.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from ..design import FloatArray

if TYPE_CHECKING:  # Polars is loaded only to build a Polars result (not by the command)
    import polars as pl

AnyArray = npt.NDArray[Any]
RESULT_COLUMNS = (
    "measure",
    "estimate",
    "se",
    "ci_low",
    "ci_high",
    "cv",
    "n",
    "population",
    "cv_flag",
)


def rows(
    groups: dict[str, AnyArray],
    keys: list[str],
    names: list[str],
    estimates: list[FloatArray],
    variances: list[FloatArray | None],
    records: FloatArray,
    population: FloatArray,
    z_crit: float,
    cv_threshold: float,
) -> dict[str, AnyArray]:
    """One row per group and measure (groups in order, measures in request order)."""
    n_groups, n_measures = len(records), len(names)
    est = np.column_stack(estimates).ravel()
    nan = np.full(n_groups, np.nan)
    se = np.sqrt(np.column_stack([nan if v is None else v for v in variances]).ravel())
    with np.errstate(divide="ignore", invalid="ignore"):
        cv = np.where(est != 0, se / np.abs(est), np.nan)
    take = np.repeat(np.arange(n_groups), n_measures)
    data: dict[str, AnyArray] = {k: groups[k][take] for k in keys}
    data["measure"] = np.array(names, dtype=object)[np.tile(np.arange(n_measures), n_groups)]
    data["estimate"] = est
    data["se"] = se
    data["ci_low"] = est - z_crit * se
    data["ci_high"] = est + z_crit * se
    data["cv"] = cv
    data["n"] = np.repeat(records.astype(np.int64), n_measures)
    data["population"] = np.repeat(population, n_measures)
    data["cv_flag"] = cv > cv_threshold
    return data


_NULL_WHERE_NAN = frozenset({"estimate", "se", "ci_low", "ci_high", "cv"})


@dataclass(frozen=True)
class MeasureTable:
    """The rows of :func:`poverty_measures` as one NumPy array per column, in the order of
    ``columns``: group keys and ``measure`` as objects (text; ``None`` where a level leaves
    a key out), ``n`` as integers, the rest as floats, ``cv_flag`` as booleans. The
    estimate, SE, interval and CV are missing where NaN, ``cv_flag`` where the CV is."""

    columns: list[str]
    values: dict[str, AnyArray]

    @classmethod
    def concat(cls, pieces: Sequence[Mapping[str, AnyArray]], columns: list[str]) -> MeasureTable:
        """Stack the rows of several levels; a key a level has not is ``None`` there."""
        values = {
            name: np.concatenate(
                [
                    piece[name] if name in piece else np.full(len(piece["measure"]), None, object)
                    for piece in pieces
                ]
            )
            for name in columns
        }
        return cls(list(columns), values)

    def _missing(self, name: str) -> npt.NDArray[np.bool_] | None:
        if name in _NULL_WHERE_NAN:
            return np.isnan(self.values[name])
        if name == "cv_flag":
            return np.isnan(self.values["cv"])
        return None

    def column(self, name: str) -> list[Any]:
        """One column as Python values, ``None`` where missing."""
        values: list[Any] = self.values[name].tolist()
        missing = self._missing(name)
        if missing is None:
            return values
        return [None if m else v for v, m in zip(values, missing.tolist(), strict=True)]

    def to_dicts(self) -> list[dict[str, Any]]:
        """One dict per row, with Python values and ``None`` where missing."""
        cells = [self.column(name) for name in self.columns]
        return [dict(zip(self.columns, row, strict=True)) for row in zip(*cells, strict=True)]

    def to_polars(self) -> pl.DataFrame:
        """The table as a Polars DataFrame (text keys, nulls where missing)."""
        import polars as pl

        series = []
        for name in self.columns:
            values = self.values[name]
            if values.dtype == object:
                series.append(pl.Series(name, values.tolist(), dtype=pl.Utf8))
            elif name in _NULL_WHERE_NAN:
                series.append(pl.Series(name, values, nan_to_null=True))
            else:
                column = pl.Series(name, values)
                missing = self._missing(name)
                if missing is not None and missing.any():
                    column = column.set(pl.Series(missing), None)
                series.append(column)
        return pl.DataFrame(series)
