"""The indicator page's four charts built through Altair, as the page built them before
they became plain dicts: the baseline of ``analysis_dashboard.py``. Not used by SEPAKAT.
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
