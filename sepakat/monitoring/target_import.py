"""Targets from a CSV or xlsx file, all or nothing, with the row and column of each problem.

Columns (header row, any order; the first four required): ``tahun``, ``jenis`` (rpjmd,
rkpd, rpkd, tpb, spm), ``kode_indikator`` (a catalogue code), ``target``,
``tahun_awal``, ``nilai_awal``, ``satuan``, ``polaritas`` (1, -1, 0), ``sumber``,
``dasar_hukum``. An empty unit or polarity takes the catalogue's. A row of a target that
exists (same kind, year and indicator) replaces it. Workbooks pass
:mod:`sepakat.core.xlsx_guard` (through ``planning.tables.read_sheets``) before any reader.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

from django.db.models import Q
from django.utils.translation import gettext as _

from sepakat.accounts.models import User
from sepakat.core.errors import UserError
from sepakat.datahub.models import Indicator
from sepakat.monitoring.services import TargetData, check_target, may_edit, targets_save_all
from sepakat.planning.tables import (
    ImportResult,
    Sheet,
    doubled_header_problem,
    find_header,
    read_sheets,
)
from sepakat.regions.importers.report import ImportFileError
from sepakat.regions.models import Region

REQUIRED = ("tahun", "jenis", "kode_indikator", "target")
OPTIONAL = ("tahun_awal", "nilai_awal", "satuan", "polaritas", "sumber", "dasar_hukum")
COLUMN_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _number(text: str) -> float | None:
    """A plain number; the Indonesian decimal comma is accepted when it is the only mark."""
    cleaned = text.strip().replace(" ", "")
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _find(
    sheets: list[Sheet], file: str, result: ImportResult
) -> tuple[Sheet, int, dict[str, int]]:
    for sheet in sheets:
        found = find_header(sheet, {c: (c,) for c in REQUIRED}, {c: (c,) for c in OPTIONAL})
        if found is not None:
            # a doubled title is a problem of the file: the caller stops before the rows
            doubled_header_problem(sheet, found[0], found[1], found[2], result)
            return sheet, found[0], found[1]
    raise ImportFileError(
        file=file,
        message=_("Judul kolom tidak ditemukan. Baris judul harus berisi kolom: %(columns)s.")
        % {"columns": ",".join(REQUIRED + OPTIONAL)},
    )


def targets_import(*, actor: User | None, region: Region, path: Path, file: str) -> ImportResult:
    """Check every row, then write all of them in one transaction (or nothing)."""
    result = ImportResult(file=file)
    if not may_edit(actor, region):
        result.problem(
            _(
                "Pengguna %(user)s tidak berhak mengimpor target %(region)s; impor dijalankan "
                "oleh perencana atau admin daerah wilayah itu."
            )
            % {"user": getattr(actor, "username", "-"), "region": region.display_name}
        )
        return result
    try:
        sheet, start, columns = _find(read_sheets(path, file=file), file, result)
    except ImportFileError as exc:
        result.problem(exc.message, row=exc.row)
        return result
    if not result.ok:
        return result
    catalogue = {
        i.code: i
        for i in Indicator.objects.filter(Q(owner_region__isnull=True) | Q(owner_region=region))
    }
    rows: list[TargetData] = []
    seen: dict[tuple[str, int, str], int] = {}
    for line, cells in sheet.rows[start + 1 :]:
        values = {c: (cells[i].strip() if i < len(cells) else "") for c, i in columns.items()}
        if not any(values.values()):
            continue
        result.rows_read += 1

        def bad(column: str, message: str, line: int = line) -> None:
            letter = COLUMN_LETTERS[columns[column]] if columns[column] < 26 else column
            result.problem(message, sheet=sheet.name, row=line, column=letter)

        data = _row(values, catalogue, bad)
        if data is None:
            continue
        key = (data.kind, data.year, data.indicator.code)
        if key in seen:
            bad(
                "kode_indikator",
                _(
                    "target %(kind)s %(year)s indikator %(code)s sudah ada di baris %(row)s; "
                    "hapus salah satu."
                )
                % {
                    "kind": data.kind,
                    "year": data.year,
                    "code": data.indicator.code,
                    "row": seen[key],
                },
            )
            continue
        seen[key] = line
        rows.append(data)
    if result.rows_read == 0:
        result.problem(_("Berkas tidak berisi satu pun baris target di bawah judul kolom."))
    if result.ok:
        result.created, result.updated = targets_save_all(
            actor=actor, region=region, rows=rows, file=file
        )
    return result


def _row(
    values: dict[str, str],
    catalogue: dict[str, Indicator],
    report: Callable[[str, str], None],
) -> TargetData | None:
    ok = True
    year_text = values["tahun"]
    year = int(year_text) if year_text.isdigit() else None
    if year is None:
        report(
            "tahun",
            _("tahun %(value)r bukan tahun; tulis empat angka, misalnya 2025.")
            % {"value": year_text},
        )
        ok = False
    indicator = catalogue.get(values["kode_indikator"])
    if indicator is None:
        report(
            "kode_indikator",
            _("indikator %(code)r tidak ada di katalog; pakai kode dari halaman Katalog indikator.")
            % {"code": values["kode_indikator"]},
        )
        ok = False
    value = _number(values["target"])
    if value is None:
        report("target", _("target %(value)r bukan angka.") % {"value": values["target"]})
        ok = False
    optional: dict[str, float | None] = {}
    for column in ("tahun_awal", "nilai_awal", "polaritas"):
        text = values.get(column, "")
        optional[column] = _number(text) if text else None
        if text and optional[column] is None:
            report(
                column, _("%(column)s %(value)r bukan angka.") % {"column": column, "value": text}
            )
            ok = False
    if not ok or year is None or indicator is None or value is None:
        return None
    base_year = optional["tahun_awal"]
    polarity = optional["polaritas"]
    data = TargetData(
        kind=values["jenis"].strip().lower(),
        year=year,
        indicator=indicator,
        value=value,
        baseline_year=None if base_year is None else int(base_year),
        baseline_value=optional["nilai_awal"],
        unit=values.get("satuan", ""),
        polarity=None if polarity is None else int(polarity),
        source=values.get("sumber", "")[:300],
        legal_basis=values.get("dasar_hukum", "")[:300],
    )
    try:
        check_target(data)
    except UserError as exc:
        column = {
            "kind": "jenis",
            "year": "tahun",
            "baseline_year": "tahun_awal",
            "polarity": "polaritas",
        }.get(exc.field or "", "tahun")
        report(column if column in values else "tahun", str(exc))
        return None
    return data
