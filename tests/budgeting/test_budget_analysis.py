"""`sepakat budget analysis`: the sums of every dimension and stage equal the ones computed
again from the imported file, and the chain says what happened to each sub kegiatan."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from sepakat.budgeting.analysis import FIELDS, Line, budget_analysis, plain_number
from tests.budgeting.conftest import SKPD_DIK, SKPD_KES, SKPD_SOS, line
from tests.budgeting.oracle import assert_same, expected, printed

WriteBudget = Callable[..., Path]
BALITA, GIZI, BOS, PERMAKANAN, LATIH = (
    "1.02.02.2.02.0004",
    "1.02.02.2.02.0021",
    "1.01.02.2.01.0025",
    "1.06.04.2.01.0001",
    "2.07.03.2.01.0001",
)
SOS = {"skpd": SKPD_SOS, "skpd_name": "Dinas Sosial"}
DIK = {"skpd": SKPD_DIK, "skpd_name": "Dinas Pendidikan"}
# balita: cut from KUA-PPAS to murni, raised in perubahan; gizi: dropped at murni, back in
# perubahan (new); BOS unchanged; permakanan new at murni; pelatihan only in KUA-PPAS.
CHAIN = [
    line(stage="kua-ppas", code=BALITA, pagu="300000000", tag="stunting kemiskinan-ekstrem"),
    line(stage="kua-ppas", code=GIZI, pagu="80000000", tag="stunting", fund="DAK non-fisik"),
    line(stage="kua-ppas", code=BOS, pagu="500000000", fund="DAK non-fisik", **DIK),
    line(
        stage="kua-ppas",
        code=LATIH,
        pagu="40000000",
        tag="pendapatan",
        skpd="2.07.0.00.0.00.01.0000",
    ),
    line(stage="murni", code=BALITA, pagu="250000000", tag="stunting kemiskinan-ekstrem"),
    line(stage="murni", code=BALITA, account="5.2", pagu="20000000,5", fund="PAD", tag="stunting"),
    line(stage="murni", code=BOS, pagu="500000000", fund="DAK non-fisik", **DIK),
    line(stage="murni", code=PERMAKANAN, pagu="60000000", tag="beban kantong", **SOS),
    line(stage="perubahan", code=BALITA, pagu="280000000", realisation="270000000", tag="stunting"),
    line(stage="perubahan", code=GIZI, pagu="10000000", realisation="0", tag="stunting"),
    line(
        stage="perubahan",
        code=BOS,
        pagu="500000000",
        realisation="480000000,25",
        fund="DAK non-fisik",
        **DIK,
    ),
    line(
        stage="perubahan",
        code=PERMAKANAN,
        pagu="60000000",
        tag="beban kantong kemiskinan-ekstrem",
        **SOS,
    ),
    line(year=2024, stage="murni", code=BALITA, pagu="999"),
]


def analysis(region: str, year: int, fmt: str = "csv") -> str:
    out = StringIO()
    call_command(
        "budget",
        "analysis",
        region,
        "--year",
        str(year),
        "--format",
        fmt,
        stdout=out,
        stderr=StringIO(),
    )
    return out.getvalue()


@pytest.mark.django_db
def test_every_number_equals_the_sums_of_the_file(
    budget_world: dict[str, Any], write_budget: WriteBudget
) -> None:
    path = write_budget(CHAIN)
    call_command("budget", "import", "98.01", str(path), stdout=StringIO())
    text = analysis("98.01", 2025)
    assert text.splitlines()[0] == ",".join(FIELDS)
    found = printed(text)
    assert_same(found, expected(path, 2025))
    # what a planner reads off the chain, written out
    status = {(k, s): v[3] for (d, k, s), v in found.items() if d == "chain"}
    assert status[(BALITA, "murni")] == "cut" and status[(BALITA, "perubahan")] == "raised"
    assert status[(GIZI, "murni")] == "dropped" and status[(GIZI, "perubahan")] == "new"
    assert status[(BOS, "murni")] == status[(BOS, "perubahan")] == "unchanged"
    assert status[(PERMAKANAN, "murni")] == "new"
    assert status[(LATIH, "murni")] == "dropped" and (LATIH, "perubahan") not in status
    assert found[("chain", GIZI, "murni")][:3] == (Decimal(0), None, Decimal(0))
    assert found[("bidang_urusan", "1.02", "murni")][0] == Decimal("270000000.5")
    assert found[("tag", "kemiskinan-ekstrem", "perubahan")][0] == Decimal("60000000")
    assert found[("tag", "stunting", "perubahan")][1] == Decimal("270000000")
    assert found[("total", "", "perubahan")][2] == Decimal(1)
    assert found[("total", "", "murni")][1] is None  # no realisation reported at murni
    assert {k for d, k, _s in found if d == "sumber_dana"} == {"DAU", "PAD", "DAK non-fisik"}


@pytest.mark.django_db
def test_a_decimal_comma_file_gives_the_same_analysis(
    budget_world: dict[str, Any], write_budget: WriteBudget
) -> None:
    path = write_budget(CHAIN, delimiter=";")
    call_command("budget", "import", "98.01", str(path), stdout=StringIO())
    assert_same(printed(analysis("98.01", 2025)), expected(path, 2025))


@pytest.mark.django_db
def test_json_carries_the_same_rows_with_null_for_empty_cells(
    budget_world: dict[str, Any], write_budget: WriteBudget
) -> None:
    call_command("budget", "import", "98.01", str(write_budget(CHAIN)), stdout=StringIO())
    rows = json.loads(analysis("98.01", 2025, "json"))
    table = list(csv.DictReader(analysis("98.01", 2025).splitlines()))
    assert [(r["dimension"], r["key"], r["stage"]) for r in rows] == [
        (r["dimension"], r["key"], r["stage"]) for r in table
    ]
    total = rows[0]
    assert (total["dimension"], total["stage"], total["amount"]) == ("total", "kua-ppas", 920000000)
    assert total["realisation"] is None and total["status"] is None and total["share"] == 1


@pytest.mark.django_db
def test_rows_are_sorted_by_dimension_key_then_stage_and_other_regions_stay_out(
    budget_world: dict[str, Any], write_budget: WriteBudget
) -> None:
    call_command("budget", "import", "98.01", str(write_budget(CHAIN)), stdout=StringIO())
    rows = list(csv.DictReader(analysis("98.01", 2025).splitlines()))
    dimensions = [r["dimension"] for r in rows]
    order = ["total", "tag", "bidang_urusan", "skpd", "sumber_dana", "chain"]
    assert sorted(dimensions, key=order.index) == dimensions
    tags = list(dict.fromkeys(r["key"] for r in rows if r["dimension"] == "tag"))
    assert tags == ["kemiskinan-ekstrem", "stunting", "beban", "pendapatan", "kantong"]
    balita = [r["stage"] for r in rows if r["key"] == BALITA]
    assert balita == ["kua-ppas", "murni", "perubahan"]
    assert analysis("98.02", 2025).splitlines() == [",".join(FIELDS)]


def test_the_pure_function_gives_shares_as_fractions_and_plain_numbers() -> None:
    lines = [
        Line("murni", SKPD_KES, BALITA, "DAU", ("stunting",), Decimal(300), Decimal(150)),
        Line("murni", SKPD_KES, GIZI, "DAU", (), Decimal(900), None),
    ]
    rows = {(r.dimension, r.key, r.stage): r for r in budget_analysis(lines)}
    stunting = rows[("tag", "stunting", "murni")]
    assert (stunting.amount, stunting.realisation, stunting.share) == (300, 150, Decimal("0.25"))
    assert rows[("skpd", SKPD_KES, "murni")].realisation == 150
    assert plain_number(Decimal("1500000.00")) == "1500000"
    assert plain_number(Decimal("0.250000000000")) == "0.25"
    assert plain_number(Decimal("1E+14")) == "100000000000000"
    assert plain_number(None) == ""


@pytest.mark.django_db
def test_a_person_reads_the_analysis_of_their_own_region_only(
    budget_world: dict[str, Any], write_budget: WriteBudget
) -> None:
    from django.http import Http404

    from sepakat.budgeting.selectors import budget_analysis_for

    call_command("budget", "import", "98.01", str(write_budget(CHAIN)), stdout=StringIO())
    own = budget_analysis_for(budget_world["alice"], "98.01", 2025)
    above = budget_analysis_for(budget_world["hana"], "98.01", 2025)
    assert own == above and own[0].dimension == "total"
    with pytest.raises(Http404):
        budget_analysis_for(budget_world["charlie"], "98.01", 2025)
