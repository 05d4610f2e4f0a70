"""Benchmark of the region imports on the real reference files, on a fresh SQLite database.

    .venv/bin/python bench/regions_import.py [--write-readme]

Times, in one process and one temporary data folder:

- the floor: reading the Kemendagri CSV with the csv module and nothing else;
- the naive way: ``update_or_create`` row by row (autocommit, model signals and audit
  entries as the ORM gives them) over the first 5,000 rows, extrapolated to the file;
- SEPAKAT's importers: the Kemendagri list, the BPS crosswalk and Pacitan's boundaries,
  each run twice (first import, then the re-run that changes nothing).

With ``--write-readme`` the figures replace the "Regions import" section of
``bench/README.md``. The reference folder is ``SEPAKAT_REFERENCE_DIR`` (default
``../shared/reference``).
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

NAIVE_SAMPLE = 5_000
SECTION = "## Regions import"
BENCH_DIR = Path(__file__).resolve().parent


def _timed(func: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = func()
    return time.perf_counter() - started, result


def _setup_django(data_dir: str) -> None:
    os.environ["SEPAKAT_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sepakat.settings")
    sys.path.insert(0, str(BENCH_DIR.parent))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _floor(path: Path) -> float:
    def read() -> int:
        with path.open(encoding="utf-8", newline="") as f:
            return sum(1 for _ in csv.reader(f))

    seconds, _rows = _timed(read)
    return seconds


def _naive(path: Path, rows: int) -> float:
    """Row by row, as a first attempt would write it; removed again afterwards."""
    from auditlog.models import LogEntry
    from django.db import connection

    from sepakat.regions.models import Region, kind_of_code, level_of_code, parent_code
    from sepakat.regions.services import ensure_national_region

    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        next(reader)
        sample = [next(reader) for _ in range(rows)]
    ensure_national_region()

    def run() -> None:
        for code, name in sample:
            Region.objects.update_or_create(
                code=code,
                defaults={
                    "name": name,
                    "level": level_of_code(code),
                    "kind": kind_of_code(code),
                    "parent": Region.objects.get(code=parent_code(code)),
                },
            )

    seconds, _ = _timed(run)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Region._meta.db_table}")
        cursor.execute(f"DELETE FROM {LogEntry._meta.db_table}")
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write-readme", action="store_true")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="sepakat-bench-") as data_dir:
        _setup_django(data_dir)
        from django.conf import settings

        from sepakat.regions.importers import import_boundaries, import_crosswalk, import_regions

        reference = Path(settings.REFERENCE_DIR)
        kemendagri = reference / "wilayah" / "kemendagri-2025.csv"
        crosswalk = reference / "crosswalk" / "bps-to-dagri.tsv"
        pacitan = sorted((reference / "boundaries" / "pacitan").glob("*.geojson"))
        if not kemendagri.is_file():
            print(f"reference data not found in {reference}; set SEPAKAT_REFERENCE_DIR")
            return 1
        total_rows = sum(1 for _ in kemendagri.open(encoding="utf-8")) - 1

        floor = _floor(kemendagri)
        naive = _naive(kemendagri, NAIVE_SAMPLE)
        naive_full = naive / NAIVE_SAMPLE * total_rows

        results: list[tuple[str, str, float, str]] = []
        for label, run in (
            ("Kemendagri list", lambda: import_regions(kemendagri)),
            ("BPS crosswalk", lambda: import_crosswalk(crosswalk)),
            (
                "Pacitan boundaries",
                lambda: import_boundaries(pacitan, code_field="village_code", code_system="bps"),
            ),
        ):
            for attempt in ("first", "re-run"):
                seconds, report = _timed(run)
                if not report.ok:
                    print(f"{label}: import failed: {report.errors.items[:3]}")
                    return 1
                outcome = (
                    f"{report.created:,} created, {report.updated:,} updated, "
                    f"{report.unchanged:,} unchanged"
                )
                results.append((label, attempt, seconds, outcome))

    import django

    environment = (
        f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"SQLite {__import__('sqlite3').sqlite_version}, {os.cpu_count()} CPUs, "
        f"DEBUG={'on' if settings.DEBUG else 'off'}"
    )
    lines = [
        SECTION,
        "",
        "`.venv/bin/python bench/regions_import.py --write-readme`: a fresh SQLite database "
        "in a temporary folder, the real reference files.",
        f"Measured with {environment}.",
        "",
        "| import | run | seconds | outcome |",
        "|---|---|---:|---|",
    ]
    lines += [
        f"| {label} | {attempt} | {s:.2f} | {outcome} |" for label, attempt, s, outcome in results
    ]
    regions_first = results[0][2]
    lines += [
        "",
        f"Baselines for the Kemendagri list ({total_rows:,} rows), same process:",
        "",
        f"- floor, reading the CSV with the csv module only: {floor:.2f} s",
        f"- naive `update_or_create` row by row: {naive:.2f} s for {NAIVE_SAMPLE:,} rows, "
        f"about {naive_full:.0f} s for the whole file, {naive_full / regions_first:.0f} times "
        "the importer",
        "",
        "The importer checks the whole file first, then writes in one transaction with the "
        "existing regions loaded once (bulk inserts level by level; updates through one "
        "prepared `UPDATE` run with `executemany`). A re-run reads and compares only.",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if args.write_readme:
        _write_section(BENCH_DIR / "README.md", text)
    return 0


def _write_section(readme: Path, section: str) -> None:
    """Replace this benchmark's section of the README, leaving the others as they are."""
    existing = readme.read_text(encoding="utf-8") if readme.exists() else "# Benchmarks\n\n"
    start = existing.find(SECTION)
    if start == -1:
        updated = existing.rstrip("\n") + "\n\n" + section
    else:
        end = existing.find("\n## ", start + len(SECTION))
        rest = existing[end + 1 :] if end != -1 else ""
        updated = existing[:start] + section + ("\n" + rest if rest else "")
    readme.write_text(updated.rstrip("\n") + "\n", encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
