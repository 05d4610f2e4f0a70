from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.core.management.base import CommandError

from sepakat.cli import _django_argv
from sepakat.planning.models import NomenclatureItem, NomenclatureVersion
from sepakat.planning.nomenclature import nomenclature_import
from sepakat.planning.selectors import catalogue_in_force, version_in_force
from tests.planning.conftest import NOMENCLATURE_CSV

pytestmark = pytest.mark.django_db


def _import(path: Path, name: str = "v2021", in_force: date = date(2022, 1, 1)) -> Any:
    return nomenclature_import(path=path, file=path.name, version_name=name, in_force_from=in_force)


def test_it_imports_a_csv_list_as_a_version_with_levels_and_indicators(
    write_file: Callable[[str, str], Path],
) -> None:
    version, result = _import(write_file("nomenklatur.csv", NOMENCLATURE_CSV))
    assert result.ok and version is not None
    assert version.item_count == 8 == NomenclatureItem.objects.filter(version=version).count()
    sma = NomenclatureItem.objects.get(version=version, code="1.01.02.1.01.0025")
    assert (sma.kind, sma.level, sma.unit) == ("sub_kegiatan", "provinsi", "Unit")
    assert sma.indicator == "Jumlah Satuan Pendidikan SMA yang Menerima Dana BOS"
    assert sma.performance == "Satuan Pendidikan yang Menerima Dana BOS"
    sd = NomenclatureItem.objects.get(version=version, code="1.01.02.2.01.0025")
    assert sd.level == "kabkota"
    assert NomenclatureItem.objects.get(version=version, code="1.01.02").level == "semua"
    entry = LogEntry.objects.get(pk=result.audit_entry_id)
    assert entry.changes["items"] == 8 and entry.changes["version"] == "v2021"


def test_it_reads_the_ministry_xlsx_layout_with_title_rows_and_two_name_columns(
    write_xlsx: Callable[..., Path],
) -> None:
    path = write_xlsx(
        "lampiran.xlsx",
        {
            "Sampul": [["Lampiran Keputusan Menteri Dalam Negeri"]],
            "ALL": [
                ["LAMPIRAN KEPMENDAGRI NOMOR 050-5889 TAHUN 2021"],
                [],
                [
                    "KODE",
                    "NOMENKLATUR URUSAN PROVINSI",
                    "NOMENKLATUR URUSAN KABUPATEN/KOTA",
                    "KINERJA",
                    "INDIKATOR",
                    "SATUAN",
                ],
                [1, "URUSAN WAJIB PELAYANAN DASAR", "URUSAN WAJIB PELAYANAN DASAR"],
                ["1.02.01", "PROGRAM PENUNJANG PROVINSI", "PROGRAM PENUNJANG KABUPATEN/KOTA"],
                ["1.02.02.1.01", "Penyediaan Layanan Kesehatan Rujukan Provinsi", None],
                ["1.02.02.2.02", None, "Penyediaan Layanan Kesehatan Kabupaten/Kota"],
                [
                    "1.02.02.2.02.0004",
                    None,
                    "Pengelolaan Pelayanan Kesehatan Balita",
                    "Balita yang Mendapatkan Layanan",
                    "Jumlah Balita yang Mendapatkan Layanan Kesehatan",
                    "Orang",
                ],
            ],
        },
    )
    version, result = _import(path)
    assert result.ok, result.problems
    items = {i.code: i for i in NomenclatureItem.objects.filter(version=version)}
    assert set(items) == {"1", "1.02.01", "1.02.02.1.01", "1.02.02.2.02", "1.02.02.2.02.0004"}
    assert items["1"].kind == "urusan"  # the number 1 read back as the code "1"
    assert items["1.02.01"].level == "semua"
    assert items["1.02.01"].name_kab_kota == "PROGRAM PENUNJANG KABUPATEN/KOTA"
    assert items["1.02.02.1.01"].level == "provinsi"
    assert items["1.02.02.2.02.0004"].level == "kabkota"
    assert any("Sampul" in note for note in result.notes)


@pytest.mark.parametrize(
    "header",
    [
        "Kode,Uraian,Kinerja,Indikator Kinerja,Satuan",
        "KODE REKENING;NAMA;KINERJA;INDIKATOR KELUARAN;SATUAN",
        "kode_nomenklatur\turaian_nomenklatur\tkinerja\tindikator\tsatuan",
    ],
)
def test_it_accepts_the_common_header_spellings(
    write_file: Callable[[str, str], Path], header: str
) -> None:
    delimiter = ";" if ";" in header else "\t" if "\t" in header else ","
    row = delimiter.join(
        ["1.06.04.2.01.0002", "Penyediaan Permakanan", "Permakanan", "Jumlah Orang", "Orang"]
    )
    version, result = _import(write_file("n.csv", f"{header}\n{row}\n"))
    assert result.ok, result.problems
    item = NomenclatureItem.objects.get(version=version)
    assert (item.code, item.indicator, item.unit) == ("1.06.04.2.01.0002", "Jumlah Orang", "Orang")


def test_the_list_own_level_column_wins_over_the_code_digit(
    write_file: Callable[[str, str], Path],
) -> None:
    text = "kode,nomenklatur,indikator,satuan,tingkat\n1.02.02.2.01.0006,Pengembangan Puskesmas,Jumlah Puskesmas,Unit,Provinsi\n"
    version, result = _import(write_file("n.csv", text))
    assert result.ok
    assert NomenclatureItem.objects.get(version=version).level == "provinsi"


def test_every_bad_row_is_listed_with_its_place_and_nothing_is_written(
    write_file: Callable[[str, str], Path],
) -> None:
    text = (
        "kode,nomenklatur,indikator,satuan,tingkat\n"
        "1.02,Kesehatan,,,\n"  # line 2: fine
        "1.1,Urusan salah,,,\n"  # line 3: Excel turned 1.10 into 1.1
        "1.02.02.2.01.06,Sub dua digit,Jumlah,Unit,\n"  # line 4: 2020 numbering
        "1.02.02.2.01,,,,\n"  # line 5: no name
        "1.02.02.2.01.0006,Pengembangan Puskesmas,,Unit,\n"  # line 6: no indicator
        "1.02.02.2.01.0007,Sub tanpa satuan,Jumlah,,\n"  # line 7: no unit
        "1.02.02.2.01.0008,Sub,Jumlah,Unit,kecamatan\n"  # line 8: unknown level
        "1.02,Kesehatan lagi,,,\n"  # line 9: listed twice
    )
    version, result = _import(write_file("salah.csv", text))
    assert version is None and not result.ok
    where = {(p.row, p.column) for p in result.problems}
    assert (3, "kode") in where and (4, "kode") in where
    assert (5, "nomenklatur") in where
    assert (6, "indikator") in where and (7, "satuan") in where
    assert (8, "tingkat") in where
    assert any(p.row == 9 and "baris 2" in p.message for p in result.problems)
    assert result.problem_count == 7
    assert all(p.file == "salah.csv" for p in result.problems)
    assert "format kolom itu sebagai teks" in str(result.problems[0])
    assert NomenclatureVersion.objects.count() == 0 and NomenclatureItem.objects.count() == 0
    assert not LogEntry.objects.filter(object_repr="v2021").exists()


def test_an_xlsx_error_names_the_sheet(write_xlsx: Callable[..., Path]) -> None:
    path = write_xlsx(
        "n.xlsx",
        {
            "Data": [
                ["kode", "uraian", "indikator", "satuan"],
                ["1.02.02.2.01.0006", "X", "", "Unit"],
            ]
        },
    )
    _version, result = _import(path)
    [problem] = result.problems
    assert (problem.sheet, problem.row, problem.column) == ("Data", 2, "indikator")
    assert str(problem).startswith("n.xlsx, lembar Data, baris 2, kolom indikator:")


def test_a_file_without_the_columns_is_refused(write_file: Callable[[str, str], Path]) -> None:
    _version, result = _import(write_file("n.csv", "a,b\n1,2\n"))
    assert not result.ok and "kolom 'kode'" in result.problems[0].message
    assert NomenclatureVersion.objects.count() == 0


def test_a_new_version_keeps_the_old_one_readable(write_file: Callable[[str, str], Path]) -> None:
    old, _ = _import(write_file("2021.csv", NOMENCLATURE_CSV), "050-5889/2021", date(2022, 1, 1))
    newer_text = NOMENCLATURE_CSV.replace(
        "1.01.02.2.01.0025,Pengelolaan Dana BOS Sekolah Dasar",
        "1.01.02.2.01.0026,Pengelolaan Dana BOS Sekolah Dasar (baru)",
    )
    new, _ = _import(write_file("2024.csv", newer_text), "900.1.15.5-3406/2024", date(2025, 1, 1))
    assert old is not None and new is not None
    assert version_in_force(date(2024, 12, 31)) == old
    assert version_in_force(date(2025, 1, 1)) == new
    assert version_in_force(date(2021, 12, 31)) is None
    # the old list is still there, item for item
    assert NomenclatureItem.objects.filter(version=old, code="1.01.02.2.01.0025").exists()
    catalogue = catalogue_in_force(date(2025, 6, 1))
    assert catalogue is not None and catalogue.find("1.01.02.2.01.0025") is None
    assert catalogue.find("1.01.02.2.01.0026") is not None
    assert catalogue.find("1.03.01.2.02.0001") is not None  # through X.XX


def test_a_version_name_is_never_overwritten(write_file: Callable[[str, str], Path]) -> None:
    path = write_file("n.csv", NOMENCLATURE_CSV)
    _import(path)
    version, result = _import(path)
    assert version is None and "sudah ada" in result.problems[0].message
    assert NomenclatureVersion.objects.count() == 1


def test_the_command_imports_and_fails_with_a_non_zero_exit(
    write_file: Callable[[str, str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert _django_argv(["nomenclature", "import", "f.csv"]) == ["import_nomenclature", "f.csv"]
    good = write_file("baik.csv", NOMENCLATURE_CSV)
    call_command(
        "import_nomenclature",
        str(good),
        "--version-name",
        "Kepmendagri 2021",
        "--in-force-from",
        "2022-01-01",
        "--regulation",
        "Kepmendagri 050-5889/2021",
    )
    version = NomenclatureVersion.objects.get()
    assert (version.name, version.in_force_from) == ("Kepmendagri 2021", date(2022, 1, 1))
    assert version.regulation == "Kepmendagri 050-5889/2021"
    bad = write_file("buruk.csv", "kode,nomenklatur\n1.1,Salah\n")
    with pytest.raises(CommandError):
        call_command("import_nomenclature", str(bad))
    err = capsys.readouterr().err
    assert "buruk.csv, baris 2, kolom kode" in err
    assert NomenclatureVersion.objects.count() == 1
    with pytest.raises(SystemExit) as exit_info:
        from sepakat.cli import main

        main(["nomenclature", "import", str(bad)])
    assert exit_info.value.code != 0


def test_it_notes_where_the_list_level_departs_from_the_code_digit(
    write_file: Callable[[str, str], Path],
) -> None:
    text = (
        "kode,nomenklatur,indikator,satuan,tingkat\n"
        "1.02.02.2.01.0006,Pengembangan Puskesmas,Jumlah Puskesmas,Unit,provinsi\n"
        "1.02.02.2.01.0007,Lainnya,Jumlah,Unit,kabupaten/kota\n"
    )
    _version, result = _import(write_file("n.csv", text))
    assert result.ok
    assert any("1 kegiatan/sub kegiatan" in n and "1.02.02.2.01.0006" in n for n in result.notes)


def test_it_notes_when_a_later_version_stays_in_force(
    write_file: Callable[[str, str], Path],
) -> None:
    _import(write_file("baru.csv", NOMENCLATURE_CSV), "2024", date(2025, 1, 1))
    version, result = _import(write_file("lama.csv", NOMENCLATURE_CSV), "2021", date(2022, 1, 1))
    assert version is not None and any("'2024'" in n for n in result.notes)
    assert version_in_force(date(2025, 6, 1)) is not None
    assert version_in_force(date(2025, 6, 1)).name == "2024"  # type: ignore[union-attr]


def test_a_doubled_column_title_is_refused_naming_both_letters(
    write_xlsx: Callable[..., Path],
) -> None:
    path = write_xlsx(
        "n.xlsx",
        {
            "Data": [
                ["kode", "uraian", "Keterangan", "Kode", "Keterangan"],
                ["1.02", "Kesehatan", "", "1.03", ""],
            ]
        },
    )
    version, result = _import(path)
    assert version is None
    [problem] = result.problems
    assert "Judul kolom 'Kode' muncul dua kali di lembar Data (kolom A dan D)" in problem.message
    assert (problem.sheet, problem.column) == ("Data", "D")
    assert NomenclatureVersion.objects.count() == 0 and NomenclatureItem.objects.count() == 0
