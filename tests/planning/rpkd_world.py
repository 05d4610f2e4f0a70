"""An approved plan of kab A (98.01) with its chain, and the poverty figures of the analysis
(P0, P1 and open unemployment for 98.01, its province 98 and the nation) that the RPKD
draft reads."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from sepakat.datahub.models import Indicator, Observation, ObservationStatus
from sepakat.planning import plans
from sepakat.planning.models_plan import PlanVersion
from sepakat.regions.models import Region
from tests.planning.plan_world import matrix

INDICATORS = [
    # code, name, area, unit, polarity, decimals
    ("KMS01", "Persentase penduduk miskin (P0)", "kemiskinan", "%", -1, 2),
    ("KMS02", "Indeks kedalaman kemiskinan (P1)", "kemiskinan", "indeks", -1, 2),
    ("TKJ01", "Tingkat pengangguran terbuka (TPT)", "ketenagakerjaan", "%", -1, 2),
]
VALUES = {
    # (code, region): (2023, 2024)
    ("KMS01", "98.01"): (13.68, 12.49),
    ("KMS01", "98"): (9.1, 8.82),
    ("KMS01", "ID"): (9.36, 8.47),
    ("KMS02", "98.01"): (2.2, 1.98),
    ("KMS02", "98"): (1.4, 1.34),
    ("KMS02", "ID"): (1.5, 1.35),
    ("TKJ01", "98.01"): (6.1, 5.86),
    ("TKJ01", "98"): (5.5, 5.59),
    ("TKJ01", "ID"): (5.3, 4.85),
}


def load_poverty_figures() -> None:
    catalogue = {}
    for code, name, area, unit, polarity, decimals in INDICATORS:
        catalogue[code], _created = Indicator.objects.update_or_create(
            code=code,
            defaults={
                "name_id": name,
                "name_en": name,
                "area": area,
                "unit": unit,
                "polarity": polarity,
                "decimals": decimals,
                "is_key": True,
            },
        )
    regions = {r.code: r for r in Region.objects.filter(code__in=["98.01", "98", "ID"])}
    Observation.objects.bulk_create(
        Observation(
            indicator=catalogue[code],
            region=regions[region],
            period=str(year),
            value=value,
            status=ObservationStatus.VERIFIED,
            source="BPS, Susenas (uji)",
        )
        for (code, region), pair in VALUES.items()
        for year, value in zip((2023, 2024), pair, strict=True)
    )


@pytest.fixture
def rpkd_world(
    plan_world: dict[str, Any], write_file: Callable[[str, str], Path]
) -> dict[str, Any]:
    """v1 approved (with a tujuan, a sasaran and a programme outcome); v2 a draft copy."""
    first, second, _third = plan_world["problems"]
    path = write_file("m.csv", "\n".join(matrix(first, second)))
    call_command("plan", "import", "98.01", str(path), "--period", "2025-2029", stdout=StringIO())
    p = plan_world["personas"]
    v1 = PlanVersion.objects.get()
    tujuan = plans.objective_add(
        actor=p["alice"],
        version=v1,
        kind="tujuan",
        statement="Menurunkan kemiskinan Alfa",
        indicator="Persentase penduduk miskin",
        unit="%",
        polarity=-1,
        baseline=Decimal("12.49"),
        targets={2025: "11.5", 2026: "10.75"},
    )
    sasaran = plans.objective_add(
        actor=p["alice"],
        version=v1,
        kind="sasaran",
        statement="Meningkatnya partisipasi sekolah anak miskin",
        indicator="APS 7-12 desil 1-4",
        unit="%",
        polarity=1,
        baseline=Decimal("95"),
        targets={2025: "96"},
        parent=tujuan,
    )
    plans.programme_outcome_add(
        actor=p["alice"],
        version=v1,
        sasaran=sasaran,
        programme_code="1.01.02",
        indicator="Persentase sekolah dasar terakreditasi",
        unit="%",
        polarity=1,
        baseline=Decimal("80"),
        targets={2025: "85"},
    )
    plans.version_submit(actor=p["alice"], version=v1)
    plans.version_approve(actor=p["bob"], version=v1)
    v1.refresh_from_db()
    v2 = plans.version_draft_from(actor=p["alice"], version=v1)
    load_poverty_figures()
    return {**plan_world, "v1": v1, "v2": v2}
