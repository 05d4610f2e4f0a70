"""A titled table on a worksheet, laid out the same in every workbook the product writes.

Row 1 the title, row 2 the method in one line (merged over the table's width, so that a
sheet printed alone still says how its numbers were made), row 3 the header (bold, frozen,
repeated on every printed page), then the rows. Printed on A4 landscape, one page wide,
with "SEPAKAT" and what the document is about in the page header and the page number in
the footer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

HEADER_ROW = 3
TOP = Alignment(wrap_text=True, vertical="top")


def _width(value: Any, fmt: str | None, number_width: Mapping[str, int]) -> int:
    if value is None:
        return 0
    # A number's repr is longer than what its format shows.
    if fmt is not None and fmt in number_width:
        return number_width[fmt]
    if isinstance(value, float):
        return 10
    return max(len(line) for line in str(value).splitlines() or [""])


def titled_table(
    ws: Worksheet,
    *,
    title: str,
    method: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    formats: Mapping[int, str],
    number_width: Mapping[str, int],
    page_header: str,
    method_height: int = 48,
    wrap_rows: bool = False,
) -> None:
    """Write the table; ``formats`` maps 1-based column numbers to number formats."""
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([method])
    ws["A2"].font = Font(italic=True, size=9)
    ws["A2"].alignment = TOP
    # Over the table's width: printed one page wide, a longer line would be cut at the
    # last column.
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=max(2, len(headers)))
    ws.row_dimensions[2].height = method_height
    ws.append(list(headers))
    for cell in ws[HEADER_ROW]:
        cell.font = Font(bold=True)
        cell.alignment = TOP
    for row in rows:
        ws.append(list(row))
        if wrap_rows:
            for cell in ws[ws.max_row]:
                cell.alignment = TOP
        for col, fmt in formats.items():
            ws.cell(row=ws.max_row, column=col).number_format = fmt
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)
    for i, header in enumerate(headers, start=1):
        # A long header wraps (its row is a few lines high) rather than widening a column
        # of short numbers.
        longest = max(
            [min(len(header), 14)] + [_width(r[i - 1], formats.get(i), number_width) for r in rows]
        )
        ws.column_dimensions[get_column_letter(i)].width = min(60, max(8, longest + 2))
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.oddHeader.left.text = "SEPAKAT"
    ws.oddHeader.right.text = page_header
    ws.oddFooter.center.text = _("Halaman &P dari &N")
