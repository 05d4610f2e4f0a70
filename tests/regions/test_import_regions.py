from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from sepakat.regions.importers import import_regions
from sepakat.regions.models import Kind, Level, Region
from tests.regions.conftest import KEMENDAGRI_SAMPLE

pytestmark = pytest.mark.django_db

WriteFile = Callable[[str, str | bytes], Path]


def _audit_rows() -> list[LogEntry]:
    """The bulk-import rows (the national root's own creation is logged by auditlog)."""
    return list(
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Region), object_pk=""
        ).order_by("pk")
    )


def test_it_creates_the_hierarchy_from_the_codes(write_file: WriteFile) -> None:
    report = import_regions(write_file("kemendagri.csv", KEMENDAGRI_SAMPLE))

    assert report.ok, report.errors.items
    assert (report.rows_read, report.created, report.updated, report.unchanged) == (8, 8, 0, 0)
    assert Region.objects.count() == 9  # with the national root, created on the way
    desa = Region.objects.get(code="35.01.01.2001")
    assert (desa.level, desa.kind, desa.parent.code) == (Level.VILLAGE, Kind.DESA, "35.01.01")
    assert Region.objects.get(code="35.01.02.1001").kind == Kind.KELURAHAN
    assert Region.objects.get(code="35.71").kind == Kind.KOTA
    assert Region.objects.get(code="35.01").kind == Kind.KABUPATEN
    assert Region.objects.get(code="35").parent.code == "ID"
    assert desa.source == "kemendagri.csv"
    [entry] = _audit_rows()
    assert entry.changes["created"] == 8
    assert entry.pk == report.audit_entry_id


def test_it_changes_nothing_on_a_second_run_and_says_so(write_file: WriteFile) -> None:
    path = write_file("kemendagri.csv", KEMENDAGRI_SAMPLE)
    import_regions(path)

    report = import_regions(path)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 8)
    assert "tidak ada perubahan" in report.summary_line
    assert len(_audit_rows()) == 2  # every import leaves its row, even one that changed nothing


def test_it_updates_and_reports_a_renamed_region(write_file: WriteFile) -> None:
    import_regions(write_file("kemendagri.csv", KEMENDAGRI_SAMPLE))
    renamed = KEMENDAGRI_SAMPLE.replace("35.01.01.2002,Sawahan", "35.01.01.2002,Sawahan Baru")

    report = import_regions(write_file("kemendagri-2.csv", renamed))

    assert (report.created, report.updated, report.unchanged) == (0, 1, 7)
    [change] = report.changes.items
    assert (change.code, change.old, change.new) == ("35.01.01.2002", "Sawahan", "Sawahan Baru")
    assert str(change) == "35.01.01.2002: Sawahan -> Sawahan Baru"
    assert Region.objects.get(code="35.01.01.2002").name == "Sawahan Baru"
    assert _audit_rows()[-1].changes["changes"] == ["35.01.01.2002: Sawahan -> Sawahan Baru"]


def test_it_reports_malformed_codes_and_writes_nothing(write_file: WriteFile) -> None:
    content = KEMENDAGRI_SAMPLE + "35.1,Rusak oleh Excel\n35.01.01.20O3,Huruf O\n"

    report = import_regions(write_file("kemendagri.csv", content))

    assert not report.ok
    assert [(e.row, e.column, e.value) for e in report.errors.items] == [
        (10, "kode", "35.1"),
        (11, "kode", "35.01.01.20O3"),
    ]
    assert "kemendagri.csv, baris 10, kolom kode" in str(report.errors.items[0])
    assert "Teks" in report.errors.items[0].message  # says what to do
    assert "Tidak ada yang disimpan" in report.summary_line
    assert Region.objects.count() == 0
    assert _audit_rows() == []


def test_it_refuses_a_region_whose_parent_is_nowhere(write_file: WriteFile) -> None:
    report = import_regions(write_file("kemendagri.csv", "kode,nama\n35,Jawa Timur\n35.02.01,X\n"))

    assert not report.ok
    assert report.errors.items[0].row == 3
    assert "35.02" in report.errors.items[0].message
    assert Region.objects.count() == 0  # not even the national root stays behind


def test_it_refuses_duplicate_codes(write_file: WriteFile) -> None:
    report = import_regions(write_file("k.csv", "kode,nama\n35,Jawa Timur\n35,Jatim\n"))

    assert [(e.row, e.value) for e in report.errors.items] == [(3, "35")]
    assert "baris 2" in report.errors.items[0].message


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("kosong.csv", "", "kosong"),
        ("data.xlsx", b"PK\x03\x04\x14\x00\x06\x00binary", "Excel"),
        ("salah.csv", "provinsi,jumlah\nJawa Timur,38\n", "Kolom kode dan nama tidak ditemukan"),
    ],
)
def test_it_explains_a_file_it_cannot_read(
    write_file: WriteFile, name: str, content: str | bytes, fragment: str
) -> None:
    report = import_regions(write_file(name, content))

    assert not report.ok
    [error] = report.errors.items
    assert error.file == name
    assert fragment in error.message
    assert Region.objects.count() == 0


def test_it_reads_semicolons_and_codes_that_look_like_numbers(write_file: WriteFile) -> None:
    # Excel in an Indonesian locale writes ';'; 35.10 must stay 35.10, not 35.1.
    content = "kode;nama\n35;Jawa Timur\n35.10;Kabupaten Banyuwangi\n"

    report = import_regions(write_file("k.csv", content))

    assert report.ok, report.errors.items
    assert Region.objects.get(code="35.10").name == "Kabupaten Banyuwangi"


def test_it_records_the_actor(write_file: WriteFile, personas: dict) -> None:
    report = import_regions(write_file("k.csv", KEMENDAGRI_SAMPLE), actor=personas["diana"])

    assert LogEntry.objects.get(pk=report.audit_entry_id).actor == personas["diana"]
