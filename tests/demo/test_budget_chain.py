"""The demo's budget chain: every stage of 2024-2026 in every demo kab/kota, consistent
with the approved plan of 99.01, with the problems a TKPKD is meant to find in it."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Sum
from django.test import override_settings

from sepakat.budgeting.models import ApbdLine
from sepakat.budgeting.selectors import region_budget_analysis
from sepakat.budgeting.tagging import suggest_tags
from sepakat.demo.services import DEFAULT_SEED, build_demo
from sepakat.planning.models_plan import Intervention, InterventionYear
from sepakat.regions.models import Level, Region

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALL = ["rkpd", "kua-ppas", "rka", "murni", "perubahan", "dpa"]


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


@pytest.fixture
def kab(demo: None, db: Any) -> Region:
    return Region.objects.get(code="99.01")


def interventions() -> list[Intervention]:
    return list(
        Intervention.objects.filter(version__plan__region__code="99.01", version__status="approved")
        .select_related("problem")
        .order_by("position")
    )


def stages(region: Region, year: int) -> set[str]:
    return set(ApbdLine.objects.filter(region=region, year=year).values_list("stage", flat=True))


def test_every_kab_kota_has_the_whole_chain_of_three_years(kab: Region) -> None:
    regencies = Region.objects.filter(level=Level.REGENCY, code__startswith="99.")
    assert regencies.count() >= 2
    for regency in regencies:
        for year in (2024, 2025, 2026):
            assert stages(regency, year) == set(ALL), (regency.code, year)
        closed = ApbdLine.objects.filter(region=regency, year=2024, stage="dpa")
        assert not closed.filter(realisation__isnull=True).exists()
        assert not ApbdLine.objects.filter(
            region=regency, year=2026, realisation__isnull=False
        ).exists()
        tagged = ApbdLine.objects.filter(region=regency, year=2025, stage="dpa").exclude(tags="")
        assert tagged.filter(tags__contains="kemiskinan-ekstrem").exists()
        assert tagged.filter(tags__contains="stunting").exists()
        assert (
            not ApbdLine.objects.filter(region=regency)
            .filter(fund_source="")
            .exclude(stage__in=["murni", "perubahan"], year__lte=2025)
            .exists()
        )
    assert stages(Region.objects.get(code="99"), 2026) == set()


def plan_codes() -> tuple[list[str], str, str, list[str]]:
    """All the plan's codes, the cut one, the dropped one and the unfunded problem's."""
    items = interventions()
    problems = list(dict.fromkeys(i.problem_id for i in items))
    codes = list(dict.fromkeys(i.sub_kegiatan_code for i in items))
    dropped = [i for i in items if i.problem_id == problems[1]][-1].sub_kegiatan_code
    unfunded = [i.sub_kegiatan_code for i in items if i.problem_id == problems[-1]]
    return codes, items[0].sub_kegiatan_code, dropped, unfunded


def booked(region: Region, stage: str, code: str, year: int = 2026) -> Decimal:
    found = ApbdLine.objects.filter(
        region=region, year=year, stage=stage, sub_kegiatan_code=code
    ).aggregate(s=Sum("amount"))["s"]
    return found if found is not None else Decimal(0)


def test_the_plan_interventions_are_proposed_near_the_plan(kab: Region) -> None:
    codes, _cut, _dropped, unfunded = plan_codes()
    funded = [c for c in codes if c not in unfunded]
    assert funded
    for code in funded:
        planned = InterventionYear.objects.filter(
            intervention__in=interventions(), intervention__sub_kegiatan_code=code, year=2026
        ).aggregate(s=Sum("budget"))["s"]
        assert planned
        assert abs(booked(kab, "kua-ppas", code) - planned) <= planned * Decimal("0.1"), code


def test_the_chain_shows_the_problems_a_tkpkd_should_find(kab: Region) -> None:
    _codes, cut, dropped, unfunded = plan_codes()
    status = {
        (r.key, r.stage): r.status
        for r in region_budget_analysis(kab, 2026)
        if r.dimension == "chain"
    }
    assert status[(cut, "murni")] == "cut"
    assert booked(kab, "murni", cut) < booked(kab, "kua-ppas", cut) * Decimal("0.7")
    assert status[(dropped, "rka")] == "dropped"
    assert booked(kab, "kua-ppas", dropped) > 0 and booked(kab, "dpa", dropped) == 0
    for code in unfunded:  # a priority problem with no budget at all
        assert not ApbdLine.objects.filter(region=kab, year=2026, sub_kegiatan_code=code).exists()
    dpa = ApbdLine.objects.filter(region=kab, year=2024, stage="dpa")
    sosial = dpa.filter(skpd_name="Dinas Sosial").aggregate(p=Sum("amount"), r=Sum("realisation"))
    others = dpa.exclude(skpd_name="Dinas Sosial").aggregate(p=Sum("amount"), r=Sum("realisation"))
    assert sosial["r"] / sosial["p"] < Decimal("0.5") < others["r"] / others["p"]


def test_the_demo_tags_agree_with_the_plan(kab: Region) -> None:
    suggestions = suggest_tags(kab, 2026)
    assert suggestions
    lines = {
        line.pk: line for line in ApbdLine.objects.filter(pk__in=[s.line_id for s in suggestions])
    }
    assert all(lines[s.line_id].tags == s.tags for s in suggestions)


def test_the_closed_years_dpa_has_quarterly_realisation_and_sosial_absorbs_low(
    kab: Region,
) -> None:
    from sepakat.budgeting.absorption import absorption

    dpa = list(ApbdLine.objects.filter(region=kab, year=2024, stage="dpa"))
    assert dpa and all(line.realisation_q4 == line.realisation for line in dpa)
    assert all(
        line.realisation_q1 is not None
        and line.realisation_q1
        <= line.realisation_q2  # type: ignore[operator]
        <= line.realisation_q3  # type: ignore[operator]
        <= line.realisation_q4  # type: ignore[operator]
        for line in dpa
    )
    assert not ApbdLine.objects.filter(region=kab, year=2026, realisation_q1__isnull=False).exists()
    sosial_code = next(line.skpd_code for line in dpa if line.skpd_name == "Dinas Sosial")
    skpd = {r.key: r for r in absorption(dpa) if r.level == "skpd"}
    sosial = skpd.pop(sosial_code)
    assert all(sosial.low) and sosial.low_year
    assert all(sosial.year_rate < r.year_rate for r in skpd.values())  # type: ignore[operator]
