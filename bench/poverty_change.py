"""Benchmark: bootstrap standard errors of ``sepakat poverty-change`` on Susenas-sized rounds.

Two independent rounds of about 300,000 households each, 514 kab/kota domains (``--by``),
68 strata (provinces x urban/rural) and PSUs of 10 households. Times, in the same process,
the point decomposition alone and the same command with ``--replicates 200`` (goal: under
60 s).

Data come from a seed; nothing is read from disk except the Parquet files it writes.
Run: ``python bench/poverty_change.py [--households 300000] [--replicates 200] [--seed 1]``.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from sepakat.analytics.povchange_cli import main


def make_round(households: int, seed: int, growth: float) -> pa.Table:
    rng = np.random.default_rng(seed)
    n_prov, n_kab, hh_psu = 34, 514, 10
    kab_prov = np.sort(np.concatenate([np.arange(n_prov), rng.integers(0, n_prov, 480)]))
    n_psu = households // hh_psu
    psu_kab = rng.integers(0, n_kab, n_psu)
    psu_urban = rng.integers(0, 2, n_psu)
    psu = np.repeat(np.arange(n_psu), hh_psu)[:households]
    kab, urban = psu_kab[psu], psu_urban[psu]
    kab_level = np.random.default_rng(0).normal(0, 0.25, n_kab)  # the same kab in both rounds
    welfare = np.exp(13.8 + growth + kab_level[kab] + 0.25 * urban + rng.normal(0, 0.55, len(psu)))
    return pa.table(
        {
            "kabkota": np.array([f"k{k:03d}" for k in range(n_kab)])[kab],
            "stratum": (kab_prov[kab] * 2 + urban).astype(np.int64),
            "psu": psu.astype(np.int64),
            "weight": rng.uniform(50, 400, len(psu)),
            "size": rng.integers(1, 8, len(psu)).astype(np.float64),
            "welfare": welfare,
        }
    )


def timed(argv: list[str]) -> float:
    start = time.perf_counter()
    code = main(argv)
    if code != 0:
        raise SystemExit(f"poverty-change exited with {code}")
    return time.perf_counter() - start


def run(households: int, replicates: int, seed: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        pq.write_table(make_round(households, seed, 0.0), d / "r1.parquet")
        pq.write_table(make_round(households, seed + 1, 0.06), d / "r2.parquet")
        base = [str(d / "r1.parquet"), str(d / "r2.parquet"), "--welfare", "welfare",
                "--weight", "weight", "--size", "size", "--line", "900000", "--by",
                "kabkota"]  # fmt: skip
        point = timed([*base, "--output", str(d / "point.csv")])
        boot = timed(
            [*base, "--strata", "stratum", "--psu", "psu", "--replicates", str(replicates),
             "--output", str(d / "boot.csv")]
        )  # fmt: skip
        lines = (d / "boot.csv").read_text(encoding="utf-8").count("\n") - 1
    print(f"{households:,} households x 2 rounds, 514 kab/kota, {lines} rows")
    print(f"point decomposition alone        {point:7.2f} s")
    print(f"with {replicates} bootstrap replicates  {boot:7.2f} s (goal: under 60 s)")
    print(f"bootstrap share                  {boot - point:7.2f} s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--households", type=int, default=300_000)
    parser.add_argument("--replicates", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    a = parser.parse_args()
    run(a.households, a.replicates, a.seed)
