"""The Penganggaran charts (Vega-Lite), built as plain dicts like the analysis and priority
charts and finished by :func:`sepakat.analysis.charts.finish`: the page draws them with the
bundle SEPAKAT serves, the PDF gets them as SVG from vl-convert."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from sepakat.analysis.charts import BASE, MUTED, finish
from sepakat.budgeting.report import BudgetReport


def bidang_chart(report: BudgetReport) -> dict[str, Any] | None:
    """Poverty and other spending by bidang urusan, stacked horizontal bars, largest first."""
    rows = [r for r in report.by_bidang if r.poverty > 0][:12]
    if not rows:
        return None
    poverty, other = _("Anggaran kemiskinan"), _("Belanja lain")
    data = []
    for i, r in enumerate(rows):
        label = f"{r.key} {r.name}"[:48]
        # the axis in billions ("miliar"): a budget reader's unit; the tooltip in full rupiah
        for part, amount in ((poverty, r.poverty), (other, r.amount - r.poverty)):
            data.append(
                {
                    "label": label,
                    "rank": i,
                    "part": part,
                    "amount": float(amount),
                    "billions": float(amount) / 1e9,
                }
            )
    spec: dict[str, Any] = {
        "data": {"values": data},
        "mark": {"type": "bar"},
        "encoding": {
            "y": {
                "field": "label",
                "type": "nominal",
                "sort": {"field": "rank", "order": "ascending"},
                "title": None,
                "axis": {"labelLimit": 200},
            },
            "x": {
                "field": "billions",
                "type": "quantitative",
                "stack": "zero",
                "title": _("Miliar rupiah"),
                "axis": {"format": ",.0f"},
            },
            "color": {
                "field": "part",
                "type": "nominal",
                "scale": {"domain": [poverty, other], "range": [BASE, MUTED]},
                "legend": {"orient": "bottom", "title": None},
            },
            "order": {"field": "part", "sort": "ascending"},
            "tooltip": [
                {"field": "label", "type": "nominal", "title": _("Bidang urusan")},
                {"field": "part", "type": "nominal", "title": _("Bagian")},
                {"field": "amount", "type": "quantitative", "title": _("Rupiah"), "format": ",.0f"},
            ],
        },
    }
    return finish(spec, height=max(140, 26 * len(rows)))


def trend_chart(report: BudgetReport) -> dict[str, Any] | None:
    """The poverty share of total spending over the years, bars with the share written."""
    if len(report.trend) < 2:
        return None
    data = [
        {
            "year": str(t.year),
            "share": float(t.poverty_share or 0),
            "poverty": float(t.poverty),
            "focus": t.year == report.year,
        }
        for t in report.trend
    ]
    spec: dict[str, Any] = {
        "data": {"values": data},
        "mark": {"type": "bar"},
        "encoding": {
            "x": {
                "field": "year",
                "type": "ordinal",
                "title": _("Tahun"),
                "axis": {"labelAngle": 0},
            },
            "y": {
                "field": "share",
                "type": "quantitative",
                "title": _("Bagian anggaran kemiskinan dari total belanja"),
                "axis": {"format": ".0%"},
            },
            "color": {
                "condition": {"test": "datum.focus", "value": BASE},
                "value": MUTED,
            },
            "tooltip": [
                {"field": "year", "type": "ordinal", "title": _("Tahun")},
                {"field": "share", "type": "quantitative", "title": _("Bagian"), "format": ".1%"},
                {
                    "field": "poverty",
                    "type": "quantitative",
                    "title": _("Rupiah"),
                    "format": ",.0f",
                },
            ],
        },
    }
    return finish(spec, height=220)
