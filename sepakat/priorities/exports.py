"""The priority set as a PDF (WeasyPrint) and an Excel workbook (openpyxl).

Both carry the same parts as the page, in the order a TKPKD document reads: the method
(formula, data file and year, weights, thresholds), the set with the reasons for every change
of order, each problem's determinants and locations (:mod:`sepakat.priorities.set_document`),
the differences from the previous approved version, the approval (who submitted, who
approved, when), then the ranking with its confidence intervals and its sensitivity to the
welfare weighting. The score chart goes into the PDF as SVG from vl-convert.

The method in one line stands on every page of the PDF (running footer) and in the second
row of every sheet, so that a page or a sheet printed alone still says how it was made.
Sheets print on A4 landscape, one page wide, with the header row repeated.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from sepakat.analysis.exports import chart_svg
from sepakat.core.pdf import html_to_pdf
from sepakat.core.xlsx_tables import titled_table
from sepakat.priorities import ranking
from sepakat.priorities.charts import score_chart
from sepakat.priorities.models import PrioritySet
from sepakat.priorities.set_document import SetDocument, build

PERCENT = "0.0%"
SCORE = "0.000"
WHEN = "dd/mm/yyyy hh:mm"
# Widths (characters) of columns that hold numbers in these formats: the stored float's
# repr is longer than what the cell shows.
NUMBER_WIDTH = {PERCENT: 9, SCORE: 9, WHEN: 17}


def set_html(priority_set: PrioritySet) -> str:
    doc = build(priority_set)
    spec = score_chart(doc.ranked)
    chart = None
    if spec is not None:
        svg = chart_svg(spec)
        chart = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")
    return render_to_string(
        "priorities/set_pdf.html",
        {
            "doc": doc,
            "set": priority_set,
            "region": priority_set.region,
            "run": priority_set.run,
            "method": doc.method,
            "ranked": doc.ranked,
            "unranked": doc.unranked,
            "diff": doc.diff,
            "generated_at": doc.generated_at,
            "chart": chart,
        },
    )


def set_pdf(priority_set: PrioritySet) -> bytes:
    return html_to_pdf(set_html(priority_set))


def _local_time(value: dt.datetime | None) -> dt.datetime | None:
    """Excel has no time zones: the region's local time, as on the page."""
    return None if value is None else timezone.localtime(value).replace(tzinfo=None)


def _sheet(
    ws: Worksheet,
    doc: SetDocument,
    title: str,
    headers: list[str],
    rows: list[list[Any]],
    formats: dict[int, str],
) -> None:
    """A titled table: title, the method line, the header (frozen, repeated on print)."""
    ps = doc.priority_set
    titled_table(
        ws,
        title=title,
        method=doc.summary,
        headers=headers,
        rows=rows,
        formats=formats,
        number_width=NUMBER_WIDTH,
        page_header=_("%(region)s %(year)s versi %(v)s")
        % {"region": ps.region.display_name, "year": ps.period, "v": ps.version},
        method_height=36 if len(headers) > 6 else 60,
        wrap_rows=True,
    )


def _ranking_sheet(ws: Worksheet, doc: SetDocument) -> None:
    ps = doc.priority_set
    _sheet(
        ws,
        doc,
        _("Peringkat masalah prioritas %(region)s %(year)s")
        % {"region": ps.region.display_name, "year": ps.period},
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
            for r in doc.ranked + doc.unranked
        ],
        {5: PERCENT, 6: PERCENT, 7: PERCENT, 8: SCORE, 9: PERCENT, 10: SCORE, 11: SCORE, 12: SCORE},
    )


def _set_sheet(ws: Worksheet, doc: SetDocument) -> None:
    ps = doc.priority_set
    _sheet(
        ws,
        doc,
        _("Set prioritas versi %(v)s (%(status)s)")
        % {"v": ps.version, "status": ps.get_status_display()},
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
            _("Nama lokasi"),
        ],
        [
            [
                f.item.position,
                f.item.computed_rank,
                f.item.indicator.code,
                f.name,
                f.item.score,
                f.item.reason,
                f.item.determinants_text,
                "; ".join(f"{code} {name}" for code, name in f.determinant_indicators),
                ", ".join(f.item.locations),
                ", ".join(loc.name for loc in f.locations),
            ]
            for f in doc.items
        ],
        {5: SCORE},
    )


def _determinant_sheet(ws: Worksheet, doc: SetDocument) -> None:
    """One row per problem: the registry's deciles 1-4 and 5-10 side by side."""
    rows = []
    for f in doc.items:
        groups = {i: g for i, g in enumerate(f.deciles)}
        low, high = groups.get(0), groups.get(1)
        rows.append(
            [
                f.item.position,
                f.item.indicator.code,
                f.name,
                f.item.determinants_text,
                "; ".join(f"{code} {name}" for code, name in f.determinant_indicators),
                low.n if low else None,
                low.achievement if low else None,
                high.n if high else None,
                high.achievement if high else None,
                "" if f.deciles else f.registry_note,
            ]
        )
    _sheet(
        ws,
        doc,
        _("Determinan masalah prioritas (registrasi: %(file)s)")
        % {"file": doc.registry_file.title if doc.registry_file else "-"},
        [
            _("Urutan"),
            _("Kode"),
            _("Masalah"),
            _("Determinan"),
            _("Indikator determinan"),
            _("Rumah tangga desil 1-4"),
            _("Capaian desil 1-4"),
            _("Rumah tangga desil 5-10"),
            _("Capaian desil 5-10"),
            _("Catatan"),
        ],
        rows,
        {7: PERCENT, 9: PERCENT},
    )


def _location_sheet(ws: Worksheet, doc: SetDocument) -> None:
    _sheet(
        ws,
        doc,
        _("Lokasi prioritas per masalah (registrasi: %(file)s)")
        % {"file": doc.registry_file.title if doc.registry_file else "-"},
        [
            _("Urutan"),
            _("Kode masalah"),
            _("Masalah"),
            _("Kode lokasi"),
            _("Lokasi"),
            _("Tingkat"),
            _("Rumah tangga populasi rujukan"),
            _("Rumah tangga terdeprivasi"),
            _("Persentase terdeprivasi"),
            _("Peringkat jumlah"),
            _("Peringkat persentase"),
            _("Jumlah lokasi setingkat"),
            _("Kuadran"),
        ],
        [
            [
                f.item.position,
                f.item.indicator.code,
                f.name,
                loc.code,
                loc.name,
                loc.level,
                loc.households,
                loc.deprived,
                loc.share,
                loc.rank_number,
                loc.rank_share,
                loc.of,
                loc.quadrant_label,
            ]
            for f in doc.items
            for loc in f.locations
        ],
        {9: PERCENT},
    )


def _sensitivity_sheet(ws: Worksheet, doc: SetDocument) -> None:
    _sheet(
        ws,
        doc,
        _("Kepekaan peringkat terhadap pembobotan kesejahteraan"),
        [
            _("Kode"),
            _("Masalah"),
            _("Bobot SEPAKAT"),
            _("Tanpa bobot (kekurangan biasa)"),
            _("Hanya desil 1-4"),
            _("Berpindah?"),
        ],
        [
            [
                r["code"],
                r.get("name", ""),
                r.get("rank_sepakat"),
                r.get("rank_none"),
                r.get("rank_deciles_1_4"),
                _("berpindah") if r.get("moved") else _("tetap"),
            ]
            for r in doc.sensitivity
        ],
        {},
    )


def _diff_sheet(ws: Worksheet, doc: SetDocument) -> None:
    diff = doc.diff
    assert diff is not None
    name = {c: doc.label(c).removeprefix(c).strip() for c in diff.added + diff.removed}
    name.update({c: doc.label(c).removeprefix(c).strip() for c, *_rest in diff.moved})
    name.update({c: doc.label(c).removeprefix(c).strip() for c, _what in diff.changed})
    rows: list[list[Any]] = [[_("ditambahkan"), c, name[c], None, None, ""] for c in diff.added]
    rows += [[_("dihapus"), c, name[c], None, None, ""] for c in diff.removed]
    rows += [[_("dipindah"), c, name[c], old, new, ""] for c, old, new in diff.moved]
    rows += [[_("diubah"), c, name[c], None, None, what] for c, what in diff.changed]
    _sheet(
        ws,
        doc,
        _("Perbedaan dari versi %(v)s yang disetujui") % {"v": diff.base.version},
        [
            _("Perubahan"),
            _("Kode"),
            _("Masalah"),
            _("Urutan lama"),
            _("Urutan baru"),
            _("Yang diubah"),
        ],
        rows,
        {},
    )


def _method_sheet(ws: Worksheet, doc: SetDocument) -> None:
    ps = doc.priority_set
    ws.append([_("Metode")])
    ws["A1"].font = Font(bold=True, size=13)
    for line in [*doc.method.lines(), doc.registry_line]:
        ws.append([line])
        ws.cell(row=ws.max_row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    ws.append([])
    ws.append([_("Persetujuan")])
    ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
    ws.append([_("Status"), ps.get_status_display()])
    approved = ps.status == "approved"
    for label, who, when in (
        (_("Diajukan oleh"), ps.submitted_by, ps.submitted_at),
        (
            _("Disetujui oleh"),
            ps.decided_by if approved else None,
            ps.decided_at if approved else None,
        ),
    ):
        ws.append([label, _name(who), _local_time(when)])
        ws.cell(row=ws.max_row, column=3).number_format = WHEN
    ws.column_dimensions["A"].width = 100
    ws.column_dimensions["B"].width = 30
    ws.column_dimensions["C"].width = NUMBER_WIDTH[WHEN] + 2
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddFooter.center.text = _("Halaman &P dari &N")


def set_xlsx(priority_set: PrioritySet) -> bytes:
    doc = build(priority_set)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = _("Peringkat")[:31]
    _ranking_sheet(ws, doc)
    _set_sheet(wb.create_sheet(_("Set prioritas")[:31]), doc)
    _determinant_sheet(wb.create_sheet(_("Determinan")[:31]), doc)
    _location_sheet(wb.create_sheet(_("Lokasi")[:31]), doc)
    _sensitivity_sheet(wb.create_sheet(_("Kepekaan")[:31]), doc)
    if doc.diff is not None and not doc.diff.empty:
        _diff_sheet(wb.create_sheet(_("Perubahan")[:31]), doc)
    _method_sheet(wb.create_sheet(_("Metode")[:31]), doc)
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
