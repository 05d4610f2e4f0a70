"""``sepakat poverty`` on DuckDB starts fast: it loads only what the engine needs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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
