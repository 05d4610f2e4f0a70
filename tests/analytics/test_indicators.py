"""Indicator-table analyses: trend, comparison, rank, quadrant, relevance, correlation."""

from __future__ import annotations

import polars as pl
import pytest

from sepakat.analytics import (
    InputError,
    compare,
    correlation,
    quadrant,
    rank,
    relevance_effectiveness,
    trend,
)

POLARITY = {"p0": -1, "school": 1}


@pytest.fixture
def table() -> pl.DataFrame:
    rows = []
    p0 = {
        "00": [10.0, 9.5, 9.0],
        "32": [8.0, 7.0, 6.5],
        "32.01": [12.0, 11.0, 9.0],
        "32.02": [6.0, 6.5, 6.8],
        "32.03": [7.0, 6.0, 5.5],
    }
    school = {"00": 80.0, "32": 82.0, "32.01": 70.0, "32.02": 90.0, "32.03": 85.0}
    for region, values in p0.items():
        for year, v in zip((2021, 2022, 2023), values, strict=True):
            rows.append({"region": region, "period": year, "indicator": "p0", "value": v})
        rows.append(
            {"region": region, "period": 2023, "indicator": "school", "value": school[region]}
        )
    return pl.DataFrame(rows)


def test_trend_respects_polarity_and_targets(table: pl.DataFrame) -> None:
    tr = trend(table, polarity=POLARITY, targets={"p0": (2026, 5.0)})
    r = tr.filter((pl.col("region") == "32.01") & (pl.col("indicator") == "p0")).row(0, named=True)
    assert r["annual_change"] == -2.0
    assert r["average_change"] == -1.5
    assert r["average_growth"] == pytest.approx((9 / 12) ** 0.5 - 1)
    assert r["improving"] is True
    assert r["distance_to_target"] == 4.0  # 4 points still to cut
    assert r["required_annual_change"] == pytest.approx(-4 / 3)
    worse = tr.filter((pl.col("region") == "32.02") & (pl.col("indicator") == "p0"))
    assert worse["improving"][0] is False


def test_compare_gives_gap_ratio_and_better_by_polarity(table: pl.DataFrame) -> None:
    cmp = compare(table, polarity=POLARITY).filter(
        (pl.col("period") == 2023) & (pl.col("indicator") == "p0")
    )
    r = cmp.filter(pl.col("region") == "32.03").row(0, named=True)
    assert r["parent"] == "32" and r["parent_value"] == 6.5 and r["nation_value"] == 9.0
    assert r["gap_parent"] == -1.0 and r["ratio_parent"] == pytest.approx(5.5 / 6.5)
    assert r["better_than_parent"] is True and r["better_than_nation"] is True


def test_rank_among_siblings(table: pl.DataFrame) -> None:
    rk = rank(table, polarity=POLARITY).filter(
        (pl.col("period") == 2023) & (pl.col("parent") == "32")
    )
    by_ind = {(r["indicator"], r["region"]): r["rank"] for r in rk.iter_rows(named=True)}
    assert by_ind[("p0", "32.03")] == 1 and by_ind[("p0", "32.01")] == 3
    assert by_ind[("school", "32.02")] == 1 and by_ind[("school", "32.01")] == 3
    assert set(rk["siblings"].to_list()) == {3}


def test_quadrant_splits_at_the_parent(table: pl.DataFrame) -> None:
    q = quadrant(table, polarity=POLARITY, x="p0", mode="level_change")
    r = q.filter(pl.col("region") == "32.01").row(0, named=True)
    assert (r["x_split"], r["y_split"]) == (6.5, -0.5)
    assert r["quadrant"] == 3 + 1  # x above (higher P0), y below (faster fall)
    assert r["label"] == "worse/better"
    q2 = quadrant(table, polarity=POLARITY, x="p0", y="school", mode="indicators")
    r2 = q2.filter(pl.col("region") == "32.02").row(0, named=True)
    assert r2["label"] == "worse/better" and r2["quadrant"] == 1


def test_relevance_and_effectiveness(table: pl.DataFrame) -> None:
    re = relevance_effectiveness(table, polarity=POLARITY, start=2021, end=2023)
    got = {
        r["region"]: (r["relevant"], r["effective"])
        for r in re.iter_rows(named=True)
        if r["indicator"] == "p0"
    }
    assert got["32.01"] == (True, True)  # falls, faster than the province
    assert got["32.02"] == (False, False)  # rises while the province falls
    assert got["32.03"] == (True, False)  # falls, slower than the province
    assert got["32"] == (True, True)  # province against the nation


def test_correlation_reports_both_methods(table: pl.DataFrame) -> None:
    c = correlation(
        table, x="p0", y="school", polarity=POLARITY, regions=["32.01", "32.02", "32.03", "32"]
    )
    assert c["method"].to_list() == ["pearson", "spearman"]
    assert c["n"].to_list() == [4, 4]
    assert c["r"][1] == pytest.approx(-0.4)
    assert c["aligned"][1] is True  # lower poverty goes with higher schooling
    assert 0.0 <= c["p_value"][0] <= 1.0


def test_it_requires_a_polarity_for_every_indicator(table: pl.DataFrame) -> None:
    with pytest.raises(InputError, match="no polarity"):
        trend(table, polarity={"p0": -1})
