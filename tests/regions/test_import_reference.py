"""The real public files: the full Kemendagri list, the BPS crosswalk, Pacitan's desa.

The imports run once for the module (about 10 s on SQLite) and are removed afterwards,
so that other tests start from an empty database.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from sepakat.regions.importers import (
    ImportReport,
    import_boundaries,
    import_crosswalk,
    import_regions,
)
from sepakat.regions.models import CodeCrosswalk, Level, Region, RegionBoundary

pytestmark = [pytest.mark.reference, pytest.mark.slow, pytest.mark.django_db]

REFERENCE = Path(settings.REFERENCE_DIR)
KEMENDAGRI = REFERENCE / "wilayah" / "kemendagri-2025.csv"
CROSSWALK = REFERENCE / "crosswalk" / "bps-to-dagri.tsv"
PACITAN = REFERENCE / "boundaries" / "pacitan"

if not KEMENDAGRI.is_file():
    pytest.skip(
        f"reference data not found at {REFERENCE} (set SEPAKAT_REFERENCE_DIR)",
        allow_module_level=True,
    )


@pytest.fixture(scope="module")
def imported(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, ImportReport]]:
    with django_db_blocker.unblock():
        reports = {"regions": import_regions(KEMENDAGRI)}
        reports["regions_again"] = import_regions(KEMENDAGRI)
        reports["crosswalk"] = import_crosswalk(CROSSWALK)
        reports["crosswalk_again"] = import_crosswalk(CROSSWALK)
        files = sorted(PACITAN.glob("*.geojson"))
        reports["boundaries"] = import_boundaries(files, code_field="village_code")
        reports["boundaries_again"] = import_boundaries(files, code_field="village_code")
        yield reports
        with connection.cursor() as cursor:
            for model in (RegionBoundary, CodeCrosswalk, Region):
                cursor.execute(f"DELETE FROM {model._meta.db_table}")
            cursor.execute("DELETE FROM auditlog_logentry")


def test_the_full_kemendagri_list_imports_with_the_published_counts(
    imported: dict[str, ImportReport],
) -> None:
    report = imported["regions"]
    assert report.ok, report.errors.items[:5]
    assert report.created == 91_599
    counts = {
        level: Region.objects.filter(level=level).count()
        for level in (Level.PROVINCE, Level.REGENCY, Level.DISTRICT, Level.VILLAGE)
    }
    assert counts == {
        Level.PROVINCE: 38,
        Level.REGENCY: 514,
        Level.DISTRICT: 7_285,
        Level.VILLAGE: 83_762,
    }
    assert report.duration < 30
    pacitan = Region.objects.get(code="35.01")
    assert (pacitan.name, pacitan.parent.code) == ("Kabupaten Pacitan", "35")


def test_a_second_kemendagri_import_changes_nothing(imported: dict[str, ImportReport]) -> None:
    report = imported["regions_again"]
    assert (report.created, report.updated, report.unchanged) == (0, 0, 91_599)
    assert "tidak ada perubahan" in report.summary_line


def test_the_crosswalk_imports_and_fills_bps_codes(imported: dict[str, ImportReport]) -> None:
    report = imported["crosswalk"]
    assert report.ok, report.errors.items[:5]
    assert report.rows_read == 97_328
    assert CodeCrosswalk.objects.count() == report.created == 90_302
    # A kab/kota whose BPS code differs from its Kemendagri code (DESIGN: BPS 1202 = 12.13).
    assert Region.objects.get(code="12.13").bps_code == "1202"
    assert Region.objects.get(code="35.01.02").bps_code == "3501030"
    # Codes of 2017/2019 renamed since (Papua's new provinces) are reported, not dropped.
    assert report.unknown_codes.total > 0
    assert imported["crosswalk_again"].created == 0
    assert not imported["crosswalk_again"].changed_anything


def test_pacitan_boundaries_import_after_regions_and_crosswalk(
    imported: dict[str, ImportReport],
) -> None:
    report = imported["boundaries"]
    assert report.ok, report.errors.items[:5]
    pacitan_desa = Region.objects.filter(code__startswith="35.01.", level=Level.VILLAGE)
    assert report.created + report.unknown_codes.total == 171
    assert RegionBoundary.objects.filter(region__in=pacitan_desa).count() == report.created
    # The kab/kota file repeats its kecamatan files: every desa is drawn once.
    assert dict((k, v) for k, _label, v in report.counts)["repeats"] == 171
    print("Pacitan unknown codes:", [str(u) for u in report.unknown_codes.items])
    again = imported["boundaries_again"]
    assert (again.created, again.updated) == (0, 0)
    assert "tidak ada perubahan" in again.summary_line
