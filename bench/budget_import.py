"""Benchmark: ``sepakat budget import`` of 10,000 budget lines, and their analysis.

Generates, from a seed, a nomenclature of 600 kab/kota sub kegiatan (in force since 2022)
and a CSV of 10,000 lines of one kab for 2025 over the six stages of the chain, then times:

- the first import (every row checked against the nomenclature, all lines new), goal < 10 s;
- the re-import of the same file (nothing written);
- an import where one line in ten has a new amount;
- ``budget_analysis`` of the year (every dimension, every stage, the chain).

The baseline, in the same process, is the plain way with no check at all: the csv module
reads the file and ``bulk_create`` inserts the lines.

Run: python bench/budget_import.py   (uses a temporary SQLite database)
"""

from __future__ import annotations

import csv
import os
import random
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("SEPAKAT_DATA_DIR", tempfile.mkdtemp(prefix="sepakat-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sepakat.settings")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from sepakat.budgeting.budget_import import COLUMNS, budget_import  # noqa: E402
from sepakat.budgeting.models import ApbdLine  # noqa: E402
from sepakat.budgeting.selectors import region_budget_analysis  # noqa: E402
from sepakat.budgeting.vocabulary import FUND_SOURCES, STAGES, TAGS  # noqa: E402
from sepakat.planning.nomenclature import nomenclature_import  # noqa: E402
from sepakat.regions.models import Kind, Level, Region  # noqa: E402
from sepakat.regions.services import ensure_national_region  # noqa: E402

SEED = 20261207
LINES = 10_000
BIDANG = ("1.01", "1.02", "1.03", "1.04", "1.06", "2.07", "2.13", "3.27")


def nomenclature_file(folder: Path) -> list[str]:
    """A list with 600 kab/kota sub kegiatan under 8 bidang; returns their codes."""
    rows = ["kode,nomenklatur,kinerja,indikator,satuan"]
    codes = []
    for bidang in BIDANG:
        rows.append(f"{bidang},Bidang {bidang},,,")
        for program in range(2, 5):
            rows.append(f"{bidang}.{program:02d},Program {program},,,")
            for kegiatan in range(1, 6):
                keg = f"{bidang}.{program:02d}.2.{kegiatan:02d}"
                rows.append(f"{keg},Kegiatan {keg},,,")
                for sub in range(1, 6):
                    code = f"{keg}.{sub:04d}"
                    codes.append(code)
                    rows.append(f"{code},Sub kegiatan {code},Keluaran,Jumlah keluaran,Unit")
    (folder / "nomenklatur.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return codes


def budget_file(path: Path, codes: list[str], rng: random.Random) -> None:
    """10,000 distinct lines: sub kegiatan x stage x account x fund source."""
    keys: set[tuple[str, str, str, str]] = set()
    while len(keys) < LINES:
        keys.add(
            (
                rng.choice(codes),
                rng.choice(STAGES),
                rng.choice(("5.1", "5.2")),
                rng.choice(FUND_SOURCES),
            )
        )
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for code, stage, account, fund in sorted(keys):
            skpd = f"{code[:4]}.0.00.0.00.01.0000"
            pagu = rng.randrange(10_000_000, 5_000_000_000)
            real = "" if rng.random() < 0.5 else str(pagu * rng.randrange(50, 100) // 100)
            tags = " ".join(t for t in TAGS if rng.random() < 0.2)
            writer.writerow(
                [2025, stage, skpd, f"Dinas {code[:4]}", code, "", account, fund, pagu, real, tags]
            )


def changed_file(source: Path, target: Path, rng: random.Random) -> None:
    rows = list(csv.reader(source.open(encoding="utf-8")))
    for row in rows[1:]:
        if rng.random() < 0.1:
            row[8] = str(int(row[8]) + 1000)
            row[9] = ""
    with target.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)


def baseline(path: Path, region: Region) -> float:
    """csv module + bulk_create, no check: the floor of any import."""
    ApbdLine.objects.filter(region=region).delete()
    start = time.perf_counter()
    with path.open(encoding="utf-8") as source, transaction.atomic():
        reader = csv.DictReader(source)
        ApbdLine.objects.bulk_create(
            [
                ApbdLine(
                    region=region,
                    year=int(r["tahun"]),
                    stage=r["tahap"],
                    skpd_code=r["kode_skpd"],
                    skpd_name=r["nama_skpd"],
                    sub_kegiatan_code=r["kode_sub_kegiatan"],
                    sub_kegiatan_name=r["nama_sub_kegiatan"],
                    account=r["jenis_belanja"],
                    fund_source=r["sumber_dana"],
                    amount=Decimal(r["pagu"]),
                    realisation=Decimal(r["realisasi"]) if r["realisasi"] else None,
                    tags=r["tag"],
                )
                for r in reader
            ],
            batch_size=1000,
        )
    seconds = time.perf_counter() - start
    ApbdLine.objects.filter(region=region).delete()
    return seconds


def timed(label: str, path: Path, region: Region) -> float:
    start = time.perf_counter()
    result = budget_import(actor=None, region=region, path=path, file=path.name)
    seconds = time.perf_counter() - start
    assert result.ok, result.problems[:5]
    print(
        f"| {label} | {seconds:.2f} | {result.created:,} new, {result.updated:,} changed, "
        f"{result.unchanged:,} unchanged |"
    )
    return seconds


def main() -> None:
    call_command("migrate", verbosity=0)
    folder = Path(tempfile.mkdtemp(prefix="sepakat-bench-budget-"))
    rng = random.Random(SEED)
    codes = nomenclature_file(folder)
    version, result = nomenclature_import(
        path=folder / "nomenklatur.csv",
        file="nomenklatur.csv",
        version_name="bench",
        in_force_from=date(2022, 1, 1),
    )
    assert version is not None, result.problems[:5]
    nation = ensure_national_region()
    province = Region.objects.create(code="97", name="Uji", level=Level.PROVINCE, parent=nation)
    kab = Region.objects.create(
        code="97.01", name="Uji 1", level=Level.REGENCY, kind=Kind.KABUPATEN, parent=province
    )
    path = folder / "anggaran.csv"
    budget_file(path, codes, rng)
    changed = folder / "anggaran-ubah.csv"
    changed_file(path, changed, rng)
    floor = baseline(path, kab)
    print(f"{LINES:,} lines, {path.stat().st_size / 1e6:.1f} MB CSV\n")
    print("| run | seconds | outcome |\n|---|---:|---|")
    first = timed("first import", path, kab)
    timed("re-import, same file", path, kab)
    timed("one line in ten changed", changed, kab)
    start = time.perf_counter()
    rows = region_budget_analysis(kab, 2025)
    analysis = time.perf_counter() - start
    print(f"| analysis of the year (read + compute) | {analysis:.2f} | {len(rows):,} rows |")
    print(f"| baseline: csv module + bulk_create, no check | {floor:.2f} | {LINES:,} new |")
    print(f"\nfirst import / baseline = {first / floor:.1f}x; goal < 10 s: {first < 10}")


if __name__ == "__main__":
    main()
