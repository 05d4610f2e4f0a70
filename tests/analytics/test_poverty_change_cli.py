"""``sepakat poverty-change`` against a plain NumPy decomposition written here."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from sepakat.analytics.povchange_cli import main


def _fgt(y: np.ndarray, w: np.ndarray, z: float, alpha: float, le: bool) -> float:
    total = 0.0
    for yi, wi in zip(y, w, strict=True):
        poor = yi <= z if le else yi < z
        if poor:
            total += wi * (1.0 - yi / z) ** alpha
    return total / w.sum()


def _plain(y1, w1, y2, w2, z, alpha, method, le):
    mu1, mu2 = np.average(y1, weights=w1), np.average(y2, weights=w2)
    p11, p22 = _fgt(y1, w1, z, alpha, le), _fgt(y2, w2, z, alpha, le)
    p21 = _fgt(y1 * mu2 / mu1, w1, z, alpha, le)  # round 1 rescaled to round 2's mean
    p12 = _fgt(y2 * mu1 / mu2, w2, z, alpha, le)  # round 2's distribution at round 1's mean
    if method == "datt-ravallion":
        return p11, p22, p21 - p11, p12 - p11
    return p11, p22, 0.5 * (p21 - p11 + p22 - p12), 0.5 * (p12 - p11 + p22 - p21)


def _round(path: Path, rng: np.random.Generator, mean: float, n: int = 300) -> pl.DataFrame:
    df = pl.DataFrame(
        {
            "y": np.round(rng.lognormal(np.log(mean), 0.6, n), 0),
            "w": rng.uniform(1, 5, n),
            "hh": rng.integers(1, 7, n),
            "kab": rng.choice(["3201", "3202"], n),
        }
    )
    df.write_csv(path)
    return df


@pytest.mark.parametrize("method", ["shapley", "datt-ravallion"])
@pytest.mark.parametrize("poor_if", ["lt", "le"])
def test_matches_plain_computation_per_domain_and_overall(tmp_path, method, poor_if):
    rng = np.random.default_rng(15)
    d1 = _round(tmp_path / "r1.csv", rng, 10000)
    d2 = _round(tmp_path / "r2.csv", rng, 12000)
    z = float(d1["y"][0])  # a line equal to a welfare value, where lt and le differ
    out = tmp_path / "out.csv"
    code = main(
        [str(tmp_path / "r1.csv"), str(tmp_path / "r2.csv"), "--welfare", "y", "--weight",
         "w", "--size", "hh", "--line", str(z), "--by", "kab", "--method", method,
         "--poor-if", poor_if, "--output", str(out)]
    )  # fmt: skip
    assert code == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 9
    for row in rows:
        alpha = float(row["measure"][3:])
        f1 = d1 if not row["kab"] else d1.filter(pl.col("kab") == row["kab"])
        f2 = d2 if not row["kab"] else d2.filter(pl.col("kab") == row["kab"])
        w1 = (f1["w"] * f1["hh"]).to_numpy()
        w2 = (f2["w"] * f2["hh"]).to_numpy()
        want = _plain(f1["y"].to_numpy(), w1, f2["y"].to_numpy(), w2, z, alpha, method,
                      poor_if == "le")  # fmt: skip
        got = [float(row[c]) for c in ("before", "after", "growth", "redistribution")]
        assert got == pytest.approx(want, abs=1e-12)
        change = float(row["change"])
        residual = float(row["residual"])
        assert change == pytest.approx(want[1] - want[0], abs=1e-12)
        assert residual == pytest.approx(change - want[2] - want[3], abs=1e-12)
        if method == "shapley":
            assert residual == pytest.approx(0.0, abs=1e-12)
        assert row["method"] == method


def test_missing_column_names_column_and_file(tmp_path, capsys):
    rng = np.random.default_rng(1)
    _round(tmp_path / "r1.csv", rng, 10000)
    _round(tmp_path / "r2.csv", rng, 10000)
    code = main(
        [str(tmp_path / "r1.csv"), str(tmp_path / "r2.csv"), "--welfare", "y", "--weight",
         "bobot", "--line", "9000"]
    )  # fmt: skip
    assert code == 2
    err = capsys.readouterr().err
    assert "bobot" in err and "r1.csv" in err


def test_line_col_takes_each_round_relative_to_its_own_line(tmp_path):
    """Welfare doubled with the line doubled is no change at all."""
    rng = np.random.default_rng(7)
    d1 = _round(tmp_path / "a.csv", rng, 10000)
    d1.with_columns(pl.lit(9000.0).alias("z")).write_csv(tmp_path / "r1.csv")
    d1.with_columns(pl.col("y") * 2, pl.lit(18000.0).alias("z")).write_csv(tmp_path / "r2.csv")
    out = tmp_path / "out.json"
    code = main(
        [str(tmp_path / "r1.csv"), str(tmp_path / "r2.csv"), "--welfare", "y", "--weight",
         "w", "--line-col", "z", "--format", "json", "--output", str(out)]
    )  # fmt: skip
    assert code == 0
    rows = pl.read_json(out)
    assert rows["before"].to_list() == pytest.approx(rows["after"].to_list(), abs=1e-12)
    assert rows["before"][0] > 0.1
    assert rows["change"].abs().max() == pytest.approx(0.0, abs=1e-12)


def test_engines_agree(tmp_path):
    rng = np.random.default_rng(3)
    _round(tmp_path / "r1.csv", rng, 10000)
    _round(tmp_path / "r2.csv", rng, 11000)
    results = []
    for engine in ("duckdb", "polars", "pandas"):
        out = tmp_path / f"{engine}.csv"
        code = main(
            [str(tmp_path / "r1.csv"), str(tmp_path / "r2.csv"), "--welfare", "y",
             "--weight", "w", "--line", "9500", "--by", "kab", "--engine", engine,
             "--output", str(out)]
        )  # fmt: skip
        assert code == 0
        results.append(pl.read_csv(out, schema_overrides={"kab": pl.String}))
    for other in results[1:]:
        assert other["kab"].to_list() == results[0]["kab"].to_list()
        for col in ("before", "after", "growth", "redistribution"):
            assert other[col].to_list() == pytest.approx(results[0][col].to_list(), abs=1e-12)
