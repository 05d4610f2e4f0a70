"""A small Vega-Lite map of a region, built on the server with its data inline.

The spec names no URL at all: no ``$schema``, no remote data, no tile server; the page
embeds it with the vega bundle served by SEPAKAT itself (``core:vega_bundle``) and
``mode: "vega-lite"``.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _


def region_map_spec(features: list[dict[str, Any]], *, height: int = 360) -> dict[str, Any]:
    """Own polygon in grey underneath, children in colour on top, with a tooltip."""
    own = [f for f in features if f["properties"]["self"]]
    children = [f for f in features if not f["properties"]["self"]]
    tooltip = [
        {"field": "properties.name", "type": "nominal", "title": _("Nama")},
        {"field": "properties.code", "type": "nominal", "title": _("Kode")},
    ]

    def layer(values: list[dict[str, Any]], mark: dict[str, Any]) -> dict[str, Any]:
        return {
            "data": {
                "values": {"type": "FeatureCollection", "features": values},
                "format": {"type": "json", "property": "features"},
            },
            "mark": {"type": "geoshape", **mark},
            "encoding": {"tooltip": tooltip},
        }

    layers = []
    if own:
        layers.append(layer(own, {"fill": "#e7ece9", "stroke": "#52605a", "strokeWidth": 1}))
    if children:
        layers.append(
            layer(
                children,
                {"fill": "#2f7d6d", "fillOpacity": 0.55, "stroke": "#ffffff", "strokeWidth": 0.6},
            )
        )
    return {
        "width": "container",
        "height": height,
        # Planar (identity) projection: polygons draw the same whatever their winding order,
        # where a spherical projection would fill the globe for a ring wound "wrongly".
        "projection": {"type": "identity", "reflectY": True},
        "layer": layers,
        "config": {"view": {"stroke": None}},
    }
