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
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import narwhals as nw

from .. import design as design_mod
from .. import sources
from ..engine import ALL
from ..errors import InputError
from ..measures import POVERTY_KINDS, parse_measures
from .finish import FULL_DESIGN_KINDS, MEASURES, MeasureRule, compute
from .inputs import Validation, check_numeric_types, checks, prepare, screen
from .plan import Plan, make_plan
from .table import RESULT_COLUMNS, AnyArray, MeasureTable

if TYPE_CHECKING:  # Polars is loaded only to build a Polars result (not by the command)
    import polars as pl

Grouping = Literal["rollup", "cube", "none"]
"""How ``by`` becomes levels (see :func:`grouping_levels`)."""
GiniFormula = Literal["convey", "laeken"]
PoorIf = Literal["lt", "le"]
"""``lt``: poor when welfare < line (BPS); ``le``: welfare <= line (convey)."""
Nonpositive = Literal["error", "zero", "drop"]
LonelyPsu = Literal["fail", "remove", "certainty", "adjust", "average", "centered"]
Engine = Literal["duckdb", "polars", "pandas", "spark"]

DEFAULT_MEASURES = ("fgt0", "fgt1", "fgt2", "poor_count", "watts", "gini", "mean")
_ALL = ALL
FloatArray = design_mod.FloatArray
IntArray = design_mod.IntArray


def grouping_levels(
    by: Sequence[str], grouping: Grouping | Sequence[Sequence[str]]
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
    grouping: Grouping | Sequence[Sequence[str]] = "rollup",
    measures: Iterable[str] = DEFAULT_MEASURES,
    gini: GiniFormula = "convey",
    poor_if: PoorIf = "lt",
    nonpositive: Nonpositive = "error",
    lonely_psu: LonelyPsu = "fail",
    level: float = 0.95,
    cv_threshold: float = 0.25,
    engine: Engine | None = None,
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
    grouping: Grouping | Sequence[Sequence[str]] = "rollup",
    measures: Iterable[str] = DEFAULT_MEASURES,
    gini: GiniFormula = "convey",
    poor_if: PoorIf = "lt",
    nonpositive: Nonpositive = "error",
    lonely_psu: LonelyPsu = "fail",
    level: float = 0.95,
    cv_threshold: float = 0.25,
    engine: Engine | None = None,
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
        check_numeric_types(data, lf, numeric, engine_name, spark)
        return prepare(
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

    plan = make_plan(
        parsed,
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
        found = checks(prep, plan, names)
        validation = Validation(found, lambda: prepared(True), screen(prep, found, names))
        if engine_name == "spark":
            validation.run(prep)
        return compute(
            prep,
            plan,
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


__all__ = [
    "DEFAULT_MEASURES",
    "FULL_DESIGN_KINDS",
    "MEASURES",
    "RESULT_COLUMNS",
    "AnyArray",
    "Engine",
    "GiniFormula",
    "Grouping",
    "LonelyPsu",
    "MeasureRule",
    "MeasureTable",
    "Nonpositive",
    "Plan",
    "PoorIf",
    "grouping_levels",
    "poverty_measures",
    "poverty_table",
]
