"""Import of a region's agency list (SKPD/OPD), all or nothing.

Columns: ``kode`` (``kode_skpd``, ``kode_opd``, ``kode_unit``), ``nama`` (``nama_skpd``,
``nama_opd``, ``uraian``, ``nomenklatur``) and optionally ``aktif`` (ya/tidak, 1/0). Codes
are the organisation codes of Permendagri 90/2019 (``1.02.0.00.0.00.01.0000``). The file is
the region's whole list: agencies in the file are created or updated, and agencies no longer
in it are kept but made inactive, since earlier plans and budgets name them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from sepakat.core.audit import record_bulk_change
from sepakat.planning.codes import is_skpd_code, normalise_code
from sepakat.planning.models import Skpd
from sepakat.planning.tables import ImportResult, doubled_header_problem, find_header, read_sheets
from sepakat.regions.importers.report import ImportFileError
from sepakat.regions.models import Level, Region

COLUMNS = {
    "code": ("kode", "kode_skpd", "kode_opd", "kode_unit", "kode_organisasi", "code"),
    "name": ("nama", "nama_skpd", "nama_opd", "uraian", "nomenklatur", "name"),
}
OPTIONAL = {"active": ("aktif", "active", "status")}
_YES = {"", "ya", "y", "1", "aktif", "true"}
_NO = {"tidak", "t", "0", "nonaktif", "tidak aktif", "false"}


def parse_skpd(path: Path, *, file: str) -> tuple[dict[str, tuple[str, bool]], ImportResult]:
    """code -> (name, active) of the file, and the problems found."""
    result = ImportResult(file=file)
    rows: dict[str, tuple[str, bool]] = {}
    first_row: dict[str, int] = {}
    try:
        sheets = read_sheets(path, file=file)
    except ImportFileError as exc:
        result.problem(exc.message, row=exc.row)
        return rows, result
    found_any = False
    for sheet in sheets:
        found = find_header(sheet, COLUMNS, OPTIONAL)
        if found is None:
            continue
        found_any = True
        start, columns, header = found
        if doubled_header_problem(sheet, start, columns, header, result):
            continue
        for line, cells in sheet.rows[start + 1 :]:
            result.rows_read += 1

            def value(key: str, cells: list[str] = cells, columns: dict[str, int] = columns) -> str:
                index = columns.get(key)
                return cells[index].strip() if index is not None and index < len(cells) else ""

            code = normalise_code(value("code"))
            name = value("name")
            active_text = value("active").lower()
            if not is_skpd_code(code):
                result.problem(
                    _(
                        "Kode SKPD '%(code)s' tidak berbentuk kode organisasi Permendagri "
                        "90/2019 (mis. 1.02.0.00.0.00.01.0000). Format kolom sebagai teks."
                    )
                    % {"code": value("code")},
                    column=header[columns["code"]],
                    sheet=sheet.name,
                    row=line,
                )
                continue
            if not name:
                result.problem(
                    _("Nama SKPD untuk kode %(code)s kosong.") % {"code": code},
                    column=header[columns["name"]],
                    sheet=sheet.name,
                    row=line,
                )
                continue
            if active_text not in _YES | _NO:
                result.problem(
                    _("Isian aktif '%(value)s' tidak dikenal; tulis 'ya' atau 'tidak'.")
                    % {"value": value("active")},
                    column=header[columns["active"]],
                    sheet=sheet.name,
                    row=line,
                )
                continue
            if code in rows:
                result.problem(
                    _("Kode SKPD %(code)s sudah ada di baris %(row)d; setiap kode hanya sekali.")
                    % {"code": code, "row": first_row[code]},
                    column=header[columns["code"]],
                    sheet=sheet.name,
                    row=line,
                )
                continue
            rows[code] = (name[:300], active_text in _YES)
            first_row[code] = line
    if not found_any:
        result.problem(_("Judul kolom 'kode' dan 'nama' tidak ditemukan di baris-baris pertama."))
    elif not rows and result.ok:
        result.problem(_("Berkas tidak berisi satu pun SKPD."))
    return rows, result


@transaction.atomic
def skpd_import(*, region: Region, path: Path, file: str, actor: Any = None) -> ImportResult:
    """Replace ``region``'s SKPD list by the file's (leavers stay, inactive)."""
    rows, result = parse_skpd(path, file=file)
    if region.level not in (Level.PROVINCE, Level.REGENCY):
        result.problem(
            _("Daftar SKPD dimiliki provinsi atau kabupaten/kota; %(region)s bukan salah satunya.")
            % {"region": region}
        )
    if not result.ok:
        return result
    existing = {s.code: s for s in Skpd.objects.filter(region=region)}
    to_create, to_update = [], []
    for code, (name, active) in rows.items():
        skpd = existing.get(code)
        if skpd is None:
            to_create.append(Skpd(region=region, code=code, name=name, active=active))
        elif (skpd.name, skpd.active) != (name, active):
            skpd.name, skpd.active = name, active
            to_update.append(skpd)
    leavers = [s for code, s in existing.items() if code not in rows and s.active]
    for skpd in leavers:
        skpd.active = False
    Skpd.objects.bulk_create(to_create)
    Skpd.objects.bulk_update([*to_update, *leavers], ["name", "active"])
    result.created, result.updated, result.deactivated = (
        len(to_create),
        len(to_update),
        len(leavers),
    )
    entry = record_bulk_change(
        actor=actor,
        model=Skpd,
        object_repr=f"SKPD {region.code} {region.name}",
        summary={
            "event": "skpd list imported",
            "region": region.code,
            "file": file,
            "created": sorted(s.code for s in to_create),
            "updated": sorted(s.code for s in to_update),
            "deactivated": sorted(s.code for s in leavers),
        },
    )
    result.audit_entry_id = entry.pk
    return result
