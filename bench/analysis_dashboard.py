"""Benchmark: the Analisis Kemiskinan dashboard and the PDF report on the demo region.

Builds the demo (seed 2025) in a temporary data folder, then, in one process, with the
Django test client and a logged-in planner of kab/kota 99.01:
  - the dashboard view, server time (request to response, in process), median of N runs
    after a warm-up; goal < 300 ms; with its number of database queries;
  - the baseline in the same process: the same figures read the straightforward way, one
    query per indicator and region and year (what a template-driven page tends to do);
  - the indicator analysis page and the map page, median of N runs;
  - the indicator page's work (read, analyse, draw four chart specs) against the same work
    done as before, interleaved in the same process: the whole observation table read
    with a REGEXP on the period and the model's ordering, the charts built through Altair
    (``bench/altair_charts.py``);
  - the PDF report of the kab/kota, one cold-ish run after the warm-up; goal < 20 s.

Run: python bench/analysis_dashboard.py [N]   (uses a temporary SQLite database)
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("SEPAKAT_DATA_DIR", tempfile.mkdtemp(prefix="sepakat-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sepakat.settings")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import django

django.setup()

import altair_charts  # noqa: E402
import polars as pl  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Q  # noqa: E402
from django.test import Client  # noqa: E402

from sepakat.accounts.models import User  # noqa: E402
from sepakat.analysis import analyses, blocks, selectors  # noqa: E402
from sepakat.core.access import region_filter  # noqa: E402
from sepakat.datahub.models import Observation, ObservationStatus  # noqa: E402


class QueryCount:
    """Counts the statements sent to the database (the test client closes connections
    between requests, so Django's debug query log is no help here)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        self.count += 1
        return execute(sql, params, many, context)


def timed(fn, n: int) -> tuple[float, list[float]]:
    runs = []
    for _ in range(n):
        started = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs), runs


def baseline(user: User, year: int) -> list[tuple[str, float | None]]:
    """One query per indicator x region x year, as a naive view would do."""
    frame = selectors.frame_for(user, None)
    catalogue = selectors.catalogue(user)
    codes = list(analyses.HEADLINE) + [c for c, i in catalogue.items() if i.is_key]
    out = []
    for code in codes:
        for region in frame.comparators:
            for y in (year, year - 1):
                obs = Observation.objects.filter(
                    indicator__code=code,
                    region=region,
                    period=str(y),
                    status=ObservationStatus.VERIFIED,
                ).first()
                out.append((code, None if obs is None else obs.value))
        for y in range(2015, year + 1):  # the trend chart's series
            for region in frame.comparators:
                Observation.objects.filter(
                    indicator__code="KMS01", region=region, period=str(y)
                ).first()
    return out


def indicator_work(user: User, code: str, *, previous: bool) -> int:
    """What the indicator page does before its template: read, analyse, draw the specs."""
    frame = selectors.frame_for(user, None)
    catalogue = selectors.catalogue(user)
    if previous:
        regions = [*frame.comparators, *frame.peers]
        rows = (
            Observation.objects.filter(
                status=ObservationStatus.VERIFIED,
                region__in=regions,
                period__regex=r"^[0-9]{4}$",
            )
            .filter(Q(indicator__owner_region__isnull=True) | region_filter(user, "region"))
            .values_list(
                "region__code", "indicator__code", "period", "value", "standard_error", "source"
            )
        )
        table = pl.DataFrame(
            [(r, i, int(p), v, se, s) for r, i, p, v, se, s in rows],
            schema=selectors.OBSERVATION_SCHEMA,
            orient="row",
        )
    else:
        codes = analyses.indicator_codes(catalogue, code)
        table = selectors.observation_table(user, frame, codes)
    ia = analyses.indicator_analysis(frame, catalogue, table, catalogue[code], None)
    now = blocks.charts
    if previous:  # the same blocks, their charts drawn by the Altair builders
        blocks.charts = altair_charts  # type: ignore[assignment]
    try:
        return sum(1 for b in blocks.indicator_blocks(ia) if b.spec is not None)
    finally:
        blocks.charts = now


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    call_command("migrate", verbosity=0)
    from sepakat.demo.services import build_demo

    started = time.perf_counter()
    build_demo(seed=2025)
    print(f"demo built in {time.perf_counter() - started:.1f} s")
    user = User.objects.get(username="contoh.9901.perencana")
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")

    def get(url: str) -> None:
        response = client.get(url, HTTP_HOST="127.0.0.1")
        assert response.status_code == 200, (url, response.status_code)

    for url in ("/analisis/", "/analisis/indikator/", "/analisis/peta/"):
        get(url)  # warm-up: imports (Altair, SciPy, Polars), template loading
    queries = QueryCount()
    with connection.execute_wrapper(queries):
        get("/analisis/")
    median, runs = timed(lambda: get("/analisis/"), n)
    print(
        f"dashboard: median {median * 1000:.0f} ms (min {min(runs) * 1000:.0f}, "
        f"max {max(runs) * 1000:.0f}) over {n} runs, {queries.count} queries"
    )
    queries = QueryCount()
    with connection.execute_wrapper(queries):
        baseline(user, 2025)
    base_median, _runs = timed(lambda: baseline(user, 2025), max(3, n // 5))
    print(
        f"baseline (one query per value): median {base_median * 1000:.0f} ms, "
        f"{queries.count} queries, reads only - no analysis, no chart"
    )
    for label, url in (
        ("indicator analysis (KMS01)", "/analisis/indikator/?indikator=KMS01"),
        ("map (desa, Jenks)", "/analisis/peta/"),
        ("decile profile", "/analisis/desil/"),
    ):
        median, _runs = timed(lambda url=url: get(url), max(5, n // 3))
        print(f"{label}: median {median * 1000:.0f} ms")
    for code in ("KMS01", "KMS05"):
        assert indicator_work(user, code, previous=True) == indicator_work(
            user, code, previous=False
        )
        ours, before = [], []
        for _ in range(max(5, n // 2)):  # interleaved: both see the same load
            started = time.perf_counter()
            indicator_work(user, code, previous=False)
            ours.append(time.perf_counter() - started)
            started = time.perf_counter()
            indicator_work(user, code, previous=True)
            before.append(time.perf_counter() - started)
        a, b = statistics.median(ours), statistics.median(before)
        print(
            f"indicator work ({code}): median {a * 1000:.0f} ms, as before {b * 1000:.0f} ms "
            f"(before / now = {b / a:.1f}x)"
        )
    started = time.perf_counter()
    response = client.get("/analisis/laporan.pdf", HTTP_HOST="127.0.0.1")
    pdf_seconds = time.perf_counter() - started
    print(f"PDF report 99.01: {pdf_seconds:.1f} s, {len(response.content) / 1024:.0f} KB")
    started = time.perf_counter()
    response = client.get("/analisis/laporan.xlsx", HTTP_HOST="127.0.0.1")
    print(f"Excel workbook 99.01: {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
