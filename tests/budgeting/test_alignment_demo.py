"""The demo's Kab 99.01 in 2026: the planted priority with no budget shows on the
keselarasan page, as a row with nothing budgeted and in the summary."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from sepakat.budgeting.alignment import alignment_for
from sepakat.budgeting.models import ApbdLine
from sepakat.demo.services import DEFAULT_SEED, build_demo
from sepakat.planning.plans import approved_priority_set
from sepakat.regions.models import Region

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    folder = tmp_path_factory.mktemp("demo")
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with override_settings(MICRODATA_DIR=folder):
                build_demo(seed=DEFAULT_SEED)
                yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def test_the_planted_priority_without_budget_shows(demo: None, db: Any, client: Any) -> None:
    region = Region.objects.get(code="99.01")
    result = alignment_for(region, 2026)
    pset = approved_priority_set(region)
    assert pset is not None
    # independently: the set's problems whose code no murni line of 2026 serves through
    # the plan (same sub kegiatan code) or its own problem tags
    assert result.stage == "murni"
    lines = ApbdLine.objects.filter(region=region, year=2026, stage="murni")
    total = sum((ln.amount for ln in lines), Decimal(0))
    assert result.total == total
    missing = [r.code for r in result.without_budget]
    assert len(missing) == 1
    last = pset.items.order_by("-position").first()
    assert last is not None and missing == [last.indicator.code]
    # the per-person figure divides by the verified poor population, named with its year
    per_poor = result.figures[0]
    assert per_poor.value is not None and per_poor.denominator
    assert per_poor.value == (result.poverty_total / per_poor.denominator).quantize(Decimal(1))
    assert "penduduk miskin 20" in per_poor.basis
    # the largest parts are named by bidang urusan, code and name
    from sepakat.budgeting import narrative
    from sepakat.budgeting.selectors import region_budget_analysis

    facts = narrative.facts_of(result, region_budget_analysis(region, 2026))
    assert facts.largest and all(len(label.split(" ", 1)) == 2 for label, _a in facts.largest)
    assert facts.largest[0][1] == max(
        sum((ln.amount for ln in lines if ln.bidang_urusan_code == code), Decimal(0))
        for code in {ln.bidang_urusan_code for ln in lines}
    )
    served = [r for r in result.rows if not r.without_budget]
    assert served and all(r.budgeted > 0 for r in served)

    from sepakat.accounts.models import User

    planner = User.objects.filter(region=region, role="planner").first()
    assert planner is not None
    client.force_login(planner, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(
        reverse("budgeting:alignment", kwargs={"code": "99.01", "year": 2026})
    ).content.decode()
    assert "tanpa anggaran" in page
    assert "tidak mendapat anggaran" in page
    assert last.indicator.code in page
    assert 'data-vega-spec="spec-alignment-map"' in page

    # the section the PDF report includes renders alone, without a script
    from django.template.loader import render_to_string

    section = render_to_string(
        "budgeting/_alignment_section.html", {"a": result, "summary": ["Ringkasan."]}
    )
    assert "<script" not in section and "tanpa anggaran" in section
    assert "APBD murni" in section
