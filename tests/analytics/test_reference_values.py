"""Published values of R convey, laeken, World Bank PIP and the Haughton-Khandker handbook,
reproduced on every engine (points to a relative 1e-9, standard errors to 1e-7)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest

from sepakat.analytics import poverty_measures

from .conftest import published

CONVEY_NATION = {
    "fgt0": ("0.114440129199", "0.00267678716346"),
    "fgt1": ("0.0320854179633", "0.00105019040874"),
    "fgt2": ("0.0161893529593", "0.000735424342526"),
    "gini": ("0.264965166029", "0.00194698202054"),
}
CONVEY_BURGENLAND = {
    "fgt0": ("0.1393626977", "0.0151567101"),
    "gini": ("0.3223759225", "0.0132171701"),
}


def _value(res: pl.DataFrame, measure: str, column: str = "estimate", **keys: Any) -> float:
    rows = res.filter(pl.col("measure") == measure)
    for k, v in keys.items():
        rows = rows.filter(pl.col(k).is_null() if v is None else pl.col(k) == v)
    assert rows.height == 1, rows
    value = rows[column][0]
    assert value is not None
    return float(value)


def _assert_se(value: float, text: str) -> None:
    assert value == pytest.approx(float(text), rel=1e-7), (value, text)


@pytest.fixture
def eusilc_convey(reference: Path, engine: str, request: pytest.FixtureRequest) -> pl.DataFrame:
    spark = request.getfixturevalue("spark_session") if engine == "spark" else None
    return poverty_measures(
        reference / "survey" / "eusilc.csv",
        welfare="eqIncome",
        weight="rb050",
        strata="db040",
        psu="rb030",
        line=10000,
        poor_if="le",
        by=["db040"],
        measures=["fgt0", "fgt1", "fgt2", "gini", "median", "qsr"],
        engine=engine,
        spark=spark,
    )


def test_it_reproduces_convey_for_the_nation(eusilc_convey: pl.DataFrame) -> None:
    for measure, (point, se) in CONVEY_NATION.items():
        assert published(_value(eusilc_convey, measure, db040=None), point), measure
        _assert_se(_value(eusilc_convey, measure, "se", db040=None), se)


def test_it_reproduces_convey_for_the_burgenland_domain(eusilc_convey: pl.DataFrame) -> None:
    for measure, (point, se) in CONVEY_BURGENLAND.items():
        assert published(_value(eusilc_convey, measure, db040="Burgenland"), point), measure
        _assert_se(_value(eusilc_convey, measure, "se", db040="Burgenland"), se)


def test_it_reproduces_convey_quantile_and_qsr_standard_errors(
    eusilc_convey: pl.DataFrame,
) -> None:
    """convey 0.2.5 reference pages (linearised design): ``svyiqalpha(~eqincome, .50)``
    18099 (SE 84.394), ``svyarpt(~eqincome)`` 10859 (SE 50.636, i.e. 0.6 x the median's)
    and ``svyqsr(~eqincome)`` 3.97 (SE 0.0426), as printed."""
    median_se = _value(eusilc_convey, "median", "se", db040=None)
    assert published(_value(eusilc_convey, "median", db040=None), "18099")
    assert published(median_se, "84.394")
    assert published(0.6 * median_se, "50.636")
    assert published(_value(eusilc_convey, "qsr", db040=None), "3.97")
    assert published(_value(eusilc_convey, "qsr", "se", db040=None), "0.0426")


def test_it_reproduces_laeken_point_values(eusilc_convey: pl.DataFrame) -> None:
    median = _value(eusilc_convey, "median", db040=None)
    assert published(median, "18098.73")
    assert published(0.6 * median, "10859.24")
    assert published(_value(eusilc_convey, "qsr", db040=None), "3.970004")


def test_it_reproduces_laeken_gini_and_at_risk_rate(
    reference: Path, engine: str, request: pytest.FixtureRequest
) -> None:
    spark = request.getfixturevalue("spark_session") if engine == "spark" else None
    path = reference / "survey" / "eusilc.csv"
    common: dict[str, Any] = {
        "welfare": "eqIncome",
        "weight": "rb050",
        "engine": engine,
        "spark": spark,
    }
    gini = poverty_measures(path, measures=["gini", "median"], gini="laeken", **common)
    assert published(100 * _value(gini, "gini"), "26.48962")
    threshold = 0.6 * _value(gini, "median")
    arpr = poverty_measures(path, measures=["fgt0"], line=threshold, **common)
    assert published(100 * _value(arpr, "fgt0"), "14.44422")


def test_it_reproduces_pip_synthetic_survey(
    reference: Path, engine: str, request: pytest.FixtureRequest
) -> None:
    spark = request.getfixturevalue("spark_session") if engine == "spark" else None
    path = reference / "survey" / "synth_1.csv"
    line = pl.read_csv(path)["welfare"].mean()
    assert isinstance(line, float)
    assert published(line, "3617167.627451172")
    res = poverty_measures(
        path,
        welfare="welfare",
        weight="weight",
        line=line,
        measures=["fgt0", "fgt1", "fgt2", "watts", "mean", "gini"],
        gini="laeken",
        nonpositive="zero",
        engine=engine,
        spark=spark,
    )
    assert published(_value(res, "fgt0"), "0.7333513")
    assert published(_value(res, "fgt1"), "0.3957584")
    assert published(_value(res, "fgt2"), "0.2534849")
    assert published(_value(res, "watts"), "0.6899868")
    assert published(_value(res, "mean"), "3436146.13395")
    assert published(_value(res, "gini"), "0.514799878684")


def test_it_reproduces_the_handbook_example(engine: str, request: pytest.FixtureRequest) -> None:
    spark = request.getfixturevalue("spark_session") if engine == "spark" else None
    data = pl.DataFrame({"y": [100.0, 110.0, 150.0, 160.0], "w": [1.0, 1.0, 1.0, 1.0]})
    if engine == "spark":
        native: Any = spark.createDataFrame(data.to_pandas())
    else:
        native = data
    res = poverty_measures(
        native,
        welfare="y",
        weight="w",
        line=125,
        measures=["fgt0", "fgt1", "fgt2"],
        engine=engine,
        spark=spark,
    )
    assert _value(res, "fgt0") == pytest.approx(0.5, rel=1e-12)
    assert _value(res, "fgt1") == pytest.approx(0.08, rel=1e-12)
    assert _value(res, "fgt2") == pytest.approx(0.0136, rel=1e-12)
