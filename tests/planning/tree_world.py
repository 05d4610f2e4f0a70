"""A draft plan version of kab A (98.01) to grow problem trees in: the first problem of
its priority set has a determinant indicator chosen in the set (DET01, with verified
values), a written determinant note and a priority kecamatan."""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from sepakat.datahub.models import Observation, ObservationStatus
from sepakat.planning.models_plan import PlanVersion
from tests.planning.plan_world import matrix


@pytest.fixture
def tree_world(
    plan_world: dict[str, Any], write_file: Callable[[str, str], Path]
) -> dict[str, Any]:
    first, second, _third = plan_world["problems"]
    path = write_file("m.csv", "\n".join(matrix(first, second)))
    call_command("plan", "import", "98.01", str(path), "--period", "2025-2029", stdout=StringIO())
    version = PlanVersion.objects.get()
    item = version.plan.priority_set.items.get(indicator__code=first)
    item.determinants.add(plan_world["determinant"])
    item.determinants_text = "Biaya seragam dan transportasi mahal\n\n- Orang tua kurang peduli"
    item.locations = ["98.01.01"]
    item.save()
    det = plan_world["determinant"]
    for period, value, status in (
        ("2023", 41.0, ObservationStatus.VERIFIED),
        ("2024", 38.5, ObservationStatus.VERIFIED),
        ("2025", 99.0, ObservationStatus.DRAFT),  # not verified: never shown
    ):
        Observation.objects.create(
            indicator=det,
            region=plan_world["kab_a"],
            period=period,
            value=value,
            status=status,
            source="Dapodik",
        )
    catalogue = plan_world["catalogue"]
    return {
        **plan_world,
        "version": version,
        "problem": catalogue[first],
        "other_problem": catalogue[second],
        "outside_problem": next(
            p for code, p in catalogue.items() if code not in plan_world["problems"]
        ),
    }
