"""SIPD-RI's spending recap ("rekap belanja": RKA SKPD, APBD lampiran IV, DPA) as an import.

The layout, as SIPD-RI prints it: title lines (the region, the document, ``TAHUN ANGGARAN
2025``), then a header with ``Kode``, ``Uraian``, one column per spending account
(``Belanja Operasi``, ``Belanja Modal``, ``Belanja Tidak Terduga``, ``Belanja Transfer``),
optionally ``Sumber Dana`` and ``Jumlah``, then rows in the hierarchy urusan (``1``), bidang
(``1.02``), SKPD (``1.02.0.00.0.00.01.0000``), program (``1.02.02``), kegiatan
(``1.02.02.2.02``) and sub kegiatan (``1.02.02.2.02.0004``), each level above the sub
kegiatan being the subtotal of the rows under it. Amounts carry thousand dots (``1.500.000``
or ``1.500.000,00``): that is how SIPD-RI prints them, so they are read so here, and only here.

Only sub kegiatan rows become budget lines (one per account with an amount); every subtotal
is checked against the sum of its rows, and a mismatch refuses the file naming the row. The
lines then pass the same checks as the contract layout (:class:`RowReader`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from sepakat.budgeting.budget_checks import BudgetRow, RowReader, _rupiah
from sepakat.budgeting.vocabulary import parse_amount
from sepakat.planning.tables import ImportResult, Sheet, find_header

LAYOUT = "sipd-rekap-belanja"
ACCOUNT_COLUMNS = {
    "5.1": ("belanja_operasi",),
    "5.2": ("belanja_modal",),
    "5.3": ("belanja_tidak_terduga", "btt"),
    "5.4": ("belanja_transfer",),
}
_THOUSANDS = re.compile(r"^-?\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?$")
_YEAR = re.compile(r"TAHUN\s+ANGGARAN\s+(\d{4})", re.IGNORECASE)
# The document named in the title, most specific first: "APBD PERUBAHAN" before "APBD".
_STAGE_WORDS = (
    ("PERUBAHAN", "perubahan"),
    ("DPA", "dpa"),
    ("RKA", "rka"),
    ("KUA", "kua-ppas"),
    ("PPAS", "kua-ppas"),
    ("RKPD", "rkpd"),
    ("APBD", "murni"),
)


def sipd_amount(text: str) -> Decimal | None:
    """``1.500.000,50`` (SIPD-RI's print) or a plain number (a cell of a saved workbook)."""
    value = text.strip().replace(" ", "")
    if value in ("", "-"):
        return Decimal(0)
    if _THOUSANDS.match(value):
        try:
            return Decimal(value.replace(".", "").replace(",", "."))
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            return None
    return parse_amount(value)


def _level(code: str) -> int:
    """1 urusan, 2 bidang, 3 SKPD, 4 program, 5 kegiatan, 6 sub kegiatan, 0 none."""
    parts = len(code.split(".")) if code else 0
    return {1: 1, 2: 2, 8: 3, 3: 4, 5: 5, 6: 6}.get(parts, 0)


@dataclass
class _Open:
    line: int
    code: str
    level: int
    amounts: dict[str, Decimal]
    summed: dict[str, Decimal] = field(default_factory=dict)


def detect(sheets: list[Sheet]) -> tuple[Sheet, int, dict[str, int]] | None:
    required = {"kode": ("kode", "kode_rekening"), "uraian": ("uraian", "nama")}
    optional = {
        **{account: names for account, names in ACCOUNT_COLUMNS.items()},
        "sumber_dana": ("sumber_dana",),
    }
    for sheet in sheets:
        found = find_header(sheet, required, optional)
        if found is not None and any(a in found[1] for a in ACCOUNT_COLUMNS):
            return sheet, found[0], found[1]
    return None


def _title(sheet: Sheet, start: int) -> tuple[int | None, str | None]:
    text = " ".join(" ".join(cells) for _line, cells in sheet.rows[:start]).upper()
    year_match = _YEAR.search(text)
    stage = next((s for word, s in _STAGE_WORDS if re.search(rf"\b{word}\b", text)), None)
    return (int(year_match.group(1)) if year_match else None), stage


def read_sipd(
    sheet: Sheet, start: int, columns: dict[str, int], result: ImportResult
) -> list[BudgetRow]:
    """The sub kegiatan rows as budget rows; every subtotal checked against its rows."""
    year, stage = _title(sheet, start)
    if year is None or stage is None:
        result.problem(
            _(
                "Berkas tampak seperti rekap belanja SIPD-RI, tetapi judulnya tidak menyebut "
                'tahun ("TAHUN ANGGARAN 2025") dan dokumennya (RKPD, KUA-PPAS, RKA, APBD, '
                "APBD PERUBAHAN atau DPA). Ekspor ulang dari SIPD-RI dengan judulnya, atau "
                "pakai format kolom sepakat budget import."
            ),
            sheet=sheet.name,
        )
        return []
    reader = RowReader(result, sheet.name)
    accounts = [a for a in ACCOUNT_COLUMNS if a in columns]
    rows: list[BudgetRow] = []
    stack: list[_Open] = []
    skpd = ("", "")

    def cell(cells: list[str], name: str) -> str:
        index = columns.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    def close(level: int) -> None:
        while stack and stack[-1].level >= level:
            done = stack.pop()
            for account in accounts:
                got = done.summed.get(account, Decimal(0))
                if got != done.amounts[account]:
                    result.problem(
                        _(
                            "Subtotal %(code)s, %(column)s Rp %(total)s tidak sama dengan "
                            "jumlah sub kegiatan di bawahnya (Rp %(sum)s). Periksa baris "
                            "sub kegiatan yang hilang atau berubah, lalu ekspor ulang."
                        )
                        % {
                            "code": done.code,
                            "column": ACCOUNT_COLUMNS[account][0],
                            "total": _rupiah(done.amounts[account]),
                            "sum": _rupiah(got),
                        },
                        sheet=sheet.name,
                        row=done.line,
                        column=ACCOUNT_COLUMNS[account][0],
                    )

    for line, cells in sheet.rows[start + 1 :]:
        code = cell(cells, "kode")
        level = _level(code)
        if level == 0:
            continue  # a blank line, a signature block, the grand total row
        amounts: dict[str, Decimal] = {}
        for account in accounts:
            value = sipd_amount(cell(cells, account))
            if value is None:
                reader.bad(
                    line,
                    ACCOUNT_COLUMNS[account][0],
                    _(
                        "'%(value)s' bukan angka rupiah. Tulis jumlah seperti SIPD-RI "
                        "mencetaknya (1.500.000 atau 1.500.000,00) atau sebagai angka biasa."
                    )
                    % {"value": cell(cells, account)},
                )
                value = Decimal(0)
            amounts[account] = value
        close(level)
        if level == 3:
            skpd = (code, cell(cells, "uraian"))
        if level < 6:
            stack.append(_Open(line, code, level, amounts))
            continue
        result.rows_read += 1
        for opened in stack:
            for account in accounts:
                opened.summed[account] = opened.summed.get(account, Decimal(0)) + amounts[account]
        for account in accounts:
            if amounts[account] == 0:
                continue  # SIPD-RI prints every account column; an empty one is no line
            row = reader.read(
                line,
                {
                    "tahun": str(year),
                    "tahap": stage,
                    "kode_skpd": skpd[0],
                    "nama_skpd": skpd[1],
                    "kode_sub_kegiatan": code,
                    "nama_sub_kegiatan": cell(cells, "uraian"),
                    "jenis_belanja": account,
                    "sumber_dana": cell(cells, "sumber_dana"),
                    "pagu": f"{amounts[account]}",
                    "realisasi": "",
                    "tag": "",
                },
            )
            if row is not None:
                rows.append(row)
    close(0)
    return rows
