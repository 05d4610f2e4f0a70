from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from auditlog.models import LogEntry

from sepakat.regions.importers import import_crosswalk, import_regions
from sepakat.regions.models import CodeCrosswalk, Region
from tests.regions.conftest import CROSSWALK_SAMPLE, KEMENDAGRI_SAMPLE

pytestmark = pytest.mark.django_db

WriteFile = Callable[[str, str | bytes], Path]


@pytest.fixture
def kemendagri(write_file: WriteFile) -> None:
    assert import_regions(write_file("kemendagri.csv", KEMENDAGRI_SAMPLE)).ok


def test_it_stores_pairs_and_fills_bps_codes(kemendagri: None, write_file: WriteFile) -> None:
    report = import_crosswalk(write_file("bps-to-dagri.tsv", CROSSWALK_SAMPLE))

    assert report.ok, report.errors.items
    assert report.rows_read == 10
    assert report.created == 8  # distinct pairs with a Kemendagri code
    assert CodeCrosswalk.objects.count() == 8
    assert CodeCrosswalk.objects.filter(bps_code="3501030", kemendagri_code="35.01.02").exists()
    assert Region.objects.get(code="35.01").bps_code == "3501"
    assert Region.objects.get(code="35.01.02").bps_code == "3501030"  # differs from the dots
    assert Region.objects.get(code="35.01.01.2001").bps_code == "3501010001"
    counts = {key: value for key, _label, value in report.counts}
    assert counts["duplicates"] == 1
    assert counts["without_pair"] == 1
    assert report.updated == 7  # regions whose BPS code was filled
    entry = LogEntry.objects.get(pk=report.audit_entry_id)
    assert entry.changes["created"] == 8


def test_it_lists_pairs_whose_kemendagri_code_is_unknown(
    kemendagri: None, write_file: WriteFile
) -> None:
    report = import_crosswalk(write_file("bps-to-dagri.tsv", CROSSWALK_SAMPLE))

    [unknown] = report.unknown_codes.items
    assert (unknown.code, unknown.row) == ("35.99", 9)
    assert "3599" in unknown.detail
    # The pair is kept: the region may come with a later code list.
    assert CodeCrosswalk.objects.filter(kemendagri_code="35.99").exists()


def test_it_changes_nothing_on_a_second_run(kemendagri: None, write_file: WriteFile) -> None:
    path = write_file("bps-to-dagri.tsv", CROSSWALK_SAMPLE)
    import_crosswalk(path)

    report = import_crosswalk(path)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 8)
    assert "tidak ada perubahan" in report.summary_line
    assert CodeCrosswalk.objects.count() == 8


def test_it_keeps_one_bps_code_when_a_region_has_several(
    kemendagri: None, write_file: WriteFile
) -> None:
    # 3501010009 also points to another desa; 3501010008 points to 35.01.01.2001 alone.
    content = (
        "bps_code,kemendagri_code\n"
        "3501010009,35.01.01.2001\n"
        "3501010008,35.01.01.2001\n"
        "3501010009,35.01.01.2002\n"
    )

    report = import_crosswalk(write_file("pairs.csv", content))

    assert report.ok, report.errors.items
    assert Region.objects.get(code="35.01.01.2001").bps_code == "3501010008"
    assert Region.objects.get(code="35.01.01.2002").bps_code == "3501010009"
    counts = {key: value for key, _label, value in report.counts}
    assert (counts["ambiguous"], counts["split"]) == (1, 1)
    assert CodeCrosswalk.objects.count() == 3


def test_it_reports_a_changed_bps_code(kemendagri: None, write_file: WriteFile) -> None:
    import_crosswalk(write_file("a.tsv", "3501\t35.01\n"))

    report = import_crosswalk(write_file("b.tsv", "3502\t35.01\n"))

    assert [str(c) for c in report.changes.items] == ["35.01: 3501 -> 3502"]
    assert Region.objects.get(code="35.01").bps_code == "3502"


def test_it_reads_undotted_kemendagri_codes(kemendagri: None, write_file: WriteFile) -> None:
    report = import_crosswalk(write_file("a.tsv", "3501010001\t3501012001\n"))

    assert report.ok
    assert CodeCrosswalk.objects.get().kemendagri_code == "35.01.01.2001"


@pytest.mark.parametrize(
    ("content", "row", "fragment"),
    [
        ("3501\t35.01\n35O1\t35.02\n", 2, "kode BPS"),
        ("3501\t35.01\n3502\t35.2\n", 2, "kode Kemendagri"),
        ("3501\t35.01\n3501010\t35.01\n", 2, "berbeda tingkat"),
    ],
)
def test_it_reports_bad_rows_and_writes_nothing(
    kemendagri: None, write_file: WriteFile, content: str, row: int, fragment: str
) -> None:
    report = import_crosswalk(write_file("bad.tsv", content))

    assert not report.ok
    assert report.errors.items[0].row == row
    assert fragment in report.errors.items[0].message
    assert CodeCrosswalk.objects.count() == 0
    assert Region.objects.get(code="35.01").bps_code == ""


def test_it_explains_wrong_columns(db: None, write_file: WriteFile) -> None:
    report = import_crosswalk(write_file("x.csv", "nama,jumlah\nPacitan,12\n"))

    [error] = report.errors.items
    assert "kode BPS" in error.message and error.row == 1
