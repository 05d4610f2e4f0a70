"""``sepakat poverty-change``: the change in FGT poverty between two survey rounds, split
into growth and redistribution.

Usage::

    sepakat poverty-change ROUND1 ROUND2 --welfare COL --weight COL [--size COL]
        (--line X | --line-col COL) [--by COL]... [--method shapley|datt-ravallion]
        [--measures fgt0,fgt1,fgt2] [--poor-if lt|le] [--strata COL] [--psu COL]
        [--replicates N] [--seed S] [--engine ...] [--format csv|json|table] [--output F]

Output: the ``--by`` columns (empty on the rows for the whole population), ``measure,
method, before, after, change, growth, redistribution, residual``; with ``--replicates``
also ``change_se, growth_se, redistribution_se`` (Rao-Wu bootstrap, see
:mod:`sepakat.analytics.povboot`). The files are read
like ``sepakat poverty`` reads its file. The formulas are in docs/analytics.md.

Exit codes: 0 success; 2 a usage or input error; 1 anything else. Loads no Django.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from .cli import add_output_arguments, parse_arguments, write_table
from .errors import AnalyticsError
from .povboot import DEFAULT_SEED

PROG = "sepakat poverty-change"
ALPHAS = {"fgt0": 0.0, "fgt1": 1.0, "fgt2": 2.0}


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=PROG,
        description="Growth and redistribution components of the change in FGT poverty "
        "between two survey rounds (Datt-Ravallion 1992 or Shapley).",
    )
    p.add_argument("round1", help="first round: CSV, Parquet, Stata .dta, SPSS .sav or .xlsx")
    p.add_argument("round2", help="second round, same columns")
    p.add_argument("--welfare", required=True, help="per-capita welfare column")
    p.add_argument("--weight", required=True, help="household (or person) weight column")
    p.add_argument("--size", help="household size column (person weight = weight x size)")
    line = p.add_mutually_exclusive_group(required=True)
    line.add_argument("--line", type=float, help="one poverty line for both rounds")
    line.add_argument("--line-col", help="poverty line column (welfare taken as y/z)")
    p.add_argument(
        "--by", action="append", default=[], metavar="COL", help="domain column, repeatable"
    )
    p.add_argument("--method", choices=("shapley", "datt-ravallion"), default="shapley")
    p.add_argument("--measures", default="fgt0,fgt1,fgt2", help="comma-separated fgt0-fgt2")
    p.add_argument("--poor-if", choices=("lt", "le"), default="lt")
    p.add_argument("--strata", metavar="COL", help="stratum column for the bootstrap")
    p.add_argument("--psu", metavar="COL", help="PSU (cluster) column for the bootstrap")
    p.add_argument(
        "--replicates",
        type=int,
        metavar="N",
        help="bootstrap replicates; adds change_se, growth_se, redistribution_se",
    )
    p.add_argument("--seed", type=int, metavar="S", help=f"bootstrap seed (default {DEFAULT_SEED})")
    add_output_arguments(p)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``sepakat poverty-change``; ``argv`` excludes the command word."""
    args = parse_arguments(build_parser(), argv)
    if isinstance(args, int):
        return args
    import polars as pl

    from .decompose import growth_redistribution

    names = [m.strip() for m in args.measures.split(",") if m.strip()]
    unknown = [m for m in names if m not in ALPHAS]
    if unknown or not names:
        print(
            f"{PROG}: error: ukuran tidak dikenal: {', '.join(unknown) or '(kosong)'}; "
            "pilih dari fgt0, fgt1, fgt2",
            file=sys.stderr,
        )
        return 2
    if args.replicates is None and (args.strata or args.psu or args.seed is not None):
        print(
            f"{PROG}: error: --strata, --psu dan --seed hanya dipakai bersama --replicates; "
            "tambahkan --replicates N (misalnya 200)",
            file=sys.stderr,
        )
        return 2
    if args.replicates is not None and args.replicates < 2:
        print(
            f"{PROG}: error: --replicates harus paling sedikit 2 (diberikan "
            f"{args.replicates}); BPS lazim memakai 200 atau lebih",
            file=sys.stderr,
        )
        return 2
    common = {
        "welfare": args.welfare,
        "weight": args.weight,
        "size": args.size,
        "line": args.line,
        "line_col": args.line_col,
        "alphas": [ALPHAS[m] for m in names],
        "method": args.method,
        "poor_if": args.poor_if,
        "engine": args.engine,
    }
    try:
        # the whole population is its own decomposition (own means), not a sum of domains
        parts = [growth_redistribution(args.round1, args.round2, **common)]
        if args.by:
            parts.insert(
                0,
                growth_redistribution(args.round1, args.round2, by=args.by, **common),
            )
        if args.replicates is not None:
            boot = _bootstrap(args, common)
    except AnalyticsError as exc:
        message = " ".join(str(exc).split("\n"))
        print(f"{PROG}: error: {message}", file=sys.stderr)
        return 2
    frames = []
    for part in parts:
        for col in args.by:
            if col in part.columns:
                part = part.with_columns(pl.col(col).cast(pl.String))
            else:
                part = part.with_columns(pl.lit(None, dtype=pl.String).alias(col))
        frames.append(
            part.with_columns(pl.lit(args.method).alias("method")).select(
                *args.by,
                "measure",
                "method",
                "before",
                "after",
                "change",
                "growth",
                "redistribution",
                "residual",
            )
        )
    result = pl.concat(frames)
    if args.replicates is not None:
        result = result.join(boot, on=[*args.by, "measure"], how="left", nulls_equal=True)
    return write_table(result.columns, result.to_dicts(), args.format, args.output)


def _bootstrap(args: argparse.Namespace, common: dict[str, Any]) -> Any:
    """The bootstrap SEs of the domains and of the whole population, in one table whose
    ``--by`` columns are empty on the whole population's rows."""
    import polars as pl

    from .povboot import bootstrap_se

    extra = {
        "strata": args.strata,
        "psu": args.psu,
        "replicates": args.replicates,
        "seed": DEFAULT_SEED if args.seed is None else args.seed,
    }
    total = bootstrap_se(args.round1, args.round2, **common, **extra)
    total = total.with_columns(pl.lit(None, dtype=pl.String).alias(c) for c in args.by)
    if not args.by:
        return total
    domains = bootstrap_se(args.round1, args.round2, by=args.by, **common, **extra)
    return pl.concat([domains, total.select(domains.columns)])
