"""`sepakat budget import`: the whole file or nothing, every bad row named, a re-import
that changes nothing, both decimal marks, CSV and xlsx."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.core.management.base import CommandError

from sepakat.budgeting.models import ApbdLine
from sepakat.cli import _django_argv
from tests.budgeting.conftest import HEADER, SKPD_DIK, SKPD_SOS, line

pytestmark = pytest.mark.django_db

WriteBudget = Callable[..., Path]


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("budget", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(path: Path, region: str = "98.01") -> str:
    """The problems printed for a refused file; asserts nothing was written."""
    before = list(ApbdLine.objects.values_list("pk", "amount").order_by("pk"))
    audits = LogEntry.objects.count()
    err = StringIO()
    with pytest.raises(CommandError, match=r"tidak ada yang disimpan|nothing was saved"):
        call_command("budget", "import", region, str(path), stdout=StringIO(), stderr=err)
    assert list(ApbdLine.objects.values_list("pk", "amount").order_by("pk")) == before
    assert LogEntry.objects.count() == audits
    return err.getvalue()


def budget_events() -> list[dict[str, Any]]:
    return [
        e.changes
        for e in LogEntry.objects.order_by("pk")
        if isinstance(e.changes, dict) and e.changes.get("event") == ["budget lines imported"]
    ]


GOOD = [
    line(stage="kua-ppas", pagu="200000000", tag="stunting kemiskinan-ekstrem"),
    line(stage="murni", pagu="180000000", realisation="175000000,5", tag="stunting"),
    line(
        stage="murni",
        skpd=SKPD_DIK,
        skpd_name="Dinas Pendidikan",
        code="1.01.02.2.01.0025",
        account="5.2",
        fund="Dana Alokasi Khusus Fisik",
        pagu="900000000",
    ),
    line(stage="murni", code="X.XX.01.2.02.0001", fund="PAD", pagu="50000000"),
]


def test_cli_routes_the_budget_commands() -> None:
    assert _django_argv(["budget", "import", "98.01", "f.csv"]) == [
        "budget",
        "import",
        "98.01",
        "f.csv",
    ]


def test_a_good_file_is_stored_whole_with_names_tags_and_one_audit_row(
    budget_world: dict[str, Any], write_budget: WriteBudget
) -> None:
    out, _err = run("import", "98.01", str(write_budget(GOOD)), "--user", "alice")
    assert "4 baris baru" in out
    lines = {
        (x.stage, x.sub_kegiatan_code): x
        for x in ApbdLine.objects.filter(region=budget_world["kab_a"], year=2025)
    }
    assert len(lines) == 4
    balita = lines[("murni", "1.02.02.2.02.0004")]
    assert balita.amount == Decimal("180000000")
    assert balita.realisation == Decimal("175000000.5")
    assert balita.tags == "stunting"
    # the nomenclature gives the names the file left empty
    assert balita.sub_kegiatan_name == "Pengelolaan Pelayanan Kesehatan Balita"
    assert balita.urusan_name == "Kesehatan"
    assert lines[("kua-ppas", "1.02.02.2.02.0004")].tags == "kemiskinan-ekstrem stunting"
    assert lines[("murni", "1.01.02.2.01.0025")].fund_source == "DAK fisik"
    assert lines[("murni", "X.XX.01.2.02.0001")].sub_kegiatan_name.startswith("Penyediaan Gaji")
    [event] = budget_events()
    assert event["documents"] == ["2025 kua-ppas", "2025 murni"]
    assert event["created"] == ["4"] and event["file"] == ["anggaran.csv"]
    entry = LogEntry.objects.order_by("pk").last()
    assert entry is not None and entry.actor == budget_world["alice"]


def test_a_reimport_of_the_same_file_changes_nothing_and_records_nothing(
    budget_world: dict[str, Any], write_budget: WriteBudget
) -> None:
    path = write_budget(GOOD)
    run("import", "98.01", str(path))
    stored = list(ApbdLine.objects.order_by("pk").values())
    out, _err = run("import", "98.01", str(path))
    assert "Tidak ada perubahan" in out
    assert list(ApbdLine.objects.order_by("pk").values()) == stored
    assert len(budget_events()) == 1


def test_a_file_replaces_only_the_year_and_stage_pairs_it_contains(
    budget_world: dict[str, Any], write_budget: WriteBudget
) -> None:
    run("import", "98.01", str(write_budget(GOOD)))
    kept = ApbdLine.objects.get(stage="murni", sub_kegiatan_code="1.01.02.2.01.0025")
    # the new murni drops the salaries line and changes the health amount; kua-ppas stays
    new_murni = [GOOD[2], line(stage="murni", pagu="170000000", tag="stunting")]
    out, _err = run("import", "98.01", str(write_budget(new_murni, name="murni-baru.csv")))
    assert "0 baris baru, 1 berubah, 1 tetap, 1 dihapus" in out
    murni = ApbdLine.objects.filter(stage="murni").order_by("sub_kegiatan_code")
    assert [(x.sub_kegiatan_code, x.amount) for x in murni] == [
        ("1.01.02.2.01.0025", Decimal("900000000")),
        ("1.02.02.2.02.0004", Decimal("170000000")),
    ]
    assert ApbdLine.objects.get(pk=kept.pk).amount == kept.amount  # unchanged line kept
    assert ApbdLine.objects.filter(stage="kua-ppas").count() == 1
    assert budget_events()[-1]["documents"] == ["2025 murni"]


def test_a_decimal_comma_file_with_semicolons_in_the_windows_code_page_is_read(
    budget_world: dict[str, Any], write_budget: WriteBudget
) -> None:
    rows = [
        line(pagu="1250000,75", realisation="1000000,25", skpd_name="Dinas Kesehatan Ñ"),
        line(code="1.02.02.2.02.0021", pagu="300", fund="DBH CHT", realisation="-", tag="-"),
    ]
    run("import", "98.01", str(write_budget(rows, delimiter=";", encoding="cp1252")))
    first = ApbdLine.objects.get(sub_kegiatan_code="1.02.02.2.02.0004")
    assert (first.amount, first.realisation) == (Decimal("1250000.75"), Decimal("1000000.25"))
    assert first.skpd_name == "Dinas Kesehatan Ñ"
    second = ApbdLine.objects.get(sub_kegiatan_code="1.02.02.2.02.0021")
    assert (second.fund_source, second.realisation, second.tags) == ("DBH-CHT", None, "")


def test_an_xlsx_file_with_numbers_as_cells_is_read_like_the_csv(
    budget_world: dict[str, Any], tmp_path: Path
) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    sheet.append(
        [
            2025,
            "dpa",
            SKPD_SOS,
            "Dinas Sosial",
            "1.06.04.2.01.0001",
            "Permakanan",
            5.1,
            "DAU earmarked",
            75000000,
            70000000.5,
            "beban kantong",
        ]
    )
    path = tmp_path / "anggaran.xlsx"
    workbook.save(path)
    run("import", "98.01", str(path))
    stored = ApbdLine.objects.get()
    assert (stored.year, stage := stored.stage, stored.account) == (2025, "dpa", "5.1")
    assert stage == "dpa"
    assert (stored.amount, stored.realisation) == (Decimal(75000000), Decimal("70000000.5"))
    assert (stored.fund_source, stored.tags) == ("DAU earmarked", "beban kantong")


@pytest.mark.parametrize(
    ("cells", "column", "words"),
    [
        ({"pagu": "-5000"}, "pagu", "negatif"),
        ({"pagu": "150000000000000"}, "pagu", "100 triliun"),
        ({"pagu": "1.500.000"}, "pagu", "tanpa titik ribuan"),
        ({"pagu": "Rp 1500"}, "pagu", "bukan angka rupiah"),
        ({"pagu": "1500,123"}, "pagu", "dua angka desimal"),
        ({"pagu": "1.500"}, "pagu", "pemisah ribuan"),
        ({"pagu": ""}, "pagu", "Pagu kosong"),
        ({"realisation": "200000000"}, "alasan", "melebihi pagu Rp 150.000.000 tanpa alasan"),
        ({"realisation": "-1"}, "realisasi", "negatif"),
        ({"stage": "apbd"}, "tahap", "rkpd, kua-ppas, rka, murni, perubahan, dpa"),
        ({"tag": "stunting miskin"}, "tag", "'miskin' tidak dikenal"),
        ({"account": "5.5"}, "jenis_belanja", "5.1, 5.2, 5.3, 5.4"),
        ({"year": "25"}, "tahun", "empat angka"),
        ({"skpd": ""}, "kode_skpd", "Kode SKPD kosong"),
        ({"code": "1.02.02.2.02.9999"}, "kode_sub_kegiatan", "tidak ada dalam nomenklatur"),
        ({"code": "1.02.02.2.02.04"}, "kode_sub_kegiatan", "bukan kode sub kegiatan"),
        ({"code": "1.01.02.1.01.0025"}, "kode_sub_kegiatan", "kewenangan provinsi"),
    ],
)
def test_a_bad_row_is_refused_with_its_place_and_reason_and_nothing_is_written(
    budget_world: dict[str, Any],
    write_budget: WriteBudget,
    cells: dict[str, str],
    column: str,
    words: str,
) -> None:
    run("import", "98.01", str(write_budget([line(stage="rka")])))
    bad = line(**cells)
    err = refused(write_budget([line(code="1.02.02.2.02.0021"), bad], name="salah.csv"))
    assert f"salah.csv, baris 3, kolom {column}: " in err
    assert words in err
    assert "baris 2" not in err


def test_every_bad_row_is_listed_at_once(
    budget_world: dict[str, Any], write_budget: WriteBudget
) -> None:
    rows = [line(pagu="-1"), line(code="1.02.02.2.02.0021", tag="x"), line(year="20x")]  # type: ignore[arg-type]
    err = refused(write_budget(rows))
    assert "3 masalah" in err
    for number, column in ((2, "pagu"), (3, "tag"), (4, "tahun")):
        assert f"baris {number}, kolom {column}" in err


def test_a_duplicated_key_names_the_first_row(
    budget_world: dict[str, Any], write_budget: WriteBudget
) -> None:
    rows = [line(), line(code="1.02.02.2.02.0021"), line(pagu="1")]
    err = refused(write_budget(rows))
    assert "baris 4" in err and "sudah ada di baris 2" in err
    # the same sub kegiatan from another fund source is another line, not a duplicate
    run("import", "98.01", str(write_budget([line(), line(fund="DAK non-fisik")])))
    assert ApbdLine.objects.count() == 2


def test_a_pagu_above_the_regions_stored_apbd_of_the_year_is_refused(
    budget_world: dict[str, Any], write_budget: WriteBudget
) -> None:
    run("import", "98.01", str(write_budget([line(stage="murni", pagu="800000000000")])))
    err = refused(write_budget([line(stage="rka", pagu="900000000000")]))
    assert "melebihi seluruh APBD" in err and "800.000.000.000" in err
    # the APBD that the file itself replaces is no bound
    run("import", "98.01", str(write_budget([line(stage="murni", pagu="900000000000")])))
    # a stored APBD too small to be a whole one (a partial upload) bounds nothing
    run("import", "98.01", str(write_budget([line(stage="perubahan", pagu="5000")])))
    run("import", "98.01", str(write_budget([line(stage="murni", pagu="950000000000")])))


def test_a_province_cannot_book_a_kab_kota_sub_kegiatan(
    budget_world: dict[str, Any], write_budget: WriteBudget
) -> None:
    err = refused(write_budget([line()]), region="98")
    assert "kewenangan kabupaten/kota" in err and "provinsi tidak dapat menganggarkannya" in err


def test_without_a_nomenclature_in_force_the_level_digit_still_counts(
    budget_world: dict[str, Any], write_budget: WriteBudget
) -> None:
    err = refused(write_budget([line(year=2021, code="1.01.02.1.01.0099")]))
    assert "1.01.02.1.01.0099 adalah kewenangan provinsi" in err
    out, _ = run("import", "98.01", str(write_budget([line(year=2021, code="1.02.02.2.02.0099")])))
    assert "Belum ada nomenklatur yang berlaku pada 2021-01-01" in out


def test_a_file_without_the_header_or_with_a_missing_column_is_refused(
    budget_world: dict[str, Any], write_budget: WriteBudget
) -> None:
    err = refused(write_budget([line()], header=HEADER.replace(",tag", "")))
    assert "Judul kolom tidak ditemukan" in err and HEADER in err


def test_a_doubled_column_title_is_refused_naming_both_letters(
    budget_world: dict[str, Any], write_budget: WriteBudget
) -> None:
    row = [*line(), "1"]
    err = refused(write_budget([row], header=HEADER + ",pagu"))
    assert "Judul kolom 'pagu' muncul dua kali" in err and "(kolom I dan L)" in err
    assert not ApbdLine.objects.exists()


def test_a_user_of_another_region_or_role_cannot_import(
    budget_world: dict[str, Any], write_budget: WriteBudget
) -> None:
    path = write_budget([line()])
    for user in ("charlie", "frank", "erin"):
        with pytest.raises(CommandError):
            call_command(
                "budget",
                "import",
                "98.01",
                str(path),
                "--user",
                user,
                stdout=StringIO(),
                stderr=StringIO(),
            )
    assert not ApbdLine.objects.exists()
    run("import", "98.01", str(path), "--user", "hana")  # the province admin may
    assert ApbdLine.objects.count() == 1


def test_the_reasons_read_in_english_for_an_english_user(
    budget_world: dict[str, Any], write_budget: WriteBudget
) -> None:
    from django.utils import translation

    with translation.override("en"):
        err = refused(write_budget([line(pagu="-5")]))
    assert "negative" in err


def test_the_import_replaces_the_data_hub_lines_of_the_same_year_and_stage(
    budget_world: dict[str, Any], write_budget: WriteBudget
) -> None:
    hub = {
        "region": budget_world["kab_a"],
        "year": 2025,
        "skpd_code": SKPD_DIK,
        "skpd_name": "Dinas Pendidikan",
        "sub_kegiatan_code": "1.01.02.2.01.0025",
        "account": "5.2",
        "amount": Decimal(7),
        "source": "APBD lampiran IV, pengajuan #1",
    }
    ApbdLine.objects.create(stage="murni", **hub)  # type: ignore[arg-type]
    ApbdLine.objects.create(stage="perubahan", **hub)  # type: ignore[arg-type]
    run("import", "98.01", str(write_budget([line(stage="murni")])))
    assert sorted(ApbdLine.objects.values_list("stage", "sub_kegiatan_code", "fund_source")) == [
        ("murni", "1.02.02.2.02.0004", "DAU"),
        ("perubahan", "1.01.02.2.01.0025", ""),
    ]
    assert budget_events()[-1]["removed"] == ["1"]


def test_every_one_of_many_bad_rows_is_listed_by_default(
    budget_world: dict[str, Any], write_budget: WriteBudget
) -> None:
    rows = [line(code=f"1.02.02.2.02.{n:04d}") for n in range(100, 160)]
    err = refused(write_budget(rows))
    assert "60 masalah" in err
    assert all(f"baris {n}, kolom kode_sub_kegiatan" in err for n in range(2, 62))
