"""Fixtures of the region tests.

The personas, their region tree (nation > 98 Provinsi Uji > kab A 98.01 / kab B 98.02)
and ``login_as`` (which marks an admin's session as OTP-verified, as django_otp does
after a real second-factor login) come from ``tests/conftest.py``. Here: small files
written into ``tmp_path`` and a helper that writes them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

KEMENDAGRI_SAMPLE = """kode,nama
35,Jawa Timur
35.01,Kabupaten Pacitan
35.01.01,Donorojo
35.01.01.2001,Sendang
35.01.01.2002,Sawahan
35.01.02,Pringkuku
35.01.02.1001,Pringkuku Kota
35.71,Kota Kediri
"""

# BPS codes undotted, Kemendagri dotted, as the published crosswalk writes them.
CROSSWALK_SAMPLE = (
    "\n".join(
        [
            "35\t35",
            "3501\t35.01",
            "3501010\t35.01.01",
            "3501010001\t35.01.01.2001",
            "3501010002\t35.01.01.2002",
            "3501010002\t35.01.01.2002",  # an exact repeat, as in the published file
            "3501030\t35.01.02",
            "3571\t35.71",
            "3599\t35.99",  # no such region
            "3599010\t",  # a BPS code without Kemendagri code
        ]
    )
    + "\n"
)


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return _write


def square(lon: float, lat: float, size: float = 0.01) -> list[list[list[float]]]:
    """A closed square ring around (lon, lat), as GeoJSON Polygon coordinates."""
    return [
        [
            [lon, lat],
            [lon + size, lat],
            [lon + size, lat + size],
            [lon, lat + size],
            [lon, lat],
        ]
    ]


def feature_collection(features: list[tuple[str, dict[str, Any]]], field: str = "village_code"):
    return json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "properties": {field: code}, "geometry": geometry}
                for code, geometry in features
            ],
        }
    )


@pytest.fixture
def sample_regions(db: Any, write_file: Callable[[str, str], Path]) -> None:
    """The Kemendagri sample and the crosswalk sample, imported."""
    from sepakat.regions.importers import import_crosswalk, import_regions

    assert import_regions(write_file("kemendagri.csv", KEMENDAGRI_SAMPLE)).ok
    assert import_crosswalk(write_file("crosswalk.tsv", CROSSWALK_SAMPLE)).ok
