from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

from sepakat.datahub.models import Area, Dataset, Indicator, Polarity
from sepakat.datahub.xlsx_template import build_template
from sepakat.regions.models import Level, Region


@pytest.fixture
def dataset(regions: dict[str, Any]) -> Dataset:
    Region.objects.create(
        code="98.01.02", name="Alfa Selatan", level=Level.DISTRICT, parent=regions["kab_a"]
    )
    dataset = Dataset.objects.create(
        code="profil-kesehatan",
        name_id="Profil Kesehatan",
        name_en="Health profile",
        kind="indicators",
        row_level=Level.DISTRICT,
        agency="Dinas Kesehatan",
    )
    indicators = [
        Indicator.objects.create(
            code="KES01",
            name_id="Persalinan di fasilitas kesehatan",
            area=Area.HEALTH,
            unit="%",
            polarity=Polarity.HIGHER_IS_BETTER,
            min_value=0,
            max_value=100,
        ),
        Indicator.objects.create(
            code="KES02",
            name_id="Balita stunting",
            area=Area.HEALTH,
            unit="%",
            polarity=Polarity.LOWER_IS_BETTER,
            min_value=0,
            max_value=100,
        ),
        Indicator.objects.create(
            code="KES03",
            name_id="Jumlah puskesmas",
            area=Area.HEALTH,
            unit="unit",
            polarity=Polarity.HIGHER_IS_BETTER,
            min_value=0,
        ),
    ]
    dataset.indicators.set(indicators)
    Dataset.objects.create(
        code="profil-pendidikan",
        name_id="Profil Pendidikan",
        kind="indicators",
        row_level=Level.DISTRICT,
    )
    return dataset


def filled_template(
    dataset: Dataset, region: Region, fill: dict[tuple[str, str], Any], year: int = 2024
) -> bytes:
    """The pre-filled template of ``region`` with ``fill[(region code, indicator)] = value``."""
    rows = list(Region.objects.within(region).filter(level=dataset.row_level).order_by("code"))
    workbook = load_workbook(
        io.BytesIO(build_template(dataset=dataset, region=region, rows=rows, year=year))
    )
    sheet = workbook["Data"]
    keys = [c.value for c in sheet[2]]
    for row in sheet.iter_rows(min_row=3):
        code = row[0].value
        for (region_code, indicator), value in fill.items():
            if region_code == code:
                row[keys.index(indicator)].value = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
