"""Random budgets: whatever the file, the analysis equals the file's own sums, a re-import
changes nothing, and every stage's shares of a dimension that covers each line once add to 1."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sepakat.budgeting.models import ApbdLine
from tests.budgeting.conftest import KAB_CODES, line
from tests.budgeting.oracle import assert_same, expected, printed

STAGES = ["rkpd", "kua-ppas", "rka", "murni", "perubahan", "dpa"]
SKPDS = ["1.02.0.00.0.00.01.0000", "1.01.0.00.0.00.01.0000", "1.06.0.00.0.00.01.0000"]
FUNDS = ["PAD", "DAU", "DAK fisik", "DBH-CHT", "Dana Desa", "lainnya"]
TAGS = ["kemiskinan-ekstrem", "stunting", "beban", "pendapatan", "kantong"]


@st.composite
def budget_rows(draw: st.DrawFn) -> list[list[str]]:
    keys = draw(
        st.lists(
            st.tuples(
                st.sampled_from(STAGES),
                st.sampled_from(SKPDS),
                st.sampled_from(KAB_CODES),
                st.sampled_from(["5.1", "5.2"]),
                st.sampled_from(FUNDS),
            ),
            min_size=1,
            max_size=25,
            unique=True,
        )
    )
    rows = []
    for stage, skpd, code, account, fund in keys:
        cents = draw(st.integers(min_value=0, max_value=10**13))
        pagu = Decimal(cents) / 100
        real = draw(st.none() | st.integers(min_value=0, max_value=cents))
        tags = draw(st.lists(st.sampled_from(TAGS), unique=True, max_size=3))
        rows.append(
            line(
                stage=stage,
                skpd=skpd,
                code=code,
                account=account,
                fund=fund,
                pagu=str(pagu),
                realisation="" if real is None else str(Decimal(real) / 100),
                tag=" ".join(tags),
            )
        )
    return rows


@pytest.mark.django_db
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=budget_rows())
def test_the_analysis_of_any_budget_equals_its_sums(
    budget_world: dict[str, Any], write_budget: Callable[..., Path], rows: list[list[str]]
) -> None:
    ApbdLine.objects.all().delete()
    path = write_budget(rows)
    call_command("budget", "import", "98.01", str(path), stdout=StringIO(), stderr=StringIO())
    stored = list(ApbdLine.objects.order_by("pk").values())
    out = StringIO()
    call_command("budget", "import", "98.01", str(path), stdout=out, stderr=StringIO())
    assert "Tidak ada perubahan" in out.getvalue()
    assert list(ApbdLine.objects.order_by("pk").values()) == stored
    text = StringIO()
    call_command("budget", "analysis", "98.01", "--year", "2025", stdout=text)
    found = printed(text.getvalue())
    assert_same(found, expected(path, 2025))
    for dimension in ("bidang_urusan", "skpd", "sumber_dana", "chain"):
        for stage in {s for d, _k, s in found if d == "total"}:
            shares = [v[2] for (d, _k, s), v in found.items() if d == dimension and s == stage]
            if None not in shares:
                assert abs(sum(shares) - 1) < Decimal("1e-9")  # type: ignore[arg-type]
