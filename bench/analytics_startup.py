"""Benchmark: ``sepakat poverty`` as a whole process against one hand-written DuckDB query.

A planner runs the command once per file, so what counts is the whole process: starting
Python, importing the library, reading the file, computing and writing the result. On the
Susenas-sized round of ``bench/analytics_susenas.py`` (1.2 million persons, 514 kab/kota)
this times, as separate processes in the same run and alternating,

* ``sepakat poverty FILE --engine duckdb`` with FGT0, FGT1, FGT2, Watts and Gini **with
  standard errors** for every kab/kota, province and the nation, written as CSV;
* a ``python -c`` process that runs one hand-written DuckDB SQL query of the same point
  estimates (no SEs) with the ``duckdb`` module and writes them as CSV;

and prints the medians of wall-clock and CPU time (user + system, every thread), the ratio
(goal: 1.5x or below) and an import-time summary of both (``python -X importtime``): what
the DuckDB path loads, by top-level package. The children import the package of this
checkout with their bytecode cached, as an installed command has it.

The Parquet round is written once to a temporary folder (never the checkout) and reused by
later runs; ``--fresh`` writes it again.

Run: ``python bench/analytics_startup.py [--runs 21] [--households 345000] [--seed 1]``.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from analytics_susenas import SQL

GOAL = 1.5
MEASURES = ["fgt0", "fgt1", "fgt2", "watts", "gini"]
# The console script `sepakat` runs exactly this.
COMMAND = "import sys; from sepakat.cli import main; sys.exit(main())"
QUERY = "import sys, duckdb; duckdb.connect().sql(open(sys.argv[1]).read()).write_csv(sys.argv[2])"
HEAVY = ("polars", "pyarrow", "pandas", "scipy", "django", "pyspark")


def round_path(households: int, seed: int, fresh: bool) -> Path:
    folder = Path(tempfile.gettempdir()) / "sepakat-bench"
    folder.mkdir(exist_ok=True)
    path = folder / f"susenas-{households}-{seed}.parquet"
    if fresh or not path.exists():
        import pyarrow.parquet as pq
        from analytics_susenas import make_round

        partial = path.with_suffix(".partial")
        pq.write_table(make_round(households, seed), partial)
        partial.replace(path)
    return path


def poverty_args(path: Path, output: Path) -> list[str]:
    return [
        "poverty",
        str(path),
        "--engine",
        "duckdb",
        "--welfare",
        "welfare",
        "--weight",
        "weight",
        "--size",
        "size",
        "--strata",
        "stratum",
        "--psu",
        "psu",
        "--line-col",
        "line",
        "--by",
        "province",
        "--by",
        "kabkota",
        "--measures",
        ",".join(MEASURES),
        "--output",
        str(output),
    ]


# Children run in a temporary folder and import the package of this checkout, with its
# bytecode cached (in the temporary folder) as an installed command has it.
CHECKOUT = Path(__file__).resolve().parent.parent


def child_env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(CHECKOUT), env.get("PYTHONPATH")) if p)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    return env


def timed(argv: list[str], cwd: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system, all threads) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run(
        argv, capture_output=True, text=True, check=False, cwd=cwd, env=child_env(cwd)
    )
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        raise SystemExit(f"{argv[:3]} failed:\n{done.stderr}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


def import_summary(argv: list[str], cwd: Path, top: int, runs: int) -> None:
    """Print what a process imports, from ``-X importtime`` (median of ``runs`` runs): the
    packages that cost most (own time of all their modules) and whether any heavy package
    was loaded."""
    own: dict[str, list[int]] = {}
    cli: list[int] = []
    totals: list[int] = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-X", "importtime", *argv],
            capture_output=True,
            text=True,
            check=False,
            cwd=cwd,
            env=child_env(cwd),
        )
        this_run: dict[str, int] = {}
        for line in done.stderr.splitlines():
            m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|\s*(\S+)", line)
            if not m:
                continue
            package = m.group(3).split(".")[0]
            this_run[package] = this_run.get(package, 0) + int(m.group(1))
            if m.group(3) == "sepakat.analytics.cli":
                cli.append(int(m.group(2)))
        totals.append(sum(this_run.values()))
        for package, micros in this_run.items():
            own.setdefault(package, []).append(micros)
    median = {package: statistics.median(v + [0] * (runs - len(v))) for package, v in own.items()}
    print(f"  imports in all: {statistics.median(totals) / 1000:.0f} ms (own time of every module)")
    for package, micros in sorted(median.items(), key=lambda kv: -kv[1])[:top]:
        print(f"    {package:<24} {micros / 1000:6.1f} ms")
    loaded = [p for p in HEAVY if p in own]
    print(f"  heavy packages loaded: {', '.join(loaded) if loaded else 'none'} (of {HEAVY})")
    if cli:
        print(f"  import sepakat.analytics.cli: {statistics.median(cli) / 1000:.1f} ms")


def national(path: Path, key: str) -> dict[str, float]:
    with path.open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    if "measure" in rows[0]:  # long format: one row per group and measure
        return {r["measure"]: float(r["estimate"]) for r in rows if not r[key]}
    row = next(r for r in rows if not r[key])
    return {m: float(row[m]) for m in MEASURES}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=21, help="timed runs of each (after a warm-up)")
    ap.add_argument("--households", type=int, default=345_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--fresh", action="store_true", help="write the Parquet round again")
    ap.add_argument("--top", type=int, default=12, help="packages shown in the import summary")
    ap.add_argument("--import-runs", type=int, default=5, help="-X importtime runs (median)")
    args = ap.parse_args()
    path = round_path(args.households, args.seed, args.fresh)
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        ours_csv, sql_csv, sql_file = (
            Path(tmp) / "ours.csv",
            Path(tmp) / "sql.csv",
            Path(tmp) / "q.sql",
        )
        sql_file.write_text(SQL.format(path=path))
        runs = {
            "sepakat poverty": [sys.executable, "-c", COMMAND, *poverty_args(path, ours_csv)],
            "DuckDB SQL": [sys.executable, "-c", QUERY, str(sql_file), str(sql_csv)],
        }
        wall: dict[str, list[float]] = {name: [] for name in runs}
        cpu: dict[str, list[float]] = {name: [] for name in runs}
        for argv in runs.values():  # warm-up: file cache, bytecode
            timed(argv, Path(tmp))
        for i in range(args.runs):
            # alternating, and each first in turn, so both see the same machine load
            order = list(runs) if i % 2 == 0 else list(reversed(runs))
            for name in order:
                w, c = timed(runs[name], Path(tmp))
                wall[name].append(w)
                cpu[name].append(c)
        diff = max(
            abs(a - b)
            for a, b in zip(
                (national(ours_csv, "province")[m] for m in MEASURES),
                (national(sql_csv, "province")[m] for m in MEASURES),
                strict=True,
            )
        )
        print(
            f"{args.households:,} households, {path.stat().st_size / 2**20:.1f} MiB Parquet; "
            f"{args.runs} alternating runs each, {os.cpu_count()} CPUs, "
            f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after"
        )
        print(f"{'':22} {'median':>8} {'min':>8} {'max':>8} {'CPU median':>11}")
        for name in runs:
            print(
                f"{name:<22} {statistics.median(wall[name]):7.3f}s {min(wall[name]):7.3f}s "
                f"{max(wall[name]):7.3f}s {statistics.median(cpu[name]):10.3f}s"
            )
        ratio = statistics.median(wall["sepakat poverty"]) / statistics.median(wall["DuckDB SQL"])
        verdict = "meets" if ratio <= GOAL else "misses"
        print(f"ratio of the medians: {ratio:.2f}x ({verdict} the goal of {GOAL}x)")
        cpu_ratio = statistics.median(cpu["sepakat poverty"]) / statistics.median(cpu["DuckDB SQL"])
        print(f"ratio of the CPU medians: {cpu_ratio:.2f}x")
        ratios = sorted(
            o / s for o, s in zip(wall["sepakat poverty"], wall["DuckDB SQL"], strict=True)
        )
        print(
            f"ratio run by run: median {statistics.median(ratios):.2f}x, "
            f"range {ratios[0]:.2f}x-{ratios[-1]:.2f}x"
        )
        print(f"max |difference| vs SQL at the national level: {diff:.1e}")
        print(f"\nimports (python -X importtime, median of {args.import_runs} runs)")
        print("`sepakat poverty`:")
        import_summary(runs["sepakat poverty"][1:], Path(tmp), args.top, args.import_runs)
        print("DuckDB SQL process:")
        import_summary(runs["DuckDB SQL"][1:], Path(tmp), 5, args.import_runs)


if __name__ == "__main__":
    main()
