"""Strata with a single PSU: every option gives R's standard errors, for every measure with
a standard error, for the whole sample and for small domains, on every engine.

The expected values were computed by R (``r_lonely_psu/lonely_psu.R``; versions in its
README): ``adjust``, ``average``, ``remove`` and ``certainty`` by survey 4.1, and
``centered`` by survey 4.5's ``adjust`` (Stata's ``singleunit(centered)``).
"""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path

import polars as pl
import pytest

from sepakat.analytics import DesignError, poverty_measures

HERE = Path(__file__).parent / "r_lonely_psu"
SURVEY = HERE / "survey.csv"
LINE = 430_000.0

# sepakat's option -> (file of R values, R's option)
CASES = {
    "adjust": ("r_survey_4.1.csv", "adjust"),
    "average": ("r_survey_4.1.csv", "average"),
    "remove": ("r_survey_4.1.csv", "remove"),
    "certainty": ("r_survey_4.1.csv", "certainty"),
    "centered": ("r_survey_4.5.csv", "adjust"),
}


@cache
def r_values(file: str, option: str) -> pl.DataFrame:
    values = pl.read_csv(HERE / file, infer_schema=False).filter(pl.col("option") == option)
    return values.with_columns(
        pl.col("kab").fill_null(""),
        pl.col("urban").fill_null(""),
        pl.col("estimate").cast(pl.Float64),
        # R prints NA or NaN where the option leaves the variance undefined
        pl.col("se").replace({"NA": None, "NaN": None}).cast(pl.Float64),
    )


def _ours(option: str, engine: str, request: pytest.FixtureRequest) -> pl.DataFrame:
    spark = request.getfixturevalue("spark_session") if engine == "spark" else None
    measures = r_values(*CASES[option])["measure"].unique(maintain_order=True).to_list()
    res = poverty_measures(
        SURVEY,
        welfare="exp_pc",
        weight="weight",
        size="hh_size",
        strata="stratum",
        psu="psu",
        line=LINE,
        poor_if="le",
        by=["kab", "urban"],
        measures=measures,
        lonely_psu=option,
        engine=engine,
        spark=spark,
    )
    return res.with_columns(pl.col("kab").fill_null(""), pl.col("urban").fill_null(""))


def _same_se(ours: float | None, r: float | None, estimate: float) -> bool:
    if r is None or ours is None:
        return r is None and ours is None
    # R's zero is often a rounding residue (1e-17) of a sum that is exactly zero
    return math.isclose(ours, r, rel_tol=1e-9, abs_tol=1e-12 * abs(estimate))


@pytest.mark.parametrize("option", list(CASES))
def test_it_gives_r_standard_errors_for_every_measure_and_domain(
    option: str, engine: str, request: pytest.FixtureRequest
) -> None:
    expected = r_values(*CASES[option])
    ours = _ours(option, engine, request)
    joined = expected.join(ours, on=["kab", "urban", "measure"], how="left", suffix="_ours")
    assert joined.height == expected.height
    levels = {("", ""), ("3504", ""), ("3503", "1")}
    assert levels <= set(zip(joined["kab"], joined["urban"], strict=True))
    wrong = [
        (row["kab"], row["urban"], row["measure"], row["se"], row["se_ours"])
        for row in joined.iter_rows(named=True)
        if not math.isclose(row["estimate_ours"], row["estimate"], rel_tol=1e-9)
        or not _same_se(row["se_ours"], row["se"], row["estimate"])
    ]
    assert not wrong, wrong[:10]


def test_the_options_differ_where_r_says_they_do() -> None:
    """The fixture exercises each rule: a count (not centred on zero) and a quantile in a
    domain touching a single-PSU stratum differ between the options."""
    se = {
        option: r_values(*CASES[option])
        .filter((pl.col("kab") == "3503") & (pl.col("urban") == ""))
        .select("measure", "se")
        for option in CASES
    }
    for measure in ("poor_count", "q0.1"):
        values = {
            option: frame.filter(pl.col("measure") == measure)["se"][0]
            for option, frame in se.items()
        }
        assert len({round(v, 9) for v in values.values()}) == 4, values  # remove = certainty


def test_a_single_psu_fails_by_default_and_names_the_strata() -> None:
    with pytest.raises(DesignError, match=r"3 stratum\(s\) have a single PSU: '3501-3'"):
        poverty_measures(
            SURVEY,
            welfare="exp_pc",
            weight="weight",
            strata="stratum",
            psu="psu",
            measures=["mean"],
        )


def test_the_subgroup_decomposition_takes_the_same_options() -> None:
    from sepakat.analytics import fgt_by_subgroup

    res = fgt_by_subgroup(
        SURVEY,
        welfare="exp_pc",
        weight="weight",
        size="hh_size",
        group="kab",
        line=LINE,
        poor_if="le",
        strata="stratum",
        psu="psu",
        lonely_psu="adjust",
    )
    expected = r_values(*CASES["adjust"]).filter(
        (pl.col("measure") == "fgt0") & (pl.col("urban") == "")
    )
    for row in expected.iter_rows(named=True):
        ours = res.filter(
            (pl.col("group").fill_null("") == row["kab"]) & (pl.col("measure") == "fgt0")
        )
        assert _same_se(ours["se"][0], row["se"], row["estimate"]), row["kab"]
