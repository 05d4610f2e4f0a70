"""Import of BPS <-> Kemendagri code pairs (TSV or CSV ``bps_code, kemendagri_code``).

How the published file is written (kodewilayah ``bps-to-dagri.tsv``): no header, BPS
codes undotted (``3501010001``), Kemendagri codes dotted (``35.01.01.2001``); both are
normalised with :mod:`sepakat.regions.codes`, so undotted Kemendagri codes are read too.

What is stored:

- every distinct pair as a :class:`CodeCrosswalk` row (re-importing adds nothing), also
  when its Kemendagri code is not (yet) a region: such pairs are listed in the report;
- rows with a BPS code and an empty Kemendagri code (a BPS region with no Kemendagri
  counterpart) are counted and shown as examples, not stored;
- ``Region.bps_code`` for each region the file names. When one Kemendagri code has
  several BPS codes (about 370 in the published file: desa merged or split between the
  two code versions), the first BPS code in file order that points to this Kemendagri
  code alone is kept (else simply the first); the count and examples are reported, and
  every pair stays in the crosswalk so joins through it still see all of them.
- A BPS code pointing to several Kemendagri codes gives each of them that BPS code.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from sepakat.core.audit import record_bulk_change
from sepakat.regions.codes import (
    bps_level,
    kemendagri_level,
    normalise_bps_code,
    normalise_kemendagri_code,
)
from sepakat.regions.importers.db import update_columns
from sepakat.regions.importers.report import (
    Change,
    Examples,
    ImportFileError,
    ImportReport,
    UnknownCode,
)
from sepakat.regions.importers.tabular import cell, find_columns, read_table
from sepakat.regions.models import CodeCrosswalk, Region

BATCH_SIZE = 2000
BPS_COLUMNS = ("bps_code", "kode_bps", "bps", "kode_wilayah_bps")
KEMENDAGRI_COLUMNS = (
    "kemendagri_code",
    "kode_kemendagri",
    "kemendagri",
    "dagri",
    "kode_dagri",
    "dagri_code",
)


def import_crosswalk(
    path: Path | str, *, actor: Any = None, file_name: str | None = None
) -> ImportReport:
    started = time.perf_counter()
    path = Path(path)
    file = file_name or path.name
    report = ImportReport(kind="crosswalk", files=[file])
    try:
        pairs, first_row = _parse(path, file=file, report=report)
        if report.ok:
            with transaction.atomic():
                _write(pairs, first_row, file=file, report=report, actor=actor)
    except ImportFileError as exc:
        exc.add_to(report)
    report.duration = time.perf_counter() - started
    return report


def _parse(
    path: Path, *, file: str, report: ImportReport
) -> tuple[list[tuple[str, str]], dict[tuple[str, str], int]]:
    table = read_table(path, file=file)
    header = table.rows[0][1]
    columns = find_columns(header, {"bps": BPS_COLUMNS, "kemendagri": KEMENDAGRI_COLUMNS})
    has_header = columns is not None
    if columns is None:
        if normalise_bps_code(cell(header, 0)) is None or len(header) < 2:
            raise ImportFileError(
                file=file,
                row=table.rows[0][0],
                message=_(
                    "Kolom kode BPS dan kode Kemendagri tidak ditemukan (baris pertama: "
                    "%(header)s). Berkas harus berisi dua kolom, kode BPS lalu kode Kemendagri, "
                    "dipisah tab atau koma; judul kolom (bps_code, kemendagri_code) boleh ada."
                )
                % {"header": ", ".join(header[:5])},
            )
        columns = {"bps": 0, "kemendagri": 1}
    bps_col = header[columns["bps"]] if has_header else "1"
    dagri_col = header[columns["kemendagri"]] if has_header else "2"

    pairs: list[tuple[str, str]] = []
    first_row: dict[tuple[str, str], int] = {}
    duplicates = 0
    without_pair: Examples[str] = Examples(limit=10)
    for line, cells in table.rows[1:] if has_header else table.rows:
        report.rows_read += 1
        raw_bps, raw_dagri = cell(cells, columns["bps"]), cell(cells, columns["kemendagri"])
        bps = normalise_bps_code(raw_bps)
        if bps is None:
            report.error(
                file=file,
                row=line,
                column=bps_col,
                value=raw_bps,
                message=_(
                    "kode BPS %(value)r tidak sah: harus angka 2, 4, 7 atau 10 digit "
                    "(contoh 3501010001)."
                )
                % {"value": raw_bps},
            )
            continue
        if not raw_dagri:
            without_pair.add(bps)
            continue
        dagri = normalise_kemendagri_code(raw_dagri)
        if dagri is None:
            report.error(
                file=file,
                row=line,
                column=dagri_col,
                value=raw_dagri,
                message=_(
                    "kode Kemendagri %(value)r tidak sah (contoh: 35.01.01.2001). Jika berkas "
                    "dibuka di Excel, format kolom sebagai Teks."
                )
                % {"value": raw_dagri},
            )
            continue
        if bps_level(bps) != kemendagri_level(dagri):
            report.error(
                file=file,
                row=line,
                value=f"{bps} / {dagri}",
                message=_(
                    "kode BPS %(bps)s dan kode Kemendagri %(dagri)s berbeda tingkat "
                    "(desa harus berpasangan dengan desa, kecamatan dengan kecamatan...)."
                )
                % {"bps": bps, "dagri": dagri},
            )
            continue
        pair = (bps, dagri)
        if pair in first_row:
            duplicates += 1
            continue
        first_row[pair] = line
        pairs.append(pair)
    if report.ok and not pairs:
        raise ImportFileError(file=file, message=_("Berkas tidak berisi pasangan kode."))
    report.count("pairs", _("pasangan berbeda di berkas"), len(pairs))
    report.count("duplicates", _("baris ganda (dilewati)"), duplicates)
    report.count(
        "without_pair", _("kode BPS tanpa kode Kemendagri (tidak disimpan)"), without_pair.total
    )
    if without_pair:
        report.notes.append(
            _("%(n)d kode BPS tidak punya kode Kemendagri di berkas, misalnya %(examples)s.")
            % {"n": without_pair.total, "examples": ", ".join(without_pair.items)}
        )
    return pairs, first_row


def _write(
    pairs: list[tuple[str, str]],
    first_row: dict[tuple[str, str], int],
    *,
    file: str,
    report: ImportReport,
    actor: Any,
) -> None:
    existing_pairs = set(CodeCrosswalk.objects.values_list("bps_code", "kemendagri_code"))
    new_pairs = [
        CodeCrosswalk(bps_code=b, kemendagri_code=d, source=file)
        for b, d in pairs
        if (b, d) not in existing_pairs
    ]
    CodeCrosswalk.objects.bulk_create(new_pairs, batch_size=BATCH_SIZE)
    report.created = len(new_pairs)
    report.unchanged = len(pairs) - len(new_pairs)

    regions: dict[str, tuple[int, str]] = {
        code: (pk, bps) for code, pk, bps in Region.objects.values_list("code", "pk", "bps_code")
    }
    bps_of: dict[str, list[str]] = {}  # Kemendagri code -> BPS codes in file order
    dagri_count: dict[str, int] = {}  # BPS code -> how many Kemendagri codes
    for bps, dagri in pairs:
        bps_of.setdefault(dagri, []).append(bps)
        dagri_count[bps] = dagri_count.get(bps, 0) + 1
        if dagri not in regions and len(bps_of[dagri]) == 1:
            report.unknown_codes.add(
                UnknownCode(
                    code=dagri,
                    file=file,
                    row=first_row[(bps, dagri)],
                    detail=_("kode BPS %(bps)s") % {"bps": bps},
                )
            )

    ambiguous: Examples[str] = Examples(limit=5)
    to_update: list[tuple[str, int]] = []
    for dagri, candidates in bps_of.items():
        if dagri not in regions:
            continue
        chosen = candidates[0]
        if len(candidates) > 1:
            exclusive = [b for b in candidates if dagri_count[b] == 1]
            chosen = exclusive[0] if exclusive else candidates[0]
            ambiguous.add(
                _("%(dagri)s <- %(bps)s (dipakai %(chosen)s)")
                % {"dagri": dagri, "bps": ", ".join(candidates), "chosen": chosen}
            )
        pk, current = regions[dagri]
        if current != chosen:
            report.changes.add(Change(code=dagri, old=current, new=chosen))
            to_update.append((chosen, pk))
    update_columns(Region, ["bps_code"], to_update)
    report.updated = len(to_update)

    split = sum(1 for n in dagri_count.values() if n > 1)
    report.count(
        "regions_bps_set", _("wilayah yang kode BPS-nya diisi atau diubah"), len(to_update)
    )
    report.count(
        "unknown",
        _("pasangan dengan kode Kemendagri yang tidak dikenal"),
        report.unknown_codes.total,
    )
    report.count("ambiguous", _("kode Kemendagri dengan beberapa kode BPS"), ambiguous.total)
    report.count("split", _("kode BPS dengan beberapa kode Kemendagri"), split)
    if ambiguous:
        report.notes.append(
            _(
                "%(n)d kode Kemendagri punya beberapa kode BPS; untuk kode BPS wilayah dipakai "
                "kode BPS pertama yang hanya berpasangan dengan kode itu. Semua pasangan tetap "
                "tersimpan. Contoh: %(examples)s."
            )
            % {"n": ambiguous.total, "examples": "; ".join(ambiguous.items)}
        )
    if report.unknown_codes:
        report.notes.append(
            _(
                "%(n)d kode Kemendagri di berkas tidak ada dalam daftar wilayah (biasanya kode "
                "lama sebelum pemekaran atau perubahan kode). Pasangannya tetap disimpan; impor "
                "daftar kode wilayah yang sesuai bila wilayah itu perlu."
            )
            % {"n": report.unknown_codes.total}
        )
    entry = record_bulk_change(
        actor=actor,
        model=CodeCrosswalk,
        summary=report.audit_summary(),
        object_repr=_("Impor padanan kode BPS-Kemendagri dari %(file)s") % {"file": file},
    )
    report.audit_entry_id = entry.pk
