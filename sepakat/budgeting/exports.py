"""The Penganggaran report as an Excel workbook (openpyxl) and a PDF section (WeasyPrint).

Both carry the parts of the page in its order: the summary, the breakdowns (tag, strategy,
bidang urusan, SKPD, fund source, priority problem), the trend, the comparison with the
other kab/kota of the province and the chain of sub kegiatan. The method in one line is
the second row of every sheet and the running footer of every PDF page, so that a sheet or
a page printed alone still says what "poverty spending" means. Sheets print on A4
landscape, one page wide, with the header row repeated (as the priority set's workbook).
"""

from __future__ import annotations

import base64
import io
from collections.abc import Callable
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from sepakat.analysis.exports import chart_svg
from sepakat.budgeting import charts
from sepakat.budgeting.alignment import alignment_rows_for_sheet
from sepakat.budgeting.models import BudgetStage
from sepakat.budgeting.report import BreakdownRow, BudgetReport, status_label
from sepakat.core.pdf import html_to_pdf
from sepakat.core.xlsx_tables import HEADER_ROW, titled_table

RUPIAH = "#,##0"
PERCENT = "0.0%"
NUMBER_WIDTH = {RUPIAH: 18, PERCENT: 9}


def method_line(report: BudgetReport) -> str:
    return _(
        "Anggaran kemiskinan: baris bertanda (kemiskinan ekstrem, stunting, strategi beban, "
        "pendapatan, kantong) atau bersifat langsung/penunjang dengan masalah prioritas. "
        "Tahap %(stage)s tahun %(year)s; bagian = terhadap total belanja tahap itu; "
        "realisasi hanya dari baris yang melaporkannya."
    ) % {"stage": report.stage_label, "year": report.year}


def _title(report: BudgetReport, part: str) -> str:
    return _("%(part)s · %(region)s %(year)s, %(stage)s") % {
        "part": part,
        "region": report.region_name,
        "year": report.year,
        "stage": report.stage_label,
    }


def _sheet(
    ws: Worksheet,
    report: BudgetReport,
    title: str,
    headers: list[str],
    rows: list[list[Any]],
    formats: dict[int, str],
) -> None:
    titled_table(
        ws,
        title=_title(report, title),
        method=method_line(report),
        headers=headers,
        rows=rows,
        formats=formats,
        number_width=NUMBER_WIDTH,
        page_header=f"{report.region_name} {report.year} {report.stage_label}",
    )


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


def _breakdown(
    ws: Worksheet, report: BudgetReport, title: str, key: str, rows: list[BreakdownRow]
) -> None:
    _sheet(
        ws,
        report,
        title,
        [
            key,
            _("Nama"),
            _("Pagu (Rp)"),
            _("Bagian dari total belanja"),
            _("Anggaran kemiskinan (Rp)"),
            _("Bagian kemiskinan"),
            _("Realisasi (Rp)"),
            _("Tingkat realisasi"),
        ],
        [
            [
                r.key or _("(kosong)"),
                r.name,
                float(r.amount),
                _num(r.share_of_total),
                float(r.poverty),
                _num(r.poverty_share),
                _num(r.realisation),
                _num(r.realisation_rate),
            ]
            for r in rows
        ],
        {3: RUPIAH, 4: PERCENT, 5: RUPIAH, 6: PERCENT, 7: RUPIAH, 8: PERCENT},
    )


def _summary(ws: Worksheet, report: BudgetReport) -> None:
    rows: list[list[Any]] = [
        [_("Total belanja"), float(report.total), RUPIAH],
        [_("Anggaran kemiskinan"), float(report.poverty), RUPIAH],
        [_("Bagian anggaran kemiskinan"), _num(report.poverty_share), PERCENT],
        [_("Realisasi"), _num(report.realisation), RUPIAH],
        [_("Tingkat realisasi"), _num(report.realisation_rate), PERCENT],
        [_("Realisasi anggaran kemiskinan"), _num(report.poverty_realisation), RUPIAH],
        [
            _("Tingkat realisasi anggaran kemiskinan"),
            _num(report.poverty_realisation_rate),
            PERCENT,
        ],
        [_("Jumlah baris"), report.lines, "0"],
        [_("Baris anggaran kemiskinan"), report.poverty_lines, "0"],
    ]
    _sheet(ws, report, _("Ringkasan"), [_("Ukuran"), _("Nilai")], [r[:2] for r in rows], {})
    for i, r in enumerate(rows, start=HEADER_ROW + 1):
        ws.cell(row=i, column=2).number_format = r[2]
    ws.column_dimensions["B"].width = 20


def _alignment(ws: Worksheet, report: BudgetReport) -> None:
    """The priority problems with their planned and budgeted amounts, and the summary."""
    if report.alignment is None:
        header, rows = [_("Keterangan")], [[_("Belum ada baris anggaran pada tahap ini.")]]
    else:
        header, *rows = alignment_rows_for_sheet(report.alignment)
    rows += [[""] * len(header)] + [[s, *[""] * (len(header) - 1)] for s in report.narrative]
    _sheet(
        ws,
        report,
        _("Keselarasan dengan prioritas dan rencana"),
        header,
        rows,
        {3: RUPIAH, 4: RUPIAH, 5: RUPIAH},
    )


# The quarters as the page names them (their translations are the page's).
QUARTERS = (
    gettext_noop("TW I"),
    gettext_noop("TW II"),
    gettext_noop("TW III"),
    gettext_noop("TW IV"),
)


def _quarters(ws: Worksheet, report: BudgetReport) -> None:
    """Absorption by quarter of each SKPD (cumulative realisation over pagu)."""
    header = [
        _("Kode SKPD"),
        _("SKPD"),
        _("Pagu"),
        *[_(q) for q in QUARTERS],
        _("Akhir tahun"),
        _("Di bawah patokan"),
    ]
    rows = [
        [
            row.key,
            name,
            float(row.amount),
            *[_num(r) for r in row.rates],
            _num(row.year_rate),
            ", ".join(
                [_(q) for q, low in zip(QUARTERS, row.low, strict=True) if low]
                + ([_("akhir tahun")] if row.low_year else [])
            ),
        ]
        for row, name in report.absorption
    ]
    if not rows:
        rows = [["", _("Tidak ada baris yang melaporkan realisasi per triwulan."), *[None] * 6, ""]]
    _sheet(
        ws,
        report,
        _("Penyerapan per triwulan (patokan 15%, 40%, 60%, 90%)"),
        header,
        rows,
        {3: RUPIAH, 4: PERCENT, 5: PERCENT, 6: PERCENT, 7: PERCENT, 8: PERCENT},
    )


def _trend(ws: Worksheet, report: BudgetReport) -> None:
    _sheet(
        ws,
        report,
        _("Tren"),
        [
            _("Tahun"),
            _("Tahap"),
            _("Total belanja (Rp)"),
            _("Anggaran kemiskinan (Rp)"),
            _("Bagian"),
        ],
        [
            [
                t.year,
                str(BudgetStage(t.stage).label),
                float(t.amount),
                float(t.poverty),
                _num(t.poverty_share),
            ]
            for t in report.trend
        ],
        {3: RUPIAH, 4: RUPIAH, 5: PERCENT},
    )


def _comparison(ws: Worksheet, report: BudgetReport) -> None:
    _sheet(
        ws,
        report,
        _("Perbandingan"),
        [
            _("Kode"),
            _("Wilayah"),
            _("Total belanja (Rp)"),
            _("Anggaran kemiskinan (Rp)"),
            _("Bagian"),
        ],
        [
            [c.region_code, c.region_name, float(c.amount), float(c.poverty), _num(c.poverty_share)]
            for c in report.comparison
        ],
        {3: RUPIAH, 4: RUPIAH, 5: PERCENT},
    )


def _chain(ws: Worksheet, report: BudgetReport) -> None:
    stages = [str(BudgetStage(s).label) for s in report.chain_stages]
    n = len(stages)
    _sheet(
        ws,
        report,
        _("Rantai"),
        [
            _("Kode sub kegiatan"),
            _("Sub kegiatan"),
            *stages,
            _("Status"),
            _("Perubahan (Rp)"),
            _("Perubahan (%)"),
            _("Realisasi (Rp)"),
            _("Tingkat realisasi"),
        ],
        [
            [
                c.code,
                c.name,
                *[_num(a) for a in c.amounts],
                status_label(c.status),
                _num(c.change),
                _num(c.change_rate),
                _num(c.realisation),
                _num(c.realisation_rate),
            ]
            for c in report.chain
        ],
        {
            **{3 + i: RUPIAH for i in range(n)},
            4 + n: RUPIAH,
            5 + n: PERCENT,
            6 + n: RUPIAH,
            7 + n: PERCENT,
        },
    )


def report_xlsx(report: BudgetReport) -> bytes:
    wb = Workbook()
    parts: list[tuple[str, Callable[[Worksheet], None]]] = [
        (_("Ringkasan"), lambda ws: _summary(ws, report)),
        (_("Tag"), lambda ws: _breakdown(ws, report, _("Per tag"), _("Tag"), report.by_tag)),
        (
            _("Strategi"),
            lambda ws: _breakdown(ws, report, _("Per strategi"), _("Strategi"), report.by_strategy),
        ),
        (
            _("Bidang urusan"),
            lambda ws: _breakdown(
                ws, report, _("Per bidang urusan"), _("Bidang urusan"), report.by_bidang
            ),
        ),
        (
            _("SKPD"),
            lambda ws: _breakdown(ws, report, _("Per SKPD"), _("Kode SKPD"), report.by_skpd),
        ),
        (
            _("Sumber dana"),
            lambda ws: _breakdown(
                ws, report, _("Per sumber dana"), _("Sumber dana"), report.by_fund
            ),
        ),
        (
            _("Masalah prioritas"),
            lambda ws: _breakdown(
                ws, report, _("Per masalah prioritas"), _("Kode masalah"), report.by_problem
            ),
        ),
        (_("Keselarasan"), lambda ws: _alignment(ws, report)),
        (_("Penyerapan"), lambda ws: _quarters(ws, report)),
        (_("Tren"), lambda ws: _trend(ws, report)),
        (_("Perbandingan"), lambda ws: _comparison(ws, report)),
        (_("Rantai"), lambda ws: _chain(ws, report)),
    ]
    for i, (name, fill) in enumerate(parts):
        ws = wb.active if i == 0 else wb.create_sheet()
        assert ws is not None
        ws.title = name[:31]
        fill(ws)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _svg(spec: dict[str, Any] | None) -> str | None:
    if spec is None:
        return None
    svg = chart_svg(spec)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


def report_html(report: BudgetReport) -> str:
    return render_to_string(
        "budgeting/report_pdf.html",
        {
            "report": report,
            "method": method_line(report),
            "generated_at": timezone.localtime(),
            "bidang_chart": _svg(charts.bidang_chart(report)),
            "trend_chart": _svg(charts.trend_chart(report)),
            "chain_stage_labels": [BudgetStage(s).label for s in report.chain_stages],
            "changed": [c for c in report.chain if c.status in ("cut", "raised", "dropped", "new")],
        },
    )


def report_pdf(report: BudgetReport) -> bytes:
    return html_to_pdf(report_html(report))
