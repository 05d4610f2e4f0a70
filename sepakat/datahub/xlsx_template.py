"""Writes the Excel template of a dataset, blank or pre-filled for a region."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from sepakat.datahub.models import Dataset, Indicator
from sepakat.datahub.template_spec import (
    DATA_SHEET,
    FIRST_DATA_ROW,
    INSTRUCTION_SHEET,
    KEY_ROW,
    MAX_YEAR,
    META_SHEET,
    MIN_YEAR,
    REGION_CODE_KEY,
    REGION_NAME_KEY,
    TEMPLATE_MARK,
    TITLE_ROW,
    YEAR_KEY,
    column_letter,
    template_version,
)
from sepakat.regions.models import Region

HEADER_FILL = PatternFill("solid", fgColor="0B5D7A")
KEY_FILL = PatternFill("solid", fgColor="DDE6EC")
INPUT_FILL = PatternFill("solid", fgColor="FFFBE6")
BLANK_ROWS = 300


def dataset_indicators(dataset: Dataset) -> list[Indicator]:
    return list(dataset.indicators.order_by("area", "code"))


def build_template(
    *, dataset: Dataset, region: Region | None, rows: Sequence[Region], year: int
) -> bytes:
    """The template as .xlsx bytes; ``rows`` are the regions pre-filled (none when blank)."""
    indicators = dataset_indicators(dataset)
    workbook = Workbook()
    _instructions(workbook.active, dataset=dataset, region=region, indicators=indicators, year=year)
    data = workbook.create_sheet(DATA_SHEET)
    _data_sheet(data, indicators=indicators, rows=rows, year=year)
    meta = workbook.create_sheet(META_SHEET)
    for key, value in (
        ("mark", TEMPLATE_MARK),
        ("dataset", dataset.code),
        ("version", template_version([i.code for i in indicators])),
        ("region", region.code if region is not None else ""),
        ("generated", timezone.now().isoformat(timespec="seconds")),
    ):
        meta.append([key, value])
    meta.sheet_state = "veryHidden"
    meta.protection.sheet = True
    workbook.active = 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _instructions(
    ws: Worksheet,
    *,
    dataset: Dataset,
    region: Region | None,
    indicators: list[Indicator],
    year: int,
) -> None:
    ws.title = INSTRUCTION_SHEET
    lines = [
        _("Templat data SEPAKAT: %(name)s") % {"name": dataset.name_id},
        _("Wilayah: %(region)s") % {"region": region.display_name if region else _("(kosong)")},
        _("Tahun data yang diminta: %(year)s") % {"year": year},
        "",
        _("Cara mengisi:"),
        _(
            "1. Isi nilai pada lembar 'Data', mulai baris 3. Satu baris = satu wilayah dan satu tahun."
        ),
        _(
            "2. Jangan mengubah baris judul (baris 1 dan 2) dan jangan menambah atau menghapus kolom."
        ),
        _("3. Tulis angka saja, tanpa satuan, tanpa rumus dan tanpa sel gabungan."),
        _(
            "4. Kosongkan sel bila datanya tidak tersedia; jangan menulis 0 untuk data yang tidak ada."
        ),
        _(
            "5. Unggah berkas ini di menu Data > Unggah. Anda akan melihat pratinjau sebelum disimpan."
        ),
        "",
        _("Kolom indikator:"),
    ]
    for line in lines:
        ws.append([line])
    ws.append(
        [_("Kode"), _("Nama indikator"), _("Satuan"), _("Rentang sah"), _("Definisi"), _("Sumber")]
    )
    for indicator in indicators:
        ws.append(
            [
                indicator.code,
                indicator.name_id,
                indicator.unit,
                _range_text(indicator),
                indicator.definition,
                indicator.source,
            ]
        )
    ws["A1"].font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 60
    ws.column_dimensions["E"].width = 60


def _range_text(indicator: Indicator) -> str:
    low = "" if indicator.min_value is None else f"{indicator.min_value:g}"
    high = "" if indicator.max_value is None else f"{indicator.max_value:g}"
    if not low and not high:
        return _("angka")
    return f"{low} – {high}"


def _data_sheet(
    sheet: Worksheet, *, indicators: list[Indicator], rows: Sequence[Region], year: int
) -> None:
    titles = [_("Kode wilayah"), _("Nama wilayah"), _("Tahun")] + [
        f"{i.name_id} ({i.unit})" for i in indicators
    ]
    keys = [REGION_CODE_KEY, REGION_NAME_KEY, YEAR_KEY] + [i.code for i in indicators]
    for col, (title, key) in enumerate(zip(titles, keys, strict=True), start=1):
        head = sheet.cell(row=TITLE_ROW, column=col, value=title)
        head.font = Font(bold=True, color="FFFFFF")
        head.fill = HEADER_FILL
        head.alignment = Alignment(wrap_text=True, vertical="top")
        code = sheet.cell(row=KEY_ROW, column=col, value=key)
        code.fill = KEY_FILL
        code.font = Font(italic=True, size=9)
        sheet.column_dimensions[column_letter(col)].width = 16 if col > 2 else 22
    sheet.row_dimensions[TITLE_ROW].height = 60
    sheet.freeze_panes = sheet.cell(row=FIRST_DATA_ROW, column=4)

    prefilled = bool(rows)
    n_rows = len(rows) if prefilled else BLANK_ROWS
    last_row = FIRST_DATA_ROW + n_rows - 1
    for offset in range(n_rows):
        r = FIRST_DATA_ROW + offset
        if prefilled:
            region = rows[offset]
            sheet.cell(row=r, column=1, value=region.code)
            sheet.cell(row=r, column=2, value=region.name)
        else:
            for col in (1, 2):
                sheet.cell(row=r, column=col).protection = Protection(locked=False)
        year_cell = sheet.cell(row=r, column=3, value=year)
        year_cell.protection = Protection(locked=False)
        for col in range(4, 4 + len(indicators)):
            cell = sheet.cell(row=r, column=col)
            cell.protection = Protection(locked=False)
            cell.fill = INPUT_FILL
    # Codes are text: a column formatted as text keeps "32.01" from becoming 32.01.
    for r in range(FIRST_DATA_ROW, last_row + 1):
        sheet.cell(row=r, column=1).number_format = "@"

    years = DataValidation(
        type="whole",
        operator="between",
        formula1=str(MIN_YEAR),
        formula2=str(MAX_YEAR),
        showErrorMessage=True,
        errorTitle=_("Tahun tidak sah"),
        error=_("Tulis tahun empat angka, misalnya %(year)s.") % {"year": year},
    )
    years.add(f"C{FIRST_DATA_ROW}:C{last_row}")
    sheet.add_data_validation(years)
    for col, indicator in enumerate(indicators, start=4):
        low = indicator.min_value if indicator.min_value is not None else -1e15
        high = indicator.max_value if indicator.max_value is not None else 1e15
        rule = DataValidation(
            type="decimal",
            operator="between",
            formula1=f"{low:g}",
            formula2=f"{high:g}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_("Nilai tidak sah"),
            error=_("%(name)s: tulis angka antara %(low)s dan %(high)s (%(unit)s).")
            % {
                "name": indicator.name_id,
                "low": f"{low:g}",
                "high": f"{high:g}",
                "unit": indicator.unit,
            },
        )
        letter = column_letter(col)
        rule.add(f"{letter}{FIRST_DATA_ROW}:{letter}{last_row}")
        sheet.add_data_validation(rule)
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


def default_year(today: dt.date | None = None) -> int:
    """Regions send last year's figures."""
    return (today or timezone.localdate()).year - 1
