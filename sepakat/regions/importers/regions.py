"""Import of the Kemendagri code list (``kode,nama``), all or nothing.

The whole file is read and checked first; only a clean file is written, in one
transaction, with the existing regions loaded once into a dict and the writes done in
batches (no query per row). Level, kind and parent follow from the code. Regions that
are in the database but not in the file are left as they are (users and data may point
to them) and counted.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from sepakat.core.audit import record_bulk_change
from sepakat.regions.codes import normalise_kemendagri_code
from sepakat.regions.importers.db import update_columns
from sepakat.regions.importers.report import Change, ImportFileError, ImportReport
from sepakat.regions.importers.tabular import cell, find_columns, read_table
from sepakat.regions.models import (
    NATIONAL_CODE,
    Region,
    kind_of_code,
    level_of_code,
    parent_code,
)
from sepakat.regions.services import ensure_national_region

BATCH_SIZE = 2000
CODE_COLUMNS = ("kode", "code", "kode_wilayah", "kode_kemendagri", "kode_dagri", "kemendagri_code")
NAME_COLUMNS = ("nama", "name", "nama_wilayah", "wilayah")


@dataclass(frozen=True)
class RegionRow:
    row: int
    code: str
    name: str


class _Abort(Exception):
    """Rolls the transaction back when a check inside it fails."""


def parse_region_rows(path: Path, *, file: str, report: ImportReport) -> list[RegionRow]:
    """The rows of a code list; problems go into ``report.errors``."""
    table = read_table(path, file=file)
    header = table.rows[0][1]
    columns = find_columns(header, {"code": CODE_COLUMNS, "name": NAME_COLUMNS})
    has_header = columns is not None
    if columns is None:
        if normalise_kemendagri_code(cell(header, 0)) is None or len(header) < 2:
            raise ImportFileError(
                file=file,
                row=table.rows[0][0],
                message=_(
                    "Kolom kode dan nama tidak ditemukan (baris pertama: %(header)s). Baris "
                    "pertama harus berisi judul kolom 'kode' dan 'nama', dipisah %(delim)s."
                )
                % {"header": ", ".join(header[:5]), "delim": table.delimiter_name},
            )
        columns = {"code": 0, "name": 1}  # no header: the data starts on the first line
    code_col = header[columns["code"]] if has_header else "1"
    name_col = header[columns["name"]] if has_header else "2"

    rows: list[RegionRow] = []
    first_row_of: dict[str, int] = {}
    for line, cells in table.rows[1:] if has_header else table.rows:
        report.rows_read += 1
        raw = cell(cells, columns["code"])
        name = cell(cells, columns["name"])
        code = normalise_kemendagri_code(raw)
        if code is None:
            report.error(
                file=file,
                row=line,
                column=code_col,
                value=raw,
                message=_(
                    "kode %(value)r bukan kode Kemendagri yang sah (contoh: 32, 32.01, "
                    "32.01.01, 32.01.01.2001). Jika berkas dibuka di Excel, format kolom kode "
                    "sebagai Teks agar 32.10 tidak menjadi 32.1."
                )
                % {"value": raw},
            )
            continue
        if not name:
            report.error(
                file=file,
                row=line,
                column=name_col,
                value="",
                message=_("nama wilayah untuk kode %(code)s kosong; isi namanya.") % {"code": code},
            )
            continue
        if code in first_row_of:
            report.error(
                file=file,
                row=line,
                column=code_col,
                value=raw,
                message=_("kode %(code)s sudah ada di baris %(first)d; hapus salah satunya.")
                % {"code": code, "first": first_row_of[code]},
            )
            continue
        first_row_of[code] = line
        rows.append(RegionRow(row=line, code=code, name=name))
    return rows


def import_regions(
    path: Path | str, *, actor: Any = None, file_name: str | None = None
) -> ImportReport:
    """Create or update the regions of a Kemendagri code list (CSV/TSV ``kode,nama``)."""
    started = time.perf_counter()
    path = Path(path)
    file = file_name or path.name
    report = ImportReport(kind="regions", files=[file])
    try:
        rows = parse_region_rows(path, file=file, report=report)
        if report.ok:
            try:
                with transaction.atomic():
                    _write(rows, file=file, report=report, actor=actor)
                    if not report.ok:
                        raise _Abort
            except _Abort:
                report.created = report.updated = report.unchanged = 0
                report.counts.clear()
                report.changes.items.clear()
                report.changes.total = 0
    except ImportFileError as exc:
        exc.add_to(report)
    report.duration = time.perf_counter() - started
    return report


def _write(rows: list[RegionRow], *, file: str, report: ImportReport, actor: Any) -> None:
    if not Region.objects.filter(code=NATIONAL_CODE).exists():
        report.notes.append(_("Wilayah nasional (Indonesia) dibuat sebagai akar hierarki."))
    national = ensure_national_region()

    # code -> (id, name, level, kind, parent_id), loaded once.
    existing: dict[str, tuple[int, str, int, str, int | None]] = {
        code: (pk, name, level, kind, parent_id)
        for code, pk, name, level, kind, parent_id in Region.objects.values_list(
            "code", "pk", "name", "level", "kind", "parent_id"
        )
    }
    ids: dict[str, int] = {code: values[0] for code, values in existing.items()}
    ids[NATIONAL_CODE] = national.pk
    in_file = {r.code for r in rows}

    for r in rows:
        parent = parent_code(r.code)
        if parent is not None and parent not in in_file and parent not in ids:
            report.error(
                file=file,
                row=r.row,
                value=r.code,
                message=_(
                    "wilayah induk %(parent)s dari kode %(code)s tidak ada di berkas maupun di "
                    "basis data; tambahkan baris untuk %(parent)s."
                )
                % {"parent": parent, "code": r.code},
            )
    if not report.ok:
        return

    by_level: dict[int, list[RegionRow]] = {}
    for r in rows:
        by_level.setdefault(level_of_code(r.code), []).append(r)

    to_update: list[tuple[object, ...]] = []
    for level in sorted(by_level):
        new: list[Region] = []
        for r in by_level[level]:
            kind = kind_of_code(r.code)
            parent_id = ids[parent_code(r.code) or NATIONAL_CODE]
            old = existing.get(r.code)
            if old is None:
                new.append(
                    Region(
                        code=r.code,
                        name=r.name,
                        level=level,
                        kind=kind,
                        parent_id=parent_id,
                        source=file,
                    )
                )
                continue
            pk, old_name, old_level, old_kind, old_parent = old
            if (old_name, old_level, old_kind, old_parent) == (r.name, level, kind, parent_id):
                report.unchanged += 1
                continue
            if old_name != r.name:
                report.changes.add(Change(code=r.code, old=old_name, new=r.name))
            to_update.append((r.name, level, str(kind), parent_id, file, pk))
        created = Region.objects.bulk_create(new, batch_size=BATCH_SIZE)
        report.created += len(created)
        if any(obj.pk is None for obj in created):
            # Databases that do not return ids from a bulk insert: read them back once.
            ids.update(Region.objects.filter(level=level).values_list("code", "pk"))
        else:
            ids.update((obj.code, obj.pk) for obj in created)
    update_columns(Region, ["name", "level", "kind", "parent", "source"], to_update)
    report.updated = len(to_update)

    absent = (
        len(existing) - len(in_file & existing.keys()) - (1 if NATIONAL_CODE in existing else 0)
    )
    report.count("renamed", _("nama berubah"), report.changes.total)
    report.count("absent", _("ada di basis data tetapi tidak di berkas (dibiarkan)"), absent)
    entry = record_bulk_change(
        actor=actor,
        model=Region,
        summary=report.audit_summary(),
        object_repr=_("Impor daftar kode Kemendagri dari %(file)s") % {"file": file},
    )
    report.audit_entry_id = entry.pk
