r"""Analyses of indicator tables (region x period x indicator), as SEPAKAT's Analisis
Kemiskinan pages use them.

Input: a long table (any frame Narwhals reads) with columns ``region``, ``period``
(a year, numeric), ``indicator`` and ``value`` (other names through the ``columns``
argument). Tables are small, so the work is done in Polars.

Polarity
    Every analysis takes ``polarity``: a mapping indicator -> ``+1`` (higher is better,
    e.g. school enrolment), ``-1`` (lower is better, e.g. P0) or ``0`` (neutral: a
    description, not a performance, e.g. the poverty line, which rises with prices, or a
    sector's share of GRDP), or the name of a column holding it. Indicators not in the
    mapping raise an error: no silent default. A neutral indicator gets no judgement
    anywhere: ``improving``, ``better_than_*``, ``rank``, the quadrant ``label``,
    ``effective``, ``aligned`` and the distance to a target are null for it; its positions
    (``order``, ``quadrant``) and its direction of change are still given.
Kind
    ``kind`` (optional): a mapping indicator -> ``"rate"`` (a share, rate, average or per
    capita value), ``"index"``, ``"count"`` (people, households) or ``"money_total"``
    (rupiah), or the name of a column holding it; ``None`` treats every indicator as a
    rate. Counts and money totals grow with the size of the area, so they are never
    compared level-to-level with a larger area: for them ``better_than_*`` and ``rank``
    are null, :func:`compare` gives the ``share_of_parent`` and ``share_of_nation``
    (percent), :func:`quadrant` refuses them, and :func:`relevance_effectiveness` judges
    effectiveness on the relative change.
Parents
    ``parent``: a mapping region -> parent region, or ``None`` to derive it from dotted
    Kemendagri codes (``32.01`` -> ``32``; a province's parent is ``nation``).

Definitions
    * :func:`trend`: per region and indicator, first and last period and value, change
      over the last period (``annual_change``, per year), average annual change
      :math:`(x_T - x_0)/(T - 0)`, average growth :math:`(x_T/x_0)^{1/(T-0)} - 1`,
      ``improving`` (the last change goes the polarity's way) and, with ``targets``
      (indicator -> (year, value)), the distance ``target - last`` signed so that a
      positive number is still to be achieved, and the change per year still needed.
    * :func:`compare`: each region's value against its parent's and the nation's:
      ``gap = value - comparator``, ``ratio = value / comparator``, ``better`` by polarity.
    * :func:`rank`: rank among siblings (same parent), 1 = best by polarity (ties share the
      best rank, ``min`` method), with the number of siblings; ``order`` is the position by
      value alone, 1 = highest, for every indicator.
    * :func:`quadrant`: x against y (``mode="level_change"``: level against annual change
      of one indicator; ``mode="indicators"``: one indicator against another), axes split
      at the parent's values. Quadrant I: x and y above the split, II: x below and y above,
      III: both below, IV: x above and y below. ``label`` says it in terms of polarity
      (``better/better``, ``worse/better``...).
    * :func:`relevance_effectiveness` (terms from Bappenas's EKPD; the formulas are ours):
      between two periods, a region's trend is *relevant* when it goes the same way as
      its comparator's (both changes have the same sign), with a ``state`` that tells
      improving, worsening or unchanged on each side (both worsening is its own state),
      and *effective* when it improves faster than its comparator
      (:math:`\text{polarity}\times\Delta_{region} > \text{polarity}\times\Delta_{parent}`),
      or better than its own baseline, or reaches its target (``against``).
    * :func:`correlation`: across regions in one period, Pearson and Spearman coefficients
      with ``n`` and two-sided p-values (``scipy.stats``); ``aligned`` tells whether
      "better" in one goes with "better" in the other (sign of r x polarity_x x polarity_y).

>>> import polars as pl
>>> line = pl.DataFrame({"region": ["32", "32.01", "32.02"], "period": [2024] * 3,
...                      "indicator": ["gk"] * 3, "value": [500.0, 520.0, 480.0]})
>>> r = rank(line, polarity={"gk": 0}).filter(pl.col("parent") == "32").sort("region")
>>> r["rank"].to_list(), r["order"].to_list()
([None, None], [1, 2])
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, cast

import narwhals as nw
import polars as pl

from .errors import InputError

Polarity = Mapping[str, int] | str
Kind = Mapping[str, str] | str | None
KINDS = ("rate", "index", "count", "money_total")
# Kinds that add up over areas: a kab/kota's value is a part of its province's.
EXTENSIVE = ("count", "money_total")
Parent = Mapping[str, str] | Callable[[str], str | None] | None
NATION = "00"


def _table(data: object, columns: Mapping[str, str] | None) -> pl.DataFrame:
    names = {"region": "region", "period": "period", "indicator": "indicator", "value": "value"}
    names.update(columns or {})
    native: Any
    if isinstance(data, pl.DataFrame):  # already Polars: no round trip through Arrow
        native = data
    else:
        frame: Any = nw.from_native(cast(Any, data))
        if isinstance(frame, nw.LazyFrame):
            native = frame.collect("polars").to_native()
        else:
            native = pl.from_arrow(frame.to_arrow())
    missing = [v for v in names.values() if v not in native.columns]
    if missing:
        raise InputError(f"indicator table lacks column(s) {missing}; it has {native.columns}")
    keep = [pl.col(names[k]).alias(k) for k in names]
    extra = [c for c in native.columns if c not in names.values()]
    out: pl.DataFrame = native.select(*keep, *extra).with_columns(
        pl.col("region").cast(pl.Utf8),
        pl.col("indicator").cast(pl.Utf8),
        pl.col("value").cast(pl.Float64),
        pl.col("period").cast(pl.Float64),
    )
    return out


def kemendagri_parent(code: str, nation: str = NATION) -> str | None:
    """Parent of a dotted Kemendagri code: ``32.01.01`` -> ``32.01``, ``32`` -> nation."""
    if code == nation:
        return None
    return code.rsplit(".", 1)[0] if "." in code else nation


def _with_polarity(df: pl.DataFrame, polarity: Polarity) -> pl.DataFrame:
    if isinstance(polarity, str):
        if polarity not in df.columns:
            raise InputError(f"polarity column {polarity!r} not in the table")
        df = df.with_columns(pl.col(polarity).cast(pl.Int64).alias("_pol"))
    else:
        missing = sorted(set(df["indicator"].unique().to_list()) - set(polarity))
        if missing:
            raise InputError(f"no polarity given for indicator(s) {missing}")
        df = df.with_columns(
            pl.col("indicator").replace_strict(dict(polarity), return_dtype=pl.Int64).alias("_pol")
        )
    bad = df.filter(~pl.col("_pol").is_in([1, -1, 0]))
    if bad.height:
        raise InputError(f"polarity must be +1, -1 or 0 (indicator {bad['indicator'][0]!r})")
    return df


def _judged(condition: pl.Expr, polarity: str = "_pol") -> pl.Expr:
    """``condition`` where the polarity judges, null for a neutral indicator."""
    return pl.when(pl.col(polarity) != 0).then(condition)


def _with_kind(df: pl.DataFrame, kind: Kind) -> pl.DataFrame:
    """Adds ``_ext``: True for counts and money totals."""
    if kind is None:
        df = df.with_columns(pl.lit("rate").alias("_kind"))
    elif isinstance(kind, str):
        if kind not in df.columns:
            raise InputError(f"kind column {kind!r} not in the table")
        df = df.with_columns(pl.col(kind).cast(pl.Utf8).alias("_kind"))
    else:
        missing = sorted(set(df["indicator"].unique().to_list()) - set(kind))
        if missing:
            raise InputError(f"no kind given for indicator(s) {missing}")
        df = df.with_columns(
            pl.col("indicator").replace_strict(dict(kind), return_dtype=pl.Utf8).alias("_kind")
        )
    bad = df.filter(~pl.col("_kind").is_in(KINDS))
    if bad.height:
        raise InputError(
            f"kind must be one of {KINDS} (indicator {bad['indicator'][0]!r}: {bad['_kind'][0]!r})"
        )
    return df.with_columns(pl.col("_kind").is_in(EXTENSIVE).alias("_ext")).drop("_kind")


def _with_parent(df: pl.DataFrame, parent: Parent, nation: str) -> pl.DataFrame:
    regions = df["region"].unique().to_list()
    if parent is None:
        mapping = {r: kemendagri_parent(r, nation) for r in regions}
    elif callable(parent):
        mapping = {r: parent(r) for r in regions}
    else:
        mapping = {r: parent.get(r) for r in regions}
    return df.with_columns(
        pl.col("region").replace_strict(mapping, default=None, return_dtype=pl.Utf8).alias("parent")
    )


def trend(
    data: object,
    *,
    polarity: Polarity,
    targets: Mapping[str, tuple[float, float]] | None = None,
    columns: Mapping[str, str] | None = None,
) -> pl.DataFrame:
    """Trend of each region's indicator (see the module docstring)."""
    df = _with_polarity(_table(data, columns), polarity).drop_nulls("value")
    df = df.sort("region", "indicator", "period")
    g = df.group_by("region", "indicator", maintain_order=True).agg(
        pl.col("_pol").first().alias("polarity"),
        pl.col("period").first().alias("first_period"),
        pl.col("value").first().alias("first_value"),
        pl.col("period").last().alias("last_period"),
        pl.col("value").last().alias("last_value"),
        pl.col("period").shift(1).last().alias("_prev_period"),
        pl.col("value").shift(1).last().alias("_prev_value"),
        pl.len().alias("n_periods"),
    )
    span = pl.col("last_period") - pl.col("first_period")
    last_step = pl.col("last_period") - pl.col("_prev_period")
    out = g.with_columns(
        pl.when(pl.col("n_periods") > 1)
        .then((pl.col("last_value") - pl.col("_prev_value")) / last_step)
        .alias("annual_change"),
        pl.when(span > 0)
        .then((pl.col("last_value") - pl.col("first_value")) / span)
        .alias("average_change"),
        pl.when((span > 0) & (pl.col("first_value") > 0) & (pl.col("last_value") > 0))
        .then((pl.col("last_value") / pl.col("first_value")) ** (1.0 / span) - 1.0)
        .alias("average_growth"),
    ).with_columns(
        _judged(pl.col("annual_change") * pl.col("polarity") > 0, "polarity").alias("improving"),
    )
    if targets:
        tgt = pl.DataFrame(
            {
                "indicator": list(targets),
                "target_period": [float(t[0]) for t in targets.values()],
                "target_value": [float(t[1]) for t in targets.values()],
            }
        )
        out = (
            out.join(tgt, on="indicator", how="left")
            .with_columns(
                # A neutral indicator has no side to reach: no distance, never "reached".
                _judged(
                    (pl.col("target_value") - pl.col("last_value")) * pl.col("polarity"),
                    "polarity",
                ).alias("distance_to_target")
            )
            .with_columns(
                pl.when(pl.col("target_period") > pl.col("last_period"))
                .then(
                    (pl.col("target_value") - pl.col("last_value"))
                    / (pl.col("target_period") - pl.col("last_period"))
                )
                .alias("required_annual_change"),
                (pl.col("distance_to_target") <= 0).alias("target_reached"),
            )
        )
    return out.drop("_prev_period", "_prev_value")


def compare(
    data: object,
    *,
    polarity: Polarity,
    kind: Kind = None,
    parent: Parent = None,
    nation: str = NATION,
    columns: Mapping[str, str] | None = None,
) -> pl.DataFrame:
    """Each region's value against its parent's and the nation's, per period.

    For a count or a money total ``better_than_*`` is null and ``share_of_*`` gives the
    region's part of the comparator, in percent."""
    df = _with_kind(_with_polarity(_table(data, columns), polarity), kind)
    df = _with_parent(df, parent, nation)
    values = df.select("region", "period", "indicator", "value")
    par = values.rename({"region": "parent", "value": "parent_value"})
    nat = values.filter(pl.col("region") == nation).select(
        "period", "indicator", pl.col("value").alias("nation_value")
    )
    out = df.join(par, on=["parent", "period", "indicator"], how="left").join(
        nat, on=["period", "indicator"], how="left"
    )
    for who in ("parent", "nation"):
        v = pl.col(f"{who}_value")
        out = out.with_columns(
            (pl.col("value") - v).alias(f"gap_{who}"),
            pl.when(v != 0).then(pl.col("value") / v).alias(f"ratio_{who}"),
            pl.when(~pl.col("_ext"))
            .then(_judged((pl.col("value") - v) * pl.col("_pol") > 0))
            .alias(f"better_than_{who}"),
            pl.when(pl.col("_ext") & (v != 0))
            .then(100.0 * pl.col("value") / v)
            .alias(f"share_of_{who}"),
        )
    return out.drop("_ext").rename({"_pol": "polarity"}).sort("indicator", "period", "region")


def rank(
    data: object,
    *,
    polarity: Polarity,
    kind: Kind = None,
    parent: Parent = None,
    nation: str = NATION,
    columns: Mapping[str, str] | None = None,
) -> pl.DataFrame:
    """Rank among siblings (regions with the same parent), 1 = best by polarity.

    ``rank`` is null for a neutral indicator (ordering poverty lines is not a league
    table) and for a count or money total (a large kab/kota has more poor people without
    doing worse). ``order`` (1 = highest value) is given for every indicator."""
    df = _with_kind(_with_polarity(_table(data, columns), polarity), kind)
    df = _with_parent(df, parent, nation)
    df = df.filter(pl.col("parent").is_not_null() & pl.col("value").is_not_null())
    keys = ["parent", "period", "indicator"]
    return (
        df.with_columns((pl.col("value") * pl.col("_pol")).alias("_score"))
        .with_columns(
            pl.when(~pl.col("_ext"))
            .then(_judged(pl.col("_score").rank("min", descending=True).over(keys)))
            .cast(pl.Int64)
            .alias("rank"),
            pl.col("value").rank("min", descending=True).over(keys).cast(pl.Int64).alias("order"),
            pl.len().over(keys).cast(pl.Int64).alias("siblings"),
        )
        .drop("_score", "_ext")
        .rename({"_pol": "polarity"})
        .sort(*keys, "rank", "order", nulls_last=True)
    )


def quadrant(
    data: object,
    *,
    polarity: Polarity,
    x: str,
    y: str | None = None,
    period: float | None = None,
    mode: str = "level_change",
    window: int | None = None,
    se: str | None = None,
    kind: Kind = None,
    parent: Parent = None,
    nation: str = NATION,
    columns: Mapping[str, str] | None = None,
) -> pl.DataFrame:
    r"""Quadrant of each region, axes split at its parent's values.

    ``mode="level_change"``: x = the level of indicator ``x`` in ``period`` (default: the
    latest), y = its annual change: over the last period, or with ``window`` (3 or 5) the
    average yearly change over the last ``window`` years, :math:`(x_T - x_s)/(T - s)`,
    ``s`` the earliest period in ``[T - window, T)`` (a gap shortens the span, never
    stretches it). One noisy year then moves a region across the axis less easily.
    With ``se`` (the name of a column of standard errors), ``y_significant`` tells whether
    the change :math:`x_T - x_s` exceeds :math:`1.96\sqrt{se_T^2 + se_s^2}` (null where
    either SE is missing). ``mode="indicators"``: x = indicator ``x``, y = indicator
    ``y``, both levels in ``period``. The split is each region's parent's point: pass
    ``parent=lambda r: nation`` to split at the nation instead. A count or money total
    cannot be split at its parent's value (the parent's is the sum of its parts): it
    raises :class:`InputError`; use its rate or per capita value.

    >>> t = pl.DataFrame({"region": ["32", "32", "32.01", "32.01"], "period": [2020, 2023] * 2,
    ...                   "indicator": ["p0"] * 4, "value": [10.0, 9.4, 12.0, 10.8]})
    >>> q = quadrant(t, polarity={"p0": -1}, x="p0", window=3)
    >>> q.select("region", pl.col("y", "y_split").round(2), "label").row(0)
    ('32.01', -0.4, -0.2, 'worse/better')
    """
    if window is not None and window < 1:
        raise InputError("window must be a positive number of years")
    table = _table(data, columns)
    if se is not None and se not in table.columns:
        raise InputError(f"standard error column {se!r} not in the table")
    df = _with_kind(_with_polarity(table, polarity), kind)
    extensive = set(df.filter(pl.col("_ext"))["indicator"].unique().to_list())
    used = {x} if mode == "level_change" else {x, y}
    if extensive & used:
        raise InputError(
            f"{sorted(extensive & used)} count(s) or money total(s): a region's level is "
            "not comparable with its parent's; use a rate or a per capita value"
        )
    df = _with_parent(df.drop("_ext"), parent, nation)
    sig: pl.DataFrame | None = None
    if mode == "level_change" and window is not None:
        pts, sig = _windowed_change(df, x=x, period=period, window=window, se=se)
    elif mode == "level_change":
        tr = trend(df.select("region", "period", "indicator", "value", "_pol"), polarity="_pol")
        sub = tr.filter(pl.col("indicator") == x)
        if period is not None:
            sub = sub.filter(pl.col("last_period") == period)
        pts = sub.select(
            "region",
            pl.col("last_value").alias("x"),
            pl.col("annual_change").alias("y"),
            pl.col("polarity").alias("px"),
            pl.col("polarity").alias("py"),
        )
        if se is not None:
            _pts, sig = _windowed_change(df, x=x, period=period, window=1, se=se, last_step=True)
    elif mode == "indicators":
        if y is None:
            raise InputError("mode='indicators' needs y=")
        when = period if period is not None else df["period"].max()
        cur = df.filter(pl.col("period") == when)
        a = cur.filter(pl.col("indicator") == x).select(
            "region", pl.col("value").alias("x"), pl.col("_pol").alias("px")
        )
        b = cur.filter(pl.col("indicator") == y).select(
            "region", pl.col("value").alias("y"), pl.col("_pol").alias("py")
        )
        pts = a.join(b, on="region", how="inner")
    else:
        raise InputError("mode must be 'level_change' or 'indicators'")
    parents = df.select("region", "parent").unique()
    pts = pts.join(parents, on="region", how="left")
    split = pts.select(
        pl.col("region").alias("parent"), pl.col("x").alias("x_split"), pl.col("y").alias("y_split")
    )
    out = pts.join(split, on="parent", how="left").filter(pl.col("x_split").is_not_null())
    hx = pl.col("x") >= pl.col("x_split")
    hy = pl.col("y") >= pl.col("y_split")
    out = out.with_columns(
        pl.when(hx & hy)
        .then(1)
        .when(~hx & hy)
        .then(2)
        .when(~hx & ~hy)
        .then(3)
        .otherwise(4)
        .alias("quadrant"),
        pl.when((pl.col("x") - pl.col("x_split")) * pl.col("px") >= 0)
        .then(pl.lit("better"))
        .otherwise(pl.lit("worse"))
        .alias("_lx"),
        pl.when((pl.col("y") - pl.col("y_split")) * pl.col("py") >= 0)
        .then(pl.lit("better"))
        .otherwise(pl.lit("worse"))
        .alias("_ly"),
    ).with_columns(
        # The quadrant is a position; "better/worse" needs a polarity on both axes.
        pl.when((pl.col("px") != 0) & (pl.col("py") != 0))
        .then(pl.concat_str("_lx", pl.lit("/"), "_ly"))
        .alias("label")
    )
    if sig is not None:
        out = out.join(sig, on="region", how="left")
    else:
        out = out.with_columns(pl.lit(None, dtype=pl.Boolean).alias("y_significant"))
    return out.select(
        "region", "parent", "x", "y", "x_split", "y_split", "quadrant", "label", "y_significant"
    ).sort("quadrant", "region")


def _windowed_change(
    df: pl.DataFrame,
    *,
    x: str,
    period: float | None,
    window: int,
    se: str | None,
    last_step: bool = False,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(points with the average yearly change over ``window`` years, significance).

    ``last_step``: the change from the previous period present instead (for the
    significance of the one-period change)."""
    sub = df.filter(pl.col("indicator") == x).drop_nulls("value")
    end = sub.group_by("region").agg(pl.col("period").max().alias("_end"))
    if period is not None:
        end = end.with_columns(pl.lit(float(period)).alias("_end"))
    cols = ["region", "period", "value", "_pol"] + ([se] if se else [])
    rows = sub.select(cols).join(end, on="region")
    last = rows.filter(pl.col("period") == pl.col("_end"))
    if last_step:
        before = rows.filter(pl.col("period") < pl.col("_end"))
        first = before.sort("period").group_by("region").last()
    else:
        before = rows.filter(
            (pl.col("period") < pl.col("_end")) & (pl.col("period") >= pl.col("_end") - window)
        )
        first = before.sort("period").group_by("region").first()
    first = first.select(
        "region",
        pl.col("period").alias("_start"),
        pl.col("value").alias("_start_value"),
        *([pl.col(se).alias("_start_se")] if se else []),
    )
    both = last.join(first, on="region", how="left")
    change = pl.col("value") - pl.col("_start_value")
    pts = both.select(
        "region",
        pl.col("value").alias("x"),
        (change / (pl.col("_end") - pl.col("_start"))).alias("y"),
        pl.col("_pol").alias("px"),
        pl.col("_pol").alias("py"),
    )
    if se:
        bound = 1.96 * (pl.col(se) ** 2 + pl.col("_start_se") ** 2).sqrt()
        sig = both.select(
            "region",
            pl.when(pl.col(se).is_not_null() & pl.col("_start_se").is_not_null())
            .then(change.abs() > bound)
            .alias("y_significant"),
        )
    else:
        sig = both.select("region", pl.lit(None, dtype=pl.Boolean).alias("y_significant"))
    return pts, sig


def relevance_effectiveness(
    data: object,
    *,
    polarity: Polarity,
    start: float,
    end: float,
    kind: Kind = None,
    parent: Parent = None,
    nation: str = NATION,
    against: str = "comparator",
    targets: Mapping[tuple[str, str], float] | None = None,
    columns: Mapping[str, str] | None = None,
) -> pl.DataFrame:
    r"""Relevance and effectiveness of each region between ``start`` and ``end``, after the
    relevance/effectiveness terms of Bappenas's yearly regional development performance
    evaluation (Evaluasi Kinerja Pembangunan Daerah, EKPD). The formulas below are
    SEPAKAT's own: no EKPD guideline stating them was found, so none is cited.

    The comparator is each region's parent (``parent=lambda r: nation`` compares with the
    nation). With :math:`\Delta = x_{end} - x_{start}` and polarity :math:`p`:

    * ``relevant``: :math:`\operatorname{sign}\Delta_{region} =
      \operatorname{sign}\Delta_{comparator}` (the same direction);
    * ``state``: ``"<region>/<comparator>"`` with each side ``improving``
      (:math:`p\Delta > 0`), ``worsening`` (:math:`p\Delta < 0`) or ``unchanged``
      (:math:`\Delta = 0`); for a neutral indicator ``up``, ``down`` or ``unchanged``.
      "Both worsening" is its own state: the same direction, but nothing to keep;
    * ``effective``, by ``against``: ``"comparator"`` :math:`p\Delta_{region} >
      p\Delta_{comparator}` (improved faster); ``"baseline"`` :math:`p\Delta_{region} > 0`
      (better than its own start); ``"target"``
      :math:`p(x_{end} - T) \ge 0` with :math:`T` from ``targets[(region, indicator)]``
      (null where no target is given), and ``target_progress`` :math:`= \Delta / (T -
      x_{start})` (share of the way covered).

    ``relative_change`` is ``change / start_value`` (null when the start is 0). A count or
    money total is compared on its relative change: a kab/kota's absolute change is a
    part of its province's, never comparable with it.

    >>> t = pl.DataFrame({"region": ["00", "00", "32", "32"], "period": [2020, 2024] * 2,
    ...                   "indicator": ["p0"] * 4, "value": [10.0, 10.5, 12.0, 12.6]})
    >>> relevance_effectiveness(t, polarity={"p0": -1}, start=2020, end=2024)["state"][0]
    'worsening/worsening'
    """
    if against not in ("comparator", "baseline", "target"):
        raise InputError("against must be 'comparator', 'baseline' or 'target'")
    df = _with_kind(_with_polarity(_table(data, columns), polarity), kind)
    df = _with_parent(df, parent, nation)
    a = df.filter(pl.col("period") == start).select(
        "region", "indicator", pl.col("value").alias("start_value")
    )
    b = df.filter(pl.col("period") == end).select(
        "region", "indicator", "parent", "_pol", "_ext", pl.col("value").alias("end_value")
    )
    ch = b.join(a, on=["region", "indicator"], how="inner").with_columns(
        (pl.col("end_value") - pl.col("start_value")).alias("change"),
        pl.when(pl.col("start_value") != 0)
        .then((pl.col("end_value") - pl.col("start_value")) / pl.col("start_value"))
        .alias("relative_change"),
    )
    par = ch.select(
        pl.col("region").alias("parent"),
        "indicator",
        pl.col("change").alias("parent_change"),
        pl.col("relative_change").alias("parent_relative_change"),
    )
    mine = pl.when(pl.col("_ext")).then(pl.col("relative_change")).otherwise(pl.col("change"))
    theirs = (
        pl.when(pl.col("_ext"))
        .then(pl.col("parent_relative_change"))
        .otherwise(pl.col("parent_change"))
    )
    out = ch.join(par, on=["parent", "indicator"], how="inner")
    if targets:
        tgt = pl.DataFrame(
            {
                "region": [k[0] for k in targets],
                "indicator": [k[1] for k in targets],
                "target": [float(v) for v in targets.values()],
            }
        )
        out = out.join(tgt, on=["region", "indicator"], how="left")
    else:
        out = out.with_columns(pl.lit(None, dtype=pl.Float64).alias("target"))
    if against == "comparator":
        effective = mine * pl.col("_pol") > theirs * pl.col("_pol")
    elif against == "baseline":
        effective = pl.col("change") * pl.col("_pol") > 0
    else:
        effective = (pl.col("end_value") - pl.col("target")) * pl.col("_pol") >= 0
    out = out.with_columns(
        (pl.col("change").sign() == pl.col("parent_change").sign()).alias("relevant"),
        _judged(effective).alias("effective"),
        pl.when(pl.col("target") != pl.col("start_value"))
        .then(pl.col("change") / (pl.col("target") - pl.col("start_value")))
        .alias("target_progress"),
        pl.concat_str(
            _side(pl.col("change"), pl.col("_pol")), pl.lit("/"), _side(theirs, pl.col("_pol"))
        ).alias("state"),
    )
    return (
        out.rename({"_pol": "polarity"})
        .select(
            "region",
            "parent",
            "indicator",
            "polarity",
            "start_value",
            "end_value",
            "change",
            "parent_change",
            "relative_change",
            "parent_relative_change",
            "relevant",
            "state",
            "effective",
            "target",
            "target_progress",
        )
        .sort("indicator", "region")
    )


def _side(change: pl.Expr, pol: pl.Expr) -> pl.Expr:
    """improving/worsening/unchanged by polarity; up/down/unchanged when neutral."""
    judged = change * pol
    return (
        pl.when(change == 0)
        .then(pl.lit("unchanged"))
        .when(pol == 0)
        .then(pl.when(change > 0).then(pl.lit("up")).otherwise(pl.lit("down")))
        .when(judged > 0)
        .then(pl.lit("improving"))
        .otherwise(pl.lit("worsening"))
    )


def correlation(
    data: object,
    *,
    x: str,
    y: str,
    polarity: Polarity,
    period: float | None = None,
    regions: list[str] | None = None,
    columns: Mapping[str, str] | None = None,
) -> pl.DataFrame:
    """Pearson and Spearman correlation of two indicators across regions in one period."""
    from scipy import stats

    df = _with_polarity(_table(data, columns), polarity)
    when = period if period is not None else df["period"].max()
    cur = df.filter(pl.col("period") == when)
    if regions is not None:
        cur = cur.filter(pl.col("region").is_in(regions))
    a = cur.filter(pl.col("indicator") == x).select(
        "region", pl.col("value").alias("x"), pl.col("_pol").alias("px")
    )
    b = cur.filter(pl.col("indicator") == y).select(
        "region", pl.col("value").alias("y"), pl.col("_pol").alias("py")
    )
    pts = a.join(b, on="region").drop_nulls(["x", "y"])
    n = pts.height
    if n < 3:
        raise InputError(f"correlation needs at least 3 regions with both indicators; got {n}")
    sign = int(pts["px"][0]) * int(pts["py"][0])
    rows = []
    for method in ("pearson", "spearman"):
        res = (stats.pearsonr if method == "pearson" else stats.spearmanr)(
            pts["x"].to_numpy(), pts["y"].to_numpy()
        )
        r = float(res.statistic)
        rows.append(
            {
                "x": x,
                "y": y,
                "period": float(str(when)),
                "method": method,
                "r": r,
                "n": n,
                "p_value": float(res.pvalue),
                # With a neutral indicator on either side, "better" has no meaning.
                "aligned": r * sign > 0 if sign != 0 else None,
            }
        )
    return pl.DataFrame(rows)
