"""``sepakat poverty`` on DuckDB starts fast: it loads only what the engine needs, and the
DuckDB fast paths behind it give the same numbers as another engine."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from sepakat.analytics import poverty_measures

# Packages the command must not load for a CSV or Parquet file on DuckDB:
# each costs tens of milliseconds to import.
NOT_NEEDED = ("polars", "pyarrow", "pandas", "scipy", "django", "pyspark")


def test_the_duckdb_command_loads_no_dataframe_library(tmp_path: Path) -> None:
    path = tmp_path / "survey.csv"
    path.write_text(
        "prov,kab,strata,psu,exp,wt,hhsize,line\n"
        "32,32.01,a,1,100,10,4,150\n"
        "32,32.01,a,2,300,20,3,150\n"
        "32,32.10,b,3,120,15,5,140\n"
        "32,32.10,b,4,500,5,2,140\n"
        "33,33.01,c,5,90,8,6,160\n"
        "33,33.01,c,6,400,12,3,160\n"
    )
    args = [
        str(path),
        *("--engine", "duckdb", "--welfare", "exp", "--weight", "wt", "--size", "hhsize"),
        *("--strata", "strata", "--psu", "psu", "--line-col", "line"),
        *("--by", "prov", "--by", "kab", "--measures", "fgt0,fgt1,fgt2,watts,gini,median"),
    ]
    code = (
        "import sys\n"
        "from sepakat.analytics.cli import main\n"
        f"assert main({args!r}) == 0\n"
        f"loaded = [m for m in {NOT_NEEDED!r} if m in sys.modules]\n"
        "print('loaded:', loaded, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "loaded: []" in done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "prov,kab,measure,estimate,se,ci_low,ci_high,cv,n,population,cv_flag"
    assert len(lines) == 1 + (1 + 2 + 3) * 6


def test_running_sums_agree_with_polars_on_a_file_read_in_parallel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On DuckDB the running sums over the whole population are a sort followed by sums in
    that order; read from many row groups by several threads they must still follow it."""
    rng = np.random.default_rng(7)
    n = 40_000
    psu = rng.integers(0, 800, n)
    path = tmp_path / "round.parquet"
    pl.DataFrame(
        {
            "region": (psu % 7).astype(str),
            "stratum": (psu % 40).astype(str),
            "psu": psu,
            "welfare": np.exp(rng.normal(13.8, 0.6, n)),
            "weight": rng.uniform(50, 400, n),
        }
    ).write_parquet(path, row_group_size=1_000)
    monkeypatch.setenv("SEPAKAT_DUCKDB_THREADS", "4")
    results = [
        poverty_measures(
            path,
            welfare="welfare",
            weight="weight",
            strata="stratum",
            psu="psu",
            line=1_000_000.0,
            by=["region"],
            measures=["gini", "median", "qsr", "fgt0"],
            engine=engine,
        ).sort("region", "measure", nulls_last=True)
        for engine in ("duckdb", "polars")
    ]
    ours, other = results
    assert ours.select("region", "measure", "n").equals(other.select("region", "measure", "n"))
    for col in ("estimate", "se"):
        for a, b in zip(ours[col].to_list(), other[col].to_list(), strict=True):
            assert a == pytest.approx(b, rel=1e-9), col
