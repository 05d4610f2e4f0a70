"""Priority scores: the achievement, the welfare-weighted deprivation and the score, with
their standard errors, equal R survey's ``svycontrast`` on ``svytotal`` of the underlying
totals, for the whole sample and by domain, under every lonely-PSU option, on every engine
(``r_priorities/``: the R script, its input and its output)."""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path

import polars as pl
import pytest

from sepakat.analytics import priority_scores

HERE = Path(__file__).parent / "r_priorities"
CASES = {
    "adjust": ("r_survey_4.1.csv", "adjust"),
    "average": ("r_survey_4.1.csv", "average"),
    "remove": ("r_survey_4.1.csv", "remove"),
    "centered": ("r_survey_4.5.csv", "adjust"),
}
VALUES = ("achievement", "deprivation_weighted", "score")


@cache
def r_values(file: str, option: str) -> pl.DataFrame:
    values = pl.read_csv(HERE / file, infer_schema=False).filter(pl.col("option") == option)
    numbers = [c for c in values.columns if c not in ("option", "kab", "code")]
    return values.with_columns(
        pl.col("kab").fill_null(""),
        *(pl.col(c).replace({"NA": None}).cast(pl.Float64) for c in numbers),
    )


@pytest.mark.parametrize("option", list(CASES))
def test_it_gives_r_values_and_standard_errors(
    option: str, engine: str, request: pytest.FixtureRequest
) -> None:
    spark = request.getfixturevalue("spark_session") if engine == "spark" else None
    ours = priority_scores(
        HERE / "people.csv",
        spec=HERE / "spec.csv",
        welfare="exp_pc",
        weight="weight",
        strata="stratum",
        psu="psu",
        by=["kab"],
        lonely_psu=option,
        engine=engine,
        spark=spark,
    ).with_columns(pl.col("kab").fill_null(""))
    expected = r_values(*CASES[option])
    joined = expected.join(ours, on=["kab", "code"], how="left", suffix="_ours")
    assert joined.height == expected.height == 20
    for row in joined.iter_rows(named=True):
        for name in VALUES:
            assert math.isclose(row[f"{name}_ours"], row[name], rel_tol=1e-9, abs_tol=1e-15), (
                row["kab"],
                row["code"],
                name,
            )
            se, ours_se = row[f"{name}_se"], row[f"{name}_se_ours"]
            if se is None:
                assert ours_se is None, (row["kab"], row["code"], name)
            else:
                assert math.isclose(ours_se, se, rel_tol=1e-6, abs_tol=1e-15), (
                    row["kab"],
                    row["code"],
                    name,
                    se,
                    ours_se,
                )
