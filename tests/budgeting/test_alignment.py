"""Keselarasan: the arithmetic on plain values (sums worked by hand below), the narrative's
refusals to judge, and the page's role and region checks."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from sepakat.budgeting import narrative
from sepakat.budgeting.alignment import (
    MAP_CLASSES,
    AlignLine,
    alignment_rows_for_sheet,
    location_class,
    location_split,
    per_unit,
    problem_rows,
)
from sepakat.budgeting.analysis import AnalysisRow
from sepakat.budgeting.models import ApbdLine
from sepakat.datahub.generations import bump_data_generation

D = Decimal
PROBLEMS = [("KES01", "Stunting"), ("PND02", "Putus sekolah"), ("EKO03", "Pengangguran")]


def _line(
    amount: str,
    problems: tuple[str, ...] = (),
    tags: tuple[str, ...] = ("beban",),
    locations: tuple[str, ...] = (),
) -> AlignLine:
    return AlignLine("1.02.02.2.02.0004", D(amount), tags, problems, None, locations)


def test_each_priority_gets_its_planned_and_budgeted_amount_and_the_gap() -> None:
    lines = [
        _line("100", ("KES01",)),
        _line("50", ("KES01", "PND02")),  # counts in full for both
        _line("30", ("LAIN9",)),  # a problem outside the set, tagged: serves no priority
        _line("20", ()),  # tagged, no problem: serves no priority
        _line("999", (), tags=()),  # untagged: not poverty spending at all
    ]
    rows, unserved = problem_rows(PROBLEMS, {"KES01": D("200"), "EKO03": D("80")}, lines)
    by = {r.code: r for r in rows}
    assert [r.code for r in rows] == ["KES01", "PND02", "EKO03"]
    assert by["KES01"].budgeted == D("150") and by["KES01"].gap == D("-50")
    assert by["PND02"].budgeted == D("50") and by["PND02"].planned is None
    assert by["PND02"].gap is None
    assert by["EKO03"].without_budget and by["EKO03"].gap == D("-80")
    assert sum(x.amount for x in unserved) == D("50")


def test_per_unit_rounds_to_the_rupiah_and_gives_a_reason_without_denominator() -> None:
    fig = per_unit("x", D("1000000"), D("3"), "2025, BPS", "none")
    assert fig.value == D("333333")
    missing = per_unit("x", D("1000000"), None, "", "Belum ada jumlah penduduk miskin.")
    assert missing.value is None and missing.reason == "Belum ada jumlah penduduk miskin."
    assert per_unit("x", D("5"), D("0"), "", "nol").value is None


def test_locations_served_missed_and_outside() -> None:
    kantong = ["98.01.01", "98.01.02.2001", "98.01.03"]
    lines = [
        _line("10", locations=("98.01.01.2005",)),  # a desa inside kecamatan kantong 01
        _line("7", locations=("98.01.02",)),  # the kecamatan of desa kantong 02.2001
        _line("5", locations=("98.01.04", "98.01.02")),
    ]
    split = location_split(kantong, lines)
    assert split.served == ["98.01.01"]
    assert split.missed == ["98.01.02.2001", "98.01.03"]
    assert split.outside == {"98.01.02": D("12"), "98.01.04": D("5")}
    assert split.amounts["98.01.02"] == D("12")
    # on the desa map the desa kantong lies in a kecamatan that receives spending
    assert location_class("98.01.02.2001", split, kantong) == str(MAP_CLASSES[0])
    assert location_class("98.01.03", split, kantong) == str(MAP_CLASSES[1])
    assert location_class("98.01.04", split, kantong) == str(MAP_CLASSES[2])
    assert location_class("98.01.05", split, kantong) == str(MAP_CLASSES[3])


def _chain(code: str, stage: str, amount: str) -> AnalysisRow:
    return AnalysisRow("chain", code, stage, D(amount), None, None)


def test_chain_changes_between_kua_ppas_and_apbd() -> None:
    rows = [
        _chain("A", "kua-ppas", "100"),
        _chain("A", "murni", "60"),  # cut 40 %
        _chain("B", "kua-ppas", "100"),
        _chain("B", "murni", "98"),  # 2 %: not a cut
        _chain("C", "kua-ppas", "50"),  # dropped
        _chain("D", "murni", "10"),  # new: not a cut
    ]
    changes, both = narrative.chain_changes(rows)
    assert both
    assert [(c.code, c.after) for c in changes] == [("C", None), ("A", D("60"))]
    assert narrative.chain_changes([_chain("A", "murni", "5")]) == ([], False)


def _facts(**kw: Any) -> narrative.Facts:
    base: dict[str, Any] = {
        "region": "Kab. X",
        "year": 2026,
        "stage": "APBD murni",
        "total": D("1000"),
        "poverty": D("250"),
    }
    return narrative.Facts(**{**base, **kw})


def test_summary_says_the_share_and_names_priorities_without_budget() -> None:
    text = " ".join(
        narrative.budget_summary(
            _facts(
                priorities=3,
                without_budget=["EKO03 Pengangguran"],
                has_plan=True,
                has_both_stages=True,
            )
        )
    )
    assert "25,0%" in text
    assert "1 dari 3 masalah prioritas tidak mendapat anggaran: EKO03 Pengangguran" in text


def test_summary_gives_no_verdict_the_data_cannot_carry() -> None:
    text = " ".join(
        narrative.budget_summary(
            _facts(per_poor_reason="Belum ada jumlah penduduk miskin terverifikasi.")
        )
    )
    assert "belum ada set prioritas yang disetujui" in text
    assert "belum ada rencana disetujui" in text
    assert "salah satu tahap belum diunggah" in text
    assert "Belanja per penduduk miskin tidak dihitung" in text
    assert "Realisasi" not in text
    assert "mendapat anggaran pada tahap ini" not in text


def test_sheet_rows_have_a_header_and_one_row_per_problem() -> None:
    class A:
        rows, _u = problem_rows(
            PROBLEMS, {"KES01": D("200")}, [_line("150", ("KES01",)), _line("9")]
        )
        unserved = D("9")
        unserved_lines = _u

    sheet = alignment_rows_for_sheet(A())  # type: ignore[arg-type]
    assert len(sheet) == 1 + 3 + 1
    assert sheet[1][:5] == ["KES01", "Stunting", 200.0, 150.0, -50.0]
    assert sheet[-1][3] == 9.0


@pytest.mark.django_db
def test_page_for_the_region_and_404_for_another(
    budget_world: dict[str, Any], client: Any, login_as: Any
) -> None:
    url = reverse("budgeting:alignment", kwargs={"code": "98.01", "year": 2026})
    login_as(budget_world["alice"])
    assert client.get(url).status_code == 404  # no budget line of the year yet
    ApbdLine.objects.create(
        region=budget_world["kab_a"],
        year=2026,
        stage="murni",
        skpd_code="1.02.0.00.0.00.01.0000",
        skpd_name="Dinas Kesehatan",
        sub_kegiatan_code="1.02.02.2.02.0004",
        account="5.1",
        amount=D("150000000"),
        tags="stunting",
    )
    bump_data_generation(["98.01"])
    ok = client.get(url)
    assert ok.status_code == 200
    assert "Keselarasan dengan prioritas dan rencana" in ok.content.decode()
    login_as(budget_world["charlie"])
    assert client.get(url).status_code == 404
    login_as(budget_world["erin"])  # a data operator reads no budget page
    assert client.get(url).status_code == 403
    login_as(budget_world["hana"])  # the province above
    assert client.get(url).status_code == 200


def test_summary_names_the_largest_cut_and_says_when_it_was_dropped() -> None:
    dropped = narrative.ChainChange("1.06.04.2.01.0001", D("900"), None)
    cut = narrative.ChainChange("1.02.02.2.02.0004", D("500"), D("300"))
    text = " ".join(narrative.budget_summary(_facts(has_both_stages=True, changes=[dropped, cut])))
    assert "2 sub kegiatan dipotong atau dihapus" in text
    assert "terbesar 1.06.04.2.01.0001 (Rp 900 di KUA-PPAS), yang dihapus" in text
    text = " ".join(narrative.budget_summary(_facts(has_both_stages=True, changes=[cut])))
    assert "dari Rp 500 menjadi Rp 300" in text


@pytest.mark.django_db
def test_spending_per_household_in_deciles_1_2_of_the_registry(
    budget_world: dict[str, Any], settings: Any
) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from sepakat.budgeting.alignment import alignment_for, poorest_households
    from sepakat.budgeting.models import ApbdLine
    from sepakat.datahub.models import MicrodataFile, MicrodataKind

    kab_a = budget_world["kab_a"]
    assert poorest_households(kab_a) is None
    relative = "uji-registri/98/rumah-tangga.parquet"
    path = settings.MICRODATA_DIR / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    # kab A: three households in deciles 1-2 (1, 2, 2), three above; kab B's are not counted
    desa = ["98.01.01.2001"] * 6 + ["98.02.01.2001"] * 2
    pq.write_table(pa.table({"desa": desa, "desil": [1, 2, 2, 3, 4, 9, 1, 1]}), path)
    MicrodataFile.objects.create(
        kind=MicrodataKind.REGISTRY,
        title="Registri uji",
        region=budget_world["province"],
        period="2024-06",
        relative_path=relative,
        row_count=8,
        sha256="c" * 64,
        columns={"region_code": "desa", "decile": "desil"},
    )
    common = {"region": kab_a, "year": 2026, "stage": "murni", "skpd_code": "1", "skpd_name": "S"}
    ApbdLine.objects.create(
        **common,
        sub_kegiatan_code="1.02.02.2.02.0004",
        account="5.1",
        amount=D("900"),
        tags="beban",
    )
    ApbdLine.objects.create(
        **common, sub_kegiatan_code="1.02.02.2.02.0021", account="5.1", amount=D("5000")
    )
    result = alignment_for(kab_a, 2026)
    per_household = result.figures[1]
    assert per_household.denominator == 3
    assert per_household.value == D("300")  # 900 tagged over 3 households; untagged left out
    assert "Registri uji (2024-06)" in per_household.basis
    # no verified poor population: no figure, and the reason says so
    assert result.figures[0].value is None
    assert "jumlah penduduk miskin" in result.figures[0].reason
