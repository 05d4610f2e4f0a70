from __future__ import annotations

import json

import vl_convert

from sepakat.regions.maps import region_map_spec
from tests.regions.conftest import square


def feature(code: str, lon: float, own: bool) -> dict:
    return {
        "type": "Feature",
        "geometry": {"type": "Polygon", "coordinates": square(lon, -8.1, 0.05)},
        "properties": {"code": code, "name": f"Wilayah {code}", "self": own},
    }


def test_the_map_spec_renders_and_names_no_url() -> None:
    spec = region_map_spec(
        [feature("35.01.01", 111.0, True), feature("35.01.01.2001", 111.01, False)]
    )
    spec["width"] = 300  # "container" needs a page; the renderer needs a number

    svg = vl_convert.vegalite_to_svg(spec)

    assert "<path" in svg
    assert "http" not in json.dumps(region_map_spec([feature("35.01", 111.0, True)]))
