"""Reading a CSV or xlsx list as sheets of text rows, and what an import reports.

Ministry lists come as xlsx (one or several sheets, with title lines above the header) or as
CSV saved from them. Every cell becomes text: ``1.10`` must not turn into ``1.1``. The
header is looked for in the first lines of each sheet; a sheet without one (a cover page) is
skipped and said so. CSV reading is shared with the region imports (delimiter from the first
line, UTF-8 or the Windows code page).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.utils.translation import gettext as _

from sepakat.core.headers import doubled_title
from sepakat.core.xlsx_guard import UnsafeXlsx, check_xlsx
from sepakat.core.xlsx_messages import unsafe_xlsx_message
from sepakat.regions.importers.report import ImportFileError
from sepakat.regions.importers.tabular import read_table

HEADER_SEARCH_ROWS = 15
MAX_LISTED_PROBLEMS = 500


@dataclass(frozen=True)
class Problem:
    """A reason the import stops: where (file, sheet, row, column) and what to do."""

    file: str
    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""

    @property
    def where(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(_("lembar %(sheet)s") % {"sheet": self.sheet})
        if self.row is not None:
            parts.append(_("baris %(row)d") % {"row": self.row})
        if self.column:
            parts.append(_("kolom %(column)s") % {"column": self.column})
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class ImportResult:
    """The outcome of an import; nothing was written when ``problems`` is not empty."""

    file: str
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    deactivated: int = 0
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    notes: list[str] = field(default_factory=list)
    level_departures: list[str] = field(default_factory=list)
    audit_entry_id: int | None = None

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    def problem(
        self, message: str, *, sheet: str = "", row: int | None = None, column: str = ""
    ) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_LISTED_PROBLEMS:
            self.problems.append(
                Problem(file=self.file, message=message, sheet=sheet, row=row, column=column)
            )


@dataclass(frozen=True)
class Sheet:
    name: str  # "" for a CSV file
    rows: list[tuple[int, list[str]]]  # (row number as the spreadsheet shows it, cells)


def header_key(text: str) -> str:
    """``Nomenklatur Urusan Kabupaten/Kota`` -> ``nomenklatur_urusan_kabupaten_kota``."""
    return re.sub(r"[^0-9a-z]+", "_", text.strip().lower()).strip("_")


def find_header(
    sheet: Sheet, required: Mapping[str, Sequence[str]], optional: Mapping[str, Sequence[str]]
) -> tuple[int, dict[str, int], list[str]] | None:
    """The index of the header row in ``sheet.rows``, the columns found and the header."""
    for index, (_line, cells) in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        keys = [header_key(c) for c in cells]
        found: dict[str, int] = {}
        for name, aliases in {**required, **optional}.items():
            position = next((keys.index(a) for a in aliases if a in keys), None)
            if position is not None:
                found[name] = position
        if all(name in found for name in required):
            return index, found, cells
    return None


def doubled_header_problem(
    sheet: Sheet,
    start: int,
    columns: Mapping[str, int],
    header: Sequence[str],
    result: ImportResult,
) -> bool:
    """Add a problem when a title the import reads stands twice in the header (True then).

    Which of two same-named columns holds the values is a guess, and a guess is not
    imported; a doubled column the import does not read (a second note) is left alone.
    """
    used = {header_key(header[p]) for p in columns.values()}
    doubled = doubled_title(header, key=lambda t: header_key(t) if header_key(t) in used else "")
    if doubled is None:
        return False
    result.problem(
        _(
            "Judul kolom '%(column)s' muncul dua kali di lembar %(sheet)s (kolom %(first)s "
            "dan %(second)s). Hapus atau ganti nama kolom ganda itu, lalu impor lagi."
        )
        % {
            "column": doubled.title,
            "sheet": sheet.name or "-",
            "first": doubled.first_letter,
            "second": doubled.second_letter,
        },
        sheet=sheet.name,
        row=sheet.rows[start][0],
        column=doubled.second_letter,
    )
    return True


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    return str(value).strip()


def _read_xlsx(path: Path, *, file: str) -> list[Sheet]:
    import openpyxl

    try:
        check_xlsx(path)
    except UnsafeXlsx as exc:
        raise ImportFileError(file=file, message=unsafe_xlsx_message(exc.kind)) from exc
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types (KeyError, TypeError, zlib) for damage
        raise ImportFileError(
            file=file,
            message=_(
                "Berkas xlsx tidak dapat dibuka (%(detail)s). Simpan ulang dari Excel atau "
                "LibreOffice sebagai 'Excel Workbook (.xlsx)'."
            )
            % {"detail": exc},
        ) from exc
    sheets: list[Sheet] = []
    try:
        for worksheet in workbook.worksheets:
            rows = []
            for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
                cells = [_text(v) for v in values]
                if any(cells):
                    rows.append((number, cells))
            sheets.append(Sheet(name=worksheet.title, rows=rows))
    except Exception as exc:  # read_only inflates each sheet lazily: damage shows up here
        raise ImportFileError(file=file, message=unsafe_xlsx_message("damaged")) from exc
    finally:
        workbook.close()
    return sheets


def read_sheets(path: Path, *, file: str) -> list[Sheet]:
    """The sheets of an xlsx file, or the one 'sheet' of a CSV/TSV file."""
    if path.read_bytes()[:4] == b"PK\x03\x04":
        sheets = _read_xlsx(path, file=file)
        if not any(s.rows for s in sheets):
            raise ImportFileError(file=file, message=_("Berkas xlsx tidak berisi baris data."))
        return sheets
    table = read_table(path, file=file, expected="CSV")
    return [Sheet(name="", rows=table.rows)]
