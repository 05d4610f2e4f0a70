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


def test_the_quadrant_change_is_averaged_over_a_window(table: pl.DataFrame) -> None:
    q = quadrant(table, polarity=POLARITY, x="p0", window=2)
    r = q.filter(pl.col("region") == "32.01").row(0, named=True)
    # (9 - 12) / 2 years, against the province's (6.5 - 8) / 2.
    assert r["y"] == pytest.approx(-1.5) and r["y_split"] == pytest.approx(-0.75)
    assert r["label"] == "worse/better" and r["y_significant"] is None
    # A window longer than the data takes the first year there is: the span shortens.
    longer = quadrant(table, polarity=POLARITY, x="p0", window=5)
    assert longer.filter(pl.col("region") == "32.01")["y"][0] == pytest.approx(-1.5)
    with pytest.raises(InputError):
        quadrant(table, polarity=POLARITY, x="p0", window=0)


def test_a_change_within_its_standard_errors_is_marked_not_significant(
    table: pl.DataFrame,
) -> None:
    se = {"32.01": 0.3, "32.02": 0.9, "32.03": None, "32": 0.1, "00": 0.05}
    with_se = table.with_columns(
        pl.col("region").replace_strict(se, return_dtype=pl.Float64).alias("se")
    )
    q = quadrant(with_se, polarity=POLARITY, x="p0", window=2, se="se")
    sig = dict(q.select("region", "y_significant").iter_rows())
    assert sig["32.01"] is True  # 3 points against 1.96 x 0.42
    assert sig["32.02"] is False  # 0.8 points against 1.96 x 1.27
    assert sig["32.03"] is None  # no standard error: not judged
    last = quadrant(with_se, polarity=POLARITY, x="p0", se="se")
    # The one-year change 6.5 -> 6.8 of 32.02 is within its errors too.
    assert dict(last.select("region", "y_significant").iter_rows())["32.02"] is False


def test_the_quadrant_can_be_split_at_the_nation(table: pl.DataFrame) -> None:
    q = quadrant(table, polarity=POLARITY, x="p0", parent=lambda r: "00" if r != "00" else None)
    r = q.filter(pl.col("region") == "32.02").row(0, named=True)
    assert (r["x_split"], r["y_split"]) == (9.0, -0.5)
    # Below the nation's P0 (better), but rising while the nation falls (worse).
    assert r["quadrant"] == 2 and r["label"] == "better/worse"


def test_relevance_states_tell_both_worsening_apart(table: pl.DataFrame) -> None:
    nation = {"00": [10.0, 10.2, 10.4]}  # the nation worsens
    rows = table.filter(~((pl.col("region") == "00") & (pl.col("indicator") == "p0")))
    rising = pl.DataFrame(
        {
            "region": ["00"] * 3,
            "period": [2021, 2022, 2023],
            "indicator": ["p0"] * 3,
            "value": nation["00"],
        }
    )
    data = pl.concat([rows, rising.cast(rows.schema)])  # type: ignore[arg-type]
    to_nation = relevance_effectiveness(
        data, polarity=POLARITY, start=2021, end=2023, parent=lambda r: "00"
    ).filter(pl.col("indicator") == "p0", pl.col("region") != "00")
    got = {r["region"]: (r["state"], r["relevant"]) for r in to_nation.iter_rows(named=True)}
    assert got["32.02"] == ("worsening/worsening", True)  # same way, nothing to keep
    assert got["32.01"] == ("improving/worsening", False)


def test_effectiveness_against_baseline_and_target(table: pl.DataFrame) -> None:
    baseline = relevance_effectiveness(
        table, polarity=POLARITY, start=2021, end=2023, against="baseline"
    ).filter(pl.col("indicator") == "p0")
    eff = dict(baseline.select("region", "effective").iter_rows())
    assert eff["32.03"] is True  # fell, if slower than the province
    assert eff["32.02"] is False
    target = relevance_effectiveness(
        table,
        polarity=POLARITY,
        start=2021,
        end=2023,
        against="target",
        targets={("32.01", "p0"): 10.0, ("32.03", "p0"): 5.0},
    ).filter(pl.col("indicator") == "p0")
    rows = {r["region"]: r for r in target.iter_rows(named=True)}
    assert rows["32.01"]["effective"] is True  # 9 reached 10 or better
    assert rows["32.01"]["target_progress"] == pytest.approx(1.5)  # 3 of the 2 points
    assert rows["32.03"]["effective"] is False
    assert rows["32.03"]["target_progress"] == pytest.approx(0.75)
    assert rows["32.02"]["effective"] is None  # no target given
    with pytest.raises(InputError):
        relevance_effectiveness(table, polarity=POLARITY, start=2021, end=2023, against="x")


def test_a_zero_change_is_unchanged_not_relevant() -> None:
    flat = pl.DataFrame(
        {
            "region": ["00", "00", "32", "32"],
            "period": [2021, 2023] * 2,
            "indicator": ["p0"] * 4,
            "value": [10.0, 9.0, 0.0, 0.0],
        }
    )
    r = relevance_effectiveness(flat, polarity=POLARITY, start=2021, end=2023).row(0, named=True)
    assert r["state"] == "unchanged/improving"
    assert r["relevant"] is False and r["effective"] is False
    assert r["relative_change"] is None  # from zero: no percentage


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


@pytest.fixture
def with_line(table: pl.DataFrame) -> pl.DataFrame:
    """The table plus a poverty line, which rises with prices and judges nobody."""
    line = {
        "00": [450.0, 480.0, 510.0],
        "32": [430.0, 470.0, 500.0],
        "32.01": [420.0, 440.0, 530.0],
        "32.02": [470.0, 480.0, 490.0],
        "32.03": [400.0, 450.0, 470.0],
    }
    rows = [
        {"region": region, "period": year, "indicator": "line", "value": v}
        for region, values in line.items()
        for year, v in zip((2021, 2022, 2023), values, strict=True)
    ]
    return pl.concat([table, pl.DataFrame(rows)])


NEUTRAL = {**POLARITY, "line": 0}


def test_a_neutral_indicator_changes_without_improving_or_reaching_targets(with_line) -> None:
    tr = trend(with_line, polarity=NEUTRAL, targets={"line": (2026, 600.0)})
    r = tr.filter((pl.col("region") == "32.01") & (pl.col("indicator") == "line")).row(
        0, named=True
    )
    assert r["annual_change"] == 90.0  # the direction of the number is still there
    assert r["improving"] is None
    assert r["distance_to_target"] is None and r["target_reached"] is None
    assert r["required_annual_change"] == pytest.approx(70 / 3)


def test_a_neutral_indicator_is_never_better_than_its_parent(with_line) -> None:
    cmp = compare(with_line, polarity=NEUTRAL).filter(
        (pl.col("period") == 2023) & (pl.col("indicator") == "line")
    )
    r = cmp.filter(pl.col("region") == "32.01").row(0, named=True)
    assert r["gap_parent"] == 30.0 and r["ratio_parent"] == pytest.approx(530 / 500)
    assert r["better_than_parent"] is None and r["better_than_nation"] is None


def test_a_neutral_indicator_has_an_order_but_no_rank(with_line) -> None:
    rk = rank(with_line, polarity=NEUTRAL).filter(
        (pl.col("period") == 2023) & (pl.col("parent") == "32")
    )
    line = {r["region"]: r for r in rk.iter_rows(named=True) if r["indicator"] == "line"}
    assert {r["rank"] for r in line.values()} == {None}
    assert {c: r["order"] for c, r in line.items()} == {"32.01": 1, "32.02": 2, "32.03": 3}
    school = {r["region"]: r for r in rk.iter_rows(named=True) if r["indicator"] == "school"}
    # order is by value alone; rank by polarity (here they agree: higher is better).
    assert school["32.02"]["order"] == 1 and school["32.02"]["rank"] == 1
    p0 = {r["region"]: r for r in rk.iter_rows(named=True) if r["indicator"] == "p0"}
    assert p0["32.01"]["order"] == 1 and p0["32.01"]["rank"] == 3


def test_a_neutral_quadrant_is_a_position_without_a_label(with_line) -> None:
    q = quadrant(with_line, polarity=NEUTRAL, x="line", mode="level_change")
    r = q.filter(pl.col("region") == "32.01").row(0, named=True)
    assert r["quadrant"] == 1 and r["label"] is None  # above in level and in change
    mixed = quadrant(with_line, polarity=NEUTRAL, x="p0", y="line", mode="indicators")
    assert set(mixed["label"].to_list()) == {None}


def test_a_neutral_indicator_is_relevant_or_not_but_never_effective(with_line) -> None:
    re = relevance_effectiveness(with_line, polarity=NEUTRAL, start=2021, end=2023)
    line = {r["region"]: r for r in re.iter_rows(named=True) if r["indicator"] == "line"}
    assert line["32.01"]["relevant"] is True and line["32.01"]["effective"] is None


def test_a_neutral_indicator_is_never_aligned(with_line) -> None:
    c = correlation(with_line, x="p0", y="line", polarity=NEUTRAL, period=2023)
    assert c["aligned"].to_list() == [None, None]


def test_polarity_must_be_one_of_three(table: pl.DataFrame) -> None:
    with pytest.raises(InputError, match=r"\+1, -1 or 0"):
        rank(table, polarity={"p0": 2, "school": 1})


@pytest.fixture
def with_poor(table: pl.DataFrame) -> pl.DataFrame:
    """The table plus the number of poor (thousands): the province holds its kab/kota."""
    poor = {
        "00": [26000.0, 25500.0, 25000.0],
        "32": [300.0, 287.0, 277.0],  # -23 thousand, -7.67 %
        "32.01": [200.0, 190.0, 185.0],  # the largest kab: -15 thousand, -7.5 %
        "32.02": [40.0, 42.0, 44.0],
        "32.03": [60.0, 55.0, 48.0],  # -12 thousand, but -20 %
    }
    rows = [
        {"region": region, "period": year, "indicator": "poor", "value": v}
        for region, values in poor.items()
        for year, v in zip((2021, 2022, 2023), values, strict=True)
    ]
    return pl.concat([table, pl.DataFrame(rows)])


POOR_POLARITY = {**POLARITY, "poor": -1}
KIND = {"p0": "rate", "school": "rate", "poor": "count"}


def test_a_count_is_a_share_of_its_parent_never_better_or_worse(with_poor) -> None:
    cmp = compare(with_poor, polarity=POOR_POLARITY, kind=KIND).filter(pl.col("period") == 2023)
    r = cmp.filter((pl.col("region") == "32.03") & (pl.col("indicator") == "poor")).row(
        0, named=True
    )
    assert r["share_of_parent"] == pytest.approx(100 * 48 / 277)
    assert r["share_of_nation"] == pytest.approx(100 * 48 / 25000)
    assert r["better_than_parent"] is None and r["better_than_nation"] is None
    rate = cmp.filter((pl.col("region") == "32.03") & (pl.col("indicator") == "p0"))
    assert rate["share_of_parent"][0] is None and rate["better_than_parent"][0] is True


def test_a_count_is_ordered_not_ranked(with_poor) -> None:
    rk = rank(with_poor, polarity=POOR_POLARITY, kind=KIND).filter(
        (pl.col("period") == 2023) & (pl.col("parent") == "32") & (pl.col("indicator") == "poor")
    )
    assert rk["rank"].to_list() == [None, None, None]
    assert dict(zip(rk["region"], rk["order"], strict=True)) == {
        "32.01": 1,
        "32.03": 2,
        "32.02": 3,
    }


def test_a_count_has_no_quadrant(with_poor) -> None:
    with pytest.raises(InputError, match="count"):
        quadrant(with_poor, polarity=POOR_POLARITY, kind=KIND, x="poor")
    with pytest.raises(InputError, match="count"):
        quadrant(with_poor, polarity=POOR_POLARITY, kind=KIND, x="p0", y="poor", mode="indicators")
    # A rate in the same table still has its quadrant.
    assert quadrant(with_poor, polarity=POOR_POLARITY, kind=KIND, x="p0").height


def test_a_count_is_effective_on_its_relative_change(with_poor) -> None:
    re = relevance_effectiveness(
        with_poor, polarity=POOR_POLARITY, kind=KIND, start=2021, end=2023
    ).filter(pl.col("indicator") == "poor")
    got = {r["region"]: r for r in re.iter_rows(named=True)}
    assert got["32.03"]["relative_change"] == pytest.approx(-0.2)
    assert got["32.03"]["parent_relative_change"] == pytest.approx(-23 / 300)
    # A fall of 12 thousand is "less" than the province's 23 thousand, but -20 % beats
    # -7.67 %: effective. The large kab's -7.5 % does not.
    assert got["32.03"]["effective"] is True and got["32.01"]["effective"] is False
    assert got["32.02"]["relevant"] is False and got["32.02"]["effective"] is False
    # Without kinds the absolute changes are compared, as for a rate.
    plain = relevance_effectiveness(with_poor, polarity=POOR_POLARITY, start=2021, end=2023)
    mine = plain.filter(pl.col("region") == "32.03", pl.col("indicator") == "poor")
    assert mine["effective"][0] is False


def test_kinds_are_checked(with_poor) -> None:
    with pytest.raises(InputError, match="no kind"):
        compare(with_poor, polarity=POOR_POLARITY, kind={"p0": "rate"})
    with pytest.raises(InputError, match="kind must be one of"):
        rank(with_poor, polarity=POOR_POLARITY, kind={**KIND, "poor": "people"})
