"""Vega-Lite specs of the analysis charts and maps, built on the server as plain dicts.

One spec serves the page (``vegaEmbed`` with the bundle SEPAKAT serves itself), the PNG/SVG
downloads and the PDF report (``vl_convert``). Specs carry their data inline and name no
URL: the ``$schema`` key is dropped. They are written as dicts rather than through Altair:
the shapes are fixed and tested, and Altair's encoding inference cost more than the rest
of the indicator page together (``bench/analysis_dashboard.py`` compares the two).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sepakat.analysis.formatting import unit_label
from sepakat.analysis.narratives import Measure

HIGHLIGHT = "#c0392b"
BASE = "#2f7d6d"
MUTED = "#9fb4ad"
# Map classes, light to dark; the darkest marks the worst class.
PALETTE_BAD = ["#fee5d9", "#fcae91", "#fb6a4a", "#de2d26", "#a50f15", "#67000d", "#3f0008"]
# For a neutral indicator: darker is higher, in a colour that says nothing about worse.
PALETTE_NEUTRAL = ["#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c", "#08306b"]
EXPORT_WIDTH = 640
# Exported charts name the font the PDF and the server have (fonts-dejavu): vl-convert
# lays labels out with the metrics of the font named, and a generic "sans-serif" is
# measured narrower than the DejaVu Sans WeasyPrint then draws, which cuts labels.
EXPORT_FONT = "DejaVu Sans"


def _locale() -> dict[str, Any]:
    if (get_language() or "id").startswith("en"):
        return {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["Rp ", ""]}
    return {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["Rp ", ""]}


def _tip(field: str, type_: str, title: str, fmt: str | None = None) -> dict[str, Any]:
    tip = {"field": field, "type": type_, "title": title}
    if fmt:
        tip["format"] = fmt
    return tip


def _fmt(decimals: int) -> str:
    return f",.{max(0, min(decimals, 3))}f"


def finish(spec: dict[str, Any], *, height: int = 300) -> dict[str, Any]:
    """The dict the page and the exporter use: the container's width, the active number
    locale, no ``$schema`` (it would name a URL)."""
    spec.setdefault("width", "container")
    spec.setdefault("height", height)
    config = spec.setdefault("config", {})
    config["locale"] = {"number": _locale()}
    config.setdefault("font", "sans-serif")
    config["view"] = {"stroke": None}
    return spec


def for_export(spec: dict[str, Any], width: int = EXPORT_WIDTH) -> dict[str, Any]:
    """A copy with a fixed width (the server has no container to fit), the server's font
    and no length limit on labels and titles: a printed label cannot be hovered, so it is
    written whole rather than cut with an ellipsis."""
    out = dict(spec)
    if out.get("width") == "container":
        out["width"] = width
    config = dict(out.get("config", {}))
    config["font"] = EXPORT_FONT
    config["axis"] = {**config.get("axis", {}), "labelLimit": 0, "titleLimit": 0}
    config["legend"] = {**config.get("legend", {}), "labelLimit": 0, "titleLimit": 0}
    out["config"] = config
    if isinstance(out.get("encoding"), dict):  # a map names its legend's limit itself
        out["encoding"] = _without_limits(out["encoding"])
    return out


def _without_limits(encoding: dict[str, Any]) -> dict[str, Any]:
    out = dict(encoding)
    color = out.get("color")
    if isinstance(color, dict) and isinstance(color.get("legend"), dict):
        legend = {**color["legend"], "labelLimit": 0, "titleLimit": 0}
        out["color"] = {**color, "legend": legend}
    return out


def trend_chart(rows: Sequence[dict[str, Any]], m: Measure, focus: str) -> dict[str, Any]:
    """Lines of the region, its province and the nation by year; CI band where SEs exist."""
    x = {"field": "tahun", "type": "ordinal", "title": _("Tahun"), "axis": {"labelAngle": 0}}
    y = {
        "field": "nilai",
        "type": "quantitative",
        "title": f"{m.name} ({unit_label(m.unit)})",
        "scale": {"zero": False},
    }
    color = {
        "field": "wilayah",
        "type": "nominal",
        "title": _("Wilayah"),
        # Two columns: three region names in one row run past a phone's width.
        "legend": {"orient": "bottom", "columns": 2},
        "scale": {"range": [HIGHLIGHT, BASE, "#5b6770", "#b58b00"]},
        "sort": [focus],
    }
    tooltip = [
        _tip("wilayah", "nominal", _("Wilayah")),
        _tip("tahun", "ordinal", _("Tahun")),
        _tip("nilai", "quantitative", _("Nilai"), _fmt(m.decimals)),
    ]
    layers: list[dict[str, Any]] = []
    if any(r.get("galat_baku") is not None for r in rows):
        layers.append(
            {
                "transform": [{"filter": "datum.batas_bawah != null"}],
                "mark": {"type": "errorband", "opacity": 0.2},
                "encoding": {
                    "x": x,
                    "y": {"field": "batas_bawah", "type": "quantitative", "title": ""},
                    "y2": {"field": "batas_atas"},
                    "color": color,
                },
            }
        )
    layers.append(
        {
            "mark": {"type": "line", "point": True},
            "encoding": {"x": x, "y": y, "color": color, "tooltip": tooltip},
        }
    )
    return finish({"data": {"values": list(rows)}, "layer": layers})


def compare_chart(
    rows: Sequence[dict[str, Any]],
    m: Measure,
    references: Sequence[tuple[str, float]],
    *,
    share_of: str | None = None,
) -> dict[str, Any]:
    """Bars of the kab/kota, best first (highest first when not ranked), the region in
    red; rules at the province and nation. With ``share_of`` (a count) the bars are each
    kab/kota's share of that area's total, in percent, and there are no rules."""
    sort = "x" if m.polarity < 0 and not m.extensive else "-x"
    if share_of:
        x = {
            "field": "bagian",
            "type": "quantitative",
            "title": _("Bagian dari %(region)s (persen)") % {"region": share_of},
        }
    else:
        x = {"field": "nilai", "type": "quantitative", "title": f"{m.name} ({unit_label(m.unit)})"}
    place = (
        _tip("urutan", "quantitative", _("Urutan (nilai tertinggi = 1)"))
        if m.neutral or m.extensive
        else _tip("peringkat", "quantitative", _("Peringkat"))
    )
    bars = {
        "data": {"values": list(rows)},
        "mark": {"type": "bar"},
        "encoding": {
            "y": {"field": "wilayah", "type": "nominal", "title": None, "sort": sort},
            "x": x,
            "color": {
                "condition": {"test": "datum.terpilih", "value": HIGHLIGHT},
                "value": MUTED,
            },
            "tooltip": [
                _tip("wilayah", "nominal", _("Wilayah")),
                _tip("nilai", "quantitative", _("Nilai"), _fmt(m.decimals)),
                place,
            ],
        },
    }
    layers: list[dict[str, Any]] = [bars]
    refs = [{"acuan": name, "nilai": value} for name, value in references if value is not None]
    if refs and not share_of:
        layers.append(
            {
                "data": {"values": refs},
                "mark": {"type": "rule", "strokeDash": [4, 3], "strokeWidth": 1.5},
                "encoding": {
                    "x": {"field": "nilai", "type": "quantitative"},
                    "color": {
                        "field": "acuan",
                        "type": "nominal",
                        "title": _("Pembanding"),
                        "scale": {"range": ["#1f4e79", "#b58b00"]},
                        "legend": {"orient": "bottom"},
                    },
                    "tooltip": [
                        _tip("acuan", "nominal", _("Pembanding")),
                        _tip("nilai", "quantitative", _("Nilai"), _fmt(m.decimals)),
                    ],
                },
            }
        )
    return finish({"layer": layers}, height=max(160, 26 * len(rows)))


def _split_rules(split: tuple[float, float]) -> list[dict[str, Any]]:
    data = {"values": [{"x": split[0], "y": split[1]}]}
    mark = {"type": "rule", "strokeDash": [4, 3], "color": "#555"}
    return [
        {"data": data, "mark": mark, "encoding": {"x": {"field": "x", "type": "quantitative"}}},
        {"data": data, "mark": mark, "encoding": {"y": {"field": "y", "type": "quantitative"}}},
    ]


def quadrant_chart(
    rows: Sequence[dict[str, Any]],
    m: Measure,
    split: tuple[float, float],
    y_measure: Measure | None = None,
    window: int | None = None,
) -> dict[str, Any]:
    """Level (x) against the average yearly change (y), split at the comparator's values;
    a change within its standard errors is drawn hollow. With ``y_measure``: one
    indicator's level (x, ``m``) against another's (y)."""
    data = {"values": list(rows)}
    if y_measure is not None:
        y_title = f"{y_measure.name} ({unit_label(y_measure.unit)})"
    elif window:
        y_title = _("Rata-rata perubahan per tahun, %(n)s tahun terakhir") % {"n": window}
    else:
        y_title = _("Perubahan per tahun")
    y_decimals = (y_measure or m).decimals
    x = {
        "field": "nilai",
        "type": "quantitative",
        "title": f"{m.name} ({unit_label(m.unit)})",
        "scale": {"zero": False},
    }
    y = {
        "field": "perubahan_tahunan",
        "type": "quantitative",
        "title": y_title,
        "scale": {"zero": False},
    }
    colour = {"condition": {"test": "datum.terpilih", "value": HIGHLIGHT}, "value": BASE}
    points = {
        "data": data,
        "mark": {"type": "circle", "size": 90, "opacity": 0.9},
        "encoding": {
            "x": x,
            "y": y,
            "color": colour,
            # Hollow: the change is within its standard errors.
            "fillOpacity": {
                "condition": {"test": "datum.signifikan === false", "value": 0.0},
                "value": 0.9,
            },
            "stroke": colour,
            "tooltip": [
                _tip("wilayah", "nominal", _("Wilayah")),
                _tip("nilai", "quantitative", m.name, _fmt(m.decimals)),
                _tip("perubahan_tahunan", "quantitative", y_title, _fmt(y_decimals)),
                _tip("posisi", "nominal", _("Posisi")),
            ],
        },
    }
    labels = {
        "data": data,
        "mark": {"type": "text", "align": "left", "dx": 7, "fontSize": 10},
        "encoding": {"x": x, "y": y, "text": {"field": "wilayah", "type": "nominal"}},
    }
    return finish({"layer": [*_split_rules(split), points, labels]}, height=340)


def correlation_chart(
    rows: Sequence[dict[str, Any]], x_measure: Measure, y_measure: Measure
) -> dict[str, Any]:
    x = {
        "field": "x",
        "type": "quantitative",
        "title": f"{x_measure.name} ({unit_label(x_measure.unit)})",
        "scale": {"zero": False},
    }
    y = {
        "field": "y",
        "type": "quantitative",
        "title": f"{y_measure.name} ({unit_label(y_measure.unit)})",
        "scale": {"zero": False},
    }
    fit = {
        "transform": [{"regression": "y", "on": "x"}],
        "mark": {"type": "line", "color": "#555", "strokeDash": [5, 3]},
        "encoding": {
            "x": {"field": "x", "type": "quantitative"},
            "y": {"field": "y", "type": "quantitative"},
        },
    }
    points = {
        "mark": {"type": "circle", "size": 80},
        "encoding": {
            "x": x,
            "y": y,
            "color": {"condition": {"test": "datum.terpilih", "value": HIGHLIGHT}, "value": BASE},
            "tooltip": [
                _tip("wilayah", "nominal", _("Wilayah")),
                _tip("x", "quantitative", x_measure.name, _fmt(x_measure.decimals)),
                _tip("y", "quantitative", y_measure.name, _fmt(y_measure.decimals)),
            ],
        },
    }
    labels = {
        "mark": {"type": "text", "align": "left", "dx": 6, "fontSize": 10},
        "encoding": {"x": x, "y": y, "text": {"field": "wilayah", "type": "nominal"}},
    }
    return finish({"data": {"values": list(rows)}, "layer": [fit, points, labels]}, height=320)


def decile_chart(rows: Sequence[dict[str, Any]], *, columns: int = 3) -> dict[str, Any]:
    """Share of households with each attribute by welfare decile 1-10: one small chart per
    attribute on the same scale (fifteen lines in one chart cannot be told apart); the
    axes are drawn once, on the outer charts."""
    return {
        "data": {"values": list(rows)},
        "facet": {
            "field": "atribut",
            "type": "nominal",
            "title": None,
            "header": {"labelFontSize": 11, "labelFontWeight": "bold", "labelLimit": 0},
        },
        "columns": columns,
        "spec": {
            "width": 170,
            "height": 90,
            "mark": {"type": "line", "point": {"size": 18}, "color": BASE},
            "encoding": {
                "x": {
                    "field": "desil",
                    "type": "ordinal",
                    "title": _("Desil kesejahteraan"),
                    "axis": {"labelAngle": 0},
                },
                "y": {
                    "field": "persen",
                    "type": "quantitative",
                    # Short: a row of small charts is lower than a long title is wide.
                    "title": _("Persen"),
                    "scale": {"domain": [0, 100]},
                    "axis": {"tickCount": 3},
                },
                "tooltip": [
                    {"field": "atribut", "type": "nominal", "title": _("Atribut")},
                    {"field": "desil", "type": "ordinal", "title": _("Desil")},
                    {
                        "field": "persen",
                        "type": "quantitative",
                        "title": _("Persen"),
                        "format": ",.1f",
                    },
                    {
                        "field": "rumah_tangga",
                        "type": "quantitative",
                        "title": _("Rumah tangga"),
                        "format": ",d",
                    },
                ],
            },
        },
        "config": {
            "view": {"stroke": None},
            "font": "sans-serif",
            "locale": {"number": _locale()},
        },
    }


def map_chart(
    features: list[dict[str, Any]],
    bounds: Sequence[float],
    labels: Sequence[str],
    m: Measure,
    *,
    height: int = 460,
) -> dict[str, Any]:
    """A choropleth with one colour per class and a legend of class bounds.

    ``features`` carry ``properties.kelas`` (the class label, or none without data) and
    ``properties.nilai``. Darker means worse, whichever way the indicator points; for a
    neutral indicator darker means higher, in blue rather than red.
    """
    k = len(labels)
    # Classes go up in value: darker upwards when lower is better, downwards otherwise.
    if m.neutral:
        colours = PALETTE_NEUTRAL[:k]
    elif m.polarity < 0:
        colours = PALETTE_BAD[:k]
    else:
        colours = list(reversed(PALETTE_BAD[:k]))
    no_data = _("tanpa data")
    spec: dict[str, Any] = {
        "width": "container",
        "height": height,
        "projection": {"type": "identity", "reflectY": True},
        "data": {
            "values": {"type": "FeatureCollection", "features": features},
            "format": {"type": "json", "property": "features"},
        },
        "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 0.5},
        "encoding": {
            "color": {
                "field": "properties.kelas",
                "type": "ordinal",
                "title": f"{m.name} ({unit_label(m.unit)})",
                "scale": {"domain": [*labels, no_data], "range": [*colours, "#d9d9d9"]},
                # Above the map, not beside it: on a phone a legend at the side takes
                # the width the map needs and pushes it off the screen.
                "legend": {
                    "orient": "top",
                    "direction": "vertical",
                    "labelLimit": 220,
                    "titleLimit": 300,  # within a phone's width, longer than most names
                },
            },
            "tooltip": [
                {"field": "properties.nama", "type": "nominal", "title": _("Nama")},
                {"field": "properties.kode", "type": "nominal", "title": _("Kode")},
                {"field": "properties.teks", "type": "nominal", "title": m.name},
            ],
        },
        "config": {"view": {"stroke": None}, "locale": {"number": _locale()}},
    }
    return spec
