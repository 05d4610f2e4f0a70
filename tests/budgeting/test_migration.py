"""A database that already holds RKA and APBD lines keeps them when the chain arrives."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from sepakat.budgeting.models import ApbdLine

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("budgeting", "0002_alter_apbdline_stage")]


def test_existing_lines_keep_their_stage_and_amount_with_no_fund_source_or_tag(
    regions: dict[str, Any],
) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("budgeting", "ApbdLine")
    for stage in ("rka", "murni", "perubahan"):
        old.objects.create(
            region_id=regions["kab_a"].pk,
            year=2024,
            stage=stage,
            skpd_code="1.02.0.00.0.00.01.0000",
            skpd_name="Dinas Kesehatan",
            sub_kegiatan_code="1.02.02.2.02.0004",
            urusan_name="Kesehatan",
            program_name="",
            kegiatan_name="",
            sub_kegiatan_name="Balita",
            account="5.1",
            amount=Decimal("1000000"),
        )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    lines = ApbdLine.objects.order_by("stage")
    assert [(x.stage, x.amount, x.fund_source, x.tags) for x in lines] == [
        ("murni", Decimal("1000000"), "", ""),
        ("perubahan", Decimal("1000000"), "", ""),
        ("rka", Decimal("1000000"), "", ""),
    ]
