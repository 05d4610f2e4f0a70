r"""Priority problems: SEPAKAT's welfare-weighted deprivation score, with design-based SEs.

SEPAKAT ranks achievement indicators ("indikator capaian") by each person's status weighted
by that person's relative expenditure, against the indicator's target, and ranks only the
indicators that are statistically representative for the region (SEPAKAT wiki, "Mekanisme
Prioritisasi"). The wiki's formula is published as an image that this project does not
have; the default here is a reconstruction from its description (``docs/priorities.md``).

For indicator :math:`x` with reference population :math:`S_x` (the persons whose status is
defined, e.g. children aged 7-12 for school participation), status :math:`x_i \in \{0,1\}`
(1 achieved), person weight :math:`\pi_i`, per-capita expenditure :math:`y_i > 0`, and
:math:`\bar y` the weighted mean of :math:`y` over all persons of the domain:

.. math::

    A_x = \frac{\sum_S \pi_i x_i}{\sum_S \pi_i}, \qquad
    D_x = \frac{\sum_S \pi_i w_i (1 - x_i)}{\sum_S \pi_i}, \quad w_i = \bar y / y_i, \qquad
    \text{score}_x = D_x \frac{T_x - A_x}{1 - A_x} \text{ if } A_x < T_x \text{ else } 0.

Each is a smooth function of five weighted totals per domain, :math:`X=\sum_S \pi x`,
:math:`N_S=\sum_S \pi`, :math:`Q=\sum_S \pi (1-x)/y`, :math:`Y=\sum \pi y`,
:math:`N=\sum \pi`, so :math:`A = X/N_S`, :math:`D = (Y/N)\,Q/N_S`, and its standard error
follows by linearisation with the whole design (domains keep it), as R survey's
``svycontrast`` on ``svytotal`` of those five variables.

For the sensitivity of the ranking to SEPAKAT's weighting (:func:`priority_sensitivity`):
``weighting="none"`` drops the welfare weight (:math:`w_i = 1`, so :math:`D = 1 - A`, the
plain shortfall); ``weighting="deciles_1_4"`` keeps only persons of welfare deciles 1-4 (a
``decile`` column, e.g. from the registry) in every reference population, with the plain
shortfall: how far the social-assistance target group is from the target.

An indicator is ranked in a domain when at least ``min_persons`` persons have a status
there and the relative standard error of its score is at most ``max_rse`` (BPS: 25 %);
without a design only the first rule applies. Others are listed with the reason.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import narwhals as nw
import numpy as np
import polars as pl

from . import sources
from .design import LONELY_PSU_OPTIONS
from .engine import collect_columns
from .errors import InputError
from .poverty import grouping_levels
from .priorities_finish import finish
from .rollup import AnyArray, FineIndex, Level, design_strata

RESULT_COLUMNS = (
    "code",
    "sector",
    "target",
    "n",
    "achievement",
    "achievement_se",
    "deprivation_weighted",
    "deprivation_weighted_se",
    "score",
    "score_se",
    "rank",
    "reliable",
    "reason",
)
SPEC_COLUMNS = ("code", "column", "target", "sector", "name")
WEIGHTINGS = ("sepakat", "none", "deciles_1_4")


@dataclass(frozen=True)
class _Columns:
    """The caller's column names, as given."""

    welfare: str
    weight: str
    size: str | None
    strata: str | None
    psu: str | None
    fpc: str | None
    decile: str | None
    by: list[str]

    @property
    def has_design(self) -> bool:
        return self.strata is not None or self.psu is not None


@dataclass(frozen=True)
class Indicator:
    """One achievement indicator: its ``column`` holds 1 (achieved), 0 (not achieved) or
    nothing (outside the reference population); ``target`` is in (0, 1]."""

    code: str
    column: str
    target: float
    sector: str = ""
    name: str = ""


def read_spec(
    spec: str | os.PathLike[str] | Iterable[Indicator | Mapping[str, Any]],
) -> list[Indicator]:
    """The indicators of a spec: a CSV file with the columns ``code,column,target,sector,
    name`` (``sector`` and ``name`` may be empty), or indicators / mappings with those keys.
    """
    if isinstance(spec, str | os.PathLike):
        path = Path(os.fspath(spec))
        if not path.is_file():
            raise InputError(f"spec file not found: {path}")
        try:
            with path.open(encoding="utf-8-sig", newline="") as fh:
                rows = list(csv.DictReader(fh))
                header = rows[0].keys() if rows else []
        except (UnicodeDecodeError, csv.Error) as exc:
            raise InputError(f"{path.name}: not a readable CSV file ({exc})") from None
        missing = [c for c in ("code", "column", "target") if c not in header]
        if not rows:
            raise InputError(f"{path.name}: the spec has no indicators")
        if missing:
            raise InputError(
                f"{path.name}: the spec lacks the column(s) {', '.join(missing)}; expected "
                + ",".join(SPEC_COLUMNS)
            )
        return _indicators(rows, path.name, first_row=2)
    items = list(spec)
    if items and all(isinstance(i, Indicator) for i in items):
        return _indicators([i.__dict__ for i in items if isinstance(i, Indicator)], "spec", 1)
    return _indicators([dict(i) for i in items if isinstance(i, Mapping)], "spec", 1)


def _indicators(rows: list[dict[str, Any]], source: str, first_row: int) -> list[Indicator]:
    out: list[Indicator] = []
    seen: set[str] = set()
    for i, row in enumerate(rows, start=first_row):
        code = str(row.get("code") or "").strip()
        column = str(row.get("column") or "").strip()
        where = f"{source}, row {i}"
        if not code or not column:
            raise InputError(f"{where}: every indicator needs a code and a column")
        if code in seen:
            raise InputError(f"{where}: the code {code!r} appears twice")
        seen.add(code)
        raw = row.get("target")
        try:
            target = float(str(raw).strip().replace(",", "."))
        except ValueError:
            raise InputError(f"{where}: target {raw!r} of {code} is not a number") from None
        if not (0.0 < target <= 1.0):
            raise InputError(
                f"{where}: target {raw!r} of {code} must be in (0, 1] (a share: 1 for 100 %)"
            )
        out.append(
            Indicator(
                code=code,
                column=column,
                target=target,
                sector=str(row.get("sector") or "").strip(),
                name=str(row.get("name") or "").strip(),
            )
        )
    if not out:
        raise InputError(f"{source}: the spec has no indicators")
    return out


def priority_scores(
    data: object,
    *,
    spec: str | os.PathLike[str] | Iterable[Indicator | Mapping[str, Any]],
    welfare: str,
    weight: str,
    size: str | None = None,
    strata: str | None = None,
    psu: str | None = None,
    fpc: str | None = None,
    by: Sequence[str] = (),
    grouping: str | Sequence[Sequence[str]] = "rollup",
    lonely_psu: str = "fail",
    weighting: str = "sepakat",
    decile: str | None = None,
    min_persons: int = 30,
    max_rse: float = 0.25,
    engine: str | None = None,
    spark: Any = None,
) -> pl.DataFrame:
    """Achievement, welfare-weighted deprivation and priority score of every indicator in
    every domain, with standard errors, ranked within each domain.

    ``data`` is person-level (a frame or a CSV, Parquet, ``.dta``, ``.sav`` or ``.xlsx``
    path); person weights are ``weight * size`` (``size`` omitted: ``weight`` is one).
    Returns the ``by`` columns (empty where a level leaves them out), then
    :data:`RESULT_COLUMNS`: ``rank`` is empty and ``reason`` says why for indicators not
    ranked (:data:`FEW_PERSONS`, :data:`TARGET_REACHED`, :data:`IMPRECISE`).

    >>> import polars as pl
    >>> people = pl.DataFrame({
    ...     "y": [100.0, 200.0, 300.0, 400.0], "w": [1.0] * 4, "school": [0, 1, 1, None]})
    >>> spec = [Indicator("PDK01", "school", 1.0)]
    >>> res = priority_scores(people, spec=spec, welfare="y", weight="w", min_persons=1)
    >>> [round(v, 4) for v in res.select("achievement", "deprivation_weighted", "score").row(0)]
    [0.6667, 0.8333, 0.8333]
    """
    indicators = read_spec(spec)
    if weighting not in WEIGHTINGS:
        raise InputError(f"weighting must be one of {', '.join(WEIGHTINGS)}")
    if weighting == "deciles_1_4" and decile is None:
        raise InputError("weighting 'deciles_1_4' needs the welfare decile column (decile=)")
    if lonely_psu not in LONELY_PSU_OPTIONS:
        raise InputError(f"lonely_psu must be one of {', '.join(LONELY_PSU_OPTIONS)}")
    cols = _Columns(welfare, weight, size, strata, psu, fpc, decile, list(by))
    by = cols.by
    levels = grouping_levels(by, grouping)
    has_design = cols.has_design
    engine_name = sources.resolve_engine(data, engine)
    status = [i.column for i in indicators]
    numeric = list(dict.fromkeys(c for c in (welfare, weight, size, fpc, decile, *status) if c))
    design_cols = [c for c in (strata, psu) if c is not None]

    def prepared(row_index: bool) -> nw.LazyFrame[Any]:
        lf = sources.load(
            data,
            engine=engine_name,
            columns=[*numeric, *by, *design_cols],
            text_columns=[*by, *design_cols],
            numeric_columns=numeric,
            row_index=row_index,
            spark=spark,
        )
        return _prepare(lf, indicators, cols)

    # Records are numbered only where the numbers are used: as their own PSUs, or to name
    # the first bad records. Numbering is a window over the whole file on DuckDB, about a
    # tenth of a second per pass on a Susenas-sized file.
    own_psus = has_design and psu is None
    prep = prepared(own_psus)
    checks = _checks(indicators, cols)

    def locate() -> None:
        _validate(prep, checks, lambda: prep if own_psus else prepared(True))

    # On DuckDB and Polars the aggregation counts the bad records on the side (one sum, no
    # names: cheaper than a pass of its own) and only a count above zero, or an empty input,
    # pays for the pass that names them. Spark's ANSI mode stops on a division by zero
    # before the checks could speak, and pandas groups only plain columns, so there the
    # checks run first, in a pass of their own.
    folded = engine_name in ("duckdb", "polars")
    if not folded:
        locate()
    keys = [*by, *(["_h", "_p"] if has_design else [])]
    # deciles 1-4 only: everybody else leaves the reference populations
    restrict = nw.col("_dec") <= 4 if weighting == "deciles_1_4" else None
    table = _aggregate(prep, indicators, keys, restrict, checks if folded else None)
    if folded and (table["_bad"].sum() > 0 or table["_n"].sum() == 0):
        locate()
    fine = FineIndex(table, by, has_design)
    design = design_strata(fine, fpc is not None, prep) if has_design else None
    pieces = [
        finish(
            Level(fine, list(level), design, lonely_psu),
            list(level),
            indicators,
            weighting,
            min_persons,
            max_rse,
        )
        for level in sorted(levels, key=len)
    ]
    out = pl.concat(pieces, how="diagonal_relaxed")
    for c in by:
        if c not in out.columns:
            out = out.with_columns(pl.lit(None, pl.Utf8).alias(c))
    return out.select(*by, *RESULT_COLUMNS).with_columns(pl.col(c).cast(pl.Utf8) for c in by)


def priority_sensitivity(
    data: object,
    *,
    spec: str | os.PathLike[str] | Iterable[Indicator | Mapping[str, Any]],
    by: Sequence[str] = (),
    decile: str | None = None,
    **options: Any,
) -> pl.DataFrame:
    """How the ranking moves with the welfare weighting: per domain and indicator the rank
    under SEPAKAT's weighting (``rank_sepakat``), the plain shortfall (``rank_none``) and,
    with a ``decile`` column, deciles 1-4 only (``rank_deciles_1_4``); ``moved`` is true
    where they differ. ``options`` are those of :func:`priority_scores`."""
    indicators = read_spec(spec)
    weightings = ["sepakat", "none", *(["deciles_1_4"] if decile is not None else [])]
    by = list(by)
    keys = [*by, "code"]
    out: pl.DataFrame | None = None
    for weighting in weightings:
        ranks = priority_scores(
            data, spec=indicators, by=by, weighting=weighting, decile=decile, **options
        ).select(*keys, pl.col("rank").alias(f"rank_{weighting}"))
        out = ranks if out is None else out.join(ranks, on=keys, how="left", nulls_equal=True)
    assert out is not None
    columns = [f"rank_{w}" for w in weightings]
    moved = pl.concat_list(*(pl.col(c).fill_null(0) for c in columns)).list.n_unique() > 1
    return out.with_columns(moved.alias("moved"))


# --------------------------------------------------------------------------- the query


def _prepare(
    lf: nw.LazyFrame[Any], indicators: list[Indicator], cols: _Columns
) -> nw.LazyFrame[Any]:
    """The columns under fixed names: ``_y`` welfare, ``_w`` person weight, ``_s<i>`` the
    statuses, ``_h``/``_p`` stratum and PSU (records are their own PSUs without one)."""
    welfare, weight, size, strata, psu = cols.welfare, cols.weight, cols.size, cols.strata, cols.psu
    fpc, decile, by = cols.fpc, cols.decile, cols.by
    f64 = nw.Float64
    w = nw.col(weight).cast(f64)
    exprs = [nw.col(welfare).cast(f64).alias("_y"), w.alias("_wraw")]
    if size is not None:
        exprs += [nw.col(size).cast(f64).alias("_size"), (w * nw.col(size).cast(f64)).alias("_w")]
    else:
        exprs.append(w.alias("_w"))
    for i, ind in enumerate(indicators):
        exprs.append(nw.col(ind.column).cast(f64).alias(f"_s{i}"))
    if strata is not None or psu is not None:
        exprs.append(nw.col(strata).alias("_h") if strata else nw.lit("1").alias("_h"))
        exprs.append(
            nw.col(psu).alias("_p") if psu else nw.col(sources.ROW_ID).cast(nw.String).alias("_p")
        )
    if fpc is not None:
        exprs.append(nw.col(fpc).cast(f64).alias("_fpc"))
    if decile is not None:
        exprs.append(nw.col(decile).cast(f64).alias("_dec"))
    exprs += [nw.col(c) for c in by]
    if sources.ROW_ID in lf.collect_schema().names():
        exprs.append(nw.col(sources.ROW_ID))
    return lf.select(*exprs)


def _not_finite(col: str) -> nw.Expr:
    # NaN compares false with everything on every engine; missing is checked apart
    c = nw.col(col)
    return ~(c.abs() < float("inf"))


Check = tuple[nw.Expr, str, str]
"""A bad-record condition, the column it names and the rule broken."""


def _checks(indicators: list[Indicator], cols: _Columns) -> list[Check]:
    welfare, weight, size, strata, psu = cols.welfare, cols.weight, cols.size, cols.strata, cols.psu
    fpc, decile = cols.fpc, cols.decile
    checks: list[Check] = [
        (
            nw.col("_y").is_null() | _not_finite("_y") | (nw.col("_y") <= 0),
            welfare,
            "must hold a positive per-capita expenditure for every person (the welfare "
            "weight divides by it)",
        ),
        (
            nw.col("_wraw").is_null() | _not_finite("_wraw") | (nw.col("_wraw") < 0),
            weight,
            "must hold a finite, non-negative weight for every person",
        ),
    ]
    if size is not None:
        checks.append(
            (
                nw.col("_size").is_null() | _not_finite("_size") | (nw.col("_size") < 0),
                size,
                "must hold a finite, non-negative household size",
            )
        )
    if fpc is not None:
        checks.append(
            (nw.col("_fpc").is_null() | _not_finite("_fpc"), fpc, "must be a finite number")
        )
    if decile is not None:
        d = nw.col("_dec")
        checks.append(
            (
                d.is_null() | ~((d >= 1) & (d <= 10) & (d.round(0) == d)),
                decile,
                "must hold a welfare decile from 1 to 10 for every person",
            )
        )
    for col, label in (("_h", strata), ("_p", psu)):
        if label is not None:
            checks.append((nw.col(col).is_null(), label, "has missing values"))
    for i, ind in enumerate(indicators):
        s = nw.col(f"_s{i}")
        checks.append(
            (
                ~(s.is_null() | (s == 0) | (s == 1)),
                ind.column,
                f"({ind.code}) must be 1 (achieved), 0 (not achieved) or empty (outside "
                "the reference population)",
            )
        )
    return checks


def _validate(
    prep: nw.LazyFrame[Any],
    checks: list[Check],
    numbered: Callable[[], nw.LazyFrame[Any]],
) -> None:
    """Counts every kind of bad value in one pass; when one is found its first rows are
    looked up in ``numbered()``, the same records with their numbers. The message names
    the column, the rule and the first records."""
    counts = (
        prep.select(
            *(
                nw.when(expr).then(nw.lit(1)).otherwise(nw.lit(0)).sum().alias(f"c{k}")
                for k, (expr, _, _) in enumerate(checks)
            ),
            nw.len().alias("records"),
        )
        .collect("polars")
        .to_native()
    )
    if not counts["records"][0]:
        raise InputError("the input has no records")
    for k, (expr, label, rule) in enumerate(checks):
        count = int(counts[f"c{k}"][0] or 0)
        if not count:
            continue
        rows = (
            numbered()
            .filter(expr)
            .select(sources.ROW_ID)
            .sort(sources.ROW_ID)
            .head(5)
            .collect("polars")
            .to_native()[sources.ROW_ID]
            .to_list()
        )
        raise InputError(f"column {label!r} {rule}: {count} record(s)", column=label, rows=rows)


def _aggregate(
    prep: nw.LazyFrame[Any],
    indicators: list[Indicator],
    keys: list[str],
    restrict: nw.Expr | None = None,
    checks: list[Check] | None = None,
) -> dict[str, AnyArray]:
    """Weighted totals per (finest group, stratum, PSU): records, N, Y, and per indicator
    the persons with a status, N_S, X and Q, as NumPy columns (missing totals are 0). A
    missing status makes each product missing, which a sum skips: the reference population
    needs no condition of its own. ``restrict`` keeps only the records it holds true for in
    the reference populations. With ``checks``, ``_bad`` counts the records breaking any of
    them (the totals are then meaningless and :func:`_validate` says why)."""
    y, w = nw.col("_y"), nw.col("_w")
    aggs = [
        nw.len().alias("_n"),
        w.sum().alias("w"),
        (w * y).sum().alias("wy"),
    ]
    if checks:
        bad = checks[0][0]
        for expr, _, _ in checks[1:]:
            bad = bad | expr
        aggs.append(nw.when(bad).then(nw.lit(1)).otherwise(nw.lit(0)).sum().alias("_bad"))
    wq = nw.col("_wq")
    for i in range(len(indicators)):
        s = nw.col(f"_s{i}")
        if restrict is not None:
            s = nw.when(restrict).then(s)
        aggs += [
            s.count().alias(f"n_{i}"),
            nw.when(~s.is_null()).then(w).sum().alias(f"ns_{i}"),  # w where known
            (w * s).sum().alias(f"x_{i}"),
            (wq * (1.0 - s)).sum().alias(f"q_{i}"),
        ]
    staged = prep.with_columns((w / y).alias("_wq"))
    out = staged.group_by(*keys).agg(*aggs) if keys else staged.select(*aggs)
    # NumPy straight from the engine (DuckDB's fetchnumpy): no Arrow or Polars copy
    result = collect_columns(out)
    keys_set = set(keys)
    return {
        c: v if c in keys_set or v.dtype.kind != "f" else np.nan_to_num(v, nan=0.0)
        for c, v in result.items()
    }
