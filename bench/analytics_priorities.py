"""Benchmark: priority scores for a Susenas-sized person file on this machine.

1.2 million persons in about 345,000 households, 514 kab/kota in 34 provinces, strata
(kab/kota x urban/rural) and PSUs (census blocks of ~10 households), 60 achievement
indicators (a third defined for a subpopulation only, as school participation is for
children). Computes achievement, welfare-weighted deprivation and the priority score of every
indicator with standard errors for every kab/kota, province and the nation, and compares, in
the same process, with a hand-written DuckDB SQL query of the same point estimates without
standard errors, ranking or checks.

Data come from a seed; nothing is read from disk except the Parquet file it writes.
Run: ``python bench/analytics_priorities.py [--households 345000] [--indicators 60]``.
"""

from __future__ import annotations

import argparse
import csv
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq


def make_people(households: int, indicators: int, seed: int) -> pa.Table:
    rng = np.random.default_rng(seed)
    n_prov, n_kab = 34, 514
    kab_prov = np.sort(rng.integers(0, n_prov, n_kab))
    kab_prov[:n_prov] = np.arange(n_prov)
    kab_prov.sort()
    n_psu = households // 10
    psu_kab = rng.integers(0, n_kab, n_psu)
    psu_urban = rng.integers(0, 2, n_psu)
    hh_psu = np.repeat(np.arange(n_psu), 10)[:households]
    size = rng.integers(1, 8, households)
    size = np.where(rng.random(households) < 0.3, np.maximum(size - 2, 1), size)
    kab_level = rng.normal(0, 0.25, n_kab)
    hh_welfare = np.exp(
        13.8
        + kab_level[psu_kab[hh_psu]]
        + 0.25 * psu_urban[hh_psu]
        + rng.normal(0, 0.55, households)
    )
    hh_weight = rng.uniform(50, 400, households)
    person_hh = np.repeat(np.arange(households), size)
    n = len(person_hh)
    psu = hh_psu[person_hh]
    kab = psu_kab[psu]
    urban = psu_urban[psu]
    prov_code = np.array([f"{11 + p:02d}" for p in range(n_prov)])
    kab_code = np.array([f"{prov_code[kab_prov[k]]}.{k + 1:02d}" for k in range(n_kab)])
    welfare = hh_welfare[person_hh]
    columns: dict[str, Any] = {
        "province": prov_code[kab_prov[kab]],
        "kabkota": kab_code[kab],
        "stratum": np.char.add(kab_code[kab], np.where(urban == 1, "-U", "-R")),
        "psu": psu.astype(np.int64),
        "weight": hh_weight[person_hh],
        "exp_pc": welfare,
    }
    log_y = np.log(welfare) - 13.8
    for k in range(indicators):
        base = rng.uniform(0.5, 3.0) + kab_level[kab] * rng.uniform(0, 2)
        achieved = (rng.random(n) < 1.0 / (1.0 + np.exp(-(base + 1.5 * log_y)))).astype(np.float64)
        defined = rng.random(n) < (0.25 if k % 3 == 0 else 1.0)
        columns[f"s{k:02d}"] = pa.array(achieved, mask=~defined)
    return pa.table(columns)


def spec_rows(indicators: int) -> list[dict[str, Any]]:
    return [
        {"code": f"I{k:02d}", "column": f"s{k:02d}", "target": 0.9 if k % 4 == 0 else 1.0}
        for k in range(indicators)
    ]


def duckdb_sql(path: Path, spec: list[dict[str, Any]]) -> Any:
    import duckdb

    parts = []
    for i, ind in enumerate(spec):
        s = ind["column"]
        a = f"sum(w * {s}) / sum(CASE WHEN {s} IS NOT NULL THEN w END)"
        d = (
            f"(sum(w * y) / sum(w)) * sum(CASE WHEN {s} IS NOT NULL THEN w * (1 - {s}) / y END)"
            f" / sum(CASE WHEN {s} IS NOT NULL THEN w END)"
        )
        parts.append(f"{a} AS a{i}, {d} AS d{i}")
    scores = ", ".join(
        f"CASE WHEN a{i} < {ind['target']} THEN d{i} * ({ind['target']} - a{i}) / (1 - a{i}) "
        f"ELSE 0 END AS score{i}"
        for i, ind in enumerate(spec)
    )
    sql = (
        f"WITH t AS (SELECT province, kabkota, {', '.join(parts)} FROM "
        f"(SELECT *, weight AS w, exp_pc AS y FROM read_parquet('{path}')) "
        "GROUP BY GROUPING SETS ((province, kabkota), (province), ())) "
        f"SELECT *, {scores} FROM t"
    )
    return duckdb.connect().sql(sql).to_arrow_table()


def sepakat(path: Path, spec_path: Path) -> Any:
    from sepakat.analytics import priority_scores

    return priority_scores(
        path,
        spec=spec_path,
        welfare="exp_pc",
        weight="weight",
        strata="stratum",
        psu="psu",
        by=["province", "kabkota"],
        lonely_psu="centered",
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--households", type=int, default=345_000)
    ap.add_argument("--indicators", type=int, default=60)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    table = make_people(args.households, args.indicators, args.seed)
    spec = spec_rows(args.indicators)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "people.parquet"
        pq.write_table(table, path)
        spec_path = Path(tmp) / "spec.csv"
        with spec_path.open("w", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=["code", "column", "target"])
            writer.writeheader()
            writer.writerows(spec)
        runs: dict[str, Callable[[], Any]] = {
            "ours": lambda: sepakat(path, spec_path),
            "sql": lambda: duckdb_sql(path, spec),
        }
        best = dict.fromkeys(runs, float("inf"))
        outputs: dict[str, Any] = {}
        for _ in range(args.repeat):  # interleaved: both see the same machine load
            for name, fn in runs.items():
                t0 = time.perf_counter()
                outputs[name] = fn()
                best[name] = min(best[name], time.perf_counter() - t0)
    ours = outputs["ours"]
    print(f"{table.num_rows:,} persons, {args.indicators} indicators, {ours.height:,} rows out")
    print(f"priority_scores on DuckDB, with SEs: {best['ours']:.2f} s (goal: under 5 s)")
    print(f"hand-written DuckDB SQL, point estimates: {best['sql']:.2f} s")
    print(f"ours / SQL = {best['ours'] / best['sql']:.2f}x (goal: at most 2x)")
    sql = outputs["sql"].to_pydict()
    nation = next(
        i
        for i, (p, k) in enumerate(zip(sql["province"], sql["kabkota"], strict=True))
        if p is None and k is None
    )
    first = ours.filter(ours["province"].is_null() & (ours["code"] == "I01"))
    assert abs(first["score"][0] - sql["score1"][nation]) < 1e-9, "the two disagree"


if __name__ == "__main__":
    main()
