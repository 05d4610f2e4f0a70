from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from auditlog.models import LogEntry

from sepakat.regions.importers import import_boundaries
from sepakat.regions.models import RegionBoundary
from tests.regions.conftest import feature_collection, square

pytestmark = pytest.mark.django_db

WriteFile = Callable[[str, str | bytes], Path]


def polygon(lon: float, lat: float) -> dict:
    return {"type": "Polygon", "coordinates": square(lon, lat)}


def test_it_maps_bps_codes_through_the_crosswalk(
    sample_regions: None, write_file: WriteFile
) -> None:
    path = write_file(
        "donorojo.geojson",
        feature_collection(
            [
                ("id3501010001", polygon(111.0, -8.1)),
                ("id3501010002", {"type": "MultiPolygon", "coordinates": [square(111.1, -8.1)]}),
                ("id3501030", polygon(111.2, -8.2)),  # BPS 030 is Kemendagri 35.01.02
            ]
        ),
    )

    report = import_boundaries(path, code_field="village_code", code_system="bps")

    assert report.ok, report.errors.items
    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    boundary = RegionBoundary.objects.get(region__code="35.01.01.2001")
    assert boundary.geometry == polygon(111.0, -8.1)
    assert boundary.source == "donorojo.geojson"
    assert RegionBoundary.objects.filter(region__code="35.01.02").exists()
    entry = LogEntry.objects.get(pk=report.audit_entry_id)
    assert entry.changes["created"] == 3


def test_it_changes_nothing_on_a_second_run(sample_regions: None, write_file: WriteFile) -> None:
    path = write_file("a.geojson", feature_collection([("id3501010001", polygon(111.0, -8.1))]))
    import_boundaries(path, code_field="village_code")

    report = import_boundaries(path, code_field="village_code")

    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)
    assert "tidak ada perubahan" in report.summary_line


def test_it_updates_a_changed_polygon(sample_regions: None, write_file: WriteFile) -> None:
    import_boundaries(
        write_file("a.geojson", feature_collection([("id3501010001", polygon(111.0, -8.1))])),
        code_field="village_code",
    )

    report = import_boundaries(
        write_file("b.geojson", feature_collection([("id3501010001", polygon(111.5, -8.1))])),
        code_field="village_code",
    )

    assert (report.created, report.updated) == (0, 1)
    assert RegionBoundary.objects.get().geometry == polygon(111.5, -8.1)


def test_it_lists_unknown_codes(sample_regions: None, write_file: WriteFile) -> None:
    path = write_file(
        "a.geojson",
        feature_collection(
            [("id3501010001", polygon(111.0, -8.1)), ("id3509090009", polygon(111.3, -8.1))]
        ),
    )

    report = import_boundaries(path, code_field="village_code")

    assert report.ok
    [unknown] = report.unknown_codes.items
    assert (unknown.code, unknown.file, unknown.row) == ("3509090009", "a.geojson", 2)
    assert report.created == 1


def test_it_reads_kemendagri_codes(sample_regions: None, write_file: WriteFile) -> None:
    path = write_file(
        "kec.geojson", feature_collection([("35.01.02", polygon(111.2, -8.2))], field="kode")
    )

    report = import_boundaries(path, code_field="kode", code_system="kemendagri")

    assert report.created == 1
    assert RegionBoundary.objects.get().region.code == "35.01.02"


def test_it_turns_swapped_coordinates_round_and_says_so(
    sample_regions: None, write_file: WriteFile
) -> None:
    swapped = {
        "type": "Polygon",
        "coordinates": [[[lat, lon] for lon, lat in square(111.0, -8.1)[0]]],
    }
    path = write_file("latlon.geojson", feature_collection([("id3501010001", swapped)]))

    report = import_boundaries(path, code_field="village_code")

    assert report.ok
    assert any("[lintang, bujur]" in note for note in report.notes)
    assert RegionBoundary.objects.get().geometry == polygon(111.0, -8.1)


def test_it_refuses_coordinates_outside_indonesia(
    sample_regions: None, write_file: WriteFile
) -> None:
    utm = {"type": "Polygon", "coordinates": square(500000.0, 9100000.0, 100.0)}
    path = write_file(
        "utm.geojson",
        feature_collection([("id3501010001", polygon(111.0, -8.1)), ("id3501010002", utm)]),
    )

    report = import_boundaries(path, code_field="village_code")

    assert not report.ok
    [error] = report.errors.items
    assert (error.file, error.row, error.column) == ("utm.geojson", 2, "geometry")
    assert "EPSG:4326" in error.message
    assert RegionBoundary.objects.count() == 0  # the good feature is not written either


def test_it_refuses_points_and_missing_code_fields(
    sample_regions: None, write_file: WriteFile
) -> None:
    data = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"village_code": "id3501010001"},
                "geometry": {"type": "Point", "coordinates": [111.0, -8.1]},
            },
            {
                "type": "Feature",
                "properties": {"desa": "id3501010002"},
                "geometry": polygon(111.0, -8.1),
            },
        ],
    }
    report = import_boundaries(write_file("x.geojson", json.dumps(data)), code_field="village_code")

    messages = [e.message for e in report.errors.items]
    assert "Point" in messages[0]
    assert "village_code" in messages[1] and "desa" in messages[1]  # names what is there
    assert RegionBoundary.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("kode,nama\n35,Jawa Timur\n", "bukan GeoJSON"),
        ('{"type": "FeatureCollection", "features": []}', "tidak berisi fitur"),
        ('{"type": "Topology"}', "FeatureCollection"),
    ],
)
def test_it_explains_a_file_it_cannot_read(
    sample_regions: None, write_file: WriteFile, content: str, fragment: str
) -> None:
    report = import_boundaries(write_file("x.geojson", content), code_field="village_code")

    assert fragment in report.errors.items[0].message
    assert RegionBoundary.objects.count() == 0


def test_the_same_feature_in_two_files_counts_once(
    sample_regions: None, write_file: WriteFile
) -> None:
    one = feature_collection([("id3501010001", polygon(111.0, -8.1))])
    kab = write_file("kab.geojson", one)
    kec = write_file("kec.geojson", one)

    report = import_boundaries([kab, kec], code_field="village_code")

    assert report.created == 1
    assert dict((k, v) for k, _label, v in report.counts)["repeats"] == 1


def test_the_same_code_with_another_polygon_stops_the_import(
    sample_regions: None, write_file: WriteFile
) -> None:
    a = write_file("a.geojson", feature_collection([("id3501010001", polygon(111.0, -8.1))]))
    b = write_file("b.geojson", feature_collection([("id3501010001", polygon(111.4, -8.1))]))

    report = import_boundaries([a, b], code_field="village_code")

    assert not report.ok
    assert report.errors.items[0].file == "b.geojson"
    assert RegionBoundary.objects.count() == 0
