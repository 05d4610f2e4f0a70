"""Import of a nomenclature list (Permendagri 90/2019 and its updates), all or nothing.

Accepted columns (header spellings compared without case, spaces or punctuation):

- code: ``kode``, ``kode_rekening``, ``kode_nomenklatur``, ``kode_sub_kegiatan``, ``code``
- name, one column: ``nomenklatur``, ``uraian``, ``nama``, ``nomenklatur_urusan``,
  ``uraian_nomenklatur``, ``name``; or the ministry's two columns
  ``nomenklatur_urusan_provinsi`` and ``nomenklatur_urusan_kabupaten_kota`` (also without
  ``urusan_``), in which case the column that is filled gives the level;
- optional: ``kinerja``; ``indikator`` (``indikator_kinerja``, ``indikator_keluaran``);
  ``satuan``; the level ``tingkat`` (``tingkat_pemerintahan``, ``kewenangan``, ``level``)
  with values provinsi/prov/1, kabupaten/kota/kab/kota/2, or semua/both.

The level of an item is the list's own (level column, or the two name columns); where the
list says nothing, the kegiatan code's level digit decides (``x.xx.xx.1.xx`` province,
``x.xx.xx.2.xx`` kab/kota) and urusan, bidang and programmes serve both. A sub kegiatan needs
its output indicator and unit: the plan's targets are set in them.

A code listed twice is refused, except a programme listed once per level (merged, with the
kab/kota name kept beside the province's).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from sepakat.core.audit import record_bulk_change
from sepakat.planning.codes import (
    GovernmentLevel,
    NomenclatureKind,
    kind_of_code,
    level_from_code,
    normalise_code,
)
from sepakat.planning.models import NomenclatureItem, NomenclatureVersion
from sepakat.planning.tables import (
    ImportResult,
    Sheet,
    doubled_header_problem,
    find_header,
    read_sheets,
)
from sepakat.regions.importers.report import ImportFileError

REQUIRED = {
    "code": ("kode", "kode_rekening", "kode_nomenklatur", "kode_sub_kegiatan", "code"),
}
NAME = ("nomenklatur", "uraian", "nama", "nomenklatur_urusan", "uraian_nomenklatur", "name")
NAME_PROVINCE = ("nomenklatur_urusan_provinsi", "nomenklatur_provinsi")
NAME_KAB_KOTA = (
    "nomenklatur_urusan_kabupaten_kota",
    "nomenklatur_kabupaten_kota",
    "nomenklatur_urusan_kab_kota",
    "nomenklatur_kab_kota",
)
OPTIONAL = {
    "name": NAME,
    "name_province": NAME_PROVINCE,
    "name_kab_kota": NAME_KAB_KOTA,
    "performance": ("kinerja", "kinerja_sub_kegiatan"),
    "indicator": ("indikator", "indikator_kinerja", "indikator_keluaran", "indicator"),
    "unit": ("satuan", "unit"),
    "level": ("tingkat", "tingkat_pemerintahan", "kewenangan", "level"),
}
_LEVEL_WORDS = {
    "provinsi": GovernmentLevel.PROVINCE,
    "prov": GovernmentLevel.PROVINCE,
    "1": GovernmentLevel.PROVINCE,
    "kabupaten/kota": GovernmentLevel.KAB_KOTA,
    "kab/kota": GovernmentLevel.KAB_KOTA,
    "kabkota": GovernmentLevel.KAB_KOTA,
    "kabupaten": GovernmentLevel.KAB_KOTA,
    "kota": GovernmentLevel.KAB_KOTA,
    "kab": GovernmentLevel.KAB_KOTA,
    "2": GovernmentLevel.KAB_KOTA,
    "semua": GovernmentLevel.BOTH,
    "both": GovernmentLevel.BOTH,
    "provinsi dan kabupaten/kota": GovernmentLevel.BOTH,
}


@dataclass(frozen=True)
class ParsedItem:
    code: str
    kind: str
    level: str
    name: str
    name_kab_kota: str = ""
    performance: str = ""
    indicator: str = ""
    unit: str = ""
    sheet: str = ""
    row: int = 0


def _cell(cells: list[str], columns: dict[str, int], key: str) -> str:
    index = columns.get(key)
    return cells[index].strip() if index is not None and index < len(cells) else ""


def _parse_sheet(sheet: Sheet, result: ImportResult, items: dict[str, ParsedItem]) -> bool:
    """Add the items of one sheet; False when the sheet has no recognisable header."""
    found = find_header(sheet, REQUIRED, OPTIONAL)
    if found is None:
        return False
    start, columns, header = found
    if doubled_header_problem(sheet, start, columns, header, result):
        return True
    two_names = "name_province" in columns and "name_kab_kota" in columns
    if "name" not in columns and not two_names:
        result.problem(
            _(
                "Kolom nama tidak ditemukan. Beri judul kolom 'nomenklatur' atau 'uraian', "
                "atau dua kolom 'Nomenklatur Urusan Provinsi' dan 'Nomenklatur Urusan "
                "Kabupaten/Kota' seperti lampiran Kepmendagri."
            ),
            sheet=sheet.name,
            row=sheet.rows[start][0],
        )
        return True

    def column_name(key: str) -> str:
        return header[columns[key]] or key

    for line, cells in sheet.rows[start + 1 :]:
        result.rows_read += 1
        raw_code = _cell(cells, columns, "code")
        code = normalise_code(raw_code)
        kind = kind_of_code(code)
        if kind is None:
            result.problem(
                _(
                    "Kode '%(code)s' tidak berbentuk kode Permendagri 90/2019 (mis. 1.02, "
                    "1.02.02, 1.02.02.2.01 atau 1.02.02.2.01.0006; sub kegiatan 4 digit sejak "
                    "Kepmendagri 050-5889/2021). Jika Excel mengubah kode menjadi angka, "
                    "format kolom itu sebagai teks lalu ketik ulang kodenya."
                )
                % {"code": raw_code},
                sheet=sheet.name,
                row=line,
                column=column_name("code"),
            )
            continue
        if two_names:
            name_prov = _cell(cells, columns, "name_province")
            name_kab = _cell(cells, columns, "name_kab_kota")
            name = name_prov or name_kab
            listed_level = (
                GovernmentLevel.BOTH
                if name_prov and name_kab
                else GovernmentLevel.PROVINCE
                if name_prov
                else GovernmentLevel.KAB_KOTA
                if name_kab
                else None
            )
            other_name = name_kab if name_prov and name_kab and name_kab != name_prov else ""
            name_column = column_name("name_province")
        else:
            name = _cell(cells, columns, "name")
            other_name = ""
            listed_level = None
            name_column = column_name("name")
        if not name:
            result.problem(
                _("Nomenklatur untuk kode %(code)s kosong; isi nama urusan/program/kegiatan.")
                % {"code": code},
                sheet=sheet.name,
                row=line,
                column=name_column,
            )
            continue
        raw_level = _cell(cells, columns, "level")
        if raw_level:
            listed_level = _LEVEL_WORDS.get(raw_level.lower().replace(" ", ""))
            listed_level = listed_level or _LEVEL_WORDS.get(raw_level.lower())
            if listed_level is None:
                result.problem(
                    _(
                        "Tingkat '%(value)s' tidak dikenal; tulis 'provinsi', "
                        "'kabupaten/kota' atau 'semua'."
                    )
                    % {"value": raw_level},
                    sheet=sheet.name,
                    row=line,
                    column=column_name("level"),
                )
                continue
        level = listed_level or level_from_code(code)
        if (
            listed_level
            and kind in (NomenclatureKind.KEGIATAN, NomenclatureKind.SUB_KEGIATAN)
            and level != level_from_code(code)
        ):
            # The list's own level is taken, but a planner should know where it departs
            # from the code's level digit.
            result.level_departures.append(code)
        item = ParsedItem(
            code=code,
            kind=kind,
            level=level,
            name=name,
            name_kab_kota=other_name,
            performance=_cell(cells, columns, "performance"),
            indicator=_cell(cells, columns, "indicator"),
            unit=_cell(cells, columns, "unit"),
            sheet=sheet.name,
            row=line,
        )
        if kind == NomenclatureKind.SUB_KEGIATAN:
            for key, label in (("indicator", _("indikator")), ("unit", _("satuan"))):
                if not getattr(item, key):
                    result.problem(
                        _(
                            "Sub kegiatan %(code)s tidak punya %(what)s; rencana menetapkan "
                            "target dalam indikator dan satuan ini. Isi kolom %(what)s."
                        )
                        % {"code": code, "what": label},
                        sheet=sheet.name,
                        row=line,
                        column=column_name(key) if key in columns else label,
                    )
        _add(item, items, result)
    return True


def _add(item: ParsedItem, items: dict[str, ParsedItem], result: ImportResult) -> None:
    earlier = items.get(item.code)
    if earlier is None:
        items[item.code] = item
        return
    # A programme listed once for each level (as in per-level lists) is one item.
    levels = {earlier.level, item.level}
    if item.kind == NomenclatureKind.PROGRAM and levels == {
        GovernmentLevel.PROVINCE,
        GovernmentLevel.KAB_KOTA,
    }:
        province, kab = (
            (earlier, item) if earlier.level == GovernmentLevel.PROVINCE else (item, earlier)
        )
        items[item.code] = replace(
            province,
            level=GovernmentLevel.BOTH,
            name_kab_kota="" if kab.name == province.name else kab.name,
        )
        return
    where = f"{earlier.sheet}, " if earlier.sheet else ""
    result.problem(
        _("Kode %(code)s sudah ada di %(where)sbaris %(row)d; setiap kode hanya sekali.")
        % {"code": item.code, "where": where, "row": earlier.row},
        sheet=item.sheet,
        row=item.row,
    )


def parse_nomenclature(path: Path, *, file: str) -> tuple[list[ParsedItem], ImportResult]:
    """The items of a list file and the problems found; nothing touches the database."""
    result = ImportResult(file=file)
    items: dict[str, ParsedItem] = {}
    try:
        sheets = read_sheets(path, file=file)
    except ImportFileError as exc:
        result.problem(exc.message, row=exc.row)
        return [], result
    used = [sheet for sheet in sheets if _parse_sheet(sheet, result, items)]
    for sheet in sheets:
        if sheet not in used and sheet.name:
            result.notes.append(
                _("Lembar %(sheet)s dilewati: tidak ada judul kolom kode dan nomenklatur.")
                % {"sheet": sheet.name}
            )
    if not used:
        result.problem(
            _(
                "Judul kolom tidak ditemukan di %(n)d baris pertama: perlu kolom 'kode' dan "
                "'nomenklatur' (atau 'uraian'), dan untuk sub kegiatan 'indikator' dan "
                "'satuan'."
            )
            % {"n": 15}
        )
    elif not items and result.ok:
        result.problem(_("Berkas tidak berisi satu pun kode nomenklatur."))
    if result.level_departures:
        result.notes.append(
            _(
                "%(n)d kegiatan/sub kegiatan memakai tingkat dari kolom berkas yang berbeda dari "
                "digit tingkat kodenya (mis. %(codes)s); tingkat dari berkas yang dipakai."
            )
            % {"n": len(result.level_departures), "codes": ", ".join(result.level_departures[:5])}
        )
    return sorted(items.values(), key=lambda i: i.code), result


@transaction.atomic
def nomenclature_import(
    *,
    path: Path,
    file: str,
    version_name: str,
    in_force_from: date,
    regulation: str = "",
    published_on: date | None = None,
    actor: Any = None,
) -> tuple[NomenclatureVersion | None, ImportResult]:
    """Load a list as a new version; earlier versions stay as they are (plans point to
    them). All or nothing: any problem and nothing is written."""
    items, result = parse_nomenclature(path, file=file)
    version_name = version_name.strip()
    if not version_name:
        result.problem(_("Nama versi kosong; beri nama dengan --version-name."))
    elif NomenclatureVersion.objects.filter(name=version_name).exists():
        result.problem(
            _(
                "Versi '%(name)s' sudah ada. Versi lama tidak ditimpa (rencana merujuk "
                "kepadanya); impor dengan nama versi lain."
            )
            % {"name": version_name}
        )
    if not result.ok:
        return None, result
    later = NomenclatureVersion.objects.filter(in_force_from__gt=in_force_from).first()
    if later is not None:
        result.notes.append(
            _(
                "Versi '%(later)s' berlaku sejak %(date)s, lebih akhir; versi ini hanya "
                "dipakai untuk tanggal sebelum itu."
            )
            % {"later": later.name, "date": later.in_force_from.isoformat()}
        )
    version = NomenclatureVersion(
        name=version_name,
        regulation=regulation,
        published_on=published_on,
        in_force_from=in_force_from,
        source_file=file,
        item_count=len(items),
    )
    version.full_clean()
    version.save()
    NomenclatureItem.objects.bulk_create(
        [
            NomenclatureItem(
                version=version,
                code=i.code,
                kind=i.kind,
                level=i.level,
                name=i.name[:500],
                name_kab_kota=i.name_kab_kota[:500],
                performance=i.performance[:500],
                indicator=i.indicator[:500],
                unit=i.unit[:100],
            )
            for i in items
        ],
        batch_size=2000,
    )
    result.created = len(items)
    counts = {kind.value: sum(1 for i in items if i.kind == kind) for kind in NomenclatureKind}
    entry = record_bulk_change(
        actor=actor,
        model=NomenclatureVersion,
        object_repr=version_name,
        summary={
            "event": "nomenclature imported",
            "version": version_name,
            "in_force_from": in_force_from.isoformat(),
            "file": file,
            "items": len(items),
            "by_kind": counts,
        },
    )
    result.audit_entry_id = entry.pk
    return version, result
