"""Every accepted input gives the same numbers: frames of each library and each file type."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from sepakat.analytics import InputError, poverty_measures

DATA = pl.DataFrame(
    {
        "kab": ["32.01", "32.01", "32.10", "32.10", "32.10", "32.01"],
        "y": [100.0, 300.0, 120.0, 500.0, 90.0, 80.0],
        "w": [10.0, 20.0, 15.0, 5.0, 8.0, 12.0],
        "z": [150.0, 150.0, 140.0, 140.0, 140.0, 150.0],
    }
)
MEASURES = ["fgt0", "fgt1", "gini", "median", "mean"]


def _run(data: object, **kw: Any) -> pl.DataFrame:
    return poverty_measures(
        data, welfare="y", weight="w", line_col="z", by=["kab"], measures=MEASURES, **kw
    )


@pytest.fixture(scope="module")
def expected() -> pl.DataFrame:
    return _run(DATA)


@pytest.mark.parametrize(
    "make",
    [
        lambda: DATA.to_pandas(),
        lambda: DATA.lazy(),
        lambda: DATA.to_arrow(),
        lambda: duckdb.connect().from_arrow(DATA.to_arrow()),
    ],
    ids=["pandas", "polars-lazy", "pyarrow", "duckdb"],
)
def test_it_accepts_frames_of_each_library(make: Any, expected: pl.DataFrame) -> None:
    assert _run(make()).equals(expected)


def _write(fmt: str, path: Path) -> Path:
    if fmt == "csv":
        DATA.write_csv(path)
    elif fmt == "parquet":
        DATA.write_parquet(path)
    elif fmt == "dta":
        import pyreadstat

        pyreadstat.write_dta(DATA.to_pandas(), str(path))
    elif fmt == "sav":
        import pyreadstat

        pyreadstat.write_sav(DATA.to_pandas(), str(path))
    elif fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.append(DATA.columns)
        for row in DATA.rows():
            ws.append(list(row))
        wb.save(path)
    return path


@pytest.mark.parametrize("fmt", ["csv", "parquet", "dta", "sav", "xlsx"])
@pytest.mark.parametrize("engine", ["duckdb", "polars", "pandas"])
def test_it_reads_each_file_type(
    fmt: str, engine: str, tmp_path: Path, expected: pl.DataFrame
) -> None:
    path = _write(fmt, tmp_path / f"data.{fmt}")
    got = _run(path, engine=engine)
    assert got["kab"].to_list() == expected["kab"].to_list()
    for a, b in zip(got["estimate"].to_list(), expected["estimate"].to_list(), strict=True):
        assert a == pytest.approx(b, rel=1e-12)


def test_it_refuses_an_unknown_file_type(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    path.write_text("{}")
    with pytest.raises(InputError, match="unsupported file type"):
        _run(path)


def test_it_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        _run(tmp_path / "nope.csv")


def test_it_refuses_missing_values_naming_rows() -> None:
    bad = DATA.with_columns(
        pl.when(pl.int_range(pl.len()) == 3).then(None).otherwise(pl.col("y")).alias("y")
    )
    with pytest.raises(InputError, match=r"'y' has missing .* \(first rows: 4\)") as exc:
        _run(bad)
    assert exc.value.column == "y"
    assert exc.value.rows == [4]


def test_it_refuses_unknown_measures_and_missing_lines() -> None:
    with pytest.raises(InputError, match="unknown measure"):
        poverty_measures(DATA, welfare="y", weight="w", line=1, measures=["foo"])
    with pytest.raises(InputError, match="poverty line"):
        poverty_measures(DATA, welfare="y", weight="w", measures=["fgt0"])


def test_spark_frames_need_the_spark_engine() -> None:
    class FakeSpark:
        pass

    FakeSpark.__module__ = "pyspark.sql.dataframe"
    with pytest.raises(InputError, match="engine='spark'"):
        poverty_measures(FakeSpark(), welfare="y", weight="w", line=1, engine="duckdb")


def test_pandas_and_arrow_inputs_are_equivalent_on_every_engine(expected: pl.DataFrame) -> None:
    frame = pa.Table.from_pandas(pd.DataFrame(DATA.to_dict(as_series=False)))
    for engine in ("duckdb", "polars", "pandas"):
        got = _run(frame, engine=engine)
        for a, b in zip(got["estimate"].to_list(), expected["estimate"].to_list(), strict=True):
            assert a == pytest.approx(b, rel=1e-12)
