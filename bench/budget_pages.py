"""Benchmark: the Penganggaran page on 10,000 budget lines, cold and warm.

Generates (from the seed of ``bench/budget_import.py``, with its generator) the nomenclature
and a year of 10,000 lines over the six stages for one kab, imports them, and adds a second
kab with 10,000 lines in the one stage shown (the APBD murni: every line in the
breakdowns) and three neighbours for the comparison. Then, for each kab, times the page
``/penganggaran/<kode>/2025/?tahap=murni`` through Django's test client as the kab's
planner:

- cold: a new data generation before each request (as after an import), so the report is
  computed from the database's sums;
- warm: the same request again (the report from the analysis cache);
- the report alone (``build_report``, no page), to set against the baseline.

The baseline, in the same process, is the way before the page: the stored lines of the
year read one by one and added up by the pure ``budget_analysis`` (what the command prints).
Goal: the page under 300 ms.

Run: python bench/budget_pages.py   (uses a temporary SQLite database)
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("SEPAKAT_DATA_DIR", tempfile.mkdtemp(prefix="sepakat-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sepakat.settings")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import django

django.setup()

import budget_import as generator  # noqa: E402  (bench/budget_import.py)
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from sepakat.accounts.models import User  # noqa: E402
from sepakat.budgeting.budget_import import budget_import  # noqa: E402
from sepakat.budgeting.models import ApbdLine  # noqa: E402
from sepakat.budgeting.report import build_report  # noqa: E402
from sepakat.budgeting.selectors import region_budget_analysis  # noqa: E402
from sepakat.budgeting.vocabulary import FUND_SOURCES, TAGS  # noqa: E402
from sepakat.core.roles import Role  # noqa: E402
from sepakat.datahub.generations import bump_data_generation  # noqa: E402
from sepakat.planning.nomenclature import nomenclature_import  # noqa: E402
from sepakat.regions.models import Kind, Level, Region  # noqa: E402
from sepakat.regions.services import ensure_national_region  # noqa: E402

RUNS = 7


def kab(province: Region, number: int) -> Region:
    return Region.objects.create(
        code=f"97.{number:02d}",
        name=f"Uji {number}",
        level=Level.REGENCY,
        kind=Kind.KABUPATEN,
        parent=province,
    )


def one_stage(region: Region, codes: list[str], rng: random.Random, lines: int) -> None:
    """``lines`` APBD murni lines of 2025 (sub kegiatan x account x fund source)."""
    keys: set[tuple[str, str, str]] = set()
    while len(keys) < lines:
        keys.add((rng.choice(codes), rng.choice(("5.1", "5.2")), rng.choice(FUND_SOURCES)))
    ApbdLine.objects.bulk_create(
        [
            ApbdLine(
                region=region,
                year=2025,
                stage="murni",
                skpd_code=f"{code[:4]}.0.00.0.00.01.0000",
                skpd_name=f"Dinas {code[:4]}",
                sub_kegiatan_code=code,
                sub_kegiatan_name=f"Sub kegiatan {code}",
                urusan_name=f"Bidang {code[:4]}",
                account=account,
                fund_source=fund,
                amount=Decimal(rng.randrange(10_000_000, 5_000_000_000)),
                realisation=None if rng.random() < 0.5 else Decimal(rng.randrange(1, 9_000_000)),
                tags=" ".join(t for t in TAGS if rng.random() < 0.2),
            )
            for code, account, fund in sorted(keys)
        ],
        batch_size=1000,
    )


def timed_page(client: Client, region: Region, *, cold: bool) -> list[float]:
    url = f"/penganggaran/{region.code}/2025/?tahap=murni"
    out = []
    for _ in range(RUNS):
        if cold:
            bump_data_generation([region.code])
        start = time.perf_counter()
        response = client.get(url)
        out.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
    return out


def main() -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    folder = Path(tempfile.mkdtemp(prefix="sepakat-bench-pages-"))
    rng = random.Random(generator.SEED)
    codes = generator.nomenclature_file(folder)
    version, result = nomenclature_import(
        path=folder / "nomenklatur.csv",
        file="nomenklatur.csv",
        version_name="bench",
        in_force_from=date(2022, 1, 1),
    )
    assert version is not None, result.problems[:5]
    nation = ensure_national_region()
    province = Region.objects.create(code="97", name="Uji", level=Level.PROVINCE, parent=nation)
    chain_kab, stage_kab = kab(province, 1), kab(province, 2)
    path = folder / "anggaran.csv"
    generator.budget_file(path, codes, rng)
    assert budget_import(actor=None, region=chain_kab, path=path, file=path.name).ok
    one_stage(stage_kab, codes, rng, 10_000)
    for number in (3, 4, 5):
        one_stage(kab(province, number), codes, rng, 500)
    print(
        "| kab | lines (murni) | page cold, median ms | page warm, median ms "
        "| report alone, ms | baseline ms |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for region, label in ((chain_kab, "six stages"), (stage_kab, "one stage")):
        user = User.objects.create_user(
            username=f"perencana.{region.code}", password="x", role=Role.PLANNER, region=region
        )
        client = Client()
        client.force_login(user)
        client.get(f"/penganggaran/{region.code}/2025/")  # templates and URLs loaded once
        cold = timed_page(client, region, cold=True)
        warm = timed_page(client, region, cold=False)
        built = []
        for _ in range(RUNS):
            start = time.perf_counter()
            build_report(region, 2025, "murni")
            built.append(time.perf_counter() - start)
        bases = []
        for _ in range(RUNS):
            start = time.perf_counter()
            region_budget_analysis(region, 2025)
            bases.append(time.perf_counter() - start)
        base = statistics.median(bases)
        murni = ApbdLine.objects.filter(region=region, year=2025, stage="murni").count()
        total = ApbdLine.objects.filter(region=region, year=2025).count()
        print(
            f"| {label}, {total:,} lines | {murni:,} | {statistics.median(cold) * 1000:.0f} "
            f"(max {max(cold) * 1000:.0f}) | {statistics.median(warm) * 1000:.0f} | "
            f"{statistics.median(built) * 1000:.0f} | {base * 1000:.0f} |"
        )
    print("\ngoal: the page under 300 ms cold and warm")


if __name__ == "__main__":
    main()
