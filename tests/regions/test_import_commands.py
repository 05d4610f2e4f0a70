from __future__ import annotations

from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from sepakat.regions.models import Region, RegionBoundary
from tests.regions.conftest import CROSSWALK_SAMPLE, KEMENDAGRI_SAMPLE, feature_collection, square

pytestmark = pytest.mark.django_db

WriteFile = Callable[[str, str | bytes], Path]


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_import_regions_prints_the_report_and_a_rerun_says_nothing_changed(
    write_file: WriteFile,
) -> None:
    path = str(write_file("kemendagri.csv", KEMENDAGRI_SAMPLE))

    first = run("import_regions", path)
    second = run("import_regions", path)

    assert "8 baru" in first
    assert "tidak ada perubahan" in second
    assert Region.objects.count() == 9


def test_import_regions_fails_loudly_on_a_bad_file(write_file: WriteFile) -> None:
    path = str(write_file("k.csv", "kode,nama\n35.1,Rusak\n"))
    out = StringIO()

    with pytest.raises(CommandError, match="tidak ada yang disimpan"):
        call_command("import_regions", path, stdout=out)

    assert "k.csv, baris 2, kolom kode" in out.getvalue()
    assert Region.objects.count() == 0


def test_the_three_commands_in_sequence(write_file: WriteFile) -> None:
    run("import_regions", str(write_file("kemendagri.csv", KEMENDAGRI_SAMPLE)))
    crosswalk = run("import_crosswalk", str(write_file("cw.tsv", CROSSWALK_SAMPLE)))
    geojson = feature_collection(
        [
            ("id3501010001", {"type": "Polygon", "coordinates": square(111.0, -8.1)}),
            ("id3577010001", {"type": "Polygon", "coordinates": square(111.2, -8.1)}),
        ]
    )
    boundaries = run(
        "import_boundaries",
        str(write_file("b.geojson", geojson)),
        "--code-field",
        "village_code",
        "--code-system",
        "bps",
    )

    assert "35.99" in crosswalk  # the unknown Kemendagri code is listed
    assert "Kode tidak dikenal (1)" in boundaries and "3577010001" in boundaries
    assert RegionBoundary.objects.get().region.code == "35.01.01.2001"


def test_a_missing_file_is_named(db: None) -> None:
    with pytest.raises(CommandError, match=r"tidak-ada\.csv"):
        call_command("import_regions", "tidak-ada.csv")
