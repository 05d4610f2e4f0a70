"""Benchmark: the tagging page and the bulk tag on 10,000 budget lines of one year.

Builds the demo (seed 2025) in a temporary data folder, adds synthetic lines to kab/kota
99.01's 2026 budget until it holds 10,000 lines (six stages, ten SKPD, the demo's sub
kegiatan codes and names), then, with the Django test client and the logged-in planner
``contoh.9901.perencana``:

  - the tagging page unfiltered, filtered (stage + SKPD, untagged only, a text search) and
    its last page: server time, median and p95 of N runs after a warm-up, with the number
    of database queries of one request; goal < 300 ms;
  - the bulk change on every line of the year's filter (all 10,000 lines, each changing),
    through the page's form and through ``sepakat budget tag``; one run each.

Run: python bench/budget_tagging.py [N]   (uses a temporary SQLite database)
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("SEPAKAT_DATA_DIR", tempfile.mkdtemp(prefix="sepakat-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sepakat.settings")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from sepakat.accounts.models import User  # noqa: E402
from sepakat.budgeting.models import STAGE_ORDER, ApbdLine  # noqa: E402
from sepakat.regions.models import Region  # noqa: E402

GOAL_MS = 300
TARGET = 10_000
YEAR = 2026


class QueryCount:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        self.count += 1
        return execute(sql, params, many, context)


def timed(fn: Callable[[], object], n: int) -> tuple[float, float]:
    runs = []
    for _ in range(n):
        started = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - started)
    runs.sort()
    return statistics.median(runs), runs[min(len(runs) - 1, round(0.95 * (len(runs) - 1)))]


def fill(region: Region) -> None:
    """Synthetic lines up to :data:`TARGET`, unique on the model's key."""
    existing = ApbdLine.objects.filter(region=region, year=YEAR)
    names = dict(existing.values_list("sub_kegiatan_code", "sub_kegiatan_name"))
    codes = sorted(names)
    missing = TARGET - existing.count()
    new = []
    i = 0
    while len(new) < missing:
        code = codes[i % len(codes)]
        stage = STAGE_ORDER[(i // len(codes)) % len(STAGE_ORDER)]
        skpd = f"9.{i // (len(codes) * len(STAGE_ORDER)):02d}.0.00.0.00.01.0000"
        new.append(
            ApbdLine(
                region=region,
                year=YEAR,
                stage=stage,
                skpd_code=skpd,
                skpd_name=f"SKPD uji {skpd[:4]}",
                sub_kegiatan_code=code,
                sub_kegiatan_name=names[code],
                account="5.1",
                fund_source="bench",
                amount=Decimal(1_000_000 + i),
            )
        )
        i += 1
    ApbdLine.objects.bulk_create(new, batch_size=1000)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    call_command("migrate", verbosity=0)
    from sepakat.demo.services import build_demo

    started = time.perf_counter()
    build_demo(seed=2025)
    print(f"demo built in {time.perf_counter() - started:.1f} s")
    region = Region.objects.get(code="99.01")
    fill(region)
    total = ApbdLine.objects.filter(region=region, year=YEAR).count()
    print(f"99.01 {YEAR}: {total} budget lines")
    user = User.objects.get(username="contoh.9901.perencana")
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    base = f"/penganggaran/99.01/{YEAR}/penandaan/"

    def get(url: str) -> None:
        response = client.get(url, HTTP_HOST="127.0.0.1")
        assert response.status_code == 200, (url, response.status_code)

    pages = [
        ("unfiltered", base),
        ("stage + SKPD", base + "?tahap=murni&skpd=9.01.0.00.0.00.01.0000"),
        ("untagged only", base + "?tag=-"),
        ("text search", base + "?q=gizi"),
        ("last page", base + f"?page={(total + 49) // 50}"),
    ]
    for _label, url in pages:
        get(url)
    print(f"| tagging page | median ms | p95 ms | queries | goal < {GOAL_MS} ms |")
    print("|---|---:|---:|---:|---|")
    for label, url in pages:
        queries = QueryCount()
        with connection.execute_wrapper(queries):
            get(url)
        median, p95 = timed(lambda url=url: get(url), n)
        ok = "yes" if p95 * 1000 < GOAL_MS else "NO"
        print(f"| {label} | {median * 1000:.0f} | {p95 * 1000:.0f} | {queries.count} | {ok} |")
    started = time.perf_counter()
    response = client.post(
        base + "ubah/", {"cakupan": "filter", "tambah": ["kantong"]}, HTTP_HOST="127.0.0.1"
    )
    assert response.status_code == 302
    page_s = time.perf_counter() - started
    assert (
        ApbdLine.objects.filter(region=region, year=YEAR, tags__contains="kantong").count() == total
    )
    out = io.StringIO()
    started = time.perf_counter()
    call_command("budget", "tag", "99.01", "--year", str(YEAR), "--remove", "kantong", stdout=out)
    cli_s = time.perf_counter() - started
    print(f"bulk change of every line, page form: {page_s:.2f} s")
    print(f"bulk change of every line, command line: {cli_s:.2f} s ({out.getvalue().strip()})")


if __name__ == "__main__":
    main()
