"""Docstring examples run, and the distribution tables agree across engines."""

from __future__ import annotations

import doctest
import importlib
from typing import Any

import numpy as np
import polars as pl
import pytest

from sepakat.analytics import decile_profile, income_shares, lorenz_curve


@pytest.mark.parametrize(
    "module", ["poverty", "measures", "indicators", "decompose", "priorities", "statuses"]
)
def test_docstring_examples_run(module: str) -> None:
    mod = importlib.import_module(f"sepakat.analytics.{module}")
    result = doctest.testmod(mod)
    assert result.failed == 0


@pytest.fixture(scope="module")
def households() -> pl.DataFrame:
    rng = np.random.default_rng(11)
    n = 300
    return pl.DataFrame(
        {
            "kab": rng.choice(["32.01", "32.10"], n),
            "y": np.exp(rng.normal(9, 0.5, n)),
            "w": rng.uniform(1, 9, n),
            "school": rng.integers(0, 2, n).astype(float),
        }
    )


def _native(df: pl.DataFrame, engine: str, spark: Any) -> Any:
    return spark.createDataFrame(df.to_pandas()) if engine == "spark" else df


def test_distribution_tables_agree_across_engines(
    households: pl.DataFrame, engine: str, request: pytest.FixtureRequest
) -> None:
    spark = request.getfixturevalue("spark_session") if engine == "spark" else None
    data = _native(households, engine, spark)
    args: dict[str, Any] = {"welfare": "y", "weight": "w", "engine": engine, "spark": spark}
    base: dict[str, Any] = {"welfare": "y", "weight": "w"}
    pairs = [
        (lorenz_curve(data, by=["kab"], **args), lorenz_curve(households, by=["kab"], **base)),
        (income_shares(data, by=["kab"], groups=5, **args),
         income_shares(households, by=["kab"], groups=5, **base)),
        (decile_profile(data, indicators=["school"], by=["kab"], **args),
         decile_profile(households, indicators=["school"], by=["kab"], **base)),
    ]  # fmt: skip
    for got, want in pairs:
        cols = [c for c in want.columns if want[c].dtype == pl.Float64]
        keys = [c for c in want.columns if c not in cols]
        got = got.sort(keys, nulls_last=True)
        want = want.sort(keys, nulls_last=True)
        assert got.select(keys).equals(want.select(keys))
        for c in cols:
            np.testing.assert_allclose(got[c].to_numpy(), want[c].to_numpy(), rtol=1e-9)
