"""The checks of a budget file's rows, as the import runs them before writing anything.

Each problem is listed with its row and column and a reason a planner can act on; the
choices (bounds, the nomenclature in force, the level of government) are those of
:mod:`sepakat.budgeting.budget_import` and ``docs/budgeting.md``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from sepakat.budgeting.models import ApbdLine, SpendingAccount
from sepakat.budgeting.vocabulary import (
    STAGES,
    TAGS,
    normalise_fund_source,
    parse_amount,
    parse_stage,
    parse_tags,
)
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
from sepakat.planning.selectors import catalogue_in_force
from sepakat.planning.tables import ImportResult
from sepakat.regions.models import Level, Region

# No region's APBD reaches Rp 100 trillion (DKI Jakarta's is below it): a line above it is
# a typing slip (sen typed as rupiah, a doubled paste) and would overflow the column.
MAX_LINE_AMOUNT = Decimal(100_000_000_000_000)
# The stages that are the region's whole APBD of a year, the bound of any one line.
APBD_STAGES = ("murni", "perubahan", "dpa")
# A stored APBD below Rp 100 billion is no whole APBD (the smallest kab/kota spends several
# hundred billion a year): a partial upload or a trial document, which bounds nothing.
MIN_WHOLE_APBD = Decimal(100_000_000_000)
ACCOUNTS = tuple(SpendingAccount.values)
# The optional columns: cumulative realisation at the end of each quarter, and the reason a
# realisation may exceed the pagu.
QUARTER_COLUMNS = ("realisasi_tw1", "realisasi_tw2", "realisasi_tw3", "realisasi_tw4")
REASON_COLUMN = "alasan"


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
    quarters: tuple[Decimal | None, ...] = (None, None, None, None)
    reason: str = ""
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


def _rupiah(amount: Decimal) -> str:
    """Rupiah with Indonesian thousands dots, for messages only: 1.250.000."""
    return f"{amount:,.0f}".replace(",", ".")


class RowReader:
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
                    "paling rinci sampai sen (dua angka di belakang koma); bila titik atau koma "
                    "itu pemisah ribuan, hapus pemisahnya."
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

    def quarters(self, line: int, cells: dict[str, str]) -> tuple[Decimal | None, ...]:
        """The cumulative realisation of each quarter; a later quarter below an earlier one
        is refused (a cumulative sum cannot fall: the file holds each quarter's own spending
        or a correction, and either must be written as the running total)."""
        values: list[Decimal | None] = []
        previous: tuple[str, Decimal] | None = None
        for column in QUARTER_COLUMNS:
            text = cells.get(column, "")
            value = None if text in ("", "-") else self.amount(line, column, text)
            values.append(value)
            if value is None:
                continue
            if previous is not None and value < previous[1]:
                self.bad(
                    line,
                    column,
                    _(
                        "Realisasi %(column)s Rp %(value)s lebih kecil dari %(before)s Rp "
                        "%(earlier)s. Realisasi triwulan ditulis kumulatif sejak 1 Januari "
                        "(s.d. triwulan), jadi tidak boleh turun: tulis jumlah sampai akhir "
                        "triwulan itu."
                    )
                    % {
                        "column": column,
                        "value": _rupiah(value),
                        "before": previous[0],
                        "earlier": _rupiah(previous[1]),
                    },
                )
            previous = (column, value)
        return tuple(values)

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
        # "-" is how Indonesian financial tables write "nothing": no realisation, no tag
        if cells["realisasi"] not in ("", "-"):
            realisation = self.amount(line, "realisasi", cells["realisasi"])
        quarters = self.quarters(line, cells)
        reason = " ".join(cells.get(REASON_COLUMN, "").split())
        if realisation is None and quarters[3] is not None:
            realisation = quarters[3]  # the fourth quarter's cumulative is the year's
        elif realisation is not None and quarters[3] not in (None, realisation):
            self.bad(
                line,
                "realisasi_tw4",
                _(
                    "Realisasi s.d. triwulan IV Rp %(q4)s berbeda dari realisasi setahun Rp "
                    "%(real)s. Realisasi triwulan ditulis kumulatif sejak 1 Januari, jadi "
                    "triwulan IV sama dengan realisasi setahun: samakan keduanya atau kosongkan "
                    "salah satu."
                )
                % {"q4": _rupiah(quarters[3]), "real": _rupiah(realisation)},
            )
        if pagu is not None and not reason:
            over = [
                (column, value)
                for column, value in zip(
                    ("realisasi", *QUARTER_COLUMNS), (realisation, *quarters), strict=True
                )
                if value is not None and value > pagu
            ]
            if over:
                column, value = over[0]
                self.bad(
                    line,
                    REASON_COLUMN,
                    _(
                        "Realisasi Rp %(real)s (kolom %(column)s) melebihi pagu Rp %(pagu)s tanpa "
                        "alasan. Isi kolom alasan pada baris ini (mis. pergeseran anggaran yang "
                        "belum masuk pagu) atau periksa kedua angka dan tahapnya."
                    )
                    % {"real": _rupiah(value), "column": column, "pagu": _rupiah(pagu)},
                )
        tags, unknown = parse_tags("" if cells["tag"] == "-" else cells["tag"])
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
            quarters=quarters,
            reason=reason[:500],
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
        if (item["year"], item["stage"]) in pairs or (item["total"] or 0) < MIN_WHOLE_APBD:
            continue
        if item["year"] not in totals or item["total"] > totals[item["year"]][0]:
            totals[item["year"]] = (item["total"], item["stage"])
    return totals


def check_file(rows: list[BudgetRow], region: Region, result: ImportResult, sheet: str) -> None:
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
