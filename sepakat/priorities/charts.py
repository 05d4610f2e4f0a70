"""The chart of priority scores with their 95 % confidence intervals (Vega-Lite).

Built as a plain dict like the analysis charts, finished by
:func:`sepakat.analysis.charts.finish`, so the page draws it with the bundle SEPAKAT serves
and the PDF gets it as SVG from vl-convert.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from sepakat.analysis.charts import BASE, finish


def score_chart(rows: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    """Horizontal bars of the ranked problems' scores, highest on top, with error bars."""
    data = [
        {
            "label": f"{r['rank']}. {r['name'] or r['code']}"[:60],
            "rank": r["rank"],
            "score": r["score"],
            "low": max(0.0, r["score_low"]) if r.get("score_low") is not None else r["score"],
            "high": r["score_high"] if r.get("score_high") is not None else r["score"],
        }
        for r in rows
        if r.get("rank") is not None and r.get("score") is not None
    ]
    if not data:
        return None
    y = {
        "field": "label",
        "type": "nominal",
        "sort": {"field": "rank", "order": "ascending"},
        "title": None,
        # short enough that the bars keep room on a phone (390 px); the table names in full
        "axis": {"labelLimit": 180},
    }
    tooltip = [
        {"field": "label", "type": "nominal", "title": _("Masalah")},
        {"field": "score", "type": "quantitative", "title": _("Skor"), "format": ",.3f"},
        {"field": "low", "type": "quantitative", "title": _("Batas bawah"), "format": ",.3f"},
        {"field": "high", "type": "quantitative", "title": _("Batas atas"), "format": ",.3f"},
    ]
    spec: dict[str, Any] = {
        "data": {"values": data},
        "layer": [
            {
                # a lighter bar, so that the dark interval over it reads at a glance
                "mark": {"type": "bar", "color": BASE, "opacity": 0.55},
                "encoding": {
                    "y": y,
                    "x": {
                        "field": "score",
                        "type": "quantitative",
                        "title": _("Skor prioritas (selang kepercayaan 95 %)"),
                    },
                    "tooltip": tooltip,
                },
            },
            {
                "mark": {"type": "rule", "color": "#1d2a25", "strokeWidth": 2},
                "encoding": {
                    "y": y,
                    "x": {"field": "low", "type": "quantitative"},
                    "x2": {"field": "high"},
                },
            },
            {
                # the estimate itself, a tick on the interval
                "mark": {"type": "tick", "color": "#1d2a25", "thickness": 2},
                "encoding": {"y": y, "x": {"field": "score", "type": "quantitative"}},
            },
        ],
    }
    # a bar of about 28 px keeps a long problem name readable beside it
    return finish(spec, height=max(140, 28 * len(data)))
