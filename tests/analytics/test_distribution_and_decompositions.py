"""Lorenz curve, shares, decile profiles and the decomposition identities."""

from __future__ import annotations

import itertools

import numpy as np
import polars as pl
import pytest

from sepakat.analytics import (
    decile_profile,
    fgt_by_subgroup,
    ge_decomposition,
    growth_incidence_curve,
    growth_redistribution,
    income_shares,
    lorenz_curve,
    poverty_measures,
    sectoral_decomposition,
)


@pytest.fixture(scope="module")
def survey() -> pl.DataFrame:
    rng = np.random.default_rng(3)
    n = 600
    return pl.DataFrame(
        {
            "y": np.exp(rng.normal(10, 0.6, n)),
            "w": rng.uniform(1, 50, n),
            "sector": rng.choice(["agri", "industry", "services"], n),
            "school": rng.integers(0, 2, n).astype(float),
        }
    )


@pytest.fixture(scope="module")
def later(survey: pl.DataFrame) -> pl.DataFrame:
    rng = np.random.default_rng(4)
    return survey.with_columns(
        (pl.col("y") * pl.Series(np.exp(rng.normal(0.08, 0.2, survey.height)))).alias("y")
    )


def test_lorenz_ends_at_zero_and_one_and_increases(survey: pl.DataFrame) -> None:
    curve = lorenz_curve(survey, welfare="y", weight="w")
    values = curve["lorenz"].to_list()
    assert values[0] == 0.0 and values[-1] == 1.0
    assert all(b >= a for a, b in itertools.pairwise(values))
    assert all(v <= p + 1e-12 for v, p in zip(values, curve["p"].to_list(), strict=True))


def test_shares_add_up_and_palma_matches(survey: pl.DataFrame) -> None:
    deciles = income_shares(survey, welfare="y", weight="w", groups=10)
    assert deciles["share"].sum() == pytest.approx(1.0)
    s = deciles["share"].to_list()
    palma = poverty_measures(survey, welfare="y", weight="w", measures=["palma"])
    assert palma["estimate"][0] == pytest.approx(s[9] / sum(s[:4]), rel=1e-12)


def test_decile_profile_covers_the_population(survey: pl.DataFrame) -> None:
    prof = decile_profile(survey, welfare="y", weight="w", indicators=["school"])
    assert prof["decile"].to_list() == list(range(1, 11))
    assert prof["population"].sum() == pytest.approx(survey["w"].sum())
    total = decile_profile(
        survey, welfare="y", weight="w", indicators=["school"], statistic="total"
    )
    assert total["estimate"].sum() == pytest.approx((survey["w"] * survey["school"]).sum())


def test_fgt_contributions_add_up_to_the_total(survey: pl.DataFrame) -> None:
    dec = fgt_by_subgroup(survey, welfare="y", weight="w", group="sector", line=15000.0)
    for measure in ("fgt0", "fgt1", "fgt2"):
        part = dec.filter((pl.col("measure") == measure) & pl.col("group").is_not_null())
        total = dec.filter((pl.col("measure") == measure) & pl.col("group").is_null())
        assert part["contribution"].sum() == pytest.approx(total["estimate"][0], rel=1e-12)
        assert part["poverty_share"].sum() == pytest.approx(1.0, rel=1e-12)


@pytest.mark.parametrize("alpha", [0.0, 1.0, 2.0, -1.0, 0.5])
def test_ge_within_plus_between_is_the_total(survey: pl.DataFrame, alpha: float) -> None:
    dec = ge_decomposition(survey, welfare="y", weight="w", group="sector", alpha=alpha)
    v = dict(zip(dec["component"].to_list(), dec["estimate"].to_list(), strict=True))
    assert v["within"] + v["between"] == pytest.approx(v["total"], rel=1e-10)


@pytest.mark.parametrize("method", ["shapley", "datt-ravallion"])
def test_growth_and_redistribution_add_up_to_the_change(
    survey: pl.DataFrame, later: pl.DataFrame, method: str
) -> None:
    dec = growth_redistribution(survey, later, welfare="y", weight="w", line=15000.0, method=method)
    for r in dec.iter_rows(named=True):
        assert r["growth"] + r["redistribution"] + r["residual"] == pytest.approx(r["change"])
        if method == "shapley":
            assert r["residual"] == pytest.approx(0.0, abs=1e-15)


def test_pure_growth_has_no_redistribution(survey: pl.DataFrame) -> None:
    richer = survey.with_columns(pl.col("y") * 1.1)
    dec = growth_redistribution(survey, richer, welfare="y", weight="w", line=15000.0)
    assert dec["redistribution"].abs().max() == pytest.approx(0.0, abs=1e-12)
    assert (dec["growth"] < 0).all()


@pytest.mark.parametrize("method", ["shapley", "datt-ravallion"])
def test_growth_redistribution_by_group_equals_each_group_alone(
    survey: pl.DataFrame, later: pl.DataFrame, method: str, engine: str
) -> None:
    # the groups grow at different rates, so each has its own means and rescaling
    later = later.with_columns(
        pl.when(pl.col("sector") == "agri").then(pl.col("y") * 0.9).otherwise(pl.col("y") * 1.2)
    )
    args = {"welfare": "y", "weight": "w", "line": 15000.0, "method": method, "engine": engine}
    dec = growth_redistribution(survey, later, by=["sector"], **args)
    assert dec.columns[:2] == ["sector", "measure"]
    assert dec.height == 3 * 3
    for r in dec.iter_rows(named=True):
        total = r["growth"] + r["redistribution"] + r["residual"]
        assert total == pytest.approx(r["change"], rel=1e-12, abs=1e-15)
        if method == "shapley":
            assert r["residual"] == pytest.approx(0.0, abs=1e-15)
    for sector in ("agri", "industry", "services"):
        alone = growth_redistribution(
            survey.filter(pl.col("sector") == sector),
            later.filter(pl.col("sector") == sector),
            **args,
        )
        got = dec.filter(pl.col("sector") == sector).drop("sector")
        assert got["measure"].to_list() == alone["measure"].to_list()
        for col in ("before", "after", "growth", "redistribution", "residual"):
            assert np.allclose(got[col].to_numpy(), alone[col].to_numpy(), rtol=1e-12, atol=1e-15)


def test_line_scale_by_group_on_two_columns(survey: pl.DataFrame, engine: str) -> None:
    data = survey.with_columns(pl.col("school").cast(pl.Int64).cast(pl.Utf8).alias("school"))
    if engine == "spark":
        from pyspark.sql import SparkSession

        session = SparkSession.getActiveSession()
        assert session is not None
        native: object = session.createDataFrame(data.to_pandas())
    else:
        native = data
    scales = {("agri", "1"): 1.5, ("services", "0"): 0.5}
    common = {"welfare": "y", "weight": "w", "line": 20000.0, "measures": ["fgt0"]}
    res = poverty_measures(
        native, by=["sector", "school"], grouping="none", line_scale=scales, engine=engine, **common
    )
    for row in res.iter_rows(named=True):
        key = (row["sector"], row["school"])
        part = data.filter((pl.col("sector") == key[0]) & (pl.col("school") == key[1]))
        alone = poverty_measures(part, line_scale=scales.get(key, 1.0), **common)
        assert row["estimate"] == pytest.approx(alone["estimate"][0], rel=1e-12)


def test_scaling_incomes_by_1_1_gives_a_flat_10_percent_gic(survey: pl.DataFrame) -> None:
    gic = growth_incidence_curve(
        survey, survey.with_columns(pl.col("y") * 1.1), welfare="y", weight="w"
    )
    assert np.allclose(gic["growth"].to_numpy(), 0.1, rtol=0, atol=1e-12)
    annual = growth_incidence_curve(
        survey, survey.with_columns(pl.col("y") * 1.21), welfare="y", weight="w", years=2
    )
    assert np.allclose(annual["growth"].to_numpy(), 0.1, atol=1e-12)


def test_huppi_ravallion_components_add_up_to_the_change(
    survey: pl.DataFrame, later: pl.DataFrame
) -> None:
    moved = later.with_columns(
        pl.when(pl.int_range(pl.len()) % 7 == 0)
        .then(pl.lit("services"))
        .otherwise(pl.col("sector"))
        .alias("sector")
    )
    dec = sectoral_decomposition(
        survey, moved, welfare="y", weight="w", sector="sector", line=15000.0
    )
    p1 = poverty_measures(survey, welfare="y", weight="w", line=15000.0, measures=["fgt0"])
    p2 = poverty_measures(moved, welfare="y", weight="w", line=15000.0, measures=["fgt0"])
    total = dec.filter(pl.col("sector").is_null())
    change = p2["estimate"][0] - p1["estimate"][0]
    assert total["contribution"][0] == pytest.approx(change, rel=1e-10)
