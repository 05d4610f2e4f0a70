"""``sepakat priorities``: priority problems from a person-level microdata file.

Usage (other tools script it; the interface is kept stable)::

    sepakat priorities FILE --spec SPEC.csv --welfare COL --weight COL [--size COL]
        [--strata COL] [--psu COL] [--by COL]... [--lonely-psu ...] [--engine ...]
        [--format csv|json|table] [--output F]

SPEC.csv has the columns ``code,column,target,sector,name``; each status column holds 1
(achieved), 0 (not achieved) or nothing (outside the indicator's reference population).

Output: one row per domain and indicator: the ``--by`` columns (empty on rows for the
whole sample and for levels that leave them out), ``code, sector, target, n, achievement,
achievement_se, deprivation_weighted, deprivation_weighted_se, score, score_se, rank,
reliable, reason``. ``rank`` is empty, and ``reason`` says why (``few_persons``,
``target_reached``, ``imprecise``), for indicators not ranked in a domain.

Exit codes: 0 success; 2 a usage or input error (one line naming the column and the first
bad rows); 1 anything else. Loads no Django.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .cli import add_design_arguments, add_output_arguments, parse_arguments, write_table
from .errors import AnalyticsError

PROG = "sepakat priorities"


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=PROG,
        description="SEPAKAT's priority score of achievement indicators, with survey-design "
        "standard errors, ranked within each domain.",
    )
    p.add_argument("file", help="person-level CSV, Parquet, Stata .dta, SPSS .sav or .xlsx file")
    p.add_argument("--spec", required=True, help="CSV: code,column,target,sector,name")
    p.add_argument("--welfare", required=True, help="per-capita expenditure column")
    p.add_argument("--weight", required=True, help="person (or household) weight column")
    add_design_arguments(p)
    p.add_argument(
        "--weighting",
        choices=("sepakat", "none", "deciles_1_4"),
        default="sepakat",
        help="welfare weight of each deprived person: mean expenditure / own (sepakat, "
        "default), 1 (none: the plain shortfall), or the plain shortfall among welfare "
        "deciles 1-4 only (deciles_1_4, needs --decile)",
    )
    p.add_argument("--decile", help="welfare decile column (1-10), for --weighting deciles_1_4")
    p.add_argument(
        "--min-persons", type=int, default=30, help="persons with a status needed to rank (30)"
    )
    p.add_argument(
        "--max-rse",
        type=float,
        default=0.25,
        help="largest relative standard error of the score to rank (BPS: 0.25)",
    )
    add_output_arguments(p)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``sepakat priorities``; ``argv`` excludes the word ``priorities``."""
    args = parse_arguments(build_parser(), argv)
    if isinstance(args, int):
        return args
    from .priorities import priority_scores

    try:
        result = priority_scores(
            args.file,
            spec=args.spec,
            welfare=args.welfare,
            weight=args.weight,
            size=args.size,
            strata=args.strata,
            psu=args.psu,
            fpc=args.fpc,
            by=args.by,
            grouping=args.grouping,
            lonely_psu=args.lonely_psu,
            weighting=args.weighting,
            decile=args.decile,
            min_persons=args.min_persons,
            max_rse=args.max_rse,
            engine=args.engine,
        )
    except AnalyticsError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    return write_table(result.columns, result.to_dicts(), args.format, args.output)
