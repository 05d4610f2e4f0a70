r"""Poverty and inequality measures from microdata, with design-based standard errors.

One call computes every requested measure for every group of every level (for example
kab/kota, province and the nation: ``by=("province", "kabkota")`` with the default
``grouping="rollup"``) in as few passes over the data as the measures allow:

* additive measures (FGT, number of poor, Watts, mean, GE, Theil, MLD, Atkinson) take one
  aggregation of record-level totals per (finest group, stratum, PSU); coarser levels are
  rolled up from it;
* sort-based measures (Gini, quantiles, QSR, Palma, Sen, SST) take one windowed pass per
  level (a running sum of weights and of weighted welfare within each group, in welfare
  order).

Everything heavy runs in the engine through Narwhals; only tables with one row per
(group, stratum, PSU) come back to Python, where :mod:`sepakat.analytics.design` finishes
the variances.

Sort-based measures
-------------------
With records sorted by welfare inside a group, :math:`r_k = \sum_{j \le k} w_j`,
:math:`G_k = \sum_{j\le k} w_j y_j`:

* Gini, ``gini="convey"`` (default; Osier 2009, R convey ``svygini``):
  :math:`\frac{\sum_k w_k y_k (2 r_k - 1)}{N Y} - 1`.
* Gini, ``gini="laeken"`` (laeken ``gini``, Eurostat, World Bank PIP
  ``md_compute_gini``): :math:`\frac{\sum_k w_k y_k (2 r_k - w_k)}{N Y} - 1`. Both are
  invariant to the order of ties. They differ by :math:`O(1/n)`; convey's is the default
  because its standard error is the published one. The standard error of either uses
  convey's linearised variable

  .. math:: u_k = \frac{2(Y - G_k + y_k w_k + r_k y_k) - y_k}{NY} - (\hat G + 1)
            \left(\frac{y_k}{Y} + \frac1N\right).

* Weighted quantile :math:`q_p` (laeken ``weightedQuantile``): the smallest :math:`y_k` with
  :math:`r_k/N \ge p`; when :math:`r_k/N = p` exactly, the mean of it and the next value.
  ``median`` is :math:`q_{0.5}`, ``q<p>`` any other.
* ``qsr`` (laeken): :math:`\sum_{y_k > q_{0.8}} w_k y_k / \sum_{y_k \le q_{0.2}} w_k y_k`.
* Lorenz ordinate :math:`L(p)`: share of :math:`Y` held by the poorest :math:`pN` persons,
  splitting the record that straddles :math:`pN`. ``palma`` :math:`=(1-L(0.9))/L(0.4)`.
* ``sen`` :math:`= P_0\,[I + (1-I) G_p]`, :math:`I = P_1/P_0`, :math:`G_p` the Gini (the
  chosen formula) of :math:`y/z` among the poor (Sen 1976 in its replication-invariant form).
* ``sst`` :math:`= P_1 (1 + G^g)`, :math:`G^g` the Gini of the poverty gap ratios
  :math:`\max(0, 1 - y/z)` over the whole population (Shorrocks 1995).

Standard errors (with ``strata``/``psu``) for every measure, by linearisation as R convey:

* Gini: the variable above. With a design the engine totals :math:`\sum w(r y - G)` per PSU
  and the estimate follows from it: :math:`2\sum w r y = \sum w (r y - G) + NY +
  \sum w^2 y`, so no separate :math:`\sum w r y` is needed.
* quantiles (``svyiqalpha``): :math:`u_k = -(1[y_k \le \hat q_p] - p)/(N \hat f(\hat q_p))`,
  :math:`\hat f` a Gaussian-kernel density with convey's bandwidth
  :math:`h = s/N^{1/5}` (``h_fun``, ``densfun``);
* QSR (``svyqsr``) and Palma: the delta method on :math:`(Y - S(p_2))/S(p_1)` with the
  tail totals linearised as ``svyisq``:
  :math:`u^{S(p)}_k = y_k 1[y_k \le \hat q_p] - m_p (1[y_k \le \hat q_p] - p)`,
  :math:`m_p` the kernel-weighted mean of welfare at :math:`\hat q_p`;
* Sen (``svysen``): :math:`G_p u^{P_0} + (1 - G_p) u^{P_1} + (P_0 - P_1) u^{G_p}`;
* SST (``svysst``): :math:`(1 + G^g) u^{P_1} + P_1 u^{G^g}`.

Confidence intervals are normal, estimate :math:`\pm z` SE, for every measure.
"""

from __future__ import annotations

import itertools
import math
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import narwhals as nw
import numpy as np
import numpy.typing as npt

from . import design as design_mod
from . import sources
from .engine import ALL, RunningSum, collect_columns, running_sums
from .errors import InputError
from .measures import (
    ADDITIVE_KINDS,
    LOG_KINDS,
    POVERTY_KINDS,
    SORTED_KINDS,
    Measure,
    additive_variables,
    fmt_param,
    normal_quantile,
    parse_measures,
)
from .rollup import FineIndex, Level, design_strata

if TYPE_CHECKING:  # Polars is loaded only to build a Polars result (not by the command)
    import polars as pl

DEFAULT_MEASURES = ("fgt0", "fgt1", "fgt2", "poor_count", "watts", "gini", "mean")
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
_ALL = ALL
# Measures whose R reference (convey's svyfgt, svywatts, svysen, svysst) computes a
# domain's variance on the full design, so that lonely_psu="average" counts every stratum;
# the others follow svyby on a subset and count the strata holding records of the domain.
FULL_DESIGN_KINDS = {"fgt", "watts", "sen", "sst"}
FloatArray = design_mod.FloatArray
IntArray = design_mod.IntArray
AnyArray = npt.NDArray[Any]


@dataclass
class _Request:
    measures: list[Measure]
    keys: list[str]
    levels: list[tuple[str, ...]]
    has_design: bool
    poor_if: str
    gini: str
    nonpositive: str
    additive_vars: list[str] = field(default_factory=list)
    quantiles: list[float] = field(default_factory=list)
    lorenz: list[float] = field(default_factory=list)
    lin_quantiles: list[float] = field(default_factory=list)

    @property
    def kinds(self) -> set[str]:
        return {m.kind for m in self.measures}

    @property
    def needs_sort(self) -> bool:
        return bool(self.kinds & SORTED_KINDS)


def grouping_levels(
    by: Sequence[str], grouping: str | Sequence[Sequence[str]]
) -> list[tuple[str, ...]]:
    """Levels to report: ``"rollup"`` (default; ``by`` from coarsest to finest: every prefix
    and the whole population), ``"cube"`` (every subset), ``"none"`` (only the full ``by``
    groups) or an explicit list of column tuples."""
    by = list(by)
    if isinstance(grouping, str):
        if grouping == "rollup":
            return [tuple(by[:i]) for i in range(len(by), -1, -1)]
        if grouping == "cube":
            out: list[tuple[str, ...]] = []
            for size in range(len(by), -1, -1):
                out.extend(itertools.combinations(by, size))
            return out
        if grouping == "none":
            return [tuple(by)]
        raise InputError("grouping must be 'rollup', 'cube', 'none' or a list of column tuples")
    levels = [tuple(level) for level in grouping]
    for level in levels:
        for col in level:
            if col not in by:
                raise InputError(f"grouping level {level} uses {col!r}, which is not in by")
    return levels


def poverty_measures(
    data: object,
    *,
    welfare: str,
    weight: str,
    size: str | None = None,
    strata: str | None = None,
    psu: str | None = None,
    fpc: str | None = None,
    line: float | None = None,
    line_col: str | None = None,
    by: Sequence[str] = (),
    grouping: str | Sequence[Sequence[str]] = "rollup",
    measures: Iterable[str] = DEFAULT_MEASURES,
    gini: str = "convey",
    poor_if: str = "lt",
    nonpositive: str = "error",
    lonely_psu: str = "fail",
    level: float = 0.95,
    cv_threshold: float = 0.25,
    engine: str | None = None,
    spark: Any = None,
    line_scale: float | Mapping[tuple[str, ...], float] = 1.0,
) -> pl.DataFrame:
    """Poverty and inequality measures for every group, in long format.

    ``data`` is a DuckDB relation, a Polars/pandas/PyArrow/Spark frame, or a path to a
    CSV, Parquet, ``.dta``, ``.sav`` or ``.xlsx`` file. Person weights are
    ``weight * size`` (``size`` omitted: ``weight`` is already a person weight).

    Returns a Polars DataFrame with the ``by`` columns (text; empty where a level leaves
    them out, so the whole population has all of them empty), then ``measure``,
    ``estimate``, ``se`` (empty without ``strata``/``psu``), ``ci_low``, ``ci_high``
    (normal ``level`` interval), ``cv`` (``se/|estimate|``), ``n`` (records),
    ``population`` (sum of person weights) and ``cv_flag`` (``True`` where the CV exceeds
    ``cv_threshold``; BPS warns above 25 %). ``line_scale`` multiplies the poverty line:
    a number, or a mapping from a group (the tuple of its ``by`` values, as text) to its
    factor, 1 for groups not in it (used by the growth/redistribution decomposition).

    >>> import polars as pl
    >>> df = pl.DataFrame({"y": [100.0, 110.0, 150.0, 160.0], "w": [1.0] * 4})
    >>> res = poverty_measures(df, welfare="y", weight="w", line=125, measures=["fgt0", "fgt1"])
    >>> res.select("measure", "estimate").rows()
    [('fgt0', 0.5), ('fgt1', 0.08)]
    """
    return poverty_table(
        data,
        welfare=welfare,
        weight=weight,
        size=size,
        strata=strata,
        psu=psu,
        fpc=fpc,
        line=line,
        line_col=line_col,
        by=by,
        grouping=grouping,
        measures=measures,
        gini=gini,
        poor_if=poor_if,
        nonpositive=nonpositive,
        lonely_psu=lonely_psu,
        level=level,
        cv_threshold=cv_threshold,
        engine=engine,
        spark=spark,
        line_scale=line_scale,
    ).to_polars()


def poverty_table(
    data: object,
    *,
    welfare: str,
    weight: str,
    size: str | None = None,
    strata: str | None = None,
    psu: str | None = None,
    fpc: str | None = None,
    line: float | None = None,
    line_col: str | None = None,
    by: Sequence[str] = (),
    grouping: str | Sequence[Sequence[str]] = "rollup",
    measures: Iterable[str] = DEFAULT_MEASURES,
    gini: str = "convey",
    poor_if: str = "lt",
    nonpositive: str = "error",
    lonely_psu: str = "fail",
    level: float = 0.95,
    cv_threshold: float = 0.25,
    engine: str | None = None,
    spark: Any = None,
    line_scale: float | Mapping[tuple[str, ...], float] = 1.0,
) -> MeasureTable:
    """The rows of :func:`poverty_measures` (same arguments) as NumPy columns: what
    ``sepakat poverty`` writes, without loading Polars (about a tenth of a second of the
    command's start-up)."""
    parsed = parse_measures(measures)
    kinds = {m.kind for m in parsed}
    if poor_if not in ("lt", "le"):
        raise InputError("poor_if must be 'lt' (welfare < line, BPS) or 'le' (<=, convey)")
    if gini not in ("convey", "laeken"):
        raise InputError("gini must be 'convey' or 'laeken'")
    if nonpositive not in ("error", "zero", "drop"):
        raise InputError("nonpositive must be 'error', 'zero' or 'drop'")
    if line is not None and line_col is not None:
        raise InputError("give either line or line_col, not both")
    needs_line = bool(kinds & POVERTY_KINDS)
    if needs_line and line is None and line_col is None:
        raise InputError("poverty measures need a poverty line: line=NUMBER or line_col=COLUMN")
    if line is not None and not (math.isfinite(line) and line > 0):
        raise InputError("the poverty line must be a positive number (not NaN or infinite)")
    by = list(by)
    if len(set(by)) != len(by):
        raise InputError("a column is repeated in by")
    levels = grouping_levels(by, grouping)
    has_design = strata is not None or psu is not None
    engine_name = sources.resolve_engine(data, engine)
    numeric = [c for c in (welfare, weight, size, line_col, fpc) if c is not None]
    text = list(by)
    columns = [*numeric, *text, *(c for c in (strata, psu) if c is not None)]

    def prepared(row_index: bool) -> nw.LazyFrame[Any]:
        lf = sources.load(
            data,
            engine=engine_name,
            columns=columns,
            text_columns=text,
            numeric_columns=numeric,
            row_index=row_index,
            spark=spark,
        )
        _check_numeric_types(data, lf, numeric, engine_name, spark)
        return _prepare(
            lf,
            welfare,
            weight,
            size,
            line,
            line_col,
            strata,
            psu,
            fpc,
            by,
            row_index,
            line_scale,
        )

    req = _Request(
        measures=parsed,
        keys=by,
        levels=levels,
        has_design=has_design,
        poor_if=poor_if,
        gini=gini,
        nonpositive=nonpositive,
    )
    # a file whose content the engine cannot read (a value that does not convert, a
    # ragged row, a corrupted page) is found only when a query runs
    with sources.reading(data):
        prep = prepared(has_design and psu is None)
        names = {
            "_y": welfare,
            "_w": weight,
            "_wraw": weight,
            "_size": size or "",
            "_z": line_col or "",
            "_h": strata or "",
            "_p": psu or "",
            "_fpc": fpc or "",
        }
        checks = _checks(prep, req, names)
        validation = _Validation(checks, lambda: prepared(True), _screen(prep, checks, names))
        if engine_name == "spark":
            validation.run(prep)
        return _compute(
            prep,
            req,
            fpc is not None,
            lonely_psu,
            level,
            cv_threshold,
            None if engine_name == "spark" else validation,
            _no_records(data),
        )


def _no_records(data: object) -> InputError:
    """The error for an input without a record (found by the main query, at no cost)."""
    if isinstance(data, str | os.PathLike):
        path = Path(os.fspath(data))
        return sources.unreadable(path, "no_records", sources.FILE_FORMATS[path.suffix.lower()])
    return InputError("the input table has no records")


# --------------------------------------------------------------------------- preparation


def _check_numeric_types(
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
                f"column {col!r} {_NONFINITE}: {count} record(s)", column=col, rows=not_finite
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


def _prepare(
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
class _Validation:
    """Counts of bad values, computed in the main aggregation (one pass over the data) or,
    on Spark, whose ANSI mode stops on a division by zero, in a query of their own."""

    checks: dict[str, tuple[nw.Expr, str, str]]
    with_rows: Callable[[], nw.LazyFrame[Any]]
    screen: nw.Expr | None = None
    """True for every record that some check refuses (see :func:`_screen`); without it,
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


_NONFINITE = "has NaN or infinite values"


def _checks(
    prep: nw.LazyFrame[Any], req: _Request, names: dict[str, str]
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
            checks[f"nonfinite_{c}"] = (~nw.col(c).is_finite(), label, _NONFINITE)
    checks["neg_w"] = (nw.col("_wraw") < 0, names["_w"], "has negative weights")
    if "_size" in cols:
        checks["neg_size"] = (nw.col("_size") < 0, names["_size"], "has negative sizes")
    if "_z" in cols and names["_z"]:
        checks["bad_z"] = (nw.col("_z") <= 0, names["_z"], "has poverty lines <= 0")
    if req.nonpositive == "error" and req.kinds & LOG_KINDS:
        wanted = sorted(req.kinds & LOG_KINDS)
        checks["nonpos_y"] = (
            (nw.col("_y") <= 0) & (nw.col("_w") > 0),
            names["_y"],
            f"has zero or negative welfare, which {', '.join(wanted)} cannot use; pass "
            "nonpositive='zero' (PIP: kept with a zero term) or 'drop'",
        )
    return checks


def _screen(
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


# ----------------------------------------------------------------------------- compute


def _poor(req: _Request) -> nw.Expr:
    y, z = nw.col("_y"), nw.col("_z")
    return y < z if req.poor_if == "lt" else y <= z


def _additive_exprs(req: _Request) -> dict[str, nw.Expr]:
    y, w = nw.col("_y"), nw.col("_w")
    pos = y > 0
    zero = nw.lit(0.0)
    # logs and powers only ever see positive values (eager backends evaluate both branches)
    ysafe = nw.when(pos).then(y).otherwise(nw.lit(1.0))
    out: dict[str, nw.Expr] = {}
    for var in req.additive_vars:
        if var == "w":
            expr = w
        elif var == "wy":
            expr = w * y
        elif var == "w2y":
            expr = w * w * y
        elif var == "wyy":
            expr = w * y * y
        elif var == "wpos":
            expr = nw.when(pos).then(w).otherwise(zero)
        elif var == "wypos":
            expr = nw.when(pos).then(w * y).otherwise(zero)
        elif var.startswith("fgt_"):
            alpha = _token_value(var[4:])
            gap = (nw.col("_z") - y) / nw.col("_z")
            term = w if alpha == 0 else w * gap if alpha == 1 else w * gap**alpha
            expr = nw.when(_poor(req)).then(term).otherwise(zero)
        elif var == "watts":
            expr = nw.when(_poor(req) & pos).then(w * (nw.col("_z") / ysafe).log()).otherwise(zero)
        elif var.startswith("pow_"):
            a = _token_value(var[4:])
            expr = nw.when(pos).then(w * ysafe**a).otherwise(zero)
        elif var == "ylny":
            expr = nw.when(pos).then(w * y * ysafe.log()).otherwise(zero)
        elif var == "lny":
            expr = nw.when(pos).then(w * ysafe.log()).otherwise(zero)
        else:  # pragma: no cover - programming error
            raise ValueError(var)
        out[var] = expr
    return out


def _token_value(token: str) -> float:
    return float(token.replace("m", "-").replace("p", "."))


def _running_specs(req: _Request, part: list[str], sfx: str) -> list[RunningSum]:
    """Running weight ``_r`` of a level, and with a design and a Gini the running welfare
    ``_G`` (its linearised variable needs it; the estimate then follows from the same
    totals, see :func:`_gini_t1`)."""
    sums = [RunningSum("_r" + sfx, "_w", part, "_y")]
    if "gini" in req.kinds and req.has_design:
        sums.append(RunningSum("_G" + sfx, "_wy", part, "_y"))
    return sums


def _sorted_stage(
    prep: nw.LazyFrame[Any],
    req: _Request,
    part: list[str],
    sfx: str = "",
    sums_done: bool = False,
) -> tuple[nw.LazyFrame[Any], dict[str, tuple[nw.Expr, str]]]:
    """Window columns for one level and the record-level aggregates they feed.

    Returns the frame and a mapping output name -> (expression, aggregation); every new
    column and output name carries the suffix ``sfx`` so that several levels can share
    one query."""
    y, w = nw.col("_y"), nw.col("_w")
    kinds = req.kinds
    zero = nw.lit(0.0)
    one = nw.lit(1.0)

    def c(name: str) -> nw.Expr:
        return nw.col(name + sfx)

    lin_q = req.lin_quantiles
    gini_lin = "gini" in kinds and req.has_design
    frame = prep if sums_done else running_sums(prep, _running_specs(req, part, sfx))
    windows = []
    if req.quantiles or req.lorenz or "qsr" in kinds or lin_q:
        windows.append(w.sum().over(*part).alias("_N" + sfx))
    if lin_q:
        windows.append((w * y).sum().over(*part).alias("_S1" + sfx))
        windows.append((w * y * y).sum().over(*part).alias("_S2" + sfx))
    if windows:
        frame = frame.with_columns(*windows)
    r, big_g, big_n = c("_r"), c("_G"), c("_N")
    aggs: dict[str, tuple[nw.Expr, str]] = {}
    if lin_q:
        frame, kernel_aggs = _kernel_stage(frame, lin_q, part, sfx)
        aggs.update(kernel_aggs)
    if gini_lin:
        aggs["g_v"] = (w * (r * y - big_g), "sum")
    elif "gini" in kinds:
        aggs["g_wry"] = (w * r * y, "sum")
    rn = r / big_n
    for p in req.quantiles:
        tok = fmt_param(p)
        aggs[f"q_{tok}_a"] = (nw.when(rn >= p).then(y), "min")
        aggs[f"q_{tok}_b"] = (nw.when(rn > p).then(y), "min")
        aggs[f"q_{tok}_e"] = (nw.when(rn == p).then(one).otherwise(zero), "max")
    for p in req.lorenz:
        m = big_n * p - (r - w)
        aggs[f"L_{fmt_param(p)}"] = (
            nw.when(m <= 0).then(zero).otherwise(nw.when(m >= w).then(w * y).otherwise(m * y)),
            "sum",
        )
    if "qsr" in kinds:
        cuts: dict[str, nw.Expr] = {}
        for tag, p in (("20", 0.2), ("80", 0.8)):
            cuts[f"_q{tag}a{sfx}"] = nw.when(rn >= p).then(y).min().over(*part)
            cuts[f"_q{tag}b{sfx}"] = nw.when(rn > p).then(y).min().over(*part)
            cuts[f"_q{tag}e{sfx}"] = nw.when(rn == p).then(one).otherwise(zero).max().over(*part)
        frame = frame.with_columns(**cuts)
        frame = frame.with_columns(
            *(
                nw.when(c(f"_q{tag}e") > 0)
                .then((c(f"_q{tag}a") + c(f"_q{tag}b")) / 2)
                .otherwise(c(f"_q{tag}a"))
                .alias(f"_q{tag}{sfx}")
                for tag in ("20", "80")
            )
        )
        aggs["qsr_low"] = (nw.when(y <= c("_q20")).then(w * y).otherwise(zero), "sum")
        aggs["qsr_high"] = (nw.when(y > c("_q80")).then(w * y).otherwise(zero), "sum")
    if kinds & {"sen", "sst"}:
        poor = _poor(req)
        x = y / nw.col("_z")
        gap = nw.when(poor).then(1.0 - y / nw.col("_z")).otherwise(zero)
        if "_x" not in frame.collect_schema().names():
            frame = frame.with_columns(
                nw.when(poor).then(nw.lit(1)).otherwise(nw.lit(0)).alias("_poor"),
                x.alias("_x"),
                gap.alias("_gap"),
            )
        x, gap, is_poor = nw.col("_x"), nw.col("_gap"), nw.col("_poor") == 1
        if "sen" in kinds:
            sen_windows = [w.cum_sum().over(*part, "_poor", order_by="_x").alias("_rp" + sfx)]
            if req.has_design:
                sen_windows.append(
                    (w * x).cum_sum().over(*part, "_poor", order_by="_x").alias("_Gp" + sfx)
                )
            frame = frame.with_columns(*sen_windows)
            rp = c("_rp")
            aggs["sen_n"] = (nw.when(is_poor).then(w).otherwise(zero), "sum")
            aggs["sen_x"] = (nw.when(is_poor).then(w * x).otherwise(zero), "sum")
            aggs["sen_q"] = (nw.when(is_poor).then(w * w * x).otherwise(zero), "sum")
            if not req.has_design:
                aggs["sen_t1"] = (nw.when(is_poor).then(w * rp * x).otherwise(zero), "sum")
            else:
                aggs["sen_v"] = (
                    nw.when(is_poor).then(w * (rp * x - c("_Gp"))).otherwise(zero),
                    "sum",
                )
        if "sst" in kinds:
            sst_windows = [w.cum_sum().over(*part, order_by="_gap").alias("_rg" + sfx)]
            if req.has_design:
                sst_windows.append(
                    (w * gap).cum_sum().over(*part, order_by="_gap").alias("_Gg" + sfx)
                )
            frame = frame.with_columns(*sst_windows)
            aggs["sst_y"] = (w * gap, "sum")
            aggs["sst_q"] = (w * w * gap, "sum")
            if not req.has_design:
                aggs["sst_t1"] = (w * c("_rg") * gap, "sum")
            else:
                aggs["sst_v"] = (w * (c("_rg") * gap - c("_Gg")), "sum")
    return frame, {k + sfx: v for k, v in aggs.items()}


def _kernel_stage(
    frame: nw.LazyFrame[Any], probs: list[float], part: list[str], sfx: str
) -> tuple[nw.LazyFrame[Any], dict[str, tuple[nw.Expr, str]]]:
    r"""Record-level terms of the linearised quantiles (convey ``svyiqalpha``/``svyisq``).

    For each order :math:`p`: the group's quantile :math:`q_p` on every record (a window
    over the group), the Gaussian kernel :math:`\exp(-((q_p - y_k)/h)^2/2)` with convey's
    bandwidth :math:`h = s / N^{1/5}` (``h_fun``: :math:`s` the weighted standard deviation
    with divisor :math:`N`), and the totals it feeds: ``kf`` :math:`\sum w\,\phi`, ``km``
    :math:`\sum w y\,\phi`, ``ka`` :math:`\sum w 1[y \le q_p]`, ``kb``
    :math:`\sum w y 1[y \le q_p]`; the constant :math:`1/\sqrt{2\pi}` and :math:`h` are
    applied in NumPy."""
    y, w = nw.col("_y"), nw.col("_w")
    zero, one = nw.lit(0.0), nw.lit(1.0)

    def c(name: str) -> nw.Expr:
        return nw.col(name + sfx)

    rn = c("_r") / c("_N")
    var = (c("_S2") - c("_S1") * c("_S1") / c("_N")) / c("_N")
    bandwidth = nw.when(var > 0).then(var.sqrt()).otherwise(zero) / c("_N") ** 0.2
    cuts: dict[str, nw.Expr] = {"_kh" + sfx: nw.when(bandwidth > 0).then(bandwidth).otherwise(one)}
    for p in probs:
        tok = fmt_param(p)
        cuts[f"_k{tok}a{sfx}"] = nw.when(rn >= p).then(y).min().over(*part)
        cuts[f"_k{tok}b{sfx}"] = nw.when(rn > p).then(y).min().over(*part)
        cuts[f"_k{tok}e{sfx}"] = nw.when(rn == p).then(one).otherwise(zero).max().over(*part)
    frame = frame.with_columns(**cuts)
    frame = frame.with_columns(
        *(
            nw.when(c(f"_k{fmt_param(p)}e") > 0)
            .then((c(f"_k{fmt_param(p)}a") + c(f"_k{fmt_param(p)}b")) / 2)
            .otherwise(c(f"_k{fmt_param(p)}a"))
            .alias(f"_k{fmt_param(p)}q{sfx}")
            for p in probs
        )
    )
    frame = frame.with_columns(
        *(
            (-(((c(f"_k{fmt_param(p)}q") - y) / c("_kh")) ** 2) / 2.0)
            .exp()
            .alias(f"_k{fmt_param(p)}k{sfx}")
            for p in probs
        )
    )
    aggs: dict[str, tuple[nw.Expr, str]] = {}
    for p in probs:
        tok = fmt_param(p)
        kern, below = c(f"_k{tok}k"), y <= c(f"_k{tok}q")
        aggs[f"kf_{tok}"] = (w * kern, "sum")
        aggs[f"km_{tok}"] = (w * y * kern, "sum")
        aggs[f"ka_{tok}"] = (nw.when(below).then(w).otherwise(zero), "sum")
        aggs[f"kb_{tok}"] = (nw.when(below).then(w * y).otherwise(zero), "sum")
    return frame, aggs


def _aggregate(
    frame: nw.LazyFrame[Any],
    keys: list[str],
    exprs: dict[str, tuple[nw.Expr, str]],
) -> pl.DataFrame:
    import polars as pl

    native = _totals(frame, keys, exprs).collect("pyarrow").to_native()
    result = pl.from_arrow(native)
    assert isinstance(result, pl.DataFrame)
    return result


def _totals(
    frame: nw.LazyFrame[Any],
    keys: list[str],
    exprs: dict[str, tuple[nw.Expr, str]],
) -> nw.LazyFrame[Any]:
    # Aggregations stay elementary (sum/min/max of a column) so that every backend runs
    # them the same way.
    staged = frame.with_columns(*(e.alias(f"_v_{k}") for k, (e, _) in exprs.items()))
    aggs: list[nw.Expr] = [nw.len().alias("_n")]
    for k, (_, how) in exprs.items():
        col = nw.col(f"_v_{k}")
        aggs.append(
            (col.sum() if how == "sum" else col.min() if how == "min" else col.max()).alias(k)
        )
    if keys:
        return staged.group_by(*keys).agg(*aggs)
    return staged.select(*aggs)


def _compute(
    prep: nw.LazyFrame[Any],
    req: _Request,
    has_fpc: bool,
    lonely_psu: str,
    level: float,
    cv_threshold: float,
    validation: _Validation | None = None,
    no_records: InputError | None = None,
) -> MeasureTable:
    additive = [m for m in req.measures if m.kind in ADDITIVE_KINDS]
    estimators = {}
    variables: list[str] = ["w"]
    for m in additive:
        vars_, est = additive_variables(m, req.nonpositive)
        estimators[m.name] = (vars_, est)
        variables.extend(vars_)
    if req.kinds & {"gini", "sen", "sst", "qsr", "palma"}:
        variables.extend(["w", "wy"])
    if "gini" in req.kinds:
        variables.append("w2y")
    if req.kinds & {"sen", "sst"}:
        variables.append("fgt_0")
        variables.append("fgt_1")
    req.additive_vars = list(dict.fromkeys(variables))
    quantiles = [m.param for m in req.measures if m.kind == "quantile"]
    if "median" in req.kinds:
        quantiles.append(0.5)
    req.quantiles = list(dict.fromkeys(quantiles))
    req.lorenz = [0.4, 0.9] if "palma" in req.kinds else []
    if req.has_design:
        lin_q = list(req.quantiles)
        if "qsr" in req.kinds:
            lin_q += [0.2, 0.8]
        if "palma" in req.kinds:
            lin_q += [0.4, 0.9]
        req.lin_quantiles = list(dict.fromkeys(lin_q))
        if lin_q:
            req.additive_vars = list(dict.fromkeys([*req.additive_vars, "w", "wy", "wyy"]))

    design_keys = ["_h", "_p"] if req.has_design else []
    aggs: dict[str, tuple[nw.Expr, str]] = {k: (e, "sum") for k, e in _additive_exprs(req).items()}
    fine = list(req.keys)
    base = prep.with_columns(nw.lit("").alias(_ALL))
    sorted_levels = req.levels if req.needs_sort else []
    # One query: windows for every level that needs sorting, aggregated at the finest
    # (group, stratum, PSU) key; coarser levels are rolled up from it below.
    how: dict[str, str] = {k: "sum" for k in aggs}
    # the running sums of every level in one projection (see engine.running_sums)
    frame = running_sums(
        base,
        [
            spec
            for i, lev in enumerate(sorted_levels)
            for spec in _running_specs(req, list(lev) or [_ALL], f"__{i}")
        ],
    )
    for i, lev in enumerate(sorted_levels):
        frame, level_aggs = _sorted_stage(frame, req, list(lev) or [_ALL], f"__{i}", sums_done=True)
        aggs.update(level_aggs)
        how.update({k: v[1] for k, v in level_aggs.items()})
    if validation is not None:
        aggs.update(validation.any_bad())
    fine_table = collect_columns(_totals(frame, fine + design_keys, aggs))
    if not fine_table["_n"].sum():
        raise no_records or InputError("the input table has no records")
    if validation is not None:
        validation.check(fine_table, prep)

    fine_index = FineIndex(fine_table, req.keys, req.has_design)
    strata = design_strata(fine_index, has_fpc, base) if req.has_design else None
    z_crit = normal_quantile(level)
    pieces: list[dict[str, AnyArray]] = []
    for lev in sorted(req.levels, key=len):
        suffix = f"__{sorted_levels.index(lev)}" if lev in sorted_levels else ""
        pieces.append(
            _finish_level(
                fine_index,
                list(lev),
                suffix,
                how,
                req,
                estimators,
                strata,
                lonely_psu,
                z_crit,
                cv_threshold,
            )
        )
    return MeasureTable.concat(pieces, [*req.keys, *RESULT_COLUMNS])


def _finish_level(
    fine: FineIndex,
    keys: list[str],
    suffix: str,
    how: dict[str, str],
    req: _Request,
    estimators: dict[str, Any],
    strata: design_mod.Strata | None,
    lonely_psu: str,
    z_crit: float,
    cv_threshold: float,
) -> dict[str, AnyArray]:
    def source(name: str) -> str:
        return name + suffix if suffix and (name + suffix) in how else name

    level = Level(fine, keys, strata, lonely_psu, source)
    groups, total = level.groups, level.total
    records = total("_n")
    population = total("w")
    # which strata lonely_psu="average" and "centered" count: set per measure in the loop
    # below, read here because the measure helpers (_gini, _sen...) get this as a callback
    strata_counted = "domain"

    def variance(coef: dict[str, FloatArray]) -> FloatArray | None:
        return level.variance(coef, strata_counted)

    estimates: list[FloatArray] = []
    variances: list[FloatArray | None] = []
    totals_cache: dict[str, FloatArray] = {}

    def totals(names: Iterable[str]) -> dict[str, FloatArray]:
        for name in names:
            if name not in totals_cache:
                totals_cache[name] = total(name)
        return totals_cache

    for m in req.measures:
        var: FloatArray | None = None
        strata_counted = "design" if m.kind in FULL_DESIGN_KINDS else "domain"
        if m.name in estimators:
            names, est_fn = estimators[m.name]
            estimate, grad = est_fn(totals(names))
            var = variance(grad)
        elif m.kind == "gini":
            estimate, var = _gini(totals, req.gini, variance, strata is not None)
        elif m.kind in ("median", "quantile"):
            p = 0.5 if m.kind == "median" else m.param
            tok = fmt_param(p)
            a, b, e = (
                total(f"q_{tok}_a", "min"),
                total(f"q_{tok}_b", "min"),
                total(f"q_{tok}_e", "max"),
            )
            estimate = np.where(e > 0, (a + b) / 2.0, a)
            if strata is not None:
                var = variance(_quantile_lin(totals, p))
        elif m.kind == "qsr":
            t = totals(["qsr_low", "qsr_high", "wy"])
            with np.errstate(divide="ignore", invalid="ignore"):
                estimate = t["qsr_high"] / t["qsr_low"]
            if strata is not None:
                var = variance(_share_ratio_lin(totals, 0.2, 0.8, t["wy"] - t["qsr_high"]))
        elif m.kind == "palma":
            t = totals(["L_0p4", "L_0p9", "wy"])
            with np.errstate(divide="ignore", invalid="ignore"):
                estimate = (t["wy"] - t["L_0p9"]) / t["L_0p4"]
            if strata is not None:
                var = variance(_share_ratio_lin(totals, 0.4, 0.9, t["L_0p9"], t["L_0p4"]))
        elif m.kind == "sen":
            estimate, coef = _sen(totals, req.gini, strata is not None)
            var = variance(coef) if coef else None
        elif m.kind == "sst":
            estimate, coef = _sst(totals, req.gini, strata is not None)
            var = variance(coef) if coef else None
        else:  # pragma: no cover
            raise ValueError(m.kind)
        estimates.append(np.asarray(estimate, dtype=np.float64))
        variances.append(var)
    return _rows(
        groups,
        keys,
        [m.name for m in req.measures],
        estimates,
        variances,
        records,
        population,
        z_crit,
        cv_threshold,
    )


def _gini_t1(totals: Any, names: tuple[str, str, str, str, str], linearised: bool) -> FloatArray:
    r""":math:`T_1 = \sum w_k r_k y_k`, read directly or, with a design, from the totals of
    the linearised variable: since :math:`\sum_k w_k G_k = NY - T_1 + \sum_k w_k^2 y_k`,
    :math:`T_1 = (\sum_k w_k (r_k y_k - G_k) + NY + \sum_k w_k^2 y_k) / 2` (one running
    sum and one total fewer in the engine). ``names``: N, Y, squared-weight total, the
    linearised-variable total, :math:`T_1`."""
    n_name, y_name, q_name, v_name, t1_name = names
    if not linearised:
        return np.asarray(totals([t1_name])[t1_name], dtype=np.float64)
    t = totals([n_name, y_name, q_name, v_name])
    return np.asarray((t[v_name] + t[n_name] * t[y_name] + t[q_name]) / 2.0, dtype=np.float64)


def _gini(
    totals: Any, formula: str, variance: Any, linearised: bool
) -> tuple[FloatArray, FloatArray | None]:
    t = totals(["w", "wy", "w2y"])
    n, y, q = t["w"], t["wy"], t["w2y"]
    if not linearised:
        t1 = _gini_t1(totals, ("w", "wy", "w2y", "g_v", "g_wry"), False)
        with np.errstate(divide="ignore", invalid="ignore"):
            convey = (2.0 * t1 - y) / (n * y) - 1.0
            laeken = (2.0 * t1 - q) / (n * y) - 1.0
        return (convey if formula == "convey" else laeken), None
    v = totals(["g_v"])["g_v"]
    with np.errstate(divide="ignore", invalid="ignore"):
        ny = n * y
        # 2 T1 = v + NY + sum w^2 y (see _gini_t1)
        convey = (v + q - y) / ny
        laeken = v / ny
        est = convey if formula == "convey" else laeken
        coef = {
            "w": (1.0 - est) / n,
            "g_v": 2.0 / ny,
            "w2y": 2.0 / ny,
            "wy": -1.0 / ny - (est + 1.0) / y,
        }
    return est, variance(coef)


def _gini_from(
    n: FloatArray, y: FloatArray, t1: FloatArray, q: FloatArray, formula: str
) -> FloatArray:
    with np.errstate(divide="ignore", invalid="ignore"):
        sub = y if formula == "convey" else q
        return np.where(y > 0, (2.0 * t1 - sub) / (n * y) - 1.0, 0.0)


Coef = dict[str, FloatArray]


def _combine(*parts: tuple[FloatArray | float, Coef]) -> Coef:
    """Sum of scaled coefficient maps: the linearised variable of a smooth function of
    several estimators (the chain rule, as convey's ``contrastinf``)."""
    out: Coef = {}
    for scale, coef in parts:
        for name, value in coef.items():
            term = np.asarray(scale * value, dtype=np.float64)
            out[name] = out[name] + term if name in out else term
    return out


def _ratio_lin(num: str, t: dict[str, FloatArray]) -> tuple[FloatArray, Coef]:
    with np.errstate(divide="ignore", invalid="ignore"):
        est = t[num] / t["w"]
        return est, {num: 1.0 / t["w"], "w": -est / t["w"]}


def _gini_lin(
    n: FloatArray, y: FloatArray, est: FloatArray, names: tuple[str, str, str, str]
) -> Coef:
    """Convey's linearised Gini (``svygini``) as coefficients on the totals of
    :math:`w`, :math:`w(rx - G)`, :math:`w^2 x` and :math:`w x` (names in that order);
    zero where the group has no welfare."""
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


def _sen(totals: Any, formula: str, linearise: bool) -> tuple[FloatArray, Coef]:
    r"""Sen index :math:`P_0 G_p + P_1 (1 - G_p)` and, with a design, its linearised
    variable :math:`G_p u_{P_0} + (1-G_p) u_{P_1} + (P_0 - P_1) u_{G_p}` (convey
    ``svysen``; :math:`u_{G_p}` the Gini linearisation on the domain of the poor)."""
    t = totals(["w", "fgt_0", "fgt_1", "sen_n", "sen_x", "sen_q"])
    t1 = _gini_t1(totals, ("sen_n", "sen_x", "sen_q", "sen_v", "sen_t1"), linearise)
    with np.errstate(divide="ignore", invalid="ignore"):
        p0, u0 = _ratio_lin("fgt_0", t)
        p1, u1 = _ratio_lin("fgt_1", t)
        gp = _gini_from(t["sen_n"], t["sen_x"], t1, t["sen_q"], formula)
        i = np.where(p0 > 0, p1 / np.where(p0 > 0, p0, 1.0), 0.0)
        est = np.asarray(p0 * (i + (1.0 - i) * gp), dtype=np.float64)
    if not linearise:
        return est, {}
    ug = _gini_lin(t["sen_n"], t["sen_x"], gp, ("sen_n", "sen_v", "sen_q", "sen_x"))
    return est, _combine((gp, u0), (1.0 - gp, u1), (p0 - p1, ug))


def _sst(totals: Any, formula: str, linearise: bool) -> tuple[FloatArray, Coef]:
    r"""Sen-Shorrocks-Thon index :math:`P_1 (1 + G^g)` and, with a design, its linearised
    variable :math:`(1 + G^g) u_{P_1} + P_1 u_{G^g}` (the same as convey ``svysst``'s
    :math:`P_0 \cdot (P_1/P_0) \cdot (1+G^g)`: the product of the ratios linearises to
    the same variable)."""
    t = totals(["w", "fgt_1", "sst_y", "sst_q"])
    t1 = _gini_t1(totals, ("w", "sst_y", "sst_q", "sst_v", "sst_t1"), linearise)
    with np.errstate(divide="ignore", invalid="ignore"):
        p1, u1 = _ratio_lin("fgt_1", t)
        gg = _gini_from(t["w"], t["sst_y"], t1, t["sst_q"], formula)
        est = np.asarray(p1 * (1.0 + gg), dtype=np.float64)
    if not linearise:
        return est, {}
    ug = _gini_lin(t["w"], t["sst_y"], gg, ("w", "sst_v", "sst_q", "sst_y"))
    return est, _combine((1.0 + gg, u1), (p1, ug))


_SQRT_2PI = float(np.sqrt(2.0 * np.pi))


def _kernel(totals: Any, p: float) -> tuple[FloatArray, FloatArray]:
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


def _quantile_lin(totals: Any, p: float) -> Coef:
    r"""Linearised quantile (convey ``svyiqalpha``, Deville 1999):
    :math:`u_k = -(1[y_k \le q_p] - p) / (N \hat f(q_p))`."""
    dens, _ = _kernel(totals, p)
    with np.errstate(divide="ignore", invalid="ignore"):
        inv = np.where(dens > 0, 1.0 / dens, np.nan)
    return {f"ka_{fmt_param(p)}": -inv, "w": p * inv}


def _tail_total_lin(totals: Any, p: float) -> Coef:
    r"""Linearised total below the quantile, :math:`S(p) = \sum w y 1[y \le q_p]`
    (convey ``svyisq``): :math:`u_k = y_k 1[y_k \le q_p] - m_p (1[y_k \le q_p] - p)`,
    :math:`m_p` the kernel-weighted mean of welfare at :math:`q_p`."""
    _, m = _kernel(totals, p)
    tok = fmt_param(p)
    return {f"kb_{tok}": np.ones_like(m), f"ka_{tok}": -m, "w": p * m}


def _share_ratio_lin(
    totals: Any,
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
    return _combine(
        (inv, {"wy": np.ones_like(inv)}),
        (-inv, _tail_total_lin(totals, high)),
        (-ratio * inv, _tail_total_lin(totals, low)),
    )


def _rows(
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
