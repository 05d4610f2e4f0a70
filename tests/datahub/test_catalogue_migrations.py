"""A database that already holds the catalogue gets the judgements right after migrating."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from sepakat.datahub.models import Indicator

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("datahub", "0004_submissionbudgetline")]


def _old_catalogue(rows: list[dict[str, Any]]) -> None:
    """Migrate back to before the changes and store ``rows`` as the old catalogue had them."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("datahub", "Indicator")
    for row in rows:
        old.objects.create(**{"area": "kemiskinan", "unit": "%", **row})


def _old_rows() -> Any:
    """The indicators the test stored, without the Podes desa indicators that migration
    0012 adds to every database."""
    return Indicator.objects.exclude(code__startswith="PODES")


def _migrate_to_latest() -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_the_poverty_line_and_the_agriculture_share_become_neutral(regions):
    _old_catalogue(
        [
            {"code": "KMS04", "name_id": "Garis kemiskinan", "polarity": -1},
            {"code": "EKO05", "name_id": "Kontribusi pertanian", "polarity": -1},
            {"code": "KMS01", "name_id": "P0", "polarity": -1},
            # A region's own indicator under the same code is the region's to judge.
            {
                "code": "KMS04",
                "name_id": "Milik daerah",
                "polarity": -1,
                "owner_region_id": (regions["kab_a"].pk),
            },
        ]
    )
    _migrate_to_latest()
    national = dict(_old_rows().filter(owner_region__isnull=True).values_list("code", "polarity"))
    assert national == {"KMS04": 0, "EKO05": 0, "KMS01": -1}
    assert Indicator.objects.get(owner_region=regions["kab_a"]).polarity == -1


def test_counts_and_money_totals_get_their_kind_and_companion():
    _old_catalogue(
        [
            {"code": "KMS01", "name_id": "P0", "polarity": -1},
            {"code": "KMS05", "name_id": "Jumlah penduduk miskin", "polarity": -1},
            {"code": "KMS06", "name_id": "Gini", "polarity": -1},
            {"code": "KEU01", "name_id": "PAD", "polarity": 1},
            {"code": "TKJ01", "name_id": "TPT", "polarity": -1},
        ]
    )
    _migrate_to_latest()
    got = {i.code: (i.kind, i.companion_id and i.companion.code) for i in _old_rows()}
    assert got == {
        "KMS01": ("rate", None),
        "KMS05": ("count", "KMS01"),
        "KMS06": ("index", None),
        "KEU01": ("money_total", None),  # PAD per capita arrives with the catalogue
        "TKJ01": ("rate", None),
    }


def test_raw_recipient_shares_lose_their_verdict_until_redefined():
    _old_catalogue(
        [
            {"code": "PLS01", "name_id": "Cakupan PBI", "unit": "% penduduk", "polarity": 1},
            {"code": "PLS03", "name_id": "Penerima PKH", "unit": "% rumah tangga", "polarity": 1},
            # Already coverage of deciles 1-4 (a catalogue loaded anew): kept as it is.
            {"code": "PLS04", "name_id": "Cakupan sembako desil 1-4", "polarity": 1},
            {"code": "PLS02", "name_id": "Kepesertaan JKN", "unit": "% penduduk", "polarity": 1},
        ]
    )
    _migrate_to_latest()
    got = dict(_old_rows().values_list("code", "polarity"))
    assert got == {"PLS01": 0, "PLS03": 0, "PLS04": 1, "PLS02": 1}


def test_the_near_poor_get_their_name_and_access_rates_their_sources():
    _old_catalogue(
        [
            {"code": "KMS07", "name_id": "Persentase penduduk rentan miskin", "polarity": -1},
            {
                "code": "PLD10",
                "name_id": "Akses air minum layak",
                "polarity": 1,
                "source": "BPS, Podes dan Susenas",
            },
        ]
    )
    _migrate_to_latest()
    near_poor = Indicator.objects.get(code="KMS07")
    assert near_poor.name_id == "Persentase penduduk hampir miskin"
    assert "1,0 dan 1,2 kali garis kemiskinan" in near_poor.definition
    assert "BPS" in near_poor.source and "hampir miskin" in near_poor.source
    water = Indicator.objects.get(code="PLD10")
    assert water.source == "BPS, Susenas"
    assert water.local_source.startswith("Regsosek/DTSEN")


def test_basic_services_split_into_education_health_and_infrastructure(regions):
    basic = {"area": "pelayanan_dasar", "polarity": 1}
    _old_catalogue(
        [
            {**basic, "code": "PLD04", "name_id": "Rata-rata lama sekolah"},
            {**basic, "code": "PLD09", "name_id": "Stunting", "polarity": -1, "is_key": True},
            {**basic, "code": "PLD11", "name_id": "Akses sanitasi layak"},
            {"code": "KMS01", "name_id": "P0", "polarity": -1},
            # A region's own indicators are placed by the words of their names.
            {
                **basic,
                "code": "D01",
                "name_id": "Jumlah guru honorer",
                "owner_region_id": regions["kab_a"].pk,
            },
            {
                **basic,
                "code": "D02",
                "name_id": "Panjang jalan desa mantap",
                "owner_region_id": regions["kab_a"].pk,
            },
            {
                **basic,
                "code": "D03",
                "name_id": "Posyandu aktif",
                "owner_region_id": regions["kab_a"].pk,
            },
        ]
    )
    _migrate_to_latest()
    got = dict(_old_rows().values_list("code", "area"))
    assert got == {
        "PLD04": "pendidikan",
        "PLD09": "kesehatan",
        "PLD11": "infrastruktur_dasar",
        "KMS01": "kemiskinan",
        "D01": "pendidikan",
        "D02": "infrastruktur_dasar",
        "D03": "kesehatan",
    }
    # Each of the three has its key indicator on the dashboard.
    keys = set(Indicator.objects.filter(is_key=True).values_list("code", flat=True))
    assert keys == {"PLD04", "PLD09", "PLD11"}
