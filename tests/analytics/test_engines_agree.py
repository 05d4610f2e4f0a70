"""One conformance suite: every engine gives DuckDB's numbers for every measure."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest

from sepakat.analytics import poverty_measures

ALL = [
    "fgt0", "fgt1", "fgt2", "fgt0.5", "poor_count", "watts", "sen", "sst", "gini", "theil",
    "mld", "ge2", "ge-1", "atkinson0.5", "atkinson1", "atkinson2", "qsr", "palma", "mean",
    "median", "q0.1", "q0.9",
]  # fmt: skip


def _run(path: Path, engine: str, spark: Any) -> pl.DataFrame:
    return poverty_measures(
        path,
        welfare="eqIncome",
        weight="rb050",
        size="hsize",
        strata="db040",
        psu="db030",
        line=12000.0,
        by=["db040", "rb090"],
        measures=ALL,
        nonpositive="drop",
        lonely_psu="adjust",
        engine=engine,
        spark=spark,
    ).sort("db040", "rb090", "measure", nulls_last=True)


@pytest.fixture(scope="module")
def duckdb_result(reference: Path) -> pl.DataFrame:
    return _run(reference / "survey" / "eusilc.csv", "duckdb", None)


def test_every_engine_agrees_with_duckdb(
    reference: Path, engine: str, request: pytest.FixtureRequest, duckdb_result: pl.DataFrame
) -> None:
    spark = request.getfixturevalue("spark_session") if engine == "spark" else None
    got = _run(reference / "survey" / "eusilc.csv", engine, spark)
    assert got.select("db040", "rb090", "measure", "n").equals(
        duckdb_result.select("db040", "rb090", "measure", "n")
    )
    for col in ("estimate", "se", "population"):
        for a, b, m in zip(
            got[col].to_list(),
            duckdb_result[col].to_list(),
            got["measure"].to_list(),
            strict=True,
        ):
            if a is None or b is None:
                assert a is None and b is None, (col, m)
            else:
                assert a == pytest.approx(b, rel=1e-9, abs=1e-13), (col, m)
    assert got.height == (1 + 9 + 18) * len(ALL)
