"""Import of region polygons from GeoJSON files, all or nothing.

- Each feature's code is read from the property ``code_field``; a leading ``id``/``ID``
  (the ISO country prefix of HDX COD-AB p-codes: ``id3501010012``) is stripped.
- ``code_system="kemendagri"``: the code is a Kemendagri code (dotted or not).
  ``code_system="bps"``: the code is looked up in :class:`CodeCrosswalk` first, then in
  ``Region.bps_code``. A BPS code that leads to several regions is reported as
  ambiguous and not drawn (the polygon of a desa that was split fits neither part).
- Only Polygon and MultiPolygon geometries, in WGS84 longitude/latitude. A feature whose
  positions are all ``[lat, lon]`` (latitude within -12..7 and longitude within
  94..142, Indonesia's bounding box; the two ranges do not overlap, so the swap is
  certain) is turned round and the report says how many were; coordinates outside
  Indonesia in both orders stop the import (projected data: reproject to EPSG:4326).
- Coordinates are rounded to 6 decimals (about 0.1 m) and Z values dropped.
- The same feature in several files (a kab/kota file and its kecamatan files) counts
  once; the same code with a different polygon stops the import. Several codes that lead
  to one region (desa merged between code versions) are joined into one MultiPolygon.
- Codes that match no region are listed in the report; known ones create or update
  :class:`RegionBoundary`; an unchanged polygon is not written again.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sepakat.core.audit import record_bulk_change
from sepakat.regions.codes import normalise_bps_code, normalise_kemendagri_code
from sepakat.regions.importers.report import ImportFileError, ImportReport, UnknownCode
from sepakat.regions.importers.tabular import read_text
from sepakat.regions.models import CodeCrosswalk, Region, RegionBoundary

CodeSystem = Literal["bps", "kemendagri"]
CODE_SYSTEMS: tuple[CodeSystem, ...] = ("bps", "kemendagri")
# Indonesia with a margin: Sabang to Merauke, Miangas to Ndana (Rote) at -11.0.
LON_RANGE = (94.0, 142.0)
LAT_RANGE = (-12.0, 7.0)
WGS84_NAMES = {
    "urn:ogc:def:crs:ogc:1.3:crs84",
    "urn:ogc:def:crs:epsg::4326",
    "epsg:4326",
    "crs84",
    "urn:ogc:def:crs:ogc::crs84",
}
DECIMALS = 6
_LOOKUP_CHUNK = 500


@dataclass
class Feature:
    file: str
    number: int  # 1-based position in the file's feature list
    code: str  # normalised code in the chosen system
    geometry: dict[str, Any]


def import_boundaries(
    paths: Sequence[Path | str] | Path | str,
    *,
    code_field: str,
    code_system: CodeSystem = "bps",
    actor: Any = None,
    file_names: Sequence[str] | None = None,
) -> ImportReport:
    """Read every file, check them all, then write the polygons of the known regions."""
    started = time.perf_counter()
    path_list = [Path(paths)] if isinstance(paths, str | Path) else [Path(p) for p in paths]
    names = list(file_names) if file_names else [p.name for p in path_list]
    report = ImportReport(kind="boundaries", files=names)
    if code_system not in CODE_SYSTEMS:
        report.error(
            file=", ".join(names),
            message=_("Sistem kode %(system)r tidak dikenal; pilih bps atau kemendagri.")
            % {"system": code_system},
        )
        report.duration = time.perf_counter() - started
        return report
    features: list[Feature] = []
    swapped = 0
    for path, name in zip(path_list, names, strict=True):
        try:
            found, file_swapped = _read_features(
                path, file=name, code_field=code_field, code_system=code_system, report=report
            )
        except ImportFileError as exc:
            exc.add_to(report)
            continue
        features.extend(found)
        swapped += file_swapped
    if swapped:
        report.notes.append(
            _(
                "%(n)d fitur menulis koordinat sebagai [lintang, bujur]; urutannya dibalik "
                "menjadi [bujur, lintang] seperti yang diminta GeoJSON. Periksa sumber datanya."
            )
            % {"n": swapped}
        )
    report.count("swapped", _("fitur dengan urutan koordinat dibalik"), swapped)
    report.rows_read = len(features)
    if report.ok:
        with transaction.atomic():
            _write(features, code_system=code_system, report=report, actor=actor)
    report.duration = time.perf_counter() - started
    return report


def _read_features(
    path: Path, *, file: str, code_field: str, code_system: CodeSystem, report: ImportReport
) -> tuple[list[Feature], int]:
    text, _encoding = read_text(path, file=file, expected="GeoJSON")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFileError(
            file=file,
            row=exc.lineno,
            message=_(
                "bukan GeoJSON yang sah: %(detail)s (baris %(line)d, kolom %(col)d). Ekspor "
                "ulang dari aplikasi GIS sebagai GeoJSON."
            )
            % {"detail": exc.msg, "line": exc.lineno, "col": exc.colno},
        ) from exc
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = {"type": "FeatureCollection", "features": [data]}
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ImportFileError(
            file=file,
            message=_("Berkas harus berisi GeoJSON FeatureCollection (type: FeatureCollection)."),
        )
    crs = ((data.get("crs") or {}).get("properties") or {}).get("name")
    if crs and str(crs).lower() not in WGS84_NAMES:
        raise ImportFileError(
            file=file,
            message=_(
                "Sistem koordinat %(crs)s tidak didukung; ubah ke WGS84 (EPSG:4326, bujur/lintang "
                "dalam derajat) lalu impor lagi."
            )
            % {"crs": crs},
        )
    raw_features = data.get("features") or []
    if not raw_features:
        raise ImportFileError(file=file, message=_("FeatureCollection ini tidak berisi fitur."))

    features: list[Feature] = []
    swapped = 0
    normalise = normalise_bps_code if code_system == "bps" else normalise_kemendagri_code
    for number, feature in enumerate(raw_features, start=1):
        props = (feature or {}).get("properties") or {}
        if code_field not in props:
            available = ", ".join(sorted(props)[:12]) or _("(tidak ada)")
            report.error(
                file=file,
                row=number,
                column=code_field,
                message=_(
                    "fitur ke-%(n)d tidak punya properti %(field)s. Properti yang ada: "
                    "%(available)s. Pilih kolom kode yang benar."
                )
                % {"n": number, "field": code_field, "available": available},
            )
            continue
        raw = str(props[code_field])
        code = normalise(raw)
        if code is None:
            report.error(
                file=file,
                row=number,
                column=code_field,
                value=raw,
                message=_(
                    "kode %(value)r pada fitur ke-%(n)d bukan kode %(system)s yang sah. Apakah "
                    "sistem kodenya benar?"
                )
                % {"value": raw, "n": number, "system": code_system.upper()},
            )
            continue
        geometry = (feature or {}).get("geometry") or {}
        try:
            clean, was_swapped = clean_geometry(geometry)
        except ValueError as exc:
            report.error(
                file=file,
                row=number,
                column="geometry",
                value=code,
                message=_("fitur ke-%(n)d (kode %(code)s): %(problem)s")
                % {"n": number, "code": code, "problem": exc},
            )
            continue
        swapped += was_swapped
        features.append(Feature(file=file, number=number, code=code, geometry=clean))
    return features, swapped


def clean_geometry(geometry: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """A Polygon/MultiPolygon in lon/lat order, rounded; True when the order was swapped.

    >>> clean_geometry({"type": "Polygon", "coordinates": [[[-8.2, 111.1], [-8.2, 111.2],
    ...     [-8.1, 111.2], [-8.2, 111.1]]]})[1]
    True
    """
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates")
    if kind not in ("Polygon", "MultiPolygon"):
        raise ValueError(
            _("jenis geometri %(kind)s tidak didukung; hanya Polygon atau MultiPolygon.")
            % {"kind": kind or _("(kosong)")}
        )
    polygons = [coordinates] if kind == "Polygon" else coordinates
    if not isinstance(polygons, list) or not polygons:
        raise ValueError(_("koordinat kosong atau tidak terbaca."))
    xs: list[float] = []
    ys: list[float] = []
    try:
        for polygon in polygons:
            for ring in polygon:
                if len(ring) < 4:
                    raise ValueError(_("cincin poligon kurang dari 4 titik."))
                for position in ring:
                    xs.append(float(position[0]))
                    ys.append(float(position[1]))
    except (TypeError, IndexError, KeyError) as exc:
        raise ValueError(_("koordinat tidak berbentuk [bujur, lintang].")) from exc

    def inside(values: list[float], bounds: tuple[float, float]) -> bool:
        return bounds[0] <= min(values) and max(values) <= bounds[1]

    if inside(xs, LON_RANGE) and inside(ys, LAT_RANGE):
        swap = False
    elif inside(xs, LAT_RANGE) and inside(ys, LON_RANGE):
        swap = True
    else:
        raise ValueError(
            _(
                "koordinat di luar Indonesia (x %(x0).2f..%(x1).2f, y %(y0).2f..%(y1).2f). "
                "GeoJSON harus memakai bujur/lintang WGS84 (EPSG:4326); ubah proyeksinya."
            )
            % {"x0": min(xs), "x1": max(xs), "y0": min(ys), "y1": max(ys)}
        )
    i, j = (1, 0) if swap else (0, 1)
    cleaned = [
        [
            [[round(float(p[i]), DECIMALS), round(float(p[j]), DECIMALS)] for p in ring]
            for ring in polygon
        ]
        for polygon in polygons
    ]
    if kind == "Polygon":
        return {"type": "Polygon", "coordinates": cleaned[0]}, swap
    return {"type": "MultiPolygon", "coordinates": cleaned}, swap


def _polygons(geometry: dict[str, Any]) -> list[Any]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return list(geometry["coordinates"])


def _regions_for_codes(codes: set[str], code_system: CodeSystem) -> dict[str, list[int]]:
    """Region ids for each code of the file (several when a BPS code is ambiguous)."""
    code_list = sorted(codes)
    if code_system == "kemendagri":
        found: dict[str, list[int]] = {}
        for start in range(0, len(code_list), _LOOKUP_CHUNK):
            chunk = code_list[start : start + _LOOKUP_CHUNK]
            for code, pk in Region.objects.filter(code__in=chunk).values_list("code", "pk"):
                found[code] = [pk]
        return found
    through_crosswalk: dict[str, set[str]] = {}
    for start in range(0, len(code_list), _LOOKUP_CHUNK):
        chunk = code_list[start : start + _LOOKUP_CHUNK]
        for bps, dagri in CodeCrosswalk.objects.filter(bps_code__in=chunk).values_list(
            "bps_code", "kemendagri_code"
        ):
            through_crosswalk.setdefault(bps, set()).add(dagri)
    dagri_codes = sorted({d for ds in through_crosswalk.values() for d in ds})
    region_id: dict[str, int] = {}
    for start in range(0, len(dagri_codes), _LOOKUP_CHUNK):
        chunk = dagri_codes[start : start + _LOOKUP_CHUNK]
        region_id.update(Region.objects.filter(code__in=chunk).values_list("code", "pk"))
    found = {}
    for bps, dagri_set in through_crosswalk.items():
        ids = sorted(region_id[d] for d in dagri_set if d in region_id)
        if ids:
            found[bps] = ids
    rest = [c for c in code_list if c not in found]
    for start in range(0, len(rest), _LOOKUP_CHUNK):
        chunk = rest[start : start + _LOOKUP_CHUNK]
        for bps, pk in Region.objects.filter(bps_code__in=chunk).values_list("bps_code", "pk"):
            found.setdefault(bps, []).append(pk)
    return found


def _write(
    features: list[Feature], *, code_system: CodeSystem, report: ImportReport, actor: Any
) -> None:
    # One polygon per source code: identical repeats (the same desa in a kab/kota file and
    # in its kecamatan file) count once; a different polygon for the same code is an error.
    by_code: dict[str, Feature] = {}
    repeats = 0
    for f in features:
        seen = by_code.get(f.code)
        if seen is None:
            by_code[f.code] = f
        elif seen.geometry == f.geometry:
            repeats += 1
        else:
            report.error(
                file=f.file,
                row=f.number,
                value=f.code,
                message=_(
                    "kode %(code)s sudah muncul dengan poligon lain (%(other)s, fitur ke-%(n)d); "
                    "hapus salah satunya."
                )
                % {"code": f.code, "other": seen.file, "n": seen.number},
            )
    if not report.ok:
        return

    regions = _regions_for_codes(set(by_code), code_system)
    geometry_of: dict[int, list[Feature]] = {}
    ambiguous = 0
    for code, f in by_code.items():
        ids = regions.get(code)
        if not ids:
            report.unknown_codes.add(
                UnknownCode(
                    code=code,
                    file=f.file,
                    row=f.number,
                    detail=_("tidak ada di padanan kode maupun daftar wilayah")
                    if code_system == "bps"
                    else _("tidak ada di daftar wilayah"),
                )
            )
        elif len(ids) > 1:
            ambiguous += 1
            report.unknown_codes.add(
                UnknownCode(
                    code=code,
                    file=f.file,
                    row=f.number,
                    detail=_("berpadanan dengan %(n)d wilayah; tidak digambar") % {"n": len(ids)},
                )
            )
        else:
            geometry_of.setdefault(ids[0], []).append(f)

    merged = 0
    new_geometry: dict[int, dict[str, Any]] = {}
    for region_id, fs in geometry_of.items():
        if len(fs) == 1:
            new_geometry[region_id] = fs[0].geometry
        else:
            merged += 1
            polygons = [p for f in sorted(fs, key=lambda f: f.code) for p in _polygons(f.geometry)]
            new_geometry[region_id] = {"type": "MultiPolygon", "coordinates": polygons}

    existing = {
        b.region_id: b
        for b in RegionBoundary.objects.filter(region_id__in=list(new_geometry)).only(
            "pk", "region_id", "geometry"
        )
    }
    source = ", ".join(report.files)[:200]
    to_create: list[RegionBoundary] = []
    to_update: list[RegionBoundary] = []
    now = timezone.now()
    for region_id, geometry in new_geometry.items():
        boundary = existing.get(region_id)
        if boundary is None:
            to_create.append(RegionBoundary(region_id=region_id, geometry=geometry, source=source))
        elif boundary.geometry == geometry:
            report.unchanged += 1
        else:
            boundary.geometry = geometry
            boundary.source = source
            boundary.updated_at = now  # bulk_update does not apply auto_now
            to_update.append(boundary)
    RegionBoundary.objects.bulk_create(to_create, batch_size=200)
    RegionBoundary.objects.bulk_update(
        to_update, ["geometry", "source", "updated_at"], batch_size=200
    )
    report.created = len(to_create)
    report.updated = len(to_update)
    report.count("features", _("fitur dibaca"), len(features))
    report.count("repeats", _("fitur yang sama di beberapa berkas (dihitung sekali)"), repeats)
    report.count("unknown", _("kode tidak dikenal"), report.unknown_codes.total - ambiguous)
    report.count("ambiguous", _("kode dengan beberapa wilayah (tidak digambar)"), ambiguous)
    report.count("merged", _("wilayah dari beberapa kode (digabung)"), merged)
    if merged:
        report.notes.append(
            _(
                "%(n)d wilayah mendapat poligon dari beberapa kode yang digabung menjadi "
                "MultiPolygon."
            )
            % {"n": merged}
        )
    entry = record_bulk_change(
        actor=actor,
        model=RegionBoundary,
        summary=report.audit_summary(),
        object_repr=_("Impor batas wilayah dari %(files)s") % {"files": source},
    )
    report.audit_entry_id = entry.pk
