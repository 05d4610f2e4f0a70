"""Reads a filled template (.xlsx or .csv) into values and cell-precise errors.

Nothing here touches the database: the caller passes what the reader needs to know
(the dataset's indicators, the region codes the user may fill, a way to ask whether
other codes exist), so the reader is fast and easy to test.

Every error names the sheet, the row and column as Excel shows them, the value found and
what was expected, in the user's language.
"""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from xml.etree import ElementTree

from django.utils.translation import gettext as _

from sepakat.core.headers import column_letter, doubled_title
from sepakat.core.xlsx_guard import UnsafeXlsx, check_xlsx
from sepakat.datahub.csv_text import CsvUnreadable, csv_rows
from sepakat.datahub.template_spec import (
    DATA_SHEET,
    FIRST_DATA_ROW,
    FIXED_KEYS,
    KEY_ROW,
    MAX_YEAR,
    META_SHEET,
    MIN_YEAR,
    REGION_CODE_KEY,
    TEMPLATE_MARK,
    YEAR_KEY,
)
from sepakat.datahub.xlsx_cells import formula_cells, split_ref

MAX_REPORTED_ERRORS = 500
# A filled template unpacks to a few megabytes; far more is a zip bomb, refused before
# anything is inflated.
MAX_UNPACKED_BYTES = 250 * 1024 * 1024
_CODE_RE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")


class FileRejected(Exception):
    """The whole file cannot be read as this dataset's template; the message says why."""


@dataclass(frozen=True)
class IndicatorRule:
    code: str
    name: str
    unit: str
    min_value: float | None
    max_value: float | None


@dataclass(frozen=True)
class CellError:
    sheet: str
    row: int
    column: str
    value: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message,
        }


@dataclass
class ParseResult:
    values: list[tuple[str, str, str, float]] = field(default_factory=list)
    """(indicator code, region code, period, value)"""
    errors: list[CellError] = field(default_factory=list)
    error_count: int = 0
    rows_read: int = 0
    records: list[dict[str, Any]] = field(default_factory=list)
    """Whole rows, for datasets that are tables rather than indicator values (budgets)."""

    def add_error(self, error: CellError) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append(error)


@dataclass(frozen=True)
class ReadContext:
    dataset_code: str
    dataset_name: str
    version: str
    indicators: Sequence[IndicatorRule]
    allowed_codes: frozenset[str]
    existing_codes: Callable[[Iterable[str]], set[str]]
    progress: Callable[[int], None] = lambda percent: None
    dataset_names: dict[str, str] = field(default_factory=dict)
    # Reads the data rows once the file passed the checks every template shares; the
    # default reads indicator columns, budget datasets pass their own.
    row_reader: RowReader | None = None
    # The uploader's region: a pre-filled template carries the region it was made for in
    # its hidden sheet, and a template of another region is refused as a whole (its rows
    # would otherwise be reported one by one as "another region's code").
    region_code: str = ""


class RowReader(Protocol):
    def __call__(
        self,
        rows: list[list[Any]],
        *,
        sheet_name: str,
        key_row: int,
        first_row: int,
        context: ReadContext,
        result: ParseResult,
        decimal_comma: bool,
    ) -> None: ...


def read_file(path: Path, *, original_name: str, context: ReadContext) -> ParseResult:
    """Read an uploaded file by what it is, not by what its name says."""
    with path.open("rb") as handle:
        head = handle.read(8)
    suffix = Path(original_name).suffix.lower()
    if head.startswith(b"PK\x03\x04"):
        return _read_xlsx(path, original_name=original_name, context=context)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRejected(
            _(
                "Berkas %(name)s berformat Excel lama (.xls). Buka di Excel lalu simpan sebagai "
                ".xlsx, atau unduh templat terbaru."
            )
            % {"name": original_name}
        )
    if suffix == ".xlsx":
        raise _damaged(original_name)
    # A text file is read as CSV only when it says it is one: a PDF or a Word file that
    # happens to start with plain text must not be reported as a template with bad headers.
    if suffix in (".csv", ".txt") and _looks_like_text(path):
        return _read_csv(path, original_name=original_name, context=context)
    raise FileRejected(
        _("Berkas %(name)s bukan berkas Excel (.xlsx) atau CSV. Unggah templat yang sudah diisi.")
        % {"name": original_name}
    )


def _damaged(original_name: str) -> FileRejected:
    return FileRejected(
        _(
            "Berkas %(name)s rusak atau tidak dapat dibuka sebagai Excel. Simpan ulang dari "
            "Excel lalu unggah lagi."
        )
        % {"name": original_name}
    )


def _looks_like_text(path: Path) -> bool:
    sample = path.read_bytes()[:4096]
    if b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# --- xlsx -------------------------------------------------------------------------------


def _read_xlsx(path: Path, *, original_name: str, context: ReadContext) -> ParseResult:
    import python_calamine

    try:
        check_xlsx(path, max_unpacked=MAX_UNPACKED_BYTES)
    except UnsafeXlsx as exc:
        if exc.kind == "entities":
            raise FileRejected(
                _(
                    "Berkas %(name)s berisi deklarasi entitas XML (DOCTYPE) yang tidak pernah "
                    "ditulis Excel; berkas ini ditolak tanpa dibuka. Unduh templatnya lagi, isi, "
                    "lalu unggah."
                )
                % {"name": original_name}
            ) from exc
        if exc.kind == "damaged":
            raise _damaged(original_name) from exc
        # a bomb: the check below gives the message with its size
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
            if unpacked > MAX_UNPACKED_BYTES:
                raise FileRejected(
                    _(
                        "Berkas %(name)s membengkak menjadi %(mb)d MB saat dibuka; ini bukan "
                        "templat yang diisi biasa. Unduh templatnya lagi, isi, lalu unggah."
                    )
                    % {"name": original_name, "mb": unpacked // 2**20}
                )
            if archive.testzip() is not None or "xl/workbook.xml" not in archive.namelist():
                raise zipfile.BadZipFile
            formulas = formula_cells(archive, DATA_SHEET)
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    except FileRejected:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, ElementTree.ParseError) as exc:
        raise _damaged(original_name) from exc
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise _damaged(original_name) from exc

    names = workbook.sheet_names
    if META_SHEET not in names:
        raise FileRejected(
            _(
                "Berkas %(name)s bukan templat SEPAKAT untuk %(dataset)s. Unduh templatnya dari menu "
                "Data, isi, lalu unggah berkas itu."
            )
            % {"name": original_name, "dataset": context.dataset_name}
        )
    meta = {
        str(row[0]): str(row[1])
        for row in workbook.get_sheet_by_name(META_SHEET).to_python()
        if len(row) >= 2
    }
    if meta.get("mark") != TEMPLATE_MARK:
        raise FileRejected(_("Berkas %(name)s bukan templat SEPAKAT.") % {"name": original_name})
    if meta.get("dataset") != context.dataset_code:
        other = context.dataset_names.get(meta.get("dataset", ""), meta.get("dataset", "?"))
        raise FileRejected(
            _(
                "Berkas %(name)s adalah templat untuk '%(other)s', bukan untuk '%(dataset)s'. "
                "Pilih jenis data yang sesuai atau unggah templat yang benar."
            )
            % {"name": original_name, "other": other, "dataset": context.dataset_name}
        )
    if meta.get("version") != context.version:
        raise FileRejected(
            _(
                "Berkas %(name)s dibuat dari versi templat yang lama (%(old)s); daftar indikator "
                "sudah berubah (versi sekarang %(new)s). Unduh templat terbaru dan salin nilai Anda "
                "ke sana."
            )
            % {"name": original_name, "old": meta.get("version", "?"), "new": context.version}
        )
    template_region = meta.get("region", "").strip()
    if template_region and context.region_code and template_region != context.region_code:
        raise FileRejected(
            _(
                "Berkas %(name)s adalah templat untuk wilayah %(other)s, bukan untuk wilayah Anda "
                "(%(own)s). Unduh templat wilayah Anda dari menu Data, salin nilainya ke sana, "
                "lalu unggah lagi."
            )
            % {"name": original_name, "other": template_region, "own": context.region_code}
        )
    if DATA_SHEET not in names:
        raise FileRejected(
            _(
                "Lembar '%(sheet)s' tidak ada di berkas %(name)s. Jangan mengganti nama atau "
                "menghapus lembar templat."
            )
            % {"sheet": DATA_SHEET, "name": original_name}
        )
    sheet = workbook.get_sheet_by_name(DATA_SHEET)
    result = ParseResult()
    for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or []:
        result.add_error(
            CellError(
                DATA_SHEET,
                r0 + 1,
                column_letter(c0 + 1),
                "",
                _(
                    "Sel gabungan %(a)s:%(b)s. Pisahkan kembali sel (Unmerge) agar setiap nilai "
                    "punya selnya sendiri."
                )
                % {
                    "a": f"{column_letter(c0 + 1)}{r0 + 1}",
                    "b": f"{column_letter(c1 + 1)}{r1 + 1}",
                },
            )
        )
    for ref in formulas:
        col, row = split_ref(ref)
        result.add_error(
            CellError(
                DATA_SHEET,
                row,
                col,
                "",
                _(
                    "Sel berisi rumus. Salin lalu tempel sebagai nilai (Paste Values) agar yang "
                    "tersimpan adalah angkanya."
                ),
            )
        )
    rows = sheet.to_python(skip_empty_area=False)
    reader = context.row_reader or _read_rows
    reader(
        rows,
        sheet_name=DATA_SHEET,
        key_row=KEY_ROW,
        first_row=FIRST_DATA_ROW,
        context=context,
        result=result,
        decimal_comma=False,
    )
    return result


# --- csv --------------------------------------------------------------------------------


def _read_csv(path: Path, *, original_name: str, context: ReadContext) -> ParseResult:
    try:
        rows, delimiter = csv_rows(path.read_bytes(), original_name=original_name)
    except CsvUnreadable as exc:
        raise FileRejected(str(exc)) from exc
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise FileRejected(_("Berkas %(name)s kosong.") % {"name": original_name})
    result = ParseResult()
    # CSV saved by an Indonesian Excel uses ';' between fields and ',' as decimal mark.
    reader = context.row_reader or _read_rows
    reader(
        rows,
        sheet_name=original_name,
        key_row=1,
        first_row=2,
        context=context,
        result=result,
        decimal_comma=delimiter == ";",
    )
    return result


# --- what every row reader shares ------------------------------------------------------


def header_keys(
    rows: list[list[Any]], *, sheet_name: str, key_row: int, required: Iterable[str]
) -> list[str]:
    """The column keys of the key row, trailing blanks dropped; refused when a required
    key is missing (someone changed the template's header)."""
    if len(rows) < key_row:
        raise FileRejected(_("Lembar %(sheet)s kosong.") % {"sheet": sheet_name})
    keys = [str(k).strip() if k is not None else "" for k in rows[key_row - 1]]
    while keys and keys[-1] == "":
        keys.pop()
    # A column written twice would be read from one copy only, silently: the user says which.
    doubled = doubled_title(keys)
    if doubled is not None:
        raise FileRejected(
            _(
                "Lembar %(sheet)s baris %(row)d memuat kolom %(key)s dua kali (kolom %(first)s "
                "dan %(second)s). Hapus salah satunya, lalu unggah lagi."
            )
            % {
                "sheet": sheet_name,
                "row": key_row,
                "key": doubled.title,
                "first": doubled.first_letter,
                "second": doubled.second_letter,
            }
        )
    missing = [k for k in required if k not in keys]
    if missing:
        raise FileRejected(
            _(
                "Lembar %(sheet)s baris %(row)d harus memuat kolom %(cols)s. Jangan mengubah baris "
                "judul templat."
            )
            % {"sheet": sheet_name, "row": key_row, "cols": ", ".join(missing)}
        )
    return keys


def no_values(sheet_name: str, first_row: int) -> FileRejected:
    return FileRejected(
        _("Lembar %(sheet)s tidak berisi nilai apa pun. Isi nilai mulai baris %(row)d.")
        % {"sheet": sheet_name, "row": first_row}
    )


# --- indicator values ---------------------------------------------------------------------


def _read_rows(
    rows: list[list[Any]],
    *,
    sheet_name: str,
    key_row: int,
    first_row: int,
    context: ReadContext,
    result: ParseResult,
    decimal_comma: bool,
) -> None:
    keys = header_keys(
        rows, sheet_name=sheet_name, key_row=key_row, required=(REGION_CODE_KEY, YEAR_KEY)
    )
    rules = {rule.code: rule for rule in context.indicators}
    position = {key: index for index, key in enumerate(keys)}
    unknown = [k for k in keys if k and k not in rules and k not in FIXED_KEYS]
    if unknown:
        raise FileRejected(
            _(
                "Lembar %(sheet)s memuat kolom yang bukan bagian templat ini: %(cols)s. Unduh "
                "templat terbaru."
            )
            % {"sheet": sheet_name, "cols": ", ".join(unknown[:10])}
        )
    value_columns = [(position[code], rules[code]) for code in rules if code in position]
    if not value_columns:
        raise FileRejected(
            _("Lembar %(sheet)s tidak memuat satu pun kolom indikator templat ini.")
            % {"sheet": sheet_name}
        )
    code_col, year_col = position[REGION_CODE_KEY], position[YEAR_KEY]

    data_rows = rows[first_row - 1 :]
    total = max(len(data_rows), 1)
    seen: dict[tuple[str, str], int] = {}
    pending_codes: dict[str, list[tuple[int, str]]] = {}
    any_value = False
    step = max(total // 20, 1)
    for offset, row in enumerate(data_rows):
        if offset % step == 0:
            context.progress(int(100 * offset / total))
        excel_row = first_row + offset
        cells = list(row) + [""] * (len(keys) - len(row))
        raw_values = [cells[c] for c, _rule in value_columns]
        if blank(cells[code_col]) and all(blank(v) for v in raw_values):
            continue
        result.rows_read += 1
        code = _region_code(
            cells[code_col], sheet_name, excel_row, column_letter(code_col + 1), result
        )
        year = read_year(
            cells[year_col], sheet_name, excel_row, column_letter(year_col + 1), result
        )
        if code is None or year is None:
            continue
        if code not in context.allowed_codes:
            pending_codes.setdefault(code, []).append((excel_row, column_letter(code_col + 1)))
            continue
        key = (code, year)
        if key in seen:
            result.add_error(
                CellError(
                    sheet_name,
                    excel_row,
                    column_letter(code_col + 1),
                    code,
                    _(
                        "Baris ganda: wilayah %(code)s tahun %(year)s sudah ada di baris %(first)d. "
                        "Hapus salah satu baris."
                    )
                    % {"code": code, "year": year, "first": seen[key]},
                )
            )
            continue
        seen[key] = excel_row
        for (col, rule), raw in zip(value_columns, raw_values, strict=True):
            if blank(raw):
                continue
            number = to_number(raw, decimal_comma)
            letter = column_letter(col + 1)
            if number is None:
                result.add_error(
                    CellError(
                        sheet_name,
                        excel_row,
                        letter,
                        show(raw),
                        _("%(name)s harus berupa angka (%(unit)s), tanpa huruf atau satuan.")
                        % {"name": rule.name, "unit": rule.unit},
                    )
                )
                continue
            if (rule.min_value is not None and number < rule.min_value) or (
                rule.max_value is not None and number > rule.max_value
            ):
                result.add_error(
                    CellError(
                        sheet_name,
                        excel_row,
                        letter,
                        show(raw),
                        _("%(name)s di luar rentang sah %(low)s sampai %(high)s (%(unit)s).")
                        % {
                            "name": rule.name,
                            "unit": rule.unit,
                            "low": "-" if rule.min_value is None else f"{rule.min_value:g}",
                            "high": "-" if rule.max_value is None else f"{rule.max_value:g}",
                        },
                    )
                )
                continue
            any_value = True
            result.values.append((rule.code, code, year, number))
    if pending_codes:
        existing = context.existing_codes(pending_codes)
        for code, places in pending_codes.items():
            message = (
                _(
                    "Kode wilayah %(code)s milik daerah lain; Anda hanya dapat mengisi data "
                    "wilayah Anda sendiri."
                )
                if code in existing
                else _(
                    "Kode wilayah %(code)s tidak dikenal. Periksa kode Kemendagri-nya "
                    "(contoh 32.01.01)."
                )
            ) % {"code": code}
            for row_number, letter in places:
                result.add_error(CellError(sheet_name, row_number, letter, code, message))
    if result.rows_read == 0 or (not any_value and result.error_count == 0):
        raise no_values(sheet_name, first_row)
    context.progress(100)


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def show(value: Any) -> str:
    return str(value)[:60]


def to_number(value: Any, decimal_comma: bool) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
        return number if math.isfinite(number) else None
    if isinstance(value, str):
        text = value.strip().replace("\u00a0", "").replace(" ", "")
        if decimal_comma:
            text = text.replace(".", "").replace(",", ".")
        if re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?", text):
            number = float(text)  # "1e400" is infinite: not a value anyone measured
            return number if math.isfinite(number) else None
    return None


def _region_code(value: Any, sheet: str, row: int, column: str, result: ParseResult) -> str | None:
    if isinstance(value, float | int) and not isinstance(value, bool):
        result.add_error(
            CellError(
                sheet,
                row,
                column,
                show(value),
                _(
                    "Kode wilayah tertulis sebagai angka sehingga titik dan nol di belakang bisa "
                    "hilang. Format kolom sebagai Teks lalu tulis kodenya, misalnya 32.01.01."
                ),
            )
        )
        return None
    code = str(value).strip()
    if not _CODE_RE.match(code):
        result.add_error(
            CellError(
                sheet,
                row,
                column,
                show(value),
                _(
                    "Kode wilayah tidak sah. Tulis kode Kemendagri bertitik, misalnya 32.01.01 atau "
                    "32.01.01.2001."
                ),
            )
        )
        return None
    return code


def read_year(value: Any, sheet: str, row: int, column: str, result: ParseResult) -> str | None:
    number = to_number(value, False)
    if number is None or not number.is_integer() or not MIN_YEAR <= number <= MAX_YEAR:
        result.add_error(
            CellError(
                sheet,
                row,
                column,
                show(value),
                _("Tahun harus empat angka antara %(low)d dan %(high)d.")
                % {"low": MIN_YEAR, "high": MAX_YEAR},
            )
        )
        return None
    return str(int(number))
