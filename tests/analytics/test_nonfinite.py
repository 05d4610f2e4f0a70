"""NaN and infinities never turn into numbers: every engine refuses them, naming the column.

A NaN weight used to give a Gini of 0.0005 instead of 0.37, a NaN welfare or line counted
the record as not poor, an infinite weight gave FGT0 = 1 and 1.8e308 poor people. Now any
non-finite cell in welfare, weight, size, line, fpc, or a numeric stratum or PSU, is an
``InputError`` naming that column and its first rows (pandas holds a missing number as NaN,
so there a NaN is reported as missing: still refused, still that column).
"""

from __future__ import annotations

import math
import tempfile
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sepakat.analytics import InputError, poverty_measures

N = 12
COLUMNS = {
    "welfare": "y",
    "weight": "w",
    "size": "m",
    "line": "z",
    "fpc": "f",
    "strata": "h",
    "psu": "p",
}
NONFINITE = [math.nan, math.inf, -math.inf]
# How programs write them in a CSV; every engine reads some of them as numbers.
SPELLINGS = ["NaN", "nan", "inf", "-inf", "Inf", "-Inf", "Infinity", "-Infinity", "INF"]


def survey() -> pl.DataFrame:
    """Two strata of three PSUs, two households each; strata and PSUs are numbers, as in a
    Stata or Parquet file."""
    return pl.DataFrame(
        {
            "y": [90.0, 120.0, 150.0, 200.0, 80.0, 300.0, 95.0, 130.0, 170.0, 60.0, 210.0, 110.0],
            "w": [10.0, 12.0, 8.0, 9.0, 11.0, 7.0, 10.0, 9.5, 8.5, 12.0, 6.0, 10.0],
            "m": [4.0, 3.0, 5.0, 2.0, 6.0, 3.0, 4.0, 4.0, 2.0, 5.0, 3.0, 4.0],
            "z": [140.0] * 6 + [125.0] * 6,
            "f": [0.01] * N,
            "h": [1.0] * 6 + [2.0] * 6,
            "p": [1.0, 1.0, 2.0, 2.0, 3.0, 3.0, 4.0, 4.0, 5.0, 5.0, 6.0, 6.0],
            "kab": ["32.01"] * 6 + ["32.10"] * 6,
        }
    )


def run(data: object, engine: str, spark: Any = None) -> pl.DataFrame:
    return poverty_measures(
        data,
        welfare="y",
        weight="w",
        size="m",
        line_col="z",
        fpc="f",
        strata="h",
        psu="p",
        by=["kab"],
        measures=["fgt0", "poor_count", "gini", "mean"],
        engine=engine,
        spark=spark,
    )


def spark_of(engine: str, request: pytest.FixtureRequest) -> Any:
    return request.getfixturevalue("spark_session") if engine == "spark" else None


def examples(engine: str, local: int) -> settings:
    # a Spark job per example: a few are enough to show that Spark refuses as well; no
    # example database, so that nothing is written into the checkout
    return settings(
        max_examples=4 if engine == "spark" else local,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )


def test_a_clean_survey_gives_numbers_on_every_engine(
    engine: str, request: pytest.FixtureRequest
) -> None:
    result = run(survey(), engine, spark_of(engine, request))
    assert result["estimate"].is_finite().all() and result["se"].is_finite().all()


def test_any_non_finite_cell_is_refused_naming_its_column(
    engine: str, request: pytest.FixtureRequest
) -> None:
    spark = spark_of(engine, request)

    @examples(engine, local=30)
    @given(
        role=st.sampled_from(sorted(COLUMNS)),
        value=st.sampled_from(NONFINITE),
        rows=st.sets(st.integers(0, N - 1), min_size=1, max_size=3),
    )
    def check(role: str, value: float, rows: set[int]) -> None:
        column = COLUMNS[role]
        cells = survey()[column].to_list()
        for r in rows:
            cells[r] = value
        data = survey().with_columns(pl.Series(column, cells, dtype=pl.Float64))
        with pytest.raises(InputError) as exc:
            run(data, engine, spark)
        assert exc.value.column == column
        assert "\n" not in str(exc.value)
        if engine != "spark":  # Spark numbers rows by partition, not in file order
            assert exc.value.rows[0] == min(rows) + 1

    check()


def test_non_finite_spellings_in_a_csv_are_refused(
    engine: str, request: pytest.FixtureRequest
) -> None:
    spark = spark_of(engine, request)

    @examples(engine, local=25)
    @given(
        role=st.sampled_from(["welfare", "weight", "size", "line", "fpc"]),
        spelling=st.sampled_from(SPELLINGS),
        row=st.integers(0, N - 1),
    )
    def check(role: str, spelling: str, row: int) -> None:
        column = COLUMNS[role]
        data = survey().with_columns(pl.col(column).cast(pl.Utf8))
        cells = data[column].to_list()
        cells[row] = spelling
        data = data.with_columns(pl.Series(column, cells))
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "survey.csv"
            data.write_csv(path)
            with pytest.raises(InputError) as exc:
                run(path, engine, spark)
        assert exc.value.column == column
        if engine != "spark":
            assert exc.value.rows == [row + 1]

    check()


def test_a_numeric_stratum_or_psu_read_from_parquet_must_be_finite(
    engine: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    for column in ("h", "p"):
        path = tmp_path / f"nan_{column}.parquet"
        cells = survey()[column].to_list()
        cells[7] = math.nan
        survey().with_columns(pl.Series(column, cells)).write_parquet(path)
        with pytest.raises(InputError) as exc:
            run(path, engine, spark_of(engine, request))
        assert exc.value.column == column


def test_a_text_stratum_or_psu_labelled_nan_is_a_label(
    engine: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """In a CSV, strata and PSUs are labels on every engine: a PSU called ``NaN`` is a PSU
    like ``X``, and gives the same figures."""
    spark = spark_of(engine, request)
    results = []
    for label in ("NaN", "X"):
        data = survey().with_columns(
            pl.when(pl.int_range(pl.len()) >= 10)
            .then(pl.lit(label))
            .otherwise(pl.col("p").cast(pl.Int64).cast(pl.Utf8))
            .alias("p"),
            pl.when(pl.int_range(pl.len()) >= 6)
            .then(pl.lit(label))
            .otherwise(pl.col("h").cast(pl.Int64).cast(pl.Utf8))
            .alias("h"),
        )
        path = tmp_path / f"{label}.csv"
        data.write_csv(path)
        results.append(run(path, engine, spark).sort("kab", "measure", nulls_last=True))
    nan_label, x_label = results
    assert nan_label.drop("se", "ci_low", "ci_high", "cv", "cv_flag").equals(
        x_label.drop("se", "ci_low", "ci_high", "cv", "cv_flag")
    )
    assert nan_label["se"].is_finite().all()
    for a, b in zip(nan_label["se"].to_list(), x_label["se"].to_list(), strict=True):
        assert a == pytest.approx(b, rel=1e-12)


def test_a_missing_household_size_is_blamed_on_the_size_column(engine: str, request) -> None:
    data = survey().with_columns(
        pl.when(pl.int_range(pl.len()) == 4).then(None).otherwise(pl.col("m")).alias("m")
    )
    with pytest.raises(InputError, match="'m' has missing") as exc:
        run(data, engine, spark_of(engine, request))
    assert exc.value.column == "m"


@pytest.mark.parametrize("line", [math.nan, math.inf, -math.inf, 0.0])
def test_a_poverty_line_given_as_a_number_must_be_positive_and_finite(line: float) -> None:
    with pytest.raises(InputError, match="poverty line must be a positive number"):
        poverty_measures(survey(), welfare="y", weight="w", line=line, measures=["fgt0"])


def test_huge_but_finite_values_are_computed_not_refused(
    engine: str, request: pytest.FixtureRequest
) -> None:
    """The main query screens records with one sum of their numbers; a sum that overflows
    only makes the detailed checks run, which find nothing wrong."""
    data = pl.DataFrame({"y": [1.5e308, 1.0e308], "w": [1.0, 1.0], "z": [1.7e308, 1.7e308]})
    result = poverty_measures(
        data,
        welfare="y",
        weight="w",
        line_col="z",
        measures=["fgt0", "poor_count"],
        engine=engine,
        spark=spark_of(engine, request),
    )
    assert result["estimate"].to_list() == [1.0, 2.0]
