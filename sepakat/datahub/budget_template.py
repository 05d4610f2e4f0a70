"""Budget datasets (RKA, APBD lampiran IV): their Excel template and its reader.

A budget is a table of spending lines, not indicator values: one row per year, stage
(rkpd, kua-ppas, rka, murni, perubahan, dpa), SKPD, sub kegiatan (Permendagri 90/2019 code such as
``1.02.02.2.02.0001``) and spending account (5.1 operasi, 5.2 modal, 5.3 tak terduga,
5.4 transfer), with the amount and, for past years, the realisation.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from sepakat.budgeting.models import BudgetStage, SpendingAccount
from sepakat.datahub.models import Dataset
from sepakat.datahub.parsing import (
    CellError,
    ParseResult,
    ReadContext,
    blank,
    header_keys,
    no_values,
    read_year,
    show,
    to_number,
)
from sepakat.datahub.template_spec import (
    DATA_SHEET,
    FIRST_DATA_ROW,
    INSTRUCTION_SHEET,
    KEY_ROW,
    META_SHEET,
    TEMPLATE_MARK,
    TITLE_ROW,
    column_letter,
    template_version,
)
from sepakat.regions.models import Region

# (key, title for people, required)
COLUMNS: tuple[tuple[str, str, bool], ...] = (
    ("tahun", "Tahun anggaran", True),
    ("tahap", "Tahap (rkpd/kua-ppas/rka/murni/perubahan/dpa)", True),
    ("kode_skpd", "Kode SKPD", True),
    ("nama_skpd", "Nama SKPD", True),
    ("kode_sub_kegiatan", "Kode sub kegiatan (contoh 1.02.02.2.02.0001)", True),
    ("nama_urusan", "Urusan", False),
    ("nama_program", "Program", False),
    ("nama_kegiatan", "Kegiatan", False),
    ("nama_sub_kegiatan", "Sub kegiatan", True),
    ("jenis_belanja", "Jenis belanja (5.1/5.2/5.3/5.4)", True),
    ("pagu", "Pagu (Rp)", True),
    ("realisasi", "Realisasi (Rp)", False),
)
KEYS = tuple(key for key, _title, _required in COLUMNS)
# One spending line above Rp 100 trillion is larger than any region's whole APBD (DKI
# Jakarta's is below Rp 100 trillion): such a figure is a typing slip (cents typed as
# rupiah, a repeated paste), and would also overflow the stored 16 integer digits.
MAX_LINE_AMOUNT = 100_000_000_000_000
SUB_KEGIATAN_RE = re.compile(r"^\d\.\d{2}\.\d{2}\.\d\.\d{2}\.\d{4}$")
STAGES = tuple(BudgetStage.values)
ACCOUNTS = tuple(SpendingAccount.values)
BLANK_ROWS = 500


def budget_version() -> str:
    return template_version(KEYS)


def build_budget_template(*, dataset: Dataset, region: Region | None, year: int) -> bytes:
    workbook = Workbook()
    guide = workbook.active
    guide.title = INSTRUCTION_SHEET
    for line in (
        _("Templat data SEPAKAT: %(name)s") % {"name": dataset.name_id},
        _("Wilayah: %(region)s") % {"region": region.display_name if region else _("(kosong)")},
        "",
        _("Cara mengisi:"),
        _("1. Satu baris = satu sub kegiatan, satu SKPD dan satu jenis belanja."),
        _("2. Kode sub kegiatan mengikuti Permendagri 90/2019, misalnya 1.02.02.2.02.0001."),
        _(
            "3. Tahap: rkpd, kua-ppas, rka, murni, perubahan atau dpa. Jenis belanja: 5.1, "
            "5.2, 5.3 atau 5.4."
        ),
        _("4. Pagu dan realisasi dalam rupiah, angka saja tanpa titik ribuan atau 'Rp'."),
        _("5. Unggahan menggantikan seluruh baris anggaran untuk tahun dan tahap yang sama."),
    ):
        guide.append([line])
    guide["A1"].font = Font(bold=True, size=14)
    guide.column_dimensions["A"].width = 100

    sheet = workbook.create_sheet(DATA_SHEET)
    for col, (key, title, _required) in enumerate(COLUMNS, start=1):
        head = sheet.cell(row=TITLE_ROW, column=col, value=_(title))
        head.font = Font(bold=True, color="FFFFFF")
        head.fill = PatternFill("solid", fgColor="0B5D7A")
        head.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.cell(row=KEY_ROW, column=col, value=key).font = Font(italic=True, size=9)
        sheet.column_dimensions[column_letter(col)].width = 40 if key.startswith("nama") else 16
    last = FIRST_DATA_ROW + BLANK_ROWS - 1
    for r in range(FIRST_DATA_ROW, last + 1):
        for col in range(1, len(COLUMNS) + 1):
            sheet.cell(row=r, column=col).protection = Protection(locked=False)
        sheet.cell(row=r, column=1, value=year)
        for col in (3, 5, 10):  # codes are text: "5.1" must not become 5.1
            sheet.cell(row=r, column=col).number_format = "@"
    rules = (
        (
            "B",
            DataValidation(
                type="list", formula1='"' + ",".join(STAGES) + '"', showErrorMessage=True
            ),
        ),
        (
            "J",
            DataValidation(
                type="list", formula1='"' + ",".join(ACCOUNTS) + '"', showErrorMessage=True
            ),
        ),
        (
            "K",
            DataValidation(
                type="decimal", operator="greaterThanOrEqual", formula1="0", showErrorMessage=True
            ),
        ),
        (
            "L",
            DataValidation(
                type="decimal",
                operator="greaterThanOrEqual",
                formula1="0",
                allow_blank=True,
                showErrorMessage=True,
            ),
        ),
    )
    for letter, rule in rules:
        rule.add(f"{letter}{FIRST_DATA_ROW}:{letter}{last}")
        sheet.add_data_validation(rule)
    sheet.freeze_panes = sheet.cell(row=FIRST_DATA_ROW, column=1)
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False

    meta = workbook.create_sheet(META_SHEET)
    for key, value in (
        ("mark", TEMPLATE_MARK),
        ("dataset", dataset.code),
        ("version", budget_version()),
        ("region", region.code if region else ""),
        ("generated", timezone.now().isoformat(timespec="seconds")),
    ):
        meta.append([key, value])
    meta.sheet_state = "veryHidden"
    workbook.active = 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_budget_rows(
    rows: list[list[Any]],
    *,
    sheet_name: str,
    key_row: int,
    first_row: int,
    context: ReadContext,
    result: ParseResult,
    decimal_comma: bool,
) -> None:
    """Read spending lines into ``result.records``, with an error for every bad cell."""
    keys = header_keys(
        rows,
        sheet_name=sheet_name,
        key_row=key_row,
        required=[k for k, _t, required in COLUMNS if required],
    )
    pos = {k: i for i, k in enumerate(keys) if k}
    seen: dict[tuple[str, ...], int] = {}

    def error(row: int, key: str, value: Any, message: str) -> None:
        result.add_error(
            CellError(sheet_name, row, column_letter(pos[key] + 1), show(value), message)
        )

    for offset, raw in enumerate(rows[first_row - 1 :]):
        excel_row = first_row + offset
        cells = {k: (raw[i] if i < len(raw) else "") for k, i in pos.items()}
        if all(blank(v) for k, v in cells.items() if k != "tahun"):
            continue
        result.rows_read += 1
        ok = True
        year = read_year(
            cells["tahun"], sheet_name, excel_row, column_letter(pos["tahun"] + 1), result
        )
        ok &= year is not None
        stage = _text(cells["tahap"]).lower()
        if stage not in STAGES:
            error(
                excel_row,
                "tahap",
                cells["tahap"],
                _("Tahap harus salah satu dari: %(list)s.") % {"list": ", ".join(STAGES)},
            )
            ok = False
        code = _text(cells["kode_sub_kegiatan"])
        if not SUB_KEGIATAN_RE.match(code):
            error(
                excel_row,
                "kode_sub_kegiatan",
                cells["kode_sub_kegiatan"],
                _(
                    "Kode sub kegiatan harus berbentuk urusan.bidang.program.kegiatan.sub, "
                    "misalnya 1.02.02.2.02.0001 (Permendagri 90/2019)."
                ),
            )
            ok = False
        account = _account(cells["jenis_belanja"])
        if account not in ACCOUNTS:
            error(
                excel_row,
                "jenis_belanja",
                cells["jenis_belanja"],
                _("Jenis belanja harus salah satu dari: %(list)s.") % {"list": ", ".join(ACCOUNTS)},
            )
            ok = False
        for key in ("kode_skpd", "nama_skpd", "nama_sub_kegiatan"):
            if blank(cells[key]):
                error(excel_row, key, "", _("Kolom ini wajib diisi."))
                ok = False
        amounts: dict[str, Decimal | None] = {}
        for key in ("pagu", "realisasi"):
            if blank(cells.get(key, "")):
                amounts[key] = None
                if key == "pagu":
                    error(excel_row, key, "", _("Pagu wajib diisi (angka rupiah)."))
                    ok = False
                continue
            value = to_number(cells[key], decimal_comma)
            if value is None or value < 0:
                error(
                    excel_row,
                    key,
                    cells[key],
                    _(
                        "Tulis jumlah rupiah sebagai angka tidak negatif, tanpa 'Rp' dan tanpa "
                        "titik ribuan."
                    ),
                )
                ok = False
                continue
            if value > MAX_LINE_AMOUNT:
                error(
                    excel_row,
                    key,
                    cells[key],
                    _(
                        "Jumlah ini melebihi Rp 100 triliun untuk satu baris belanja, lebih besar "
                        "dari APBD daerah mana pun. Periksa jumlah digitnya (rupiah penuh, tanpa "
                        "sen di belakang titik)."
                    ),
                )
                ok = False
                continue
            amounts[key] = Decimal(str(round(value, 2)))
        pagu, realisasi = amounts.get("pagu"), amounts.get("realisasi")
        if pagu is not None and realisasi is not None and realisasi > pagu:
            # Spending is paid out against the DPA, which the pagu bounds: a realisation
            # above it is a typing slip or a line of another stage.
            error(
                excel_row,
                "realisasi",
                cells["realisasi"],
                _(
                    "Realisasi (Rp %(real)s) melebihi pagu (Rp %(pagu)s) pada baris ini. Periksa "
                    "kedua angka atau tahap anggarannya (murni/perubahan)."
                )
                % {"real": _rupiah(realisasi), "pagu": _rupiah(pagu)},
            )
            ok = False
        if not ok:
            continue
        skpd = _text(cells["kode_skpd"])
        dedup = (str(year), stage, skpd, code, account)
        if dedup in seen:
            error(
                excel_row,
                "kode_sub_kegiatan",
                code,
                _(
                    "Baris ganda: sub kegiatan, SKPD dan jenis belanja yang sama sudah ada di "
                    "baris %(first)d."
                )
                % {"first": seen[dedup]},
            )
            continue
        seen[dedup] = excel_row
        result.records.append(
            {
                "year": int(str(year)),
                "stage": stage,
                "skpd_code": skpd,
                "skpd_name": _text(cells["nama_skpd"]),
                "sub_kegiatan_code": code,
                "urusan_name": _text(cells.get("nama_urusan", "")),
                "program_name": _text(cells.get("nama_program", "")),
                "kegiatan_name": _text(cells.get("nama_kegiatan", "")),
                "sub_kegiatan_name": _text(cells["nama_sub_kegiatan"]),
                "account": account,
                "amount": str(amounts["pagu"]),
                "realisation": None if amounts["realisasi"] is None else str(amounts["realisasi"]),
            }
        )
    if result.rows_read == 0:
        raise no_values(sheet_name, first_row)
    context.progress(100)


def _rupiah(amount: Decimal) -> str:
    """Rupiah with Indonesian thousands dots: 1.250.000."""
    return f"{amount:,.0f}".replace(",", ".")


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip() if value is not None else ""


def _account(value: Any) -> str:
    """'5.1' stays '5.1'; a cell Excel turned into the number 5.1 is read back the same."""
    if isinstance(value, float):
        return f"{value:.1f}"
    return _text(value)
