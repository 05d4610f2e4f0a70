"""Reading the input into the columns the query uses, and refusing bad values.

:func:`prepare` projects the caller's table onto a few fixed columns (``_y`` welfare, ``_w``
person weight, ``_wraw`` weight, ``_size``, ``_z`` poverty line, ``_h`` stratum, ``_p`` PSU,
``_fpc``, the ``by`` columns); :class:`Validation` counts bad values in the main query and,
only when one is found, looks up the first offending records to name them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import narwhals as nw

from .. import sources
from ..errors import InputError
from ..measures import LOG_KINDS
from .plan import Plan

if TYPE_CHECKING:
    import polars as pl

NONFINITE = "has NaN or infinite values"


def check_numeric_types(
    data: object, lf: nw.LazyFrame[Any], numeric: Sequence[str], engine: str, spark: Any
) -> None:
    schema = lf.collect_schema()
    for col in numeric:
        dtype = schema[col]
        if dtype.is_numeric():
            continue
        if dtype == nw.String and engine == "spark":
            continue  # Spark reads CSV as text; bad values are found in validation
        not_numbers, not_finite, count = _unparsable_rows(data, col, engine, spark)
        if count and not not_numbers:
            # every value is a number, but some are spelt NaN or inf (which the reader
            # did not take for numbers): say so, as for a number column
            raise InputError(
                f"column {col!r} {NONFINITE}: {count} record(s)", column=col, rows=not_finite
            )
        raise InputError(
            f"column {col!r} is not numeric (type {dtype}); fix the values or choose "
            "another column",
            column=col,
            rows=not_numbers or not_finite,
        )


def _unparsable_rows(
    data: object, col: str, engine: str, spark: Any
) -> tuple[list[object], list[object], int]:
    """First rows whose text is not a number, first rows whose text is a non-finite
    number (``NaN``, ``inf``...), and how many of the latter."""
    if engine == "spark":
        return [], [], 0
    import polars as pl

    lf = sources.load(data, engine=engine, columns=[col], row_index=True, spark=spark)
    frame = pl.from_arrow(lf.select(col, sources.ROW_ID).collect("pyarrow").to_native())
    assert isinstance(frame, pl.DataFrame)
    text = frame[col].cast(pl.Utf8)
    number = text.str.strip_chars().cast(pl.Float64, strict=False)
    bad = frame.filter(text.is_not_null() & number.is_null())
    odd = frame.filter(number.is_not_null() & ~number.is_finite())
    return (
        bad[sources.ROW_ID].head(5).to_list(),
        odd[sources.ROW_ID].head(5).to_list(),
        odd.height,
    )


def prepare(
    lf: nw.LazyFrame[Any],
    welfare: str,
    weight: str,
    size: str | None,
    line: float | None,
    line_col: str | None,
    strata: str | None,
    psu: str | None,
    fpc: str | None,
    by: Sequence[str],
    keep_row_id: bool = False,
    line_scale: float | Mapping[tuple[str, ...], float] = 1.0,
) -> nw.LazyFrame[Any]:
    f64 = nw.Float64
    w = nw.col(weight).cast(f64)
    exprs: list[nw.Expr] = [nw.col(welfare).cast(f64).alias("_y")]
    if size is not None:
        exprs.append((w * nw.col(size).cast(f64)).alias("_w"))
        exprs.append(nw.col(size).cast(f64).alias("_size"))
    else:
        exprs.append(w.alias("_w"))
    exprs.append(w.alias("_wraw"))
    scale: nw.Expr | float
    if isinstance(line_scale, Mapping):
        scale = _group_scale(by, line_scale)
    else:
        scale = float(line_scale)
    if line_col is not None:
        zcol = nw.col(line_col).cast(f64)
        exprs.append((zcol * scale if not _is_one(scale) else zcol).alias("_z"))
    elif line is not None:
        if isinstance(scale, float):
            exprs.append(nw.lit(float(line) * scale, f64).alias("_z"))
        else:
            exprs.append((nw.lit(float(line), f64) * scale).alias("_z"))
    if strata is not None:
        exprs.append(nw.col(strata).alias("_h"))
    elif psu is not None:
        exprs.append(nw.lit("1").alias("_h"))
    if psu is not None:
        exprs.append(nw.col(psu).alias("_p"))
    elif strata is not None:
        exprs.append(nw.col(sources.ROW_ID).alias("_p"))
    if fpc is not None:
        exprs.append(nw.col(fpc).cast(f64).alias("_fpc"))
    exprs.extend(nw.col(c) for c in by)
    if keep_row_id:
        exprs.append(nw.col(sources.ROW_ID))
    return lf.select(*exprs)


def _is_one(scale: nw.Expr | float) -> bool:
    return isinstance(scale, float) and scale == 1.0


_KEY_SEP = "\x1f"


def _group_scale(by: Sequence[str], scales: Mapping[tuple[str, ...], float]) -> nw.Expr:
    """A factor per group of ``by`` (1 elsewhere), looked up on a composite text key."""
    if not by:
        raise InputError("a line scale by group needs by columns")
    for key in scales:
        if len(key) != len(by):
            raise InputError(f"line scale key {key!r} does not match by={list(by)!r}")
    key_expr = (
        nw.col(by[0])
        if len(by) == 1
        else nw.concat_str([nw.col(c) for c in by], separator=_KEY_SEP)
    )
    mapping = {_KEY_SEP.join(str(v) for v in k): float(v) for k, v in scales.items()}
    if not mapping:
        return nw.lit(1.0, nw.Float64)
    return key_expr.replace_strict(mapping, default=nw.lit(1.0), return_dtype=nw.Float64)


@dataclass
class Validation:
    """Counts of bad values, computed in the main aggregation (one pass over the data) or,
    on Spark, whose ANSI mode stops on a division by zero, in a query of their own."""

    checks: dict[str, tuple[nw.Expr, str, str]]
    with_rows: Callable[[], nw.LazyFrame[Any]]
    screen: nw.Expr | None = None
    """True for every record that some check refuses (see :func:`screen`); without it,
    the checks themselves."""

    def any_bad(self) -> dict[str, tuple[nw.Expr, str]]:
        """One indicator column: is anything wrong with this record?"""
        bad = self.screen
        if bad is None:
            for expr, _, _ in self.checks.values():
                bad = expr if bad is None else bad | expr
        assert bad is not None
        return {"_chk_any": (nw.when(bad).then(nw.lit(1.0)).otherwise(nw.lit(0.0)), "sum")}

    def run(self, prep: nw.LazyFrame[Any]) -> None:
        agg = prep.select(
            *(
                nw.when(expr).then(nw.lit(1.0)).otherwise(nw.lit(0.0)).sum().alias(key)
                for key, (expr, _, _) in self.checks.items()
            )
        )
        self.raise_if(agg.collect("polars").to_native())

    def check(self, table: Mapping[str, Any], prep: nw.LazyFrame[Any]) -> None:
        """After the main query: only if a record was bad, find out which check failed."""
        if table["_chk_any"].sum():
            self.run(prep)

    def raise_if(self, table: pl.DataFrame) -> None:
        for key, (expr, label, message) in self.checks.items():
            count = int(table[key].sum())
            if not count:
                continue
            found = (
                self.with_rows()
                .filter(expr)
                .select(sources.ROW_ID)
                .sort(sources.ROW_ID)
                .head(5)
                .collect("polars")
                .to_native()
            )
            raise InputError(
                f"column {label!r} {message}: {count} record(s)",
                column=label,
                rows=found[sources.ROW_ID].to_list(),
            )


def checks(
    prep: nw.LazyFrame[Any], plan: Plan, names: dict[str, str]
) -> dict[str, tuple[nw.Expr, str, str]]:
    """Every kind of bad value; only when one is found are the first offending rows
    looked up (by one-based record number).

    Missing values are checked in every column the request reads (the weight itself, not
    the person weight, so that a missing household size is blamed on the size); NaN and
    infinities in every number column: welfare, weight, size, line, fpc, and strata and
    PSU when their type is a number (a text label such as ``"NaN"`` is a label). pandas
    holds a missing number as NaN, so there NaN is reported as missing."""
    schema = prep.collect_schema()
    cols = [c for c in schema.names() if c != sources.ROW_ID]
    checks: dict[str, tuple[nw.Expr, str, str]] = {}
    for c in cols:
        if c == "_w" or (c == "_z" and not names["_z"]):
            continue  # derived from other columns (or the line given as a number)
        label = names.get(c) or c
        checks[f"null_{c}"] = (
            nw.col(c).is_null(),
            label,
            "has missing or non-numeric values",
        )
        if schema[c].is_float():
            checks[f"nonfinite_{c}"] = (~nw.col(c).is_finite(), label, NONFINITE)
    checks["neg_w"] = (nw.col("_wraw") < 0, names["_w"], "has negative weights")
    if "_size" in cols:
        checks["neg_size"] = (nw.col("_size") < 0, names["_size"], "has negative sizes")
    if "_z" in cols and names["_z"]:
        checks["bad_z"] = (nw.col("_z") <= 0, names["_z"], "has poverty lines <= 0")
    if plan.nonpositive == "error" and plan.kinds & LOG_KINDS:
        wanted = sorted(plan.kinds & LOG_KINDS)
        checks["nonpos_y"] = (
            (nw.col("_y") <= 0) & (nw.col("_w") > 0),
            names["_y"],
            f"has zero or negative welfare, which {', '.join(wanted)} cannot use; pass "
            "nonpositive='zero' (PIP: kept with a zero term) or 'drop'",
        )
    return checks


def screen(
    prep: nw.LazyFrame[Any], checks: dict[str, tuple[nw.Expr, str, str]], names: dict[str, str]
) -> nw.Expr:
    """One cheap test, in the main query, that is true for every record a check refuses.

    NaN, infinities and missing values propagate through arithmetic, so the missing and
    non-finite checks of the number columns fold into one test of their sum (the person
    weight carries the weight and the size); the other checks are kept as they are. A sum
    that overflows (values near 1e308) flags a good record: the checks then run, find
    nothing and the computation goes on."""
    schema = prep.collect_schema()
    summed = [
        c
        for c in schema.names()
        if schema[c].is_float()
        and c not in ("_wraw", "_size")
        and not (c == "_z" and not names["_z"])
        and c != sources.ROW_ID
    ]
    covered = {f"{kind}_{c}" for c in [*summed, "_wraw", "_size"] for kind in ("null", "nonfinite")}
    total = nw.col(summed[0])
    for c in summed[1:]:
        total = total + nw.col(c)  # missing if any term is (sum_horizontal would skip it)
    bad = total.is_null() | ~total.is_finite()
    for key, (expr, _, _) in checks.items():
        if key not in covered:
            bad = bad | expr
    return bad
