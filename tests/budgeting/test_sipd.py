"""SIPD-RI's spending recap (RKA SKPD / APBD lampiran IV / DPA) read as a budget file: title
lines, the hierarchy with subtotals, amounts with thousand dots, the same refusals."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from sepakat.budgeting.models import ApbdLine
from sepakat.budgeting.sipd import sipd_amount
from tests.budgeting.conftest import SKPD_KES
from tests.budgeting.test_budget_import import refused, run

pytestmark = pytest.mark.django_db

TITLE = [
    ["PEMERINTAH KABUPATEN CONTOH A"],
    ["REKAPITULASI BELANJA MENURUT URUSAN, ORGANISASI, PROGRAM, KEGIATAN DAN SUB KEGIATAN"],
    ["{document} TAHUN ANGGARAN 2025"],
    [],
]
HEADER = [
    "Kode",
    "Uraian",
    "Belanja Operasi",
    "Belanja Modal",
    "Belanja Tidak Terduga",
    "Belanja Transfer",
    "Jumlah",
]


def body(balita: str = "150.000.000", program_total: str = "350.000.000") -> list[list[str]]:
    return [
        [
            "1",
            "URUSAN PEMERINTAHAN WAJIB PELAYANAN DASAR",
            "350.000.000",
            "900.000.000,00",
            "0",
            "0",
            "1.250.000.000",
        ],
        ["1.02", "KESEHATAN", "350.000.000", "900.000.000,00", "0", "0", "1.250.000.000"],
        [SKPD_KES, "Dinas Kesehatan", "350.000.000", "900.000.000,00", "0", "0", "1.250.000.000"],
        [
            "1.02.02",
            "PROGRAM PEMENUHAN UPAYA KESEHATAN",
            program_total,
            "900.000.000,00",
            "0",
            "0",
            "1.250.000.000",
        ],
        [
            "1.02.02.2.02",
            "Penyediaan Layanan Kesehatan",
            program_total,
            "900.000.000,00",
            "0",
            "0",
            "1.250.000.000",
        ],
        [
            "1.02.02.2.02.0004",
            "Pengelolaan Pelayanan Kesehatan Balita",
            balita,
            "900.000.000,00",
            "0",
            "0",
            "1.050.000.000",
        ],
        [
            "1.02.02.2.02.0021",
            "Pengelolaan Pelayanan Kesehatan Gizi Masyarakat",
            "200.000.000",
            "-",
            "0",
            "0",
            "200.000.000",
        ],
        [],
        ["", "JUMLAH BELANJA", "350.000.000", "900.000.000,00", "0", "0", "1.250.000.000"],
    ]


def write_csv(tmp_path: Path, rows: list[list[str]], document: str = "APBD") -> Path:
    lines = [[c.format(document=document) for c in r] for r in TITLE] + [HEADER] + rows
    path = tmp_path / "rekap-sipd.csv"
    # as Excel saves the export: every row as wide as the table, title lines too
    padded = [r + [""] * (len(HEADER) - len(r)) for r in lines]
    path.write_text("\n".join(";".join(r) for r in padded) + "\n", encoding="utf-8")
    return path


def test_the_sipd_recap_is_read_by_sub_kegiatan_and_account(
    budget_world: dict[str, Any], tmp_path: Path
) -> None:
    out, _err = run("import", "98.01", str(write_csv(tmp_path, body())))
    assert "3 baris baru" in out
    lines = {
        (x.sub_kegiatan_code, x.account): x
        for x in ApbdLine.objects.filter(region=budget_world["kab_a"], year=2025, stage="murni")
    }
    assert {k: v.amount for k, v in lines.items()} == {
        ("1.02.02.2.02.0004", "5.1"): Decimal("150000000"),
        ("1.02.02.2.02.0004", "5.2"): Decimal("900000000"),
        ("1.02.02.2.02.0021", "5.1"): Decimal("200000000"),
    }
    assert lines[("1.02.02.2.02.0004", "5.1")].skpd_code == SKPD_KES
    assert lines[("1.02.02.2.02.0004", "5.1")].skpd_name == "Dinas Kesehatan"


@pytest.mark.parametrize(
    ("document", "stage"),
    [
        ("RKA SKPD", "rka"),
        ("APBD PERUBAHAN", "perubahan"),
        ("DPA SKPD", "dpa"),
        ("KUA-PPAS", "kua-ppas"),
    ],
)
def test_the_stage_comes_from_the_title(
    budget_world: dict[str, Any], tmp_path: Path, document: str, stage: str
) -> None:
    run("import", "98.01", str(write_csv(tmp_path, body(), document=document)))
    assert set(ApbdLine.objects.values_list("stage", flat=True)) == {stage}


def test_the_xlsx_export_with_numbers_as_cells_is_read(
    budget_world: dict[str, Any], tmp_path: Path
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [[c.format(document="RKA SKPD") for c in r] for r in TITLE] + [HEADER]:
        sheet.append(row)
    for row in body():
        sheet.append(
            [row[0], row[1], *[float(sipd_amount(c) or 0) for c in row[2:]]] if row else []
        )
    path = tmp_path / "rekap.xlsx"
    book.save(path)
    run("import", "98.01", str(path))
    assert ApbdLine.objects.filter(stage="rka").count() == 3


def test_a_subtotal_that_does_not_match_is_refused_naming_its_row(
    budget_world: dict[str, Any], tmp_path: Path
) -> None:
    err = refused(write_csv(tmp_path, body(program_total="360.000.000")))
    # header on line 5: the program is line 9, the kegiatan line 10
    assert "baris 9, kolom belanja_operasi: Subtotal 1.02.02," in err
    assert "baris 10, kolom belanja_operasi: Subtotal 1.02.02.2.02," in err
    assert "Rp 360.000.000" in err and "Rp 350.000.000" in err


def test_the_same_refusals_apply_as_in_the_contract_layout(
    budget_world: dict[str, Any], tmp_path: Path
) -> None:
    # a negative pagu whose subtotals add up (-150 + 200 = 50 million), so only the sign fails
    rows = body(balita="-150.000.000", program_total="50.000.000")
    for subtotal in rows[:3]:  # urusan, bidang, SKPD
        subtotal[2] = "50.000.000"
    err = refused(write_csv(tmp_path, rows))
    assert "baris 11, kolom pagu" in err and "negatif" in err
    rows = body()
    rows[5][0] = "1.02.02.2.02.9999"
    err = refused(write_csv(tmp_path, rows))
    assert "baris 11, kolom kode_sub_kegiatan" in err and "tidak ada dalam nomenklatur" in err


def test_a_title_without_year_or_document_is_refused(
    budget_world: dict[str, Any], tmp_path: Path
) -> None:
    path = tmp_path / "tanpa-judul.csv"
    path.write_text(
        ";".join(HEADER) + "\n" + "\n".join(";".join(r) for r in body()), encoding="utf-8"
    )
    err = refused(path)
    assert "TAHUN ANGGARAN" in err


def test_thousand_dots_are_read_only_in_this_layout() -> None:
    assert sipd_amount("1.500.000") == Decimal("1500000")
    assert sipd_amount("1.500.000,50") == Decimal("1500000.50")
    assert sipd_amount("1500000.5") == Decimal("1500000.5")
    assert sipd_amount("-") == Decimal(0)
    assert sipd_amount("Rp 1.000") is None
