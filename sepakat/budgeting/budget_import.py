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
perubahan or DPA of that year that the file does not replace), a realisation that is
negative or above the pagu (the layout has no column for the reason), and two rows with the
same key (year, stage, SKPD, sub kegiatan, account, fund source).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from sepakat.accounts.audit import record_bulk_change
from sepakat.accounts.models import Role, User
from sepakat.budgeting.models import ApbdLine, SpendingAccount
from sepakat.budgeting.vocabulary import (
    STAGES,
    TAGS,
    normalise_fund_source,
    parse_amount,
    parse_stage,
    parse_tags,
)
from sepakat.core.access import user_may_see
from sepakat.planning.checks import (
    Catalogue,
    CheckFailure,
    Entry,
    check_level,
    check_sub_kegiatan_in_force,
)
from sepakat.planning.codes import (
    NomenclatureKind,
    kind_of_code,
    level_from_code,
    normalise_code,
    parent_codes,
)
from sepakat.planning.selectors import catalogue_in_force, skpd_lookup
from sepakat.planning.tables import ImportResult, Sheet, find_header, header_key, read_sheets
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
IMPORT_ROLES = frozenset({Role.PLANNER, Role.REGIONAL_ADMIN})
# No region's APBD reaches Rp 100 trillion (DKI Jakarta's is below it): a line above it is
# a typing slip (sen typed as rupiah, a doubled paste) and would overflow the column.
MAX_LINE_AMOUNT = Decimal(100_000_000_000_000)
# The stages that are the region's whole APBD of a year, the bound of any one line.
APBD_STAGES = ("murni", "perubahan", "dpa")
ACCOUNTS = tuple(SpendingAccount.values)
EVENT = "budget lines imported"

Key = tuple[int, str, str, str, str, str]  # year, stage, skpd, sub kegiatan, account, fund


@dataclass
class BudgetRow:
    line: int
    year: int
    stage: str
    skpd_code: str
    skpd_name: str
    sub_kegiatan_code: str
    sub_kegiatan_name: str
    account: str
    fund_source: str
    amount: Decimal
    realisation: Decimal | None
    tags: str
    urusan_name: str = ""
    program_name: str = ""
    kegiatan_name: str = ""

    @property
    def key(self) -> Key:
        return (
            self.year,
            self.stage,
            self.skpd_code,
            self.sub_kegiatan_code,
            self.account,
            self.fund_source,
        )


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


def _rupiah(amount: Decimal) -> str:
    """Rupiah with Indonesian thousands dots, for messages only: 1.250.000."""
    return f"{amount:,.0f}".replace(",", ".")


def _find_sheet(sheets: list[Sheet], result: ImportResult) -> tuple[Sheet, int, dict[str, int]]:
    wanted = {c: (c,) for c in COLUMNS}
    for sheet in sheets:
        found = find_header(sheet, wanted, {})
        if found is not None:
            start, columns, header = found
            extra = [h for h in header if h.strip() and header_key(h) not in COLUMNS]
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


class _RowReader:
    """Reads one row's cells into a :class:`BudgetRow`, listing every bad cell."""

    def __init__(self, result: ImportResult, sheet: str) -> None:
        self.result = result
        self.sheet = sheet

    def bad(self, line: int, column: str, message: str) -> None:
        self.result.problem(message, sheet=self.sheet, row=line, column=column)

    def amount(self, line: int, column: str, text: str) -> Decimal | None:
        value = parse_amount(text)
        what = _("Pagu") if column == "pagu" else _("Realisasi")
        if value is None:
            self.bad(
                line,
                column,
                _(
                    "%(what)s '%(value)s' bukan angka rupiah. Tulis angka saja, tanpa 'Rp' dan "
                    "tanpa titik ribuan, dengan titik atau koma desimal, mis. 150000000 atau "
                    "150000000,50."
                )
                % {"what": what, "value": text},
            )
        elif value < 0:
            self.bad(
                line,
                column,
                _(
                    "%(what)s %(value)s negatif. Jumlah rupiah tidak boleh kurang dari nol; "
                    "pemotongan anggaran ditulis sebagai pagu baru yang lebih kecil."
                )
                % {"what": what, "value": text},
            )
        elif value.as_tuple().exponent < -2:  # type: ignore[operator]
            self.bad(
                line,
                column,
                _(
                    "%(what)s %(value)s memiliki lebih dari dua angka desimal. Rupiah ditulis "
                    "paling rinci sampai sen (dua angka di belakang koma)."
                )
                % {"what": what, "value": text},
            )
        elif value > MAX_LINE_AMOUNT:
            self.bad(
                line,
                column,
                _(
                    "%(what)s Rp %(value)s melebihi Rp 100 triliun untuk satu baris belanja, "
                    "lebih besar dari APBD daerah mana pun. Periksa jumlah digitnya (rupiah "
                    "penuh; sen di belakang tanda desimal)."
                )
                % {"what": what, "value": _rupiah(value)},
            )
        else:
            return value
        return None

    def read(self, line: int, cells: dict[str, str]) -> BudgetRow | None:
        before = self.result.problem_count
        year_text = cells["tahun"]
        year = int(year_text) if year_text.isdigit() and 2000 <= int(year_text) <= 2100 else 0
        if not year:
            self.bad(
                line,
                "tahun",
                _("Tahun '%(value)s' tidak valid; tulis tahun anggaran empat angka, mis. 2025.")
                % {"value": year_text or "-"},
            )
        stage = parse_stage(cells["tahap"])
        if stage is None:
            self.bad(
                line,
                "tahap",
                _("Tahap '%(value)s' tidak dikenal; tulis salah satu: %(choices)s.")
                % {"value": cells["tahap"] or "-", "choices": ", ".join(STAGES)},
            )
        skpd = normalise_code(cells["kode_skpd"])
        if not skpd:
            self.bad(
                line,
                "kode_skpd",
                _(
                    "Kode SKPD kosong; tulis kode SKPD seperti di SIPD, mis. 1.02.0.00.0.00.01.0000."
                ),
            )
        account = cells["jenis_belanja"].strip()
        if account not in ACCOUNTS:
            self.bad(
                line,
                "jenis_belanja",
                _("Jenis belanja '%(value)s' tidak dikenal; tulis salah satu: %(choices)s.")
                % {"value": account or "-", "choices": ", ".join(ACCOUNTS)},
            )
        pagu = None
        if not cells["pagu"]:
            self.bad(line, "pagu", _("Pagu kosong; tulis jumlah rupiah, mis. 150000000."))
        else:
            pagu = self.amount(line, "pagu", cells["pagu"])
        realisation = None
        if cells["realisasi"]:
            realisation = self.amount(line, "realisasi", cells["realisasi"])
        if pagu is not None and realisation is not None and realisation > pagu:
            self.bad(
                line,
                "realisasi",
                _(
                    "Realisasi Rp %(real)s melebihi pagu Rp %(pagu)s. Format ini tidak memiliki "
                    "kolom alasan, jadi realisasi di atas pagu tidak dapat diterima: periksa "
                    "kedua angka dan tahapnya (realisasi dicatat pada tahap perubahan atau DPA "
                    "yang pagunya mencukupi)."
                )
                % {"real": _rupiah(realisation), "pagu": _rupiah(pagu)},
            )
        tags, unknown = parse_tags(cells["tag"])
        if unknown:
            self.bad(
                line,
                "tag",
                _(
                    "Tag %(words)s tidak dikenal; tulis kata dipisah spasi dari: %(choices)s "
                    "(atau kosongkan)."
                )
                % {
                    "words": ", ".join(f"'{w}'" for w in unknown),
                    "choices": ", ".join(TAGS),
                },
            )
        if self.result.problem_count != before or stage is None or pagu is None:
            return None
        return BudgetRow(
            line=line,
            year=year,
            stage=stage,
            skpd_code=skpd,
            skpd_name=" ".join(cells["nama_skpd"].split()),
            sub_kegiatan_code=normalise_code(cells["kode_sub_kegiatan"]),
            sub_kegiatan_name=" ".join(cells["nama_sub_kegiatan"].split()),
            account=account,
            fund_source=normalise_fund_source(cells["sumber_dana"]),
            amount=pagu,
            realisation=realisation,
            tags=" ".join(tags),
        )


def _level_failure(code: str, region: Region, entry: Entry | None) -> CheckFailure | None:
    """The shape, then the level of government: the nomenclature's level of the item when
    it is known, else the kegiatan's level digit."""
    if kind_of_code(code) != NomenclatureKind.SUB_KEGIATAN:
        # an empty catalogue: the check stops at the shape, with the planner's own words
        return check_sub_kegiatan_in_force(code=code, catalogue=_NO_CATALOGUE, on=date.min)
    level = entry.level if entry is not None else level_from_code(code)
    if check_level(entry=Entry(code, "", level, ""), region_level=region.level) is None:
        return None
    name = f" ({entry.name})" if entry is not None else ""
    if region.level == Level.PROVINCE:
        message = _(
            "Sub kegiatan %(code)s%(name)s adalah kewenangan kabupaten/kota (digit tingkat "
            "kegiatan 2); provinsi tidak dapat menganggarkannya. Pilih sub kegiatan provinsi "
            "(digit tingkat 1)."
        )
    else:
        message = _(
            "Sub kegiatan %(code)s%(name)s adalah kewenangan provinsi (digit tingkat kegiatan "
            "1); kabupaten/kota tidak dapat menganggarkannya. Pilih sub kegiatan "
            "kabupaten/kota (digit tingkat 2)."
        )
    return CheckFailure("level", message % {"code": code, "name": name})


_NO_CATALOGUE = Catalogue("", date.min)


def _check_codes(rows: list[BudgetRow], region: Region, result: ImportResult, sheet: str) -> None:
    """Codes against the nomenclature in force on 1 January of each year, and the level;
    names the file leaves empty are taken from the nomenclature."""
    by_year: dict[int, list[BudgetRow]] = defaultdict(list)
    for row in rows:
        by_year[row.year].append(row)
    for year, group in sorted(by_year.items()):
        on = date(year, 1, 1)
        codes = {r.sub_kegiatan_code for r in group}
        wanted = codes | {p for c in codes for p in parent_codes(c)}
        catalogue = catalogue_in_force(on, wanted)
        if catalogue is None:
            result.notes.append(
                _(
                    "Belum ada nomenklatur yang berlaku pada %(date)s: kode sub kegiatan tahun "
                    "%(year)s hanya diperiksa bentuk dan digit tingkat pemerintahannya."
                )
                % {"date": on.isoformat(), "year": year}
            )
        failures: dict[str, CheckFailure | None] = {}
        for code in codes:
            if catalogue is None:
                failures[code] = _level_failure(code, region, None)
                continue
            failure = check_sub_kegiatan_in_force(code=code, catalogue=catalogue, on=on)
            entry = catalogue.find(code) if failure is None else None
            failures[code] = failure if entry is None else _level_failure(code, region, entry)
        for row in group:
            failure = failures[row.sub_kegiatan_code]
            if failure is not None:
                result.problem(
                    failure.message, sheet=sheet, row=row.line, column="kode_sub_kegiatan"
                )
                continue
            if catalogue is None:
                continue
            names = [catalogue.find(p) for p in parent_codes(row.sub_kegiatan_code)]
            entry = catalogue.find(row.sub_kegiatan_code)
            row.sub_kegiatan_name = row.sub_kegiatan_name or (entry.name if entry else "")
            row.urusan_name = names[1].name if len(names) > 1 and names[1] else ""
            row.program_name = names[2].name if len(names) > 2 and names[2] else ""
            row.kegiatan_name = names[3].name if len(names) > 3 and names[3] else ""


def _known_totals(region: Region, pairs: set[tuple[int, str]]) -> dict[int, tuple[Decimal, str]]:
    """year -> (the largest stored APBD total the file does not replace, its stage)."""
    years = {year for year, _stage in pairs}
    totals: dict[int, tuple[Decimal, str]] = {}
    stored = (
        ApbdLine.objects.filter(region=region, year__in=years, stage__in=APBD_STAGES)
        .values("year", "stage")
        .annotate(total=Sum("amount"))
    )
    for item in stored:
        if (item["year"], item["stage"]) in pairs or not item["total"]:
            continue
        if item["year"] not in totals or item["total"] > totals[item["year"]][0]:
            totals[item["year"]] = (item["total"], item["stage"])
    return totals


def _check_file(rows: list[BudgetRow], region: Region, result: ImportResult, sheet: str) -> None:
    seen: dict[Key, int] = {}
    for row in rows:
        first = seen.setdefault(row.key, row.line)
        if first != row.line:
            result.problem(
                _(
                    "Baris ganda: tahun, tahap, SKPD, sub kegiatan, jenis belanja dan sumber "
                    "dana yang sama sudah ada di baris %(first)d. Gabungkan keduanya menjadi "
                    "satu baris."
                )
                % {"first": first},
                sheet=sheet,
                row=row.line,
                column="kode_sub_kegiatan",
            )
    totals = _known_totals(region, {(r.year, r.stage) for r in rows})
    for row in rows:
        known = totals.get(row.year)
        if known is not None and row.amount > known[0]:
            result.problem(
                _(
                    "Pagu Rp %(pagu)s melebihi seluruh APBD %(region)s tahun %(year)s "
                    "(Rp %(total)s, tahap %(stage)s yang tersimpan). Periksa jumlah digitnya."
                )
                % {
                    "pagu": _rupiah(row.amount),
                    "region": region.display_name,
                    "year": row.year,
                    "total": _rupiah(known[0]),
                    "stage": known[1],
                },
                sheet=sheet,
                row=row.line,
                column="pagu",
            )
    _check_codes(rows, region, result, sheet)


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
        sheet, start, columns = _find_sheet(sheets, result)
    except ImportFileError as exc:
        result.problem(exc.message, row=exc.row)
        return result
    reader = _RowReader(result, sheet.name)
    rows: list[BudgetRow] = []
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
    _check_file(rows, region, result, sheet.name)
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
