"""Vega-Lite specs of the analysis charts and maps, built on the server with Altair.

One spec serves the page (``vegaEmbed`` with the bundle SEPAKAT serves itself), the PNG/SVG
downloads and the PDF report (``vl_convert``). Specs carry their data inline and name no
URL: the ``$schema`` key is dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any, TypeVar

import altair as alt
from altair.utils import schemapi
from django.utils.translation import get_language
from django.utils.translation import gettext as _

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


F = TypeVar("F", bound=Callable[..., dict[str, Any]])


def _unchecked(build: F) -> F:
    """Build without Altair's validation of every object at construction (its debug
    mode): our chart shapes are fixed and tested, and the checks cost more than the chart."""

    @wraps(build)
    def wrapper(*args: Any, **kwargs: Any) -> dict[str, Any]:
        with schemapi.debug_mode(False):
            return build(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def _data(values: list[dict[str, Any]]) -> Any:
    return alt.Data(values=values)  # type: ignore[no-untyped-call]


def _fmt(decimals: int) -> str:
    return f",.{max(0, min(decimals, 3))}f"


def finish(chart: alt.TopLevelMixin, *, height: int = 300) -> dict[str, Any]:
    """The dict the page and the exporter use: no ``$schema``, the active number locale."""
    # Our specs are fixed shapes tested once; validating each against the schema costs
    # more than drawing it.
    spec: dict[str, Any] = chart.to_dict(validate=False)
    spec.pop("$schema", None)
    spec.setdefault("width", "container")
    spec.setdefault("height", height)
    config = spec.setdefault("config", {})
    config["locale"] = {"number": _locale()}
    config.setdefault("font", "sans-serif")
    config["view"] = {
        "stroke": None,
        **{
            k: v
            for k, v in config.get("view", {}).items()
            if k not in ("continuousWidth", "continuousHeight")
        },
    }
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


@_unchecked
def trend_chart(rows: Sequence[dict[str, Any]], m: Measure, focus: str) -> dict[str, Any]:
    """Lines of the region, its province and the nation by year; CI band where SEs exist."""
    data = _data(list(rows))
    x = alt.X("tahun:O", title=_("Tahun"), axis=alt.Axis(labelAngle=0))
    y = alt.Y("nilai:Q", title=f"{m.name} ({m.unit})", scale=alt.Scale(zero=False))
    color = alt.Color(
        "wilayah:N",
        title=_("Wilayah"),
        legend=alt.Legend(orient="bottom"),
        scale=alt.Scale(range=[HIGHLIGHT, BASE, "#5b6770", "#b58b00"]),
        sort=[focus],
    )
    tooltip = [
        alt.Tooltip("wilayah:N", title=_("Wilayah")),
        alt.Tooltip("tahun:O", title=_("Tahun")),
        alt.Tooltip("nilai:Q", title=_("Nilai"), format=_fmt(m.decimals)),
    ]
    base = alt.Chart(data)
    lines = base.mark_line(point=True).encode(x=x, y=y, color=color, tooltip=tooltip)
    layers: list[Any] = []
    if any(r.get("galat_baku") is not None for r in rows):
        band = (
            base.transform_filter("datum.batas_bawah != null")
            .mark_errorband(opacity=0.2)
            .encode(x=x, y=alt.Y("batas_bawah:Q", title=""), y2="batas_atas:Q", color=color)
        )
        layers.append(band)
    layers.append(lines)
    return finish(alt.layer(*layers))


@_unchecked
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
    data = _data(list(rows))
    sort = "x" if m.polarity < 0 and not m.extensive else "-x"
    if share_of:
        x = alt.X(
            "bagian:Q",
            title=_("Bagian dari %(region)s (persen)") % {"region": share_of},
        )
    else:
        x = alt.X("nilai:Q", title=f"{m.name} ({m.unit})")
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("wilayah:N", title=None, sort=sort),
            x=x,
            color=alt.condition("datum.terpilih", alt.value(HIGHLIGHT), alt.value(MUTED)),
            tooltip=[
                alt.Tooltip("wilayah:N", title=_("Wilayah")),
                alt.Tooltip("nilai:Q", title=_("Nilai"), format=_fmt(m.decimals)),
                alt.Tooltip("urutan:Q", title=_("Urutan (nilai tertinggi = 1)"))
                if m.neutral or m.extensive
                else alt.Tooltip("peringkat:Q", title=_("Peringkat")),
            ],
        )
    )
    layers: list[Any] = [bars]
    refs = [{"acuan": name, "nilai": value} for name, value in references if value is not None]
    if share_of:
        refs = []
    if refs:
        rule_data = _data(refs)
        rule = (
            alt.Chart(rule_data)
            .mark_rule(strokeDash=[4, 3], strokeWidth=1.5)
            .encode(
                x="nilai:Q",
                color=alt.Color(
                    "acuan:N",
                    title=_("Pembanding"),
                    scale=alt.Scale(range=["#1f4e79", "#b58b00"]),
                    legend=alt.Legend(orient="bottom"),
                ),
                tooltip=[
                    alt.Tooltip("acuan:N", title=_("Pembanding")),
                    alt.Tooltip("nilai:Q", title=_("Nilai"), format=_fmt(m.decimals)),
                ],
            )
        )
        layers.append(rule)
    return finish(alt.layer(*layers), height=max(160, 26 * len(rows)))


@_unchecked
def quadrant_chart(
    rows: Sequence[dict[str, Any]], m: Measure, split: tuple[float, float]
) -> dict[str, Any]:
    """Level (x) against annual change (y), split at the parent's values."""
    data = _data(list(rows))
    x = alt.X("nilai:Q", title=f"{m.name} ({m.unit})", scale=alt.Scale(zero=False))
    y = alt.Y("perubahan_tahunan:Q", title=_("Perubahan per tahun"), scale=alt.Scale(zero=False))
    base = alt.Chart(data)
    points = base.mark_circle(size=90, opacity=0.9).encode(
        x=x,
        y=y,
        color=alt.condition("datum.terpilih", alt.value(HIGHLIGHT), alt.value(BASE)),
        tooltip=[
            alt.Tooltip("wilayah:N", title=_("Wilayah")),
            alt.Tooltip("nilai:Q", title=_("Nilai"), format=_fmt(m.decimals)),
            alt.Tooltip("perubahan_tahunan:Q", title=_("Perubahan"), format=_fmt(m.decimals)),
            alt.Tooltip("kuadran:Q", title=_("Kuadran")),
        ],
    )
    labels = base.mark_text(align="left", dx=7, fontSize=10).encode(x=x, y=y, text="wilayah:N")
    splits = _data([{"x": split[0], "y": split[1]}])
    vrule = alt.Chart(splits).mark_rule(strokeDash=[4, 3], color="#555").encode(x="x:Q")
    hrule = alt.Chart(splits).mark_rule(strokeDash=[4, 3], color="#555").encode(y="y:Q")
    return finish(alt.layer(vrule, hrule, points, labels), height=340)


@_unchecked
def correlation_chart(
    rows: Sequence[dict[str, Any]], x_measure: Measure, y_measure: Measure
) -> dict[str, Any]:
    data = _data(list(rows))
    x = alt.X("x:Q", title=f"{x_measure.name} ({x_measure.unit})", scale=alt.Scale(zero=False))
    y = alt.Y("y:Q", title=f"{y_measure.name} ({y_measure.unit})", scale=alt.Scale(zero=False))
    base = alt.Chart(data)
    points = base.mark_circle(size=80).encode(
        x=x,
        y=y,
        color=alt.condition("datum.terpilih", alt.value(HIGHLIGHT), alt.value(BASE)),
        tooltip=[
            alt.Tooltip("wilayah:N", title=_("Wilayah")),
            alt.Tooltip("x:Q", title=x_measure.name, format=_fmt(x_measure.decimals)),
            alt.Tooltip("y:Q", title=y_measure.name, format=_fmt(y_measure.decimals)),
        ],
    )
    fit = (
        base.transform_regression("x", "y")
        .mark_line(color="#555", strokeDash=[5, 3])
        .encode(x="x:Q", y="y:Q")
    )
    labels = base.mark_text(align="left", dx=6, fontSize=10).encode(x=x, y=y, text="wilayah:N")
    return finish(alt.layer(fit, points, labels), height=320)


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
                    "title": _("Persen rumah tangga"),
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
                "title": f"{m.name} ({m.unit})",
                "scale": {"domain": [*labels, no_data], "range": [*colours, "#d9d9d9"]},
                "legend": {"orient": "right", "labelLimit": 220},
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
