"""Bootstrap standard errors of ``sepakat poverty-change`` (Rao-Wu, ``--replicates``)."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from sepakat.analytics.povboot import (
    _domain_totals,
    _replicate_fgt,
    load_round,
    rao_wu_factors,
)
from sepakat.analytics.povchange_cli import main

POINT = ["before", "after", "change", "growth", "redistribution", "residual"]
SES = ["change_se", "growth_se", "redistribution_se"]


def _round(path: Path, rng: np.random.Generator, mean: float, n: int = 1200) -> pl.DataFrame:
    strat = rng.choice(["s1", "s2", "s3", "s4"], n)
    df = pl.DataFrame(
        {
            "y": np.round(rng.lognormal(np.log(mean), 0.6, n), 0),
            "w": rng.uniform(1, 5, n),
            "hh": rng.integers(1, 7, n),
            "kab": rng.choice(["3201", "3202"], n),
            "strat": strat,
            # PSU labels repeat across strata: a PSU is a label within its stratum
            "ea": rng.integers(1, 25, n),
        }
    )
    df.write_csv(path)
    return df


def _run(tmp_path: Path, name: str, *extra: str, files=("r1.csv", "r2.csv")) -> pl.DataFrame:
    out = tmp_path / f"{name}.csv"
    design = ["--strata", "strat", "--psu", "ea"] if "--replicates" in extra else []
    code = main(
        [str(tmp_path / files[0]), str(tmp_path / files[1]), "--welfare", "y", "--weight",
         "w", "--size", "hh", "--line", "9000", "--by", "kab", *design, "--output",
         str(out), *extra]
    )  # fmt: skip
    assert code == 0
    return pl.read_csv(out, schema_overrides={"kab": pl.String})


@pytest.fixture
def rounds(tmp_path):
    rng = np.random.default_rng(15)
    _round(tmp_path / "r1.csv", rng, 10000)
    _round(tmp_path / "r2.csv", rng, 11500)
    return tmp_path


def test_columns_follow_the_point_estimate_which_stays_the_same(rounds):
    plain = _run(rounds, "plain")
    boot = _run(rounds, "boot", "--replicates", "40")
    assert boot.columns == [*plain.columns, *SES]
    assert boot.select(plain.columns).equals(plain)
    assert len(boot) == 9  # two kab and the whole population, three measures each
    assert boot.select(SES).min_horizontal().min() > 0


def test_same_seed_same_errors_other_seed_other_errors(rounds):
    a = _run(rounds, "a", "--replicates", "30", "--seed", "7")
    b = _run(rounds, "b", "--replicates", "30", "--seed", "7")
    c = _run(rounds, "c", "--replicates", "30", "--seed", "8")
    assert a.equals(b)
    assert a["change_se"].to_list() != c["change_se"].to_list()


def test_engines_and_record_order_give_the_same_errors(rounds):
    """The draws follow the stratum and PSU labels, not the order records arrive in."""
    for name in ("r1", "r2"):
        df = pl.read_csv(rounds / f"{name}.csv")
        df.sample(fraction=1.0, shuffle=True, seed=3).write_csv(rounds / f"{name}s.csv")
    results = [
        _run(rounds, engine, "--replicates", "25", "--engine", engine)
        for engine in ("duckdb", "polars", "pandas")
    ]
    results.append(_run(rounds, "shuffled", "--replicates", "25", files=("r1s.csv", "r2s.csv")))
    for other in results[1:]:
        assert other["kab"].to_list() == results[0]["kab"].to_list()
        for col in SES:
            assert other[col].to_list() == pytest.approx(results[0][col].to_list(), rel=1e-9)


def test_rao_wu_factors_sum_to_the_psus_of_each_stratum_and_average_one():
    strata = np.repeat(np.arange(3), [2, 5, 9])
    f = rao_wu_factors(strata, 4000, np.random.default_rng(0))
    for h, n in enumerate((2, 5, 9)):
        # n-1 draws of factor n/(n-1) each: the stratum's factors add to n in every round
        assert f[strata == h].sum(axis=0) == pytest.approx(np.full(4000, n))
        assert set(np.unique(f[strata == h] * (n - 1) / n)) <= set(range(n))
    assert f.mean(axis=1) == pytest.approx(np.ones(16), abs=0.05)


def test_all_ones_weights_reproduce_the_point_decomposition(rounds):
    """The replicate machinery at the full-sample weights gives before and P(mu2, L1)."""
    args = {"welfare": "y", "weight": "w", "size": "hh", "line": 9000.0, "line_col": None,
            "by": ["kab"], "strata": "strat", "psu": "ea", "engine": "polars"}  # fmt: skip
    r1, r2 = load_round(rounds / "r1.csv", **args), load_round(rounds / "r2.csv", **args)
    f1, f2 = np.ones((len(r1.strata), 1)), np.ones((len(r2.strata), 1))
    n1, y1 = _domain_totals(r1, f1)
    n2, y2 = _domain_totals(r2, f2)
    scale = (y1 / n1) / (y2 / n2)
    own, cross = _replicate_fgt(r1, f1, 9000.0, scale, [0.0, 1.0, 2.0], "lt", n1)
    for kab, i in (("3201", 0), ("3202", 1)):
        df = pl.read_csv(rounds / "r1.csv").filter(pl.col("kab") == int(kab))
        d2 = pl.read_csv(rounds / "r2.csv").filter(pl.col("kab") == int(kab))
        y, w = df["y"].to_numpy(), (df["w"] * df["hh"]).to_numpy()
        y2, w2 = d2["y"].to_numpy(), (d2["w"] * d2["hh"]).to_numpy()
        shifted = y * np.average(y2, weights=w2) / np.average(y, weights=w)
        for k, a in enumerate((0.0, 1.0, 2.0)):
            gap = np.where(y < 9000, (1 - y / 9000) ** a, 0.0)
            gap2 = np.where(shifted < 9000, (1 - shifted / 9000) ** a, 0.0)
            assert own[k][i, 0] == pytest.approx(np.average(gap, weights=w), abs=1e-12)
            assert cross[k][i, 0] == pytest.approx(np.average(gap2, weights=w), abs=1e-12)


def test_p0_change_of_a_large_simple_sample_has_the_analytic_error(tmp_path):
    """Equal weights, no strata, no PSU: SE of p2 - p1 = sqrt(p1 q1 / n1 + p2 q2 / n2)."""
    rng = np.random.default_rng(4)
    n = 20000
    for name, mean in (("r1", 10000), ("r2", 11000)):
        pl.DataFrame({"y": rng.lognormal(np.log(mean), 0.6, n), "w": np.ones(n)}).write_csv(
            tmp_path / f"{name}.csv"
        )
    out = tmp_path / "out.csv"
    code = main(
        [str(tmp_path / "r1.csv"), str(tmp_path / "r2.csv"), "--welfare", "y", "--weight",
         "w", "--line", "9000", "--measures", "fgt0", "--replicates", "300", "--output",
         str(out)]
    )  # fmt: skip
    assert code == 0
    row = next(csv.DictReader(out.open(encoding="utf-8")))
    p1, p2 = float(row["before"]), float(row["after"])
    analytic = np.sqrt(p1 * (1 - p1) / n + p2 * (1 - p2) / n)
    assert float(row["change_se"]) == pytest.approx(analytic, rel=0.15)


@pytest.mark.parametrize("option", ["--strata", "--psu"])
def test_missing_design_column_names_column_and_file(rounds, capsys, option):
    code = main(
        [str(rounds / "r1.csv"), str(rounds / "r2.csv"), "--welfare", "y", "--weight",
         "w", "--line", "9000", option, "lapisan", "--replicates", "10"]
    )  # fmt: skip
    assert code == 2
    err = capsys.readouterr().err
    assert "'lapisan' not found" in err and "r1.csv" in err and "strat" in err


def test_stratum_of_one_psu_is_named_with_what_to_do(rounds, capsys):
    df = pl.read_csv(rounds / "r1.csv")
    df.with_columns(
        pl.when(pl.col("strat") == "s2").then(pl.lit(99)).otherwise(pl.col("ea")).alias("ea")
    ).write_csv(rounds / "r1.csv")
    code = main(
        [str(rounds / "r1.csv"), str(rounds / "r2.csv"), "--welfare", "y", "--weight",
         "w", "--line", "9000", "--strata", "strat", "--psu", "ea", "--replicates", "10"]
    )  # fmt: skip
    assert code == 2
    err = capsys.readouterr().err
    assert "stratum s2" in err and "one PSU" in err and "Merge" in err


def test_design_options_without_replicates_are_refused(rounds, capsys):
    code = main(
        [str(rounds / "r1.csv"), str(rounds / "r2.csv"), "--welfare", "y", "--weight",
         "w", "--line", "9000", "--seed", "3"]
    )  # fmt: skip
    assert code == 2
    assert "--replicates" in capsys.readouterr().err


def test_line_column_gives_the_errors_of_the_same_line_as_a_number(rounds):
    """--line-col compares y/z with the rescaled line 1: a column of 9000 is --line 9000."""
    for name in ("r1", "r2"):
        df = pl.read_csv(rounds / f"{name}.csv")
        df.with_columns(pl.lit(9000.0).alias("z")).write_csv(rounds / f"{name}z.csv")
    by_number = _run(rounds, "number", "--replicates", "20")
    out = rounds / "column.csv"
    code = main(
        [str(rounds / "r1z.csv"), str(rounds / "r2z.csv"), "--welfare", "y", "--weight", "w",
         "--size", "hh", "--line-col", "z", "--by", "kab", "--strata", "strat", "--psu", "ea",
         "--replicates", "20", "--output", str(out)]
    )  # fmt: skip
    assert code == 0
    by_column = pl.read_csv(out, schema_overrides={"kab": pl.String})
    for col in [*POINT, *SES]:
        assert by_column[col].to_list() == pytest.approx(by_number[col].to_list(), abs=1e-12)
