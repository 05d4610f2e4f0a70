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
    for i, (_key, header) in enumerate(block.columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(12, min(40, len(header) + 4))
    ws.column_dimensions["A"].width = 34
    for r in range(2, header_row):
        ws.cell(row=r, column=1).alignment = Alignment(wrap_text=False)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)


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
