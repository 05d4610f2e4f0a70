"""Benchmark: the Perencanaan pages on the demo region.

Builds the demo (seed 2025) in a temporary data folder, then, in one process, with the
Django test client and the logged-in planner of kab/kota 99.01 (``contoh.9901.perencana``):

  - the plan list, the version page of the demo plan's approved version, a new draft made
    from it (the version page with its differences, the edit page, an intervention's form),
    the sub kegiatan search of the intervention form (HTMX) and the Nomenklatur page with a
    search: server time (request to response, in process), median and p95 of N runs after
    a warm-up; goal < 300 ms; with the number of database queries of one request;
  - the baseline in the same process: the version page's reads done the straightforward
    way (each intervention's problem, SKPD and years fetched as the template touches them),
    against the selector the page uses (one query each for interventions, their years).

Run: python bench/planning_pages.py [N]   (uses a temporary SQLite database)
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
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
from sepakat.planning import plan_selectors, plans  # noqa: E402
from sepakat.planning.models_plan import Intervention, Plan, PlanVersion  # noqa: E402

GOAL_MS = 300


class QueryCount:
    """Counts the statements sent to the database."""

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
    p95 = runs[min(len(runs) - 1, round(0.95 * (len(runs) - 1)))]
    return statistics.median(runs), p95


def naive_reads(version: PlanVersion) -> int:
    """What the version page would cost read item by item (N+1): the baseline."""
    touched = 0
    for item in Intervention.objects.filter(version=version).order_by("position"):
        touched += len(item.problem.code) + len(item.skpd.name)
        touched += sum(1 for _y in item.years.order_by("year"))
    return touched


def selector_reads(version: PlanVersion) -> int:
    touched = 0
    for item in plan_selectors.interventions_of(version):
        touched += len(item.problem.code) + len(item.skpd.name)
        touched += sum(1 for _y in item.years.all())
    return touched


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    call_command("migrate", verbosity=0)
    from sepakat.demo.services import build_demo

    started = time.perf_counter()
    build_demo(seed=2025)
    print(f"demo built in {time.perf_counter() - started:.1f} s")
    user = User.objects.get(username="contoh.9901.perencana")
    plan = Plan.objects.get(region__code="99.01")
    approved = plan_selectors.approved_version(plan)
    assert approved is not None, "the demo plan of 99.01 has no approved version"
    draft = plan_selectors.open_version(plan) or plans.version_draft_from(
        actor=user, version=approved
    )
    item = draft.interventions.order_by("position").first()
    assert item is not None
    print(
        f"demo plan 99.01 {plan.start_year}-{plan.end_year}: version {approved.number} "
        f"approved, draft {draft.number}, {draft.interventions.count()} interventions"
    )
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")

    def get(url: str, **headers: str) -> None:
        response = client.get(url, HTTP_HOST="127.0.0.1", **headers)
        assert response.status_code == 200, (url, response.status_code)

    pages = [
        ("plan list", "/perencanaan/rencana/", {}),
        ("version page (approved)", f"/perencanaan/rencana/versi/{approved.pk}/", {}),
        ("version page (draft, with diff)", f"/perencanaan/rencana/versi/{draft.pk}/", {}),
        ("edit page", f"/perencanaan/rencana/versi/{draft.pk}/ubah/", {}),
        ("intervention form", f"/perencanaan/rencana/intervensi/{item.pk}/ubah/", {}),
        (
            "sub kegiatan search (HTMX)",
            f"/perencanaan/rencana/versi/{draft.pk}/sub-kegiatan/?q=pendidikan",
            {"HTTP_HX_REQUEST": "true"},
        ),
        ("nomenclature search", "/perencanaan/nomenklatur/?q=gizi", {}),
        ("problem tree (approved)", f"/perencanaan/rencana/versi/{approved.pk}/pohon-masalah/", {}),
        (
            "problem tree (draft, forms)",
            f"/perencanaan/rencana/versi/{draft.pk}/pohon-masalah/",
            {},
        ),
    ]
    for _label, url, headers in pages:
        get(url, **headers)  # warm-up: template loading, first connection
    print(f"| page | median ms | p95 ms | queries | goal < {GOAL_MS} ms |")
    print("|---|---:|---:|---:|---|")
    slow = []
    for label, url, headers in pages:
        queries = QueryCount()
        with connection.execute_wrapper(queries):
            get(url, **headers)
        median, p95 = timed(lambda url=url, headers=headers: get(url, **headers), n)
        ok = p95 * 1000 < GOAL_MS
        if not ok:
            slow.append(label)
        print(
            f"| {label} | {median * 1000:.0f} | {p95 * 1000:.0f} | {queries.count} | "
            f"{'yes' if ok else 'NO'} |"
        )
    assert naive_reads(draft) == selector_reads(draft)
    counts = []
    for reads in (naive_reads, selector_reads):
        queries = QueryCount()
        with connection.execute_wrapper(queries):
            reads(draft)
        counts.append(queries.count)
    naive_ms, _ = timed(lambda: naive_reads(draft), n)
    ours_ms, _ = timed(lambda: selector_reads(draft), n)
    print(
        f"version page reads: selector {ours_ms * 1000:.1f} ms ({counts[1]} queries), "
        f"item by item {naive_ms * 1000:.1f} ms ({counts[0]} queries), "
        f"{naive_ms / ours_ms:.1f}x"
    )
    if slow:
        print(f"slower than {GOAL_MS} ms at p95: {', '.join(slow)}")


if __name__ == "__main__":
    main()
