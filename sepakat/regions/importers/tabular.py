"""Reading a CSV or TSV file as rows of text, with messages a user can act on.

Every cell stays text: a reader that guesses types turns ``32.01`` into a float and
``11.10`` into ``11.1``. The delimiter is taken from the first line (tab, semicolon as
Excel writes it in Indonesian locales, or comma).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from sepakat.regions.importers.report import ImportFileError

_ZIP_MAGIC = b"PK\x03\x04"  # .xlsx, .ods, .zip
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # .xls


@dataclass
class TextTable:
    file: str
    delimiter: str
    encoding: str
    rows: list[tuple[int, list[str]]]  # (line number, cells)

    @property
    def delimiter_name(self) -> str:
        return {"\t": _("tab"), ";": _("titik koma"), ",": _("koma")}[self.delimiter]


def read_text(path: Path, *, file: str, expected: str) -> tuple[str, str]:
    """The text of ``path`` and its encoding; refuses binary and empty files."""
    data = path.read_bytes()
    if not data.strip():
        raise ImportFileError(
            file=file,
            message=_("Berkas kosong. Pilih berkas %(expected)s yang berisi data.")
            % {"expected": expected},
        )
    head = data[:4096]
    if head.startswith(_ZIP_MAGIC) or head.startswith(_OLE_MAGIC) or b"\x00" in head:
        raise ImportFileError(
            file=file,
            message=_(
                "Berkas ini bukan teks %(expected)s (tampaknya berkas Excel atau arsip). "
                "Di Excel, simpan sebagai 'CSV UTF-8' lalu unggah berkas itu."
            )
            % {"expected": expected},
        )
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        # Excel on Windows saves CSV in the ANSI code page; names then still read right.
        return data.decode("cp1252", errors="replace"), "cp1252"


def read_table(path: Path, *, file: str, expected: str = "CSV/TSV") -> TextTable:
    text, encoding = read_text(path, file=file, expected=expected)
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    if "\t" in first:
        delimiter = "\t"
    elif first.count(";") > first.count(","):
        delimiter = ";"
    else:
        delimiter = ","
    reader = csv.reader(lines, delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    try:
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            rows.append((reader.line_num, [c.strip() for c in cells]))
    except csv.Error as exc:
        raise ImportFileError(
            file=file,
            row=reader.line_num,
            message=_("Baris ini tidak dapat dibaca sebagai %(expected)s (%(detail)s).")
            % {"expected": expected, "detail": exc},
        ) from exc
    if not rows:
        raise ImportFileError(file=file, message=_("Berkas tidak berisi baris data."))
    return TextTable(file=file, delimiter=delimiter, encoding=encoding, rows=rows)


def find_columns(header: Sequence[str], wanted: dict[str, Sequence[str]]) -> dict[str, int] | None:
    """Positions of the wanted columns by any of their accepted names, or None if one lacks."""
    names = [h.strip().lower().replace(" ", "_") for h in header]
    found: dict[str, int] = {}
    for key, aliases in wanted.items():
        for alias in aliases:
            if alias in names:
                found[key] = names.index(alias)
                break
        else:
            return None
    return found


def cell(cells: list[str], index: int) -> str:
    return cells[index] if index < len(cells) else ""


def data_rows(table: TextTable, *, has_header: bool) -> Iterator[tuple[int, list[str]]]:
    rows = table.rows[1:] if has_header else table.rows
    yield from rows
