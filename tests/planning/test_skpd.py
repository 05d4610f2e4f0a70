from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.core.management.base import CommandError

from sepakat.planning.models import Skpd
from sepakat.planning.selectors import skpd_lookup
from sepakat.planning.skpd import skpd_import

pytestmark = pytest.mark.django_db

LIST = """kode_skpd,nama_skpd,aktif
1.02.0.00.0.00.01.0000,Dinas Kesehatan,ya
1.06.0.00.0.00.01.0000,Dinas Sosial,ya
2.13.0.00.0.00.01.0000,Dinas PMD,tidak
"""


def test_it_imports_a_region_list_with_an_audit_record(
    regions: dict[str, Any], write_file: Callable[[str, str], Path]
) -> None:
    result = skpd_import(
        region=regions["kab_a"], path=write_file("skpd.csv", LIST), file="skpd.csv"
    )
    assert result.ok and result.created == 3
    assert skpd_lookup(regions["kab_a"]) == {
        "1.02.0.00.0.00.01.0000": ("Dinas Kesehatan", True),
        "1.06.0.00.0.00.01.0000": ("Dinas Sosial", True),
        "2.13.0.00.0.00.01.0000": ("Dinas PMD", False),
    }
    assert skpd_lookup(regions["kab_b"]) == {}
    entry = LogEntry.objects.get(pk=result.audit_entry_id)
    assert entry.changes["region"] == "98.01" and len(entry.changes["created"]) == 3


def test_a_new_list_keeps_leavers_inactive(
    regions: dict[str, Any], write_file: Callable[[str, str], Path]
) -> None:
    kab = regions["kab_a"]
    skpd_import(region=kab, path=write_file("a.csv", LIST), file="a.csv")
    second = "kode,nama\n1.02.0.00.0.00.01.0000,Dinas Kesehatan Kabupaten\n"
    result = skpd_import(region=kab, path=write_file("b.csv", second), file="b.csv")
    assert (result.created, result.updated, result.deactivated) == (0, 1, 1)
    assert skpd_lookup(kab)["1.02.0.00.0.00.01.0000"] == ("Dinas Kesehatan Kabupaten", True)
    assert skpd_lookup(kab)["1.06.0.00.0.00.01.0000"] == ("Dinas Sosial", False)


def test_bad_rows_are_listed_and_nothing_is_written(
    regions: dict[str, Any], write_xlsx: Callable[..., Path]
) -> None:
    path = write_xlsx(
        "skpd.xlsx",
        {
            "OPD": [
                ["Kode OPD", "Nama OPD", "Aktif"],
                ["1.02.0.00.0.00.01.0000", "Dinas Kesehatan", "ya"],
                ["1.02.01", "Kode salah", "ya"],
                ["1.03.0.00.0.00.01.0000", "", "ya"],
                ["1.04.0.00.0.00.01.0000", "Dinas Perkim", "mungkin"],
                ["1.02.0.00.0.00.01.0000", "Dinas Kesehatan lagi", "ya"],
            ]
        },
    )
    result = skpd_import(region=regions["kab_a"], path=path, file="skpd.xlsx")
    assert not result.ok
    assert [(p.sheet, p.row, p.column) for p in result.problems] == [
        ("OPD", 3, "Kode OPD"),
        ("OPD", 4, "Nama OPD"),
        ("OPD", 5, "Aktif"),
        ("OPD", 6, "Kode OPD"),
    ]
    assert Skpd.objects.count() == 0


def test_only_a_province_or_kab_kota_has_a_list(
    regions: dict[str, Any], write_file: Callable[[str, str], Path]
) -> None:
    result = skpd_import(region=regions["kec_a"], path=write_file("s.csv", LIST), file="s.csv")
    assert not result.ok and Skpd.objects.count() == 0


def test_the_command_imports_into_the_named_region(
    regions: dict[str, Any], write_file: Callable[[str, str], Path]
) -> None:
    call_command("import_skpd", "98.02", str(write_file("s.csv", LIST)))
    assert Skpd.objects.filter(region=regions["kab_b"]).count() == 3
    with pytest.raises(CommandError):
        call_command("import_skpd", "98.02", str(write_file("x.csv", "kode,nama\n1,X\n")))
    assert Skpd.objects.filter(region=regions["kab_b"]).count() == 3


def test_a_doubled_column_title_is_refused_and_nothing_is_written(
    regions: dict[str, Any], write_file: Callable[[str, str], Path]
) -> None:
    text = "kode,nama,nama\n1.02.0.00.0.00.01.0000,Dinas Kesehatan,Dinkes\n"
    result = skpd_import(region=regions["kab_a"], path=write_file("d.csv", text), file="d.csv")
    assert not result.ok and skpd_lookup(regions["kab_a"]) == {}
    assert "Judul kolom 'nama' muncul dua kali" in str(result.problems[0])
    assert "(kolom B dan C)" in str(result.problems[0])
