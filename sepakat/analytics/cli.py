"""``sepakat poverty``: poverty and inequality measures from a microdata file.

Usage (other tools script it; the interface is kept stable)::

    sepakat poverty FILE --welfare COL --weight COL [--size COL] [--strata COL] [--psu COL]
        (--line NUMBER | --line-col COL) [--by COL]... [--measures fgt0,fgt1,gini,...]
        [--gini convey|laeken] [--poor-if lt|le] [--engine duckdb|polars|pandas|spark]
        [--format csv|json|table] [--output PATH]

Output: one row per group and measure: the ``--by`` columns (empty on rows for the whole
population and for levels that leave them out), ``measure``, ``estimate``, ``se`` (empty
without a design), ``ci_low``, ``ci_high``, ``cv``, ``n`` (records), ``population`` (sum of
person weights) and ``cv_flag`` (true where the CV is above ``--cv-threshold``).

Exit codes: 0 success; 2 a usage or input error, in one line on standard error: the
column and its first bad rows (missing, non-numeric, NaN or infinite values...), or what is
wrong with the file (not found, a folder, empty, column names but no records, not of the
format its suffix names, unreadable); 1 anything else. Imports nothing heavy until the
arguments are parsed.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from .errors import AnalyticsError

if TYPE_CHECKING:
    from .poverty import MeasureTable

DEFAULT_MEASURES = "fgt0,fgt1,fgt2,poor_count,watts,gini,mean"
LONELY_PSU_HELP = (
    "strata with a single PSU: R survey.lonely.psu (fail, adjust, average, certainty, "
    "remove) or Stata singleunit(centered)"
)


def parse_arguments(
    parser: argparse.ArgumentParser, argv: Sequence[str] | None
) -> argparse.Namespace | int:
    """The parsed arguments, or the exit code argparse chose (2 on a usage error, 0 after
    --help): a command returns its code instead of exiting, so callers can test it."""
    try:
        return parser.parse_args(list(argv) if argv is not None else None)
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else 2


def add_design_arguments(p: argparse.ArgumentParser) -> None:
    """The survey design options every analytics command shares."""
    p.add_argument("--size", help="household size column (person weight = weight x size)")
    p.add_argument("--strata", help="stratum column")
    p.add_argument("--psu", help="primary sampling unit column (ids within strata)")
    p.add_argument("--fpc", help="finite population correction column (fraction or N_h)")
    p.add_argument(
        "--lonely-psu",
        choices=("fail", "adjust", "average", "certainty", "remove", "centered"),
        default="fail",
        help=LONELY_PSU_HELP,
    )
    p.add_argument(
        "--by",
        action="append",
        default=[],
        metavar="COL",
        help="group column, repeatable, coarsest first (province, then kab/kota)",
    )
    p.add_argument(
        "--grouping",
        choices=("rollup", "cube", "none"),
        default="rollup",
        help="levels reported: every prefix of --by and the total (rollup, default), "
        "every subset (cube), or only the full --by groups (none)",
    )


def add_output_arguments(p: argparse.ArgumentParser) -> None:
    """Engine and output options every analytics command shares."""
    p.add_argument("--engine", choices=("duckdb", "polars", "pandas", "spark"), default="duckdb")
    p.add_argument("--format", choices=("csv", "json", "table"), default="csv")
    p.add_argument("--output", help="write here instead of standard output")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="sepakat poverty",
        description="Poverty and inequality measures with survey-design standard errors.",
    )
    p.add_argument("file", help="CSV, Parquet, Stata .dta, SPSS .sav or .xlsx file")
    p.add_argument("--welfare", required=True, help="per-capita welfare column")
    p.add_argument("--weight", required=True, help="household (or person) weight column")
    add_design_arguments(p)
    line = p.add_mutually_exclusive_group()
    line.add_argument("--line", type=float, help="one poverty line for everybody")
    line.add_argument("--line-col", help="poverty line column (e.g. by kab/kota x urban)")
    p.add_argument("--measures", default=DEFAULT_MEASURES, help="comma-separated names")
    p.add_argument("--gini", choices=("convey", "laeken"), default="convey")
    p.add_argument(
        "--poor-if",
        choices=("lt", "le"),
        default="lt",
        help="poor if welfare < line (lt, BPS, default) or <= line (le)",
    )
    p.add_argument(
        "--nonpositive",
        choices=("error", "zero", "drop"),
        default="error",
        help="zero/negative welfare in Watts, Theil, MLD, GE, Atkinson",
    )
    p.add_argument("--level", type=float, default=0.95, help="confidence level")
    p.add_argument(
        "--cv-threshold",
        type=float,
        default=0.25,
        help="flag estimates whose CV is above this (BPS: 0.25)",
    )
    add_output_arguments(p)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``sepakat poverty``; ``argv`` excludes the word ``poverty``."""
    args = parse_arguments(build_parser(), argv)
    if isinstance(args, int):
        return args
    # NumPy's OpenBLAS starts a thread per core when imported; no measure multiplies
    # matrices, so the command keeps it to one (an explicit setting is respected).
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    if args.engine == "duckdb":
        _open_duckdb_while_numpy_loads()
    from .poverty import poverty_table

    try:
        result = poverty_table(
            args.file,
            welfare=args.welfare,
            weight=args.weight,
            size=args.size,
            strata=args.strata,
            psu=args.psu,
            fpc=args.fpc,
            line=args.line,
            line_col=args.line_col,
            by=args.by,
            grouping=args.grouping,
            measures=[m for m in args.measures.split(",") if m.strip()],
            gini=args.gini,
            poor_if=args.poor_if,
            nonpositive=args.nonpositive,
            lonely_psu=args.lonely_psu,
            level=args.level,
            cv_threshold=args.cv_threshold,
            engine=args.engine,
        )
    except AnalyticsError as exc:
        # one line, even when a column name or a reader's message holds a line break
        message = " ".join(str(exc).split("\n"))
        print(f"sepakat poverty: error: {message}", file=sys.stderr)
        return 2
    return write_measures(result, args.format, args.output)


def write_table(
    columns: list[str], rows: list[dict[str, Any]], fmt: str, output: str | None
) -> int:
    """Write a result table as CSV, JSON or aligned text to ``output`` or standard output;
    return the exit code."""
    if output:
        with open(output, "w", encoding="utf-8", newline="") as fh:
            _write(fh, fmt, columns, rows)
    else:
        _write(sys.stdout, fmt, columns, rows)
    return 0


def write_measures(table: MeasureTable, fmt: str, output: str | None) -> int:
    """:func:`write_table` for the poverty measures' NumPy columns: CSV a column at a time,
    without a dict per row."""
    if fmt != "csv":
        return write_table(table.columns, table.to_dicts(), fmt, output)
    if output:
        with open(output, "w", encoding="utf-8", newline="") as fh:
            _write_csv_columns(fh, table)
    else:
        _write_csv_columns(sys.stdout, table)
    return 0


def _open_duckdb_while_numpy_loads() -> None:
    """Open this thread's DuckDB connection while another thread imports NumPy: DuckDB
    opens its database without holding the interpreter's lock, so the two overlap (about
    15 ms less of start-up). DuckDB itself is imported first, as its import, like NumPy's,
    holds the lock."""
    import importlib
    import threading

    from .sources import duckdb_connection

    importlib.import_module("duckdb")
    numpy = threading.Thread(target=importlib.import_module, args=("numpy",), daemon=True)
    numpy.start()
    duckdb_connection()
    numpy.join()


def finish_process() -> None:
    """The command's last step before its process exits; entry points call it, never a
    program that goes on. The output is written, so everything the command imported is
    moved out of the garbage collector's reach (``gc.freeze``): the interpreter's final
    collections then have nothing to walk through NumPy, Narwhals and DuckDB, which saved
    about 0.07 s per run on a Susenas-sized round. The exit returns the memory."""
    import gc

    gc.freeze()


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _write_csv_columns(fh: TextIO, table: MeasureTable) -> None:
    import csv

    writer = csv.writer(fh, lineterminator="\n")
    writer.writerow(table.columns)
    writer.writerows(zip(*(_csv_column(table, c) for c in table.columns), strict=True))


def _csv_column(table: MeasureTable, name: str) -> list[str]:
    """The cells of one column, as :func:`_cell` writes them (a column holds one type)."""
    values = table.values[name]
    if values.dtype.kind == "f":  # missing where NaN
        return [repr(v) if v == v else "" for v in values.tolist()]
    cells = table.column(name)
    if values.dtype.kind == "b":
        return ["" if v is None else "true" if v else "false" for v in cells]
    return ["" if v is None else str(v) for v in cells]


def _write(fh: TextIO, fmt: str, columns: list[str], rows: list[dict[str, Any]]) -> None:
    if fmt == "json":
        import json

        clean = [
            {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in r.items()}
            for r in rows
        ]
        json.dump(clean, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
        return
    if fmt == "csv":
        import csv

        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(columns)
        for r in rows:
            writer.writerow([_cell(r[c]) for c in columns])
        return
    table = [[_table_cell(r[c]) for c in columns] for r in rows]
    widths = [max([len(c), *(len(row[i]) for row in table)]) for i, c in enumerate(columns)]
    fh.write("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip() + "\n")
    for row in table:
        fh.write("  ".join(v.rjust(w) for v, w in zip(row, widths, strict=True)).rstrip() + "\n")


def _table_cell(value: Any) -> str:
    if isinstance(value, float) and not math.isnan(value):
        return f"{value:.6g}"
    return _cell(value)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
