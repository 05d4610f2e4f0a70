"""`sepakat monitor` over the whole demo, recomputed from what it prints."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from sepakat.demo.services import DEFAULT_SEED, build_demo
from sepakat.regions.models import Level, Region

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
HEADER = "indicator,level,target,realisation,unit,polarity,achievement_pct,band"


@pytest.fixture(scope="module")
def demo(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with override_settings(MICRODATA_DIR=tmp_path_factory.mktemp("demo")):
                build_demo(seed=DEFAULT_SEED)
                yield None
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _band(pct: float) -> str:
    if pct >= 91:
        return "sangat tinggi"
    if pct >= 76:
        return "tinggi"
    if pct >= 66:
        return "sedang"
    if pct >= 51:
        return "rendah"
    return "sangat rendah"


def _monitor(*args: str) -> str:
    out = io.StringIO()
    call_command("monitor", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_every_band_follows_the_formula_over_the_demo(demo: None) -> None:
    seen: set[str] = set()
    codes = Region.objects.filter(code__startswith="99.", level=Level.REGENCY)
    for code in codes.values_list("code", flat=True):
        text = _monitor(code, "--year", "2025")
        assert text.splitlines()[0] == HEADER
        for row in csv.DictReader(io.StringIO(text)):
            polarity = int(row["polarity"])
            assert polarity in (1, -1, 0)
            assert row["level"] in ("rpjmd", "rkpd", "rpkd", "tpb", "spm")
            if not row["realisation"]:
                assert row["achievement_pct"] == "" and row["band"] == ""
                continue
            target, real = float(row["target"]), float(row["realisation"])
            pct = real / target * 100 if polarity != -1 else (2 * target - real) / target * 100
            assert float(row["achievement_pct"]) == pytest.approx(round(pct, 2), abs=0.006)
            expected = "" if polarity == 0 else _band(round(pct, 2))
            assert row["band"] == expected, row
            seen.add(row["band"])
    assert {"sangat tinggi", "tinggi", "sedang", "rendah", "sangat rendah"} <= seen


@pytest.mark.django_db
def test_the_ratio_formula_for_lower_is_better(demo: None) -> None:
    text = _monitor("99.01", "--year", "2025", "--formula", "ratio")
    lower = [r for r in csv.DictReader(io.StringIO(text)) if r["polarity"] == "-1"]
    assert lower
    for row in lower:
        if row["realisation"] and float(row["realisation"]) != 0:
            pct = float(row["target"]) / float(row["realisation"]) * 100
            assert float(row["achievement_pct"]) == pytest.approx(round(pct, 2), abs=0.006)
            assert row["band"] == _band(round(pct, 2))


@pytest.mark.django_db
def test_the_demo_plan_gives_rpkd_targets_and_quarters_show_plan_outputs(demo: None) -> None:
    rows = list(csv.DictReader(io.StringIO(_monitor("99.01", "--year", "2025"))))
    assert any(r["level"] == "rpkd" for r in rows)
    quarter = list(
        csv.DictReader(io.StringIO(_monitor("99.01", "--year", "2025", "--period", "q2")))
    )
    # only the plan's outputs are reported by quarter, realised by the verified OPD reports
    assert quarter and all(r["level"] == "rpkd" and r["realisation"] != "" for r in quarter)
    # cumulative to mid-year against the year's target: at most half, with a shortfall
    pcts = [float(r["achievement_pct"]) for r in quarter]
    assert max(pcts) <= 50.0 and min(pcts) < 45.0
    assert all(r["band"] == _band(float(r["achievement_pct"])) for r in quarter)
    # the fourth quarter is not reported in the demo: the year has no plan-output realisation
    q4 = list(csv.DictReader(io.StringIO(_monitor("99.01", "--year", "2025", "--period", "q4"))))
    assert q4 and all(r["realisation"] == "" for r in q4)


@pytest.mark.django_db
def test_demo_quarter_reports_are_verified_with_reasons_where_behind(demo: None) -> None:
    from sepakat.monitoring.models import QuarterReport, QuarterStatus
    from sepakat.monitoring.quarter_selectors import quarter_lines

    region = Region.objects.get(code="99.01")
    reports = QuarterReport.objects.filter(region=region, year=2025)
    assert set(reports.values_list("quarter", flat=True)) == {1, 2, 3}
    assert set(reports.values_list("status", flat=True)) == {QuarterStatus.VERIFIED}
    for quarter in (1, 2, 3):
        lines = quarter_lines(region=region, year=2025, quarter=quarter)
        late = [line for line in lines if line.behind is not None and line.behind.any]
        assert late, "the demo shows a realistic shortfall"
        assert all(line.report is not None and line.report.reason for line in late)


@pytest.mark.django_db
def test_taking_the_plan_targets_again_changes_nothing(demo: None) -> None:
    from sepakat.budgeting.tagging import plan_in_force
    from sepakat.monitoring.models import Target
    from sepakat.monitoring.services import targets_from_plan

    region = Region.objects.get(code="99.01")
    version = plan_in_force(region, 2025)
    assert version is not None
    before = sorted(
        Target.objects.filter(region=region, kind="rpkd").values_list("key", "year", "value")
    )
    created, updated = targets_from_plan(actor=None, version=version)
    assert created == 0 and updated == len(before)
    after = sorted(
        Target.objects.filter(region=region, kind="rpkd").values_list("key", "year", "value")
    )
    assert after == before


@pytest.mark.django_db
def test_the_monitoring_page_answers_quickly_on_the_demo(demo: None, client: Any) -> None:
    import time

    from django.urls import reverse

    from sepakat.accounts.models import User

    client.force_login(
        User.objects.get(username="contoh.9901.perencana"),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    url = reverse("monitoring:table", kwargs={"code": "99.01", "year": 2025})
    assert client.get(url).status_code == 200  # warm the templates
    started = time.perf_counter()
    page = client.get(url)
    elapsed = time.perf_counter() - started
    assert page.status_code == 200
    assert "sangat rendah" in page.content.decode()
    assert elapsed < 0.3, elapsed


@pytest.mark.django_db
def test_demo_targets_are_targets_a_plan_could_hold(demo: None) -> None:
    from sepakat.monitoring.models import Target

    rows = Target.objects.filter(kind__in=("rkpd", "rpjmd")).select_related("indicator")
    assert rows.exists()
    for t in rows:
        indicator = t.indicator
        assert indicator is not None
        if indicator.max_value is not None:
            assert t.value <= indicator.max_value, t
        if indicator.min_value is not None:
            assert t.value >= indicator.min_value, t
        if t.unit == "%":
            assert 0 <= t.value <= 100, t
        if indicator.kind == "index" and t.baseline_value:
            assert abs(t.value - t.baseline_value) <= 0.1 * abs(t.baseline_value) + 1e-6, t
