"""Chart images (vl-convert) and Excel workbooks (openpyxl) of analysis blocks."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from sepakat.analysis.blocks import Block
from sepakat.analysis.charts import for_export


def chart_svg(spec: dict[str, Any]) -> str:
    import vl_convert

    return str(vl_convert.vegalite_to_svg(for_export(spec)))


def chart_png(spec: dict[str, Any], scale: float = 2) -> bytes:
    import vl_convert

    return bytes(vl_convert.vegalite_to_png(for_export(spec), scale=scale))


def sheet_name(title: str, used: set[str]) -> str:
    """Excel allows 31 characters and no ``[]:*?/\\``; names must be unique."""
    base = re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:31] or "Data"
    name, i = base, 2
    while name.lower() in used:
        suffix = f" ({i})"
        name = base[: 31 - len(suffix)] + suffix
        i += 1
    used.add(name.lower())
    return name


def write_block(ws: Any, block: Block, *, heading: str = "") -> None:
    bold = Font(bold=True)
    ws.append([heading or block.title])
    ws["A1"].font = Font(bold=True, size=13)
    for sentence in block.narrative:
        ws.append([sentence])
    if block.note:
        ws.append([block.note])
    ws.append([])
    ws.append(block.headers)
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in block.cells:
        ws.append([_cell(v) for v, _d in row])
        for cell, (value, decimals) in zip(ws[ws.max_row], row, strict=True):
            if decimals is not None and _is_number(value):
                cell.number_format = number_format(decimals)
    if block.sources:
        ws.append([])
        ws.append([_("Sumber: %(sources)s") % {"sources": "; ".join(block.sources)}])
    _fit_columns(ws, block, header_row)
    for r in range(2, header_row):
        ws.cell(row=r, column=1).alignment = Alignment(wrap_text=False)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)


# Excel widths are in characters. A header wraps, so it asks only for its longest word's
# room; a column of sentences (the readings) stops at WIDEST and wraps in its cells.
NARROWEST, WIDEST = 8, 60
ROWS_MEASURED = 500


def _fit_columns(ws: Any, block: Block, header_row: int) -> None:
    """Each column as wide as what it holds, whichever column that is: a code column
    stays narrow and the indicator names beside it get the room."""
    for i, header in enumerate(block.headers, start=1):
        longest_word = max((len(w) for w in str(header).split()), default=0)
        need = max(longest_word, min(len(str(header)), 18))
        for row in block.cells[:ROWS_MEASURED]:
            value, decimals = row[i - 1]
            if value is None:
                continue
            if _is_number(value):
                text = f"{value:,.{max(decimals or 0, 0)}f}" if decimals is not None else str(value)
            else:
                text = str(_cell(value))
            need = max(need, len(text))
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = max(NARROWEST, min(WIDEST, need + 2))
        if need > WIDEST:
            for cells in ws.iter_rows(min_row=header_row + 1, min_col=i, max_col=i):
                cells[0].alignment = Alignment(wrap_text=True, vertical="top")


def number_format(decimals: int) -> str:
    """Excel's own format: the reader's Excel writes the separators of its language, so a
    workbook has one decimal convention whatever the language it was made in."""
    return "#,##0" if decimals <= 0 else "#,##0." + "0" * decimals


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    if isinstance(value, float):
        # A difference of two stored values carries binary noise (0.01999999999999957);
        # twelve significant digits keep every real digit and drop the noise.
        return float(f"{value:.12g}")
    return value


def workbook(sheets: Sequence[tuple[str, Block]]) -> bytes:
    """One sheet per block: (sheet title, block)."""
    wb = Workbook()
    first = wb.active
    used: set[str] = set()
    for i, (title, block) in enumerate(sheets):
        ws = first if i == 0 else wb.create_sheet()
        ws.title = sheet_name(title, used)
        write_block(ws, block)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
