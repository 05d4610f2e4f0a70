"""`sepakat plan import` and `sepakat plan export`: all or nothing, every bad row named,
and the long CSV given back as it came in."""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from sepakat.planning.models_plan import Intervention, InterventionYear, Plan, PlanVersion
from tests.planning.plan_world import matrix

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("plan", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def plan_events() -> list[str]:
    return [
        e.changes["event"][0]
        for e in LogEntry.objects.order_by("pk")
        if isinstance(e.changes, dict) and str(e.changes.get("event", [""])[0]).startswith("plan")
    ]


@pytest.fixture
def good(plan_world: dict[str, Any]) -> list[str]:
    first, second, _third = plan_world["problems"]
    return matrix(first, second)


def test_an_imported_matrix_comes_back_as_the_same_rows(
    plan_world: dict[str, Any],
    good: list[str],
    write_file: Callable[[str, str], Path],
    tmp_path: Path,
) -> None:
    source = write_file("matriks.csv", "\n".join(good) + "\n")
    out, _err = run("import", "98.01", str(source), "--period", "2025-2029")
    assert "versi draf 1 tersimpan dengan 2 intervensi" in out
    third = plan_world["problems"][2]
    assert f"Peringatan: masalah prioritas {third}" in out  # a problem without intervention

    plan = Plan.objects.get()
    assert (plan.region, plan.start_year, plan.end_year) == (plan_world["kab_a"], 2025, 2029)
    assert plan.priority_set == plan_world["priority_set"]
    version = PlanVersion.objects.get()
    assert (version.number, version.status, version.source) == (1, "draft", "matriks.csv")
    meals = Intervention.objects.get(sub_kegiatan_code="1.06.04.2.01.0006")
    assert meals.sub_kegiatan_name == "Pemberian Permakanan" and meals.strategy == "pendapatan"
    assert InterventionYear.objects.count() == 6
    assert plan_events() == ["plan created", "plan version imported"]

    exported = tmp_path / "keluar.csv"
    run("export", "98.01", "--version", "latest", "--format", "csv", "--output", str(exported))
    assert exported.read_text(encoding="utf-8").splitlines() == good


def test_the_sipd_workbook_has_one_row_per_sub_kegiatan_and_year_of_the_period(
    plan_world: dict[str, Any],
    good: list[str],
    write_file: Callable[[str, str], Path],
    tmp_path: Path,
) -> None:
    run("import", "98.01", str(write_file("m.csv", "\n".join(good))), "--period", "2025-2029")
    output = tmp_path / "sipd.xlsx"
    out, _ = run(
        "export", "98.01", "--version", "1", "--format", "sipd-xlsx", "--output", str(output)
    )
    assert "5 baris" in out  # the baseline year 2024 is no SIPD input
    sheet = load_workbook(output).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:4] == ("Tahun", "Kode Sub Kegiatan", "Nama Sub Kegiatan", "Indikator Keluaran")
    assert rows[1][-3:] == ("Tag Stunting", "Kode SKPD", "Nama SKPD")
    first = rows[2]
    assert first[:2] == (2025, "1.01.02.2.01.0025")
    assert first[4:7] == (42, "Unit", 1500000000)
    assert "98.01.01.2001 Satu" in first[7]
    assert first[8:] == ("APBD", "Ya", "Tidak", "1.01.0.00.0.00.01.0000", "Dinas Pendidikan")
    assert len(rows) == 2 + 5


BAD_ROWS = [
    # (line to change, old text, new text, column, words of the reason)
    (
        3,
        "1.01.02.2.01.0025",
        "1.01.02.2.01.0099",
        "kode_sub_kegiatan",
        "tidak ada dalam nomenklatur",
    ),
    (3, "1.01.02.2.01.0025", "1.01.02.1.01.0025", "kode_sub_kegiatan", "kewenangan provinsi"),
    (3, "98.01.01 98.01.01.2001", "98.02.01", "lokasi", "di luar wilayah 98.01"),
    (3, ",42,", ",30,", "target", "lebih rendah dari kondisi awal 40"),
    (
        6,
        "1.06.0.00.0.00.01.0000",
        "1.05.0.00.0.00.01.0000",
        "kode_skpd",
        "tidak ada dalam daftar SKPD",
    ),
    (4, ",45,", ",empat puluh,", "target", "bukan angka"),
    (4, "1600000000", "1.600.000.000", "pagu_indikatif", "bukan angka rupiah"),
    (5, ",2027,", ",2031,", "tahun", "di luar periode rencana 2025-2029"),
    (6, ",pendapatan,", ",bantuan,", "strategi", "tidak dikenal"),
]


@pytest.mark.parametrize(("line", "old", "new", "column", "reason"), BAD_ROWS)
def test_a_bad_row_is_named_with_its_reason_and_nothing_is_written(
    plan_world: dict[str, Any],
    good: list[str],
    write_file: Callable[[str, str], Path],
    line: int,
    old: str,
    new: str,
    column: str,
    reason: str,
) -> None:
    lines = list(good)
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new)
    source = write_file("salah.csv", "\n".join(lines))
    with pytest.raises(CommandError, match="tidak ada yang disimpan"):
        out, err = StringIO(), StringIO()
        try:
            call_command(
                "plan",
                "import",
                "98.01",
                str(source),
                "--period",
                "2025-2029",
                stdout=out,
                stderr=err,
            )
        finally:
            report = err.getvalue()
    assert f"salah.csv, baris {line}, kolom {column}: " in report
    assert reason in report
    assert report.count("  - ") == 1  # only that row
    assert not Plan.objects.exists() and not PlanVersion.objects.exists()
    assert not Intervention.objects.exists() and plan_events() == []


def test_every_bad_row_is_listed_and_an_unknown_problem_too(
    plan_world: dict[str, Any], good: list[str], write_file: Callable[[str, str], Path]
) -> None:
    lines = list(good)
    lines[2] = lines[2].replace("98.01.01 ", "99.99.01 ")
    lines[5] = "P99" + lines[5][lines[5].index(",") :]
    err = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "plan",
            "import",
            "98.01",
            str(write_file("m.csv", "\n".join(lines))),
            "--period",
            "2025-2029",
            stdout=StringIO(),
            stderr=err,
        )
    report = err.getvalue()
    assert "2 masalah ditemukan" in report
    assert "baris 3, kolom lokasi" in report and "baris 6, kolom masalah" in report
    assert "Masalah 'P99' tidak ada dalam set prioritas" in report
    assert not PlanVersion.objects.exists()


def test_a_file_with_other_columns_is_refused(
    plan_world: dict[str, Any], good: list[str], write_file: Callable[[str, str], Path]
) -> None:
    lines = [good[0] + ",catatan", *(g + "," for g in good[1:])]
    err = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "plan",
            "import",
            "98.01",
            str(write_file("m.csv", "\n".join(lines))),
            "--period",
            "2025-2029",
            stdout=StringIO(),
            stderr=err,
        )
    assert "Kolom catatan tidak dikenal" in err.getvalue()
    assert not Plan.objects.exists()


def test_export_defaults_to_the_approved_version(
    plan_world: dict[str, Any],
    good: list[str],
    write_file: Callable[[str, str], Path],
    tmp_path: Path,
) -> None:
    run("import", "98.01", str(write_file("m.csv", "\n".join(good))), "--period", "2025-2029")
    output = tmp_path / "x.csv"
    with pytest.raises(CommandError, match="belum mempunyai versi yang disetujui"):
        run("export", "98.01", "--format", "csv", "--output", str(output))
    assert not output.exists()
    # The newest draft, asked for by name, is written (the RPKD marks it DRAF).
    run("export", "98.01", "--version", "latest", "--format", "csv", "--output", str(output))
    assert output.read_text(encoding="utf-8").startswith("masalah,strategi")


def test_a_region_without_an_approved_priority_set_cannot_start_a_plan(
    world: dict[str, Any], write_file: Callable[[str, str], Path]
) -> None:
    err = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "plan",
            "import",
            "98.01",
            str(write_file("m.csv", "\n".join(matrix("P01", "P02")))),
            "--period",
            "2025-2029",
            stdout=StringIO(),
            stderr=err,
        )
    assert "belum memiliki set prioritas yang disetujui" in err.getvalue()
    assert not Plan.objects.exists()


def test_an_xlsx_matrix_is_read_like_the_csv(
    plan_world: dict[str, Any], good: list[str], write_xlsx: Callable[..., Path], tmp_path: Path
) -> None:
    rows: list[list[object]] = [["Matriks intervensi Kabupaten Alfa 2025-2029"]]
    for line in good:
        cells: list[object] = line.split(",")
        if cells[6] != "tahun":  # numbers typed as numbers, as Excel keeps them
            cells[6] = int(str(cells[6]))
        rows.append(cells)
    source = write_xlsx("matriks.xlsx", {"Matriks": rows})
    run("import", "98.01", str(source), "--period", "2025-2029", "--user", "alice")
    version = PlanVersion.objects.get()
    assert version.created_by == plan_world["personas"]["alice"]
    exported = tmp_path / "keluar.csv"
    run("export", "98.01", "--version", "latest", "--format", "csv", "--output", str(exported))
    assert exported.read_text(encoding="utf-8").splitlines() == good


def test_a_user_of_another_region_cannot_import(
    plan_world: dict[str, Any], good: list[str], write_file: Callable[[str, str], Path]
) -> None:
    err = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "plan",
            "import",
            "98.01",
            str(write_file("m.csv", "\n".join(good))),
            "--period",
            "2025-2029",
            "--user",
            "charlie",
            stdout=StringIO(),
            stderr=err,
        )
    assert "Pengguna charlie tidak berhak menyusun rencana Kabupaten Alfa" in err.getvalue()
    assert not Plan.objects.exists() and plan_events() == []


def test_the_reasons_read_in_english_for_an_english_user(
    plan_world: dict[str, Any], good: list[str], write_file: Callable[[str, str], Path]
) -> None:
    from django.utils import translation

    lines = list(good)
    lines[2] = lines[2].replace(",42,", ",empat puluh,")
    err = StringIO()
    with translation.override("en"), pytest.raises(CommandError):
        call_command(
            "plan",
            "import",
            "98.01",
            str(write_file("m.csv", "\n".join(lines))),
            "--period",
            "2025-2029",
            stdout=StringIO(),
            stderr=err,
        )
    assert "Target 'empat puluh' is not a number. Write a number only, e.g. 12.5." in err.getvalue()
    assert not Plan.objects.exists()


def test_a_doubled_column_title_is_refused_and_nothing_is_written(
    plan_world: dict[str, Any], good: list[str], write_file: Callable[[str, str], Path]
) -> None:
    lines = [good[0] + ",tahun", *(row + ",2026" for row in good[1:])]
    source = write_file("ganda.csv", "\n".join(lines))
    err = StringIO()
    with pytest.raises(CommandError, match="tidak ada yang disimpan"):
        call_command(
            "plan",
            "import",
            "98.01",
            str(source),
            "--period",
            "2025-2029",
            stdout=StringIO(),
            stderr=err,
        )
    assert "Judul kolom 'tahun' muncul dua kali" in err.getvalue()
    assert not Plan.objects.exists() and plan_events() == []
