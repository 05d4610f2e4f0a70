"""Writes of the determinants and locations pages: each a keyword-only, atomic function that
checks permission, validates and writes its audit record in the same transaction.

* :func:`determinants_set`: the central team links supply-side indicators to a problem;
* :func:`location_list_import`: an official priority-location list from a CSV of desa codes
  (:func:`location_list_preview` is the same check without writing);
* :func:`households_export`: the by-name list of a desa's deprived households, for a stated
  reason, audited like the data hub's personal-data download.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from sepakat.accounts.models import User
from sepakat.core.access import user_may_see
from sepakat.core.audit import record_bulk_change
from sepakat.core.errors import UserError
from sepakat.core.roles import Role
from sepakat.datahub.microdata import may_manage
from sepakat.datahub.models import Indicator, MicrodataFile
from sepakat.priorities import registry
from sepakat.priorities.models import PriorityIndicator
from sepakat.priorities.models_places import PriorityLocationEntry, PriorityLocationList
from sepakat.regions.codes import normalise_kemendagri_code
from sepakat.regions.models import Level, Region

LIST_ROLES = frozenset({Role.CENTRAL_ADMIN, Role.REGIONAL_ADMIN, Role.PLANNER})
MAX_LIST_BYTES = 1024 * 1024  # a list of every desa of a province is well below this
CODE_COLUMNS = ("kode_desa", "kode", "kode_wilayah")


# ---------------------------------------------------------------- determinant links


@transaction.atomic
def determinants_set(
    *, user: User, problem: PriorityIndicator, indicator_ids: Iterable[int]
) -> PriorityIndicator:
    """Replace the determinant indicators of ``problem``; the central team only."""
    if user.role != Role.CENTRAL_ADMIN:
        raise PermissionDenied
    wanted = sorted({int(i) for i in indicator_ids})
    found = list(Indicator.objects.filter(pk__in=wanted).order_by("code"))
    if len(found) != len(wanted):
        raise UserError(_("Sebagian indikator yang dipilih tidak ada lagi. Muat ulang halaman."))
    before = sorted(problem.determinants.values_list("code", flat=True))
    problem.determinants.set(found)
    after = [i.code for i in found]
    record_bulk_change(
        actor=user,
        model=PriorityIndicator,
        summary={
            "event": "priority_determinants_changed",
            "problem": problem.code,
            "before": before,
            "after": after,
        },
        object_repr=_("Determinan %(code)s diubah") % {"code": problem.code},
    )
    return problem


# ---------------------------------------------------------------- official location lists


@dataclass
class ListPreview:
    """What an import would write: the desa found, and every problem by row."""

    desa: list[Region] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def may_keep_lists(user: User, region: Region) -> bool:
    return user.role in LIST_ROLES and user_may_see(user, region)


def _header_errors(name: str, year: int | None, source: str, filename: str) -> list[str]:
    errors = []
    if not name.strip():
        errors.append(_('Nama daftar wajib diisi, misalnya "Lokus stunting".'))
    if year is None or not 2000 <= year <= 2100:
        errors.append(_("Tahun daftar wajib diisi dengan empat angka, misalnya 2025."))
    if not source.strip():
        errors.append(
            _("Sumber wajib diisi: dasar penetapan daftar, misalnya nomor SK Bupati/Wali Kota.")
        )
    if not filename.lower().endswith(".csv"):
        errors.append(
            _("Berkas %(name)s bukan CSV. Simpan daftar sebagai CSV dengan kolom kode_desa.")
            % {"name": filename}
        )
    return errors


def _rows(content: bytes, filename: str) -> tuple[str, list[tuple[int, str]]]:
    """The code column's name and (row number, text) of every data row; row 1 is the header."""
    if len(content) > MAX_LIST_BYTES:
        raise UserError(_("Berkas %(name)s lebih besar dari 1 MB.") % {"name": filename})
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(
            _("Berkas %(name)s bukan teks UTF-8. Simpan ulang sebagai CSV UTF-8 lalu unggah lagi.")
            % {"name": filename}
        ) from None
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise UserError(_("Berkas %(name)s kosong.") % {"name": filename})
    # Spreadsheets in Indonesian settings save CSV with semicolons.
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader)]
    column = next((c for c in CODE_COLUMNS if c in header), None)
    if column is None:
        raise UserError(
            _(
                "Berkas %(name)s, baris 1: tidak ada kolom kode_desa. Tulis kode_desa di sel "
                "pertama lalu satu kode desa Kemendagri (misalnya 32.01.01.2001) per baris."
            )
            % {"name": filename}
        )
    index = header.index(column)
    rows = []
    for number, record in enumerate(reader, start=2):
        if not any(cell.strip() for cell in record):
            continue  # a blank line, common at the end of exported files
        rows.append((number, record[index].strip() if index < len(record) else ""))
    if not rows:
        raise UserError(
            _("Berkas %(name)s hanya berisi judul kolom, tanpa kode desa.") % {"name": filename}
        )
    return column, rows


def location_list_preview(
    *,
    user: User,
    region: Region,
    name: str,
    year: int | None,
    source: str,
    content: bytes,
    filename: str,
) -> ListPreview:
    """Check a list without writing anything: every row's problem, with its row number."""
    if not may_keep_lists(user, region):
        raise PermissionDenied
    preview = ListPreview(errors=_header_errors(name, year, source, filename))
    try:
        column, rows = _rows(content, filename)
    except UserError as exc:
        preview.errors += exc.located()
        return preview
    if (
        year is not None
        and name.strip()
        and PriorityLocationList.objects.filter(
            region=region, year=year, name=name.strip()
        ).exists()
    ):
        preview.errors.append(
            _("Daftar %(name)s tahun %(year)s sudah ada untuk %(region)s. Pakai nama lain.")
            % {"name": name.strip(), "year": year, "region": region.display_name}
        )
    normalised = {n: normalise_kemendagri_code(text) for n, text in rows}
    known = {
        r.code: r
        for r in Region.objects.filter(code__in=[c for c in normalised.values() if c]).only(
            "code", "name", "level", "kind"
        )
    }
    first_row: dict[str, int] = {}
    where = {"file": filename, "column": column}
    for number, text in rows:
        at = {**where, "row": number, "code": text}
        code = normalised[number]
        if not text:
            preview.errors.append(
                _(
                    "%(file)s, baris %(row)s, kolom %(column)s: kode kosong. Isi atau hapus baris ini."
                )
                % at
            )
        elif code is None or len(code.split(".")) != 4:
            preview.errors.append(
                _(
                    "%(file)s, baris %(row)s, kolom %(column)s: %(code)s bukan kode desa "
                    "Kemendagri. Tulis kode 10 angka seperti 32.01.01.2001."
                )
                % at
            )
        elif code not in known:
            preview.errors.append(
                _(
                    "%(file)s, baris %(row)s, kolom %(column)s: kode %(code)s tidak dikenal di "
                    "daftar wilayah SEPAKAT. Periksa kodenya dengan Permendagri kode wilayah."
                )
                % at
            )
        elif not region.contains(known[code]) or known[code].level != Level.VILLAGE:
            preview.errors.append(
                _(
                    "%(file)s, baris %(row)s, kolom %(column)s: %(code)s (%(desa)s) berada di "
                    "luar %(region)s. Hapus baris ini atau impor daftar di wilayahnya."
                )
                % {**at, "desa": known[code].display_name, "region": region.display_name}
            )
        elif code in first_row:
            preview.errors.append(
                _(
                    "%(file)s, baris %(row)s, kolom %(column)s: kode %(code)s sudah ada di baris "
                    "%(first)s. Hapus salah satunya."
                )
                % {**at, "first": first_row[code]}
            )
        else:
            first_row[code] = number
            preview.desa.append(known[code])
    return preview


@transaction.atomic
def location_list_import(
    *,
    user: User,
    region: Region,
    name: str,
    year: int | None,
    source: str,
    content: bytes,
    filename: str,
) -> PriorityLocationList:
    """Create the list and its desa, all or nothing; any problem raises and writes nothing."""
    preview = location_list_preview(
        user=user,
        region=region,
        name=name,
        year=year,
        source=source,
        content=content,
        filename=filename,
    )
    if preview.errors:
        raise UserError(preview.errors)
    assert year is not None
    location_list = PriorityLocationList(
        name=name.strip(), year=year, region=region, source=source.strip(), created_by=user
    )
    location_list.full_clean()
    location_list.save()
    PriorityLocationEntry.objects.bulk_create(
        PriorityLocationEntry(location_list=location_list, desa=d) for d in preview.desa
    )
    record_bulk_change(
        actor=user,
        model=PriorityLocationList,
        summary={
            "event": "priority_location_list_imported",
            "list": location_list.pk,
            "name": location_list.name,
            "year": year,
            "region": region.code,
            "source": location_list.source,
            "file": filename,
            "desa": len(preview.desa),
        },
        object_repr=_("Daftar lokasi prioritas %(name)s diimpor") % {"name": location_list.name},
    )
    return location_list


# ---------------------------------------------------------------- by-name lists


def may_see_names(user: User, desa: Region) -> bool:
    """The rule of the data hub's personal-data download (:func:`may_manage`), applied to
    the desa rather than to the file: the centre, or the regional admin whose region holds
    the desa (a kab/kota admin may so use the province's registry for their own desa)."""
    return may_manage(user, desa)


@transaction.atomic
def households_export(
    *,
    user: User,
    file: MicrodataFile,
    problem: PriorityIndicator,
    desa: Region,
    reason: str,
) -> tuple[bytes, int]:
    """The deprived households of ``desa`` with their personal columns, as CSV (UTF-8 with
    a byte-order mark, so that Excel opens it), for a stated reason; always audited."""
    if not may_see_names(user, desa):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise UserError(
            _("Tuliskan alasan pengunduhan data pribadi; alasan ini dicatat di jejak audit.")
        )
    cols = registry.columns_for(file, problem.status_column)
    if cols.status is None:
        raise UserError(
            _("Berkas registrasi tidak memuat kolom %(col)s.") % {"col": problem.status_column}
        )
    households = registry.deprived_households(file, desa, cols, with_personal=True)
    personal = list(households[0].personal) if households else list(file.personal_columns or [])
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["kode_desa", "id_rumah_tangga", "desil", "jumlah_anggota", *personal])
    for h in households:
        writer.writerow(
            [
                desa.code,
                h.household_id,
                h.decile,
                _number(h.size),
                *(h.personal.get(c) for c in personal),
            ]
        )
    record_bulk_change(
        actor=user,
        model=MicrodataFile,
        summary={
            "event": "personal_data_download",
            "file": file.pk,
            "title": file.title,
            "problem": problem.code,
            "desa": desa.code,
            "reason": reason[:2000],
            "rows": len(households),
            "personal_columns": personal,
        },
        object_repr=_("Unduhan daftar nama %(code)s, %(desa)s")
        % {"code": problem.code, "desa": desa.display_name},
    )
    return ("\ufeff" + out.getvalue()).encode("utf-8"), len(households)


def _number(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
