"""``sepakat budget import``: a long budget file into the region's chain, all or nothing.

The layout (CSV with ``,`` or ``;``, UTF-8 or the Windows code page, or xlsx with the same
header) has the columns of :data:`COLUMNS`, one row per year, stage, SKPD, sub kegiatan,
spending account and fund source. A file is a set of budget documents: the lines of every
(year, stage) pair it contains replace the stored lines of that pair, exactly as a verified
data hub upload does (the same table, :class:`~sepakat.budgeting.models.ApbdLine`), so a line
left out of the file is removed. Lines that are the same as the stored ones are kept as they
are; a file equal to what is stored writes nothing at all, not even an audit row (nothing
happened; the command says so).

Refused, with the row and the column: a year that is no year, an unknown stage, spending
account or tag, an empty SKPD code, a sub kegiatan code of the wrong shape, absent from the
nomenclature in force on 1 January of the year (when a version is in force) or of the other
level of government, a pagu that is no plain number, negative, above Rp 100 trillion or above
the region's whole APBD of the year when it is known (the largest stored APBD murni,
perubahan or DPA of that year that the file does not replace, if it is large enough to be a
whole APBD: see :mod:`sepakat.budgeting.budget_checks`), a realisation that is
negative or above the pagu without a reason in the optional ``alasan`` column, a quarterly
cumulative realisation that falls or whose fourth quarter differs from ``realisasi``, and two rows with the
same key (year, stage, SKPD, sub kegiatan, account, fund source).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from sepakat.accounts.models import User
from sepakat.budgeting.budget_checks import (
    QUARTER_COLUMNS,
    REASON_COLUMN,
    BudgetRow,
    RowReader,
    check_file,
)
from sepakat.budgeting.models import ApbdLine
from sepakat.budgeting.sipd import detect, read_sipd
from sepakat.budgeting.vocabulary import STAGES
from sepakat.core.access import user_may_see
from sepakat.core.audit import record_bulk_change
from sepakat.core.roles import Role
from sepakat.datahub.generations import bump_data_generation
from sepakat.planning.selectors import skpd_lookup
from sepakat.planning.tables import (
    ImportResult,
    Sheet,
    doubled_header_problem,
    find_header,
    header_key,
    read_sheets,
)
from sepakat.regions.importers.report import ImportFileError
from sepakat.regions.models import Level, Region

COLUMNS = (
    "tahun",
    "tahap",
    "kode_skpd",
    "nama_skpd",
    "kode_sub_kegiatan",
    "nama_sub_kegiatan",
    "jenis_belanja",
    "sumber_dana",
    "pagu",
    "realisasi",
    "tag",
)
# Optional columns beyond the contract: the cumulative realisation of each quarter and the
# reason a realisation exceeds the pagu (docs/budgeting.md).
OPTIONAL_COLUMNS = (*QUARTER_COLUMNS, REASON_COLUMN)
IMPORT_ROLES = frozenset({Role.PLANNER, Role.REGIONAL_ADMIN})
EVENT = "budget lines imported"


@dataclass
class BudgetImportResult(ImportResult):
    pairs: list[tuple[int, str]] = field(default_factory=list)
    unchanged: int = 0
    removed: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.removed)


def may_import(user: User | None, region: Region) -> bool:
    """The command line (no user) or a planner or regional admin of the region or above."""
    return user is None or (user.role in IMPORT_ROLES and user_may_see(user, region))


def _find_sheet(sheets: list[Sheet], result: ImportResult) -> tuple[Sheet, int, dict[str, int]]:
    wanted = {c: (c,) for c in COLUMNS}
    optional = {c: (c,) for c in OPTIONAL_COLUMNS}
    for sheet in sheets:
        found = find_header(sheet, wanted, optional)
        if found is not None:
            start, columns, header = found
            # a doubled title is a problem of the file: the caller stops before reading rows
            doubled_header_problem(sheet, start, columns, header, result)
            known = (*COLUMNS, *OPTIONAL_COLUMNS)
            extra = [h for h in header if h.strip() and header_key(h) not in known]
            if extra:
                result.notes.append(
                    _("Kolom %(extra)s tidak termasuk format dan diabaikan.")
                    % {"extra": ", ".join(extra)}
                )
            return sheet, start, columns
    raise ImportFileError(
        file=result.file,
        message=_("Judul kolom tidak ditemukan. Baris pertama harus berisi kolom: %(columns)s.")
        % {"columns": ",".join(COLUMNS)},
    )


def budget_import(
    *, actor: User | None, region: Region, path: Path, file: str
) -> BudgetImportResult:
    """Check every row of the file, then replace the stored lines of its (year, stage)
    pairs in one transaction; nothing is written when any row fails."""
    result = BudgetImportResult(file=file)
    if not may_import(actor, region):
        result.problem(
            _(
                "Pengguna %(user)s tidak berhak mengimpor anggaran %(region)s; impor dijalankan "
                "oleh perencana atau admin daerah wilayah itu."
            )
            % {"user": getattr(actor, "username", "-"), "region": region.display_name}
        )
        return result
    if region.level not in (Level.PROVINCE, Level.REGENCY):
        result.problem(
            _("Anggaran disusun oleh provinsi atau kabupaten/kota, bukan %(region)s.")
            % {"region": region.display_name}
        )
        return result
    try:
        sheets = read_sheets(path, file=file)
        sipd = detect(sheets)
        if sipd is None:
            sheet, start, columns = _find_sheet(sheets, result)
    except ImportFileError as exc:
        result.problem(exc.message, row=exc.row)
        return result
    if not result.ok:
        return result
    rows: list[BudgetRow] = []
    if sipd is not None:
        sheet = sipd[0]
        rows = read_sipd(*sipd, result)
    else:
        reader = RowReader(result, sheet.name)
        for line, cells in sheet.rows[start + 1 :]:
            values = {c: (cells[i].strip() if i < len(cells) else "") for c, i in columns.items()}
            result.rows_read += 1
            row = reader.read(line, values)
            if row is not None:
                rows.append(row)
    if result.rows_read == 0:
        result.problem(_("Berkas tidak berisi satu pun baris anggaran di bawah judul kolom."))
    if not result.ok:
        return result
    check_file(rows, region, result, sheet.name)
    if not result.ok:
        return result
    _fill_skpd_names(rows, region)
    _write(actor=actor, region=region, rows=rows, result=result)
    return result


def _fill_skpd_names(rows: list[BudgetRow], region: Region) -> None:
    if all(r.skpd_name for r in rows):
        return
    names = skpd_lookup(region)
    for row in rows:
        if not row.skpd_name and row.skpd_code in names:
            row.skpd_name = names[row.skpd_code][0]


def _data(line: ApbdLine | BudgetRow) -> tuple[object, ...]:
    return (
        line.skpd_name,
        line.sub_kegiatan_name,
        line.urusan_name,
        line.program_name,
        line.kegiatan_name,
        line.amount,
        line.realisation,
        line.tags,
        *line.quarters,
        line.reason,
    )


@transaction.atomic
def _write(
    *, actor: User | None, region: Region, rows: list[BudgetRow], result: BudgetImportResult
) -> None:
    pairs = sorted({(r.year, r.stage) for r in rows}, key=lambda p: (p[0], STAGES.index(p[1])))
    result.pairs = pairs
    which = Q()
    for year, stage in pairs:
        which |= Q(year=year, stage=stage)
    stored = {
        (s.year, s.stage, s.skpd_code, s.sub_kegiatan_code, s.account, s.fund_source): s
        for s in ApbdLine.objects.select_for_update().filter(which, region=region)
    }
    incoming = {r.key: r for r in rows}
    stale = [
        line.pk
        for key, line in stored.items()
        if key not in incoming or _data(line) != _data(incoming[key])
    ]
    fresh = [r for r in rows if r.key not in stored or _data(stored[r.key]) != _data(r)]
    result.unchanged = len(rows) - len(fresh)
    result.removed = sum(1 for key in stored if key not in incoming)
    result.created = sum(1 for r in fresh if r.key not in stored)
    result.updated = len(fresh) - result.created
    if not stale and not fresh:
        return  # the stored budget is already this file: nothing to write or to record
    # cached Penganggaran pages and analyses of the region read these lines: start afresh
    bump_data_generation([region.code])
    for start in range(0, len(stale), 500):
        ApbdLine.objects.filter(pk__in=stale[start : start + 500]).delete()
    source = _("impor berkas %(file)s") % {"file": result.file}
    ApbdLine.objects.bulk_create(
        [
            ApbdLine(
                region=region,
                year=r.year,
                stage=r.stage,
                skpd_code=r.skpd_code,
                skpd_name=r.skpd_name[:200],
                sub_kegiatan_code=r.sub_kegiatan_code,
                urusan_name=r.urusan_name[:200],
                program_name=r.program_name[:300],
                kegiatan_name=r.kegiatan_name[:300],
                sub_kegiatan_name=r.sub_kegiatan_name[:300],
                account=r.account,
                fund_source=r.fund_source[:100],
                amount=r.amount,
                realisation=r.realisation,
                realisation_q1=r.quarters[0],
                realisation_q2=r.quarters[1],
                realisation_q3=r.quarters[2],
                realisation_q4=r.quarters[3],
                reason=r.reason,
                tags=r.tags,
                source=source[:200],
            )
            for r in fresh
        ],
        batch_size=1000,
    )
    entry = record_bulk_change(
        actor=actor,
        model=ApbdLine,
        object_repr=_("Anggaran %(region)s") % {"region": region.code},
        summary={
            "event": [EVENT],
            "region": [region.code],
            "file": [result.file],
            "documents": [f"{year} {stage}" for year, stage in pairs],
            "created": [str(result.created)],
            "updated": [str(result.updated)],
            "removed": [str(result.removed)],
            "unchanged": [str(result.unchanged)],
        },
    )
    result.audit_entry_id = entry.pk
