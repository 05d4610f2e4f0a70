"""Benchmark: a registry of 30 million persons in Parquet, headcount and FGT by desa.

Generates (from a seed, with DuckDB, straight to disk) 30 million person rows in 84,000
desa/kelurahan with a per-capita welfare score and a line per desa, then computes
FGT0/1/2 and the number of poor for every desa and the nation with ``sepakat.analytics``,
and the same point estimates with a hand-written DuckDB SQL query and with a
straightforward pandas groupby. Each run is a child process, so its peak memory (max RSS)
is measured on its own.

Run: ``python bench/analytics_registry.py [--rows 30000000] [--desa 84000] [--seed 1]``.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GENERATE = """
COPY (
  SELECT
    printf('%02d.%02d.%02d.%04d', 11 + (d % 34), 1 + (d // 34) % 30, 1 + (d // 1020) % 40,
           2001 + d // 40800) AS desa,
    exp(13.4 + 0.3 * ((d * 7919) % 1000) / 1000.0
        + 0.6 * sqrt(-2 * ln(u1)) * cos(2 * pi() * u2)) AS welfare,
    1.0::DOUBLE AS weight,
    exp(13.4 + 0.2 * ((d * 104729) % 1000) / 1000.0) AS line
  FROM (
    SELECT (hash(i, {seed}) % {desa})::BIGINT AS d,
           greatest(random(), 1e-12) AS u1, random() AS u2
    FROM range({rows}) t(i)
  )
) TO '{path}' (FORMAT parquet, ROW_GROUP_SIZE 1000000)
"""

SQL = """
SELECT desa,
       sum(CASE WHEN welfare < line THEN weight ELSE 0 END) AS poor_count,
       sum(CASE WHEN welfare < line THEN weight ELSE 0 END) / sum(weight) AS fgt0,
       sum(CASE WHEN welfare < line THEN weight * (line - welfare) / line ELSE 0 END)
         / sum(weight) AS fgt1,
       sum(CASE WHEN welfare < line THEN weight * power((line - welfare) / line, 2) ELSE 0 END)
         / sum(weight) AS fgt2
FROM read_parquet('{path}')
GROUP BY ROLLUP (desa)
"""


def run_sepakat(path: str) -> int:
    from sepakat.analytics import poverty_measures

    res = poverty_measures(
        path,
        welfare="welfare",
        weight="weight",
        line_col="line",
        by=["desa"],
        measures=["fgt0", "fgt1", "fgt2", "poor_count"],
    )
    return res.height


def run_sql(path: str) -> int:
    import duckdb

    return duckdb.connect().sql(SQL.format(path=path)).to_arrow_table().num_rows


def run_pandas(path: str) -> int:
    import numpy as np
    import pandas as pd

    df = pd.read_parquet(path)
    poor = df["welfare"] < df["line"]
    gap = np.where(poor, (df["line"] - df["welfare"]) / df["line"], 0.0)
    df["f0"] = df["weight"] * poor
    df["f1"] = df["weight"] * gap
    df["f2"] = df["weight"] * gap**2
    sums = df.groupby("desa")[["weight", "f0", "f1", "f2"]].sum()
    out = pd.DataFrame(
        {
            "poor_count": sums["f0"],
            "fgt0": sums["f0"] / sums["weight"],
            "fgt1": sums["f1"] / sums["weight"],
            "fgt2": sums["f2"] / sums["weight"],
        }
    )
    return len(out) + 1


def child(which: str, path: str) -> None:
    fn = {"sepakat": run_sepakat, "sql": run_sql, "pandas": run_pandas}[which]
    # imports are not timed
    if which == "sepakat":
        import sepakat.analytics.poverty  # noqa: F401
    elif which == "pandas":
        import pandas  # noqa: F401
    else:
        import duckdb  # noqa: F401
    t0 = time.perf_counter()
    rows = fn(path)
    elapsed = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # MiB on Linux
    print(json.dumps({"seconds": elapsed, "peak_mib": peak, "rows": rows}))


def measure(which: str, path: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", which, "--path", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"{which} failed:\n{done.stderr}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=30_000_000)
    ap.add_argument("--desa", type=int, default=84_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--skip-pandas", action="store_true")
    ap.add_argument("--child")
    ap.add_argument("--path")
    args = ap.parse_args()
    if args.child:
        child(args.child, args.path)
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "registry.parquet"
        import duckdb

        t0 = time.perf_counter()
        duckdb.connect().execute(
            GENERATE.format(rows=args.rows, desa=args.desa, seed=args.seed, path=path)
        )
        print(
            f"generated {args.rows:,} rows in {time.perf_counter() - t0:.1f} s "
            f"({path.stat().st_size / 2**20:.0f} MiB Parquet)"
        )
        ours = measure("sepakat", path)
        sql = measure("sql", path)
        print(f"groups reported {ours['rows'] / 4 - 1:,.0f} desa + nation")
        print(f"sepakat (DuckDB)        {ours['seconds']:6.2f} s  peak {ours['peak_mib']:6.0f} MiB")
        print(
            f"hand-written DuckDB SQL {sql['seconds']:6.2f} s  peak {sql['peak_mib']:6.0f} MiB"
            f"  ratio {ours['seconds'] / sql['seconds']:.2f}x"
        )
        if not args.skip_pandas:
            pdr = measure("pandas", path)
            print(
                f"pandas groupby          {pdr['seconds']:6.2f} s  peak "
                f"{pdr['peak_mib']:6.0f} MiB  ratio {ours['seconds'] / pdr['seconds']:.2f}x"
            )


if __name__ == "__main__":
    main()
