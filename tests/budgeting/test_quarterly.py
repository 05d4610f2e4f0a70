"""Realisation by quarter: the optional columns of the import, the reason rule and the
absorption rates with their low-absorption flags."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from sepakat.budgeting.absorption import absorption, needs_reason
from sepakat.budgeting.models import ApbdLine
from tests.budgeting.conftest import HEADER, SKPD_SOS, line
from tests.budgeting.test_budget_import import budget_events, refused, run

pytestmark = pytest.mark.django_db

WriteBudget = Callable[..., Path]
WIDE = HEADER + ",realisasi_tw1,realisasi_tw2,realisasi_tw3,realisasi_tw4,alasan"


def wide(quarters: tuple[str, str, str, str], reason: str = "", **cells: Any) -> list[str]:
    return [*line(stage="dpa", **cells), *quarters, reason]


def test_quarterly_cumulative_realisation_is_stored_and_fills_the_years(
    budget_world: dict[str, Any], write_budget: WriteBudget
) -> None:
    rows = [
        wide(("10000000", "50000000", "90000000", "140000000"), pagu="150000000"),
        wide(("", "", "", ""), code="1.02.02.2.02.0021", pagu="80000000", realisation="60000000"),
    ]
    out, _err = run("import", "98.01", str(write_budget(rows, header=WIDE)))
    assert "2 baris baru" in out
    balita = ApbdLine.objects.get(sub_kegiatan_code="1.02.02.2.02.0004")
    assert balita.quarters == (
        Decimal("10000000"),
        Decimal("50000000"),
        Decimal("90000000"),
        Decimal("140000000"),
    )
    # the fourth quarter's running total is the year's realisation when that is left empty
    assert balita.realisation == Decimal("140000000")
    gizi = ApbdLine.objects.get(sub_kegiatan_code="1.02.02.2.02.0021")
    assert gizi.quarters == (None, None, None, None)
    assert gizi.realisation == Decimal("60000000")
    # the same file again changes nothing
    out, _err = run("import", "98.01", str(write_budget(rows, header=WIDE)))
    assert "Tidak ada perubahan" in out
    assert len(budget_events()) == 1


def test_realisation_above_pagu_is_refused_without_a_reason_naming_row_and_column(
    budget_world: dict[str, Any], write_budget: WriteBudget
) -> None:
    over = wide(("", "", "", ""), pagu="100000000", realisation="120000000")
    err = refused(write_budget([line(stage="dpa", code="1.02.02.2.02.0021"), over], header=WIDE))
    assert "baris 3, kolom alasan" in err
    assert "Rp 120.000.000" in err and "Rp 100.000.000" in err
    # a quarter above the pagu needs a reason as much as the year does
    quarter = wide(("", "130000000", "", ""), pagu="100000000")
    err = refused(write_budget([quarter], name="tw.csv", header=WIDE))
    assert "tw.csv, baris 2, kolom alasan" in err and "realisasi_tw2" in err


def test_realisation_above_pagu_is_accepted_with_a_reason(
    budget_world: dict[str, Any], write_budget: WriteBudget
) -> None:
    over = wide(
        ("", "", "", ""),
        reason="Pergeseran anggaran dari belanja tidak terduga",
        pagu="100000000",
        realisation="120000000",
    )
    run("import", "98.01", str(write_budget([over], header=WIDE)))
    stored = ApbdLine.objects.get()
    assert stored.realisation == Decimal("120000000")
    assert stored.reason == "Pergeseran anggaran dari belanja tidak terduga"


def test_the_contract_layout_still_refuses_realisation_above_pagu(
    budget_world: dict[str, Any], write_budget: WriteBudget
) -> None:
    err = refused(write_budget([line(pagu="100", realisation="101")]))
    assert "baris 2, kolom alasan" in err


@pytest.mark.parametrize(
    ("quarters", "realisation", "column", "words"),
    [
        (("50000000", "40000000", "", ""), "", "realisasi_tw2", "kumulatif"),
        (("", "", "", "90000000"), "80000000", "realisasi_tw4", "triwulan IV"),
        (("1.000.000", "", "", ""), "", "realisasi_tw1", "bukan angka"),
        (("-5", "", "", ""), "", "realisasi_tw1", "negatif"),
    ],
)
def test_a_bad_quarter_is_refused_with_its_column_and_nothing_is_written(
    budget_world: dict[str, Any],
    write_budget: WriteBudget,
    quarters: tuple[str, str, str, str],
    realisation: str,
    column: str,
    words: str,
) -> None:
    rows = [wide(quarters, pagu="100000000", realisation=realisation)]
    err = refused(write_budget(rows, header=WIDE))
    assert f"baris 2, kolom {column}" in err
    assert words in err


def _stored(skpd: str, code: str, amount: str, quarters: tuple[str | None, ...]) -> ApbdLine:
    values = [None if q is None else Decimal(q) for q in quarters]
    return ApbdLine(
        skpd_code=skpd,
        sub_kegiatan_code=code,
        account="5.1",
        fund_source="DAU",
        amount=Decimal(amount),
        realisation=values[3],
        realisation_q1=values[0],
        realisation_q2=values[1],
        realisation_q3=values[2],
        realisation_q4=values[3],
    )


def test_absorption_rates_and_low_flags_by_line_skpd_and_sub_kegiatan() -> None:
    lines = [
        _stored("A", "1.02.02.2.02.0004", "1000", ("200", "450", "700", "950")),
        _stored("B", "1.02.02.2.02.0004", "1000", ("100", "300", "500", "800")),
        _stored("B", "1.06.04.2.01.0001", "500", ("50", None, None, None)),
    ]
    rows = {(r.level, r.key): r for r in absorption(lines)}
    assert [r.level for r in absorption(lines)] == ["line"] * 3 + ["skpd"] * 2 + [
        "sub_kegiatan"
    ] * 2
    a = rows[("skpd", "A")]
    assert a.rates == (Decimal("0.2"), Decimal("0.45"), Decimal("0.7"), Decimal("0.95"))
    assert a.low == (False, False, False, False) and not a.low_year
    b = rows[("skpd", "B")]
    # triwulan I: (100 + 50) / 1500 = 10 %, under 15 %; later quarters only from the lines
    # that report them, over the whole pagu of the SKPD
    assert b.rates[0] == Decimal("0.1") and b.low[0]
    assert b.rates[3] == Decimal(800) / Decimal(1500) and b.low_year
    code = rows[("sub_kegiatan", "1.02.02.2.02.0004")]
    assert code.amount == Decimal("2000") and code.year_rate == Decimal("0.875")
    # triwulan II: (450 + 300) / 2000 = 37.5 %, under 40 %
    assert code.low == (False, True, False, True)
    silent = rows[("sub_kegiatan", "1.06.04.2.01.0001")]
    assert silent.rates[1:] == (None, None, None) and not silent.low_year


def test_the_reason_rule() -> None:
    assert needs_reason(Decimal(100), Decimal(101), (None,) * 4, "")
    assert needs_reason(Decimal(100), None, (None, Decimal(101), None, None), " ")
    assert not needs_reason(Decimal(100), Decimal(101), (None,) * 4, "pergeseran")
    assert not needs_reason(Decimal(100), Decimal(100), (Decimal(100),) * 4, "")


def test_the_sos_line_of_the_demo_kind_is_low(
    budget_world: dict[str, Any], write_budget: WriteBudget
) -> None:
    rows = [
        wide(
            ("20000000", "60000000", "110000000", "180000000"),
            skpd=SKPD_SOS,
            skpd_name="Dinas Sosial",
            code="1.06.04.2.01.0001",
            pagu="400000000",
        )
    ]
    run("import", "98.01", str(write_budget(rows, header=WIDE)))
    [sos] = [r for r in absorption(ApbdLine.objects.all()) if r.level == "skpd"]
    assert sos.low == (True, True, True, True) and sos.low_year
