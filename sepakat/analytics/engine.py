"""Engine-specific fast paths behind a Narwhals interface.

Running sums (``cum_sum().over(partition, order_by=...)``) are the one operation whose
generic Narwhals translation costs noticeably on DuckDB: it wraps each window in a
``CASE WHEN value IS NOT NULL`` and one common table expression per column. On a DuckDB
relation they are written here as one projection of plain window functions
(``ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW``, the same frame as Narwhals'
``cum_sum``); over the whole population (no partition) as one sort followed by sums in that
order, which DuckDB streams (it keeps the order of a sorted relation through a projection
and a window without ``ORDER BY``) at about half the cost of a window that sorts and builds
a segment tree for every sum. Every other engine uses Narwhals. The results are identical
(the suite checks every engine against DuckDB, and DuckDB against Polars on a file read by
several threads); missing values are found by the validation pass either way.

Small results (one row per group and PSU) come back as NumPy columns: on DuckDB straight
from the query (``fetchnumpy``), so the command line loads neither PyArrow nor Polars.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import narwhals as nw
import numpy as np

ALL = "__sepakat_all"
"""A constant column that stands for 'no partition' (the whole population)."""


@dataclass(frozen=True)
class RunningSum:
    """``alias`` = running sum of column ``value`` within ``partition``, in ``order`` order
    (ascending, ties in the engine's order; the current record included)."""

    alias: str
    value: str
    partition: Sequence[str]
    order: str


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _is_duckdb(native: Any) -> bool:
    return type(native).__module__.split(".")[0] in ("duckdb", "_duckdb") and hasattr(
        native, "project"
    )


def running_sums(frame: nw.LazyFrame[Any], sums: Sequence[RunningSum]) -> nw.LazyFrame[Any]:
    """Add the running sums to ``frame``; value columns that are not in the frame yet
    (``_wy`` = ``_w * _y``) are added first."""
    if not sums:
        return frame
    names = frame.collect_schema().names()
    missing = sorted({s.value for s in sums if s.value not in names})
    if missing:
        frame = frame.with_columns(*(_derived(v) for v in missing))
    native = frame.to_native()
    if not _is_duckdb(native):
        return frame.with_columns(
            *(
                nw.col(s.value).cum_sum().over(*s.partition, order_by=s.order).alias(s.alias)
                for s in sums
            )
        )
    frame_clause = "ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW"
    columns = []
    whole: dict[str, list[RunningSum]] = {}
    for s in sums:
        part = [c for c in s.partition if c != ALL]
        if not part:
            whole.setdefault(s.order, []).append(s)
            continue
        columns.append(
            f"sum({_quote(s.value)}) OVER (PARTITION BY {', '.join(_quote(c) for c in part)} "
            f"ORDER BY {_quote(s.order)} ASC NULLS FIRST {frame_clause}) AS {_quote(s.alias)}"
        )
    if columns:
        native = native.project("*, " + ", ".join(columns))
    # Over the whole population: sort once, then sum in that order (see the module notes).
    for order, group in whole.items():
        native = native.order(f"{_quote(order)} ASC NULLS FIRST").project(
            "*, "
            + ", ".join(
                f"sum({_quote(s.value)}) OVER ({frame_clause}) AS {_quote(s.alias)}" for s in group
            )
        )
    out: nw.LazyFrame[Any] = nw.from_native(native).lazy()
    return out


def _derived(name: str) -> nw.Expr:
    if name == "_wy":
        return (nw.col("_w") * nw.col("_y")).alias("_wy")
    raise ValueError(name)  # pragma: no cover - programming error


def collect_columns(frame: nw.LazyFrame[Any]) -> dict[str, np.ndarray[Any, Any]]:
    """Run ``frame`` and return its columns as NumPy arrays: numbers as ``float64`` or
    ``int64`` (missing numbers as NaN), everything else as objects (missing as ``None``)."""
    native = frame.to_native()
    if _is_duckdb(native):
        raw: dict[str, Any] = native.fetchnumpy()
    else:
        eager = frame.collect()
        raw = {name: eager.get_column(name).to_numpy() for name in eager.columns}
    return {name: _unmask(values) for name, values in raw.items()}


def _unmask(values: Any) -> np.ndarray[Any, Any]:
    mask = getattr(values, "mask", None)
    if mask is None or not np.any(mask):
        return np.asarray(values)
    missing = np.asarray(mask, dtype=bool)
    out = np.array(values.data, dtype=np.float64 if values.dtype.kind in "fiu" else object)
    out[missing] = np.nan if out.dtype.kind == "f" else None
    return out
