"""The RPKD draft as PDF: the content of :mod:`rpkd` through an HTML template and
WeasyPrint, in the house style of the analysis report (cover with a logo placeholder,
contents with page numbers, one chapter per page break, landscape pages for the
programme matrix, the signature block of the TKPK). Charts are drawn to SVG on the
server by vl-convert and embedded inline, as the analysis report does.
"""

from __future__ import annotations

import base64

from django.template.loader import render_to_string

from sepakat.analysis.exports import chart_svg
from sepakat.core.pdf import html_to_pdf
from sepakat.planning.rpkd_parts import Chart, RpkdDocument


def rpkd_html(doc: RpkdDocument) -> str:
    charts: dict[int, str] = {}
    for chapter in doc.chapters:
        for section in chapter.sections:
            for item in section.items:
                if isinstance(item, Chart):
                    svg = chart_svg(item.spec).encode()
                    charts[id(item)] = "data:image/svg+xml;base64," + base64.b64encode(svg).decode(
                        "ascii"
                    )
    # The template looks items up by kind; a list of (kind, item, chart) keeps it simple.
    chapters = [
        (
            chapter,
            [
                (
                    section,
                    [(type(i).__name__.lower(), i, charts.get(id(i), "")) for i in section.items],
                )
                for section in chapter.sections
            ],
        )
        for chapter in doc.chapters
    ]
    return render_to_string("planning/rpkd_pdf.html", {"doc": doc, "chapters": chapters})


def rpkd_pdf(doc: RpkdDocument) -> bytes:
    return html_to_pdf(rpkd_html(doc))
