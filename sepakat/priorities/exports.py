"""The priority set as a PDF (WeasyPrint) and an Excel workbook (openpyxl).

Both carry the same parts as the page, in the order a TKPKD document reads: the method
(formula, data file and year, weights, thresholds), the ranked list with its confidence
intervals, the set with the reasons for every change of order, and the approval (who
submitted, who approved, when). The score chart goes into the PDF as SVG from vl-convert.
"""

from __future__ import annotations

import base64
import io
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from sepakat.analysis.exports import chart_svg
from sepakat.core.pdf import html_to_pdf
from sepakat.priorities import ranking, selectors
from sepakat.priorities.charts import score_chart
from sepakat.priorities.models import PrioritySet

PERCENT = "0.0%"
SCORE = "0.000"


def _parts(priority_set: PrioritySet) -> dict[str, Any]:
    run = priority_set.run
    rows = ranking.localise_names(ranking.rows_for(run, priority_set.region.code))
    return {
        "set": priority_set,
        "region": priority_set.region,
        "run": run,
        "method": ranking.method_of(run),
        "ranked": [r for r in rows if r["rank"] is not None],
        "unranked": [r for r in rows if r["rank"] is None],
        "items": selectors.items_of(priority_set),
        "diff": selectors.set_diff(priority_set),
        "generated_at": timezone.now(),
    }


def set_html(priority_set: PrioritySet) -> str:
    parts = _parts(priority_set)
    spec = score_chart(parts["ranked"])
    chart = None
    if spec is not None:
        svg = chart_svg(spec)
        chart = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")
    return render_to_string("priorities/set_pdf.html", {**parts, "chart": chart})


def set_pdf(priority_set: PrioritySet) -> bytes:
    return html_to_pdf(set_html(priority_set))


def _sheet(
    ws: Any, title: str, headers: list[str], rows: list[list[Any]], formats: dict[int, str]
) -> None:
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([])
    ws.append(headers)
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    header_row = ws.max_row
    for row in rows:
        ws.append(row)
        for col, fmt in formats.items():
            ws.cell(row=ws.max_row, column=col).number_format = fmt
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    for i, header in enumerate(headers, start=1):
        longest = max([len(str(header))] + [len(str(r[i - 1] or "")) for r in rows])
        ws.column_dimensions[get_column_letter(i)].width = min(60, max(8, longest + 2))


def set_xlsx(priority_set: PrioritySet) -> bytes:
    parts = _parts(priority_set)
    wb = Workbook()
    ws = wb.active
    ws.title = _("Peringkat")[:31]
    _sheet(
        ws,
        _("Peringkat masalah prioritas %(region)s %(year)s")
        % {"region": priority_set.region.display_name, "year": priority_set.period},
        [
            _("Peringkat"),
            _("Kode"),
            _("Masalah"),
            _("Sektor"),
            _("Capaian"),
            _("Batas bawah 95%"),
            _("Batas atas 95%"),
            _("Deprivasi tertimbang"),
            _("Target"),
            _("Skor"),
            _("Batas bawah skor 95%"),
            _("Batas atas skor 95%"),
            _("Jumlah orang"),
            _("Andal"),
            _("Alasan tidak diperingkat"),
        ],
        [
            [
                r["rank"],
                r["code"],
                r["name"],
                r["sector_label"],
                r["achievement"],
                r["achievement_low"],
                r["achievement_high"],
                r["deprivation_weighted"],
                r["target"],
                r["score"],
                r["score_low"],
                r["score_high"],
                r["n"],
                _("ya") if r["reliable"] else _("tidak"),
                ranking.reason_text(r["reason"]),
            ]
            for r in parts["ranked"] + parts["unranked"]
        ],
        {5: PERCENT, 6: PERCENT, 7: PERCENT, 8: SCORE, 9: PERCENT, 10: SCORE, 11: SCORE, 12: SCORE},
    )
    _sheet(
        wb.create_sheet(_("Set prioritas")[:31]),
        _("Set prioritas versi %(v)s (%(status)s)")
        % {"v": priority_set.version, "status": priority_set.get_status_display()},
        [
            _("Urutan"),
            _("Peringkat hitungan"),
            _("Kode"),
            _("Masalah"),
            _("Skor"),
            _("Alasan perubahan urutan"),
            _("Determinan"),
            _("Indikator determinan"),
            _("Lokasi prioritas"),
        ],
        [
            [
                i.position,
                i.computed_rank,
                i.indicator.code,
                local_name(i.indicator),
                i.score,
                i.reason,
                i.determinants_text,
                ", ".join(d.code for d in i.determinants.all()),
                ", ".join(i.locations),
            ]
            for i in parts["items"]
        ],
        {5: SCORE},
    )
    method = wb.create_sheet(_("Metode")[:31])
    method.append([_("Metode")])
    method["A1"].font = Font(bold=True, size=13)
    for line in parts["method"].lines():
        method.append([line])
        method.cell(row=method.max_row, column=1).alignment = Alignment(wrap_text=True)
    method.append([])
    method.append([_("Diajukan oleh"), _name(priority_set.submitted_by), priority_set.submitted_at])
    method.append(
        [
            _("Disetujui oleh"),
            _name(priority_set.decided_by) if priority_set.status == "approved" else "",
            priority_set.decided_at if priority_set.status == "approved" else None,
        ]
    )
    for row in method.iter_rows(min_row=method.max_row - 1):
        if row[2].value is not None:
            row[2].number_format = "dd/mm/yyyy hh:mm"
            row[2].value = timezone.localtime(row[2].value).replace(tzinfo=None)
    method.column_dimensions["A"].width = 100
    method.column_dimensions["B"].width = 30
    method.column_dimensions["C"].width = 18
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def local_name(indicator: Any) -> str:
    """The indicator's name in the active language (Indonesian when no English is kept)."""
    from django.utils.translation import get_language

    if (get_language() or "id").startswith("en") and indicator.name_en:
        return str(indicator.name_en)
    return str(indicator.name_id)


def _name(user: Any) -> str:
    if user is None:
        return ""
    return str(user.get_full_name() or user.username)
