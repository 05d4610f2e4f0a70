"""Invariances every measure must respect, checked on random data (hypothesis)."""

from __future__ import annotations

import math

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sepakat.analytics import poverty_measures

POINT = [
    "fgt0",
    "fgt1",
    "fgt2",
    "watts",
    "sen",
    "sst",
    "gini",
    "theil",
    "mld",
    "ge2",
    "atkinson0.5",
    "mean",
    "palma",
]
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

welfare = st.floats(min_value=1.0, max_value=1e6, allow_nan=False, allow_infinity=False)
weight = st.floats(min_value=0.5, max_value=1000.0, allow_nan=False, allow_infinity=False)


@st.composite
def surveys(draw: st.DrawFn) -> pl.DataFrame:
    n = draw(st.integers(min_value=2, max_value=40))
    ys = draw(st.lists(welfare, min_size=n, max_size=n))
    ws = draw(st.lists(weight, min_size=n, max_size=n))
    groups = draw(st.lists(st.sampled_from(["a", "b"]), min_size=n, max_size=n))
    return pl.DataFrame({"y": ys, "w": ws, "g": groups})


def estimates(
    df: pl.DataFrame, line: float, gini: str = "laeken", measures: list[str] = POINT
) -> dict[tuple[str | None, str], float]:
    res = poverty_measures(
        df,
        welfare="y",
        weight="w",
        line=line,
        by=["g"],
        measures=measures,
        gini=gini,
        engine="polars",
    )
    return {(r["g"], r["measure"]): r["estimate"] for r in res.iter_rows(named=True)}


def same(
    a: dict[tuple[str | None, str], float],
    b: dict[tuple[str | None, str], float],
    rel: float = 1e-9,
) -> None:
    assert a.keys() == b.keys()
    for k in a:
        x, y = a[k], b[k]
        if x is None or y is None or (isinstance(x, float) and math.isnan(x)):
            assert (x is None or math.isnan(x)) == (y is None or math.isnan(y)), k
            continue
        assert x == pytest.approx(y, rel=rel, abs=1e-12), k


@SETTINGS
@given(df=surveys(), line=welfare)
def test_it_is_invariant_to_duplicating_every_record(df: pl.DataFrame, line: float) -> None:
    same(estimates(df, line), estimates(pl.concat([df, df]), line))


@SETTINGS
@given(df=surveys(), line=welfare, factor=st.floats(min_value=0.01, max_value=100.0))
def test_it_is_invariant_to_scaling_welfare_and_line(
    df: pl.DataFrame, line: float, factor: float
) -> None:
    scaled = df.with_columns(pl.col("y") * factor)
    a = estimates(df, line, "convey")
    b = estimates(scaled, line * factor, "convey")
    for k in a:
        if k[1] == "mean":
            a[k] = a[k] * factor
    same(a, b, rel=1e-7)


@SETTINGS
@given(df=surveys(), line=welfare, seed=st.integers(0, 2**16))
def test_it_is_invariant_to_row_order(df: pl.DataFrame, line: float, seed: int) -> None:
    measures = [*POINT, "median", "qsr", "q0.3"]
    shuffled = df.sample(fraction=1.0, shuffle=True, seed=seed)
    same(estimates(df, line, "convey", measures), estimates(shuffled, line, "convey", measures))


@SETTINGS
@given(df=surveys(), a=welfare, b=welfare)
def test_fgt_is_monotone_in_the_line(df: pl.DataFrame, a: float, b: float) -> None:
    low, high = sorted((a, b))
    lo = estimates(df, low, measures=["fgt0", "fgt1", "fgt2"])
    hi = estimates(df, high, measures=["fgt0", "fgt1", "fgt2"])
    for k in lo:
        assert lo[k] <= hi[k] + 1e-12, k


@SETTINGS
@given(df=surveys())
def test_gini_lies_in_zero_one(df: pl.DataFrame) -> None:
    # convey's formula subtracts 1 per record: it assumes expansion weights (>= 1)
    expansion = df.with_columns(pl.col("w").clip(lower_bound=1.0))
    for formula, data in (("convey", expansion), ("laeken", df)):
        res = poverty_measures(
            data, welfare="y", weight="w", measures=["gini"], gini=formula, engine="polars"
        )
        for g in res["estimate"].to_list():
            assert -1e-12 <= g < 1.0
