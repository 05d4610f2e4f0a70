"""The demo's data for prioritisation: the Susenas person file with every status, the
registry's household statuses and the Podes-like desa facilities.

The demo is built twice for this module (inside a transaction rolled back at the end), its
Parquet files in a temporary folder.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow.parquet as pq
import pytest
from django.db import transaction
from django.test import override_settings

from sepakat.analytics.priorities import priority_scores
from sepakat.datahub.models import MicrodataFile, Observation, ObservationStatus
from sepakat.datahub.podes import PODES_INDICATORS
from sepakat.demo.files import sha256_of
from sepakat.demo.services import (
    DEMO_SOURCE,
    PERSONS_PATH,
    REGISTRY_PATH,
    SURVEY_PATH,
    DemoReport,
    build_demo,
)
from sepakat.priorities.catalogue import CATALOGUE, spec
from sepakat.priorities.models import PriorityIndicator
from sepakat.regions.models import Level, Region

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Assistance indicators are measured among the poor and vulnerable only, and cover the
# poorest best: their deprivation does not fall with expenditure by design.
ASSISTANCE = {"PRS01", "PRS02", "PRS03", "PRS04", "PRS05", "PRS08", "PRS09", "PRS10"}


@pytest.fixture(scope="module")
def built(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Any]]:
    folder = tmp_path_factory.mktemp("demo-priorities")
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHER, MICRODATA_DIR=folder),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            first = build_demo()
            podes_first = _podes_values()
            second = build_demo()
            yield {
                "first": first,
                "second": second,
                "folder": folder,
                "podes_first": podes_first,
                "persons": pl.read_parquet(folder / PERSONS_PATH),
                "households": pl.read_parquet(folder / SURVEY_PATH),
                "registry": pl.read_parquet(folder / REGISTRY_PATH),
            }
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _podes_values() -> dict[tuple[str, str], float]:
    rows = Observation.objects.filter(
        source=DEMO_SOURCE, indicator__code__in=[p.code for p in PODES_INDICATORS]
    ).values_list("indicator__code", "region__code", "value")
    return {(code, region): value for code, region, value in rows}


@pytest.fixture
def report(built: dict[str, Any], db: Any) -> DemoReport:
    return built["second"]  # type: ignore[no-any-return]


def _achievement(frame: pl.DataFrame, column: str) -> float:
    inside = frame.filter(pl.col(column).is_not_null())
    return float((inside[column] * inside["weight"]).sum() / inside["weight"].sum())


def test_the_person_file_is_registered_with_every_status_column(
    report: DemoReport, built: dict[str, Any]
) -> None:
    record = MicrodataFile.objects.get(relative_path=PERSONS_PATH)
    assert record.kind == "survey" and record.region.code == "99"
    assert record.columns["person_id"] == "person_id"
    assert record.columns["weight"] == "weight" and "size" not in record.columns
    path = Path(built["folder"]) / PERSONS_PATH
    assert sha256_of(path) == record.sha256 == report.files["persons"][2]
    assert pq.read_metadata(path).num_rows == record.row_count
    persons, households = built["persons"], built["households"]
    names = set(persons.columns)
    for row in CATALOGUE:
        assert row.status_column in names, row.code
        assert set(persons[row.status_column].drop_nulls().unique().to_list()) <= {0, 1}
    # The same households: one person per member, person weight = household weight.
    assert persons.height == households["household_size"].sum()
    assert persons["person_id"].n_unique() == persons.height
    assert persons["weight"].sum() == pytest.approx(
        (households["weight"] * households["household_size"]).sum()
    )
    # Built twice, byte for byte the same file, and registered once.
    assert built["first"].files["persons"] == report.files["persons"]
    assert MicrodataFile.objects.filter(relative_path=PERSONS_PATH).count() == 1
    # The household file the analysis module reads is still the first survey file.
    assert MicrodataFile.objects.get(relative_path=SURVEY_PATH).columns["size"]


def test_levels_are_plausible_for_indonesia(built: dict[str, Any]) -> None:
    persons = built["persons"]
    expected = {
        "status_pdk02": (0.97, 1.0),  # school participation 7-12
        "status_pdk04": (0.62, 0.84),  # 16-18
        "status_irt01": (0.75, 0.95),  # improved drinking water
        "status_irt02": (0.6, 0.9),  # improved sanitation
        "status_prs06": (0.8, 0.97),  # birth certificates 0-17
        "status_kes05": (0.7, 0.92),  # JKN
    }
    for column, (low, high) in expected.items():
        assert low <= _achievement(persons, column) <= high, column


def test_deprivation_falls_with_expenditure_and_differs_by_kab_kota(
    built: dict[str, Any],
) -> None:
    persons = built["persons"].with_columns(
        quintile=(pl.col("expenditure_per_capita").rank("ordinal") * 5 / pl.len()).ceil().clip(1, 5)
    )
    poorer_worse = 0
    measured = [row for row in CATALOGUE if row.code not in ASSISTANCE]
    for row in measured:
        by_quintile = persons.filter(pl.col(row.status_column).is_not_null())
        low = _achievement(by_quintile.filter(pl.col("quintile") == 1), row.status_column)
        high = _achievement(by_quintile.filter(pl.col("quintile") == 5), row.status_column)
        poorer_worse += low < high
    assert poorer_worse >= 0.85 * len(measured)
    sanitation = {
        code: _achievement(group, "status_irt02")
        for (code,), group in persons.group_by("kabkota_code")
    }
    assert max(sanitation.values()) - min(sanitation.values()) > 0.1


def test_priority_scores_are_computable_by_kab_kota_on_the_demo_file(
    built: dict[str, Any],
) -> None:
    scores = priority_scores(
        built["persons"],
        spec=spec(),
        welfare="expenditure_per_capita",
        weight="weight",
        strata="strata",
        psu="psu",
        by=["kabkota_code"],
        lonely_psu="adjust",
    )
    ranked = Counter(
        scores.filter(pl.col("rank").is_not_null())["kabkota_code"].fill_null("all").to_list()
    )
    regencies = set(Region.objects.filter(level=Level.REGENCY, code__startswith="99.")
                    .values_list("code", flat=True))  # fmt: skip
    assert set(ranked) == regencies | {"all"}
    assert ranked["all"] >= 35
    assert all(ranked[code] >= 12 for code in regencies), ranked
    overall = scores.filter(pl.col("kabkota_code").is_null())
    top = overall.sort("rank", nulls_last=True).row(0, named=True)
    assert top["score"] > 0 and top["reliable"]


def test_the_registry_carries_household_statuses(built: dict[str, Any]) -> None:
    registry = built["registry"]
    for row in CATALOGUE:
        assert (row.status_column in registry.columns) == row.registry, row.code
    assert (registry["status_irt01"] == registry["improved_water"].cast(pl.Int8)).all()
    outside = registry.filter(pl.col("welfare_decile") > 4)
    assert outside["status_prs05"].null_count() == outside.height
    inside = registry.filter(pl.col("welfare_decile") <= 4)
    assert inside["status_prs05"].null_count() == 0
    no_children = registry.filter(pl.col("children_7_18") == 0)
    assert no_children["status_pdk14"].null_count() == no_children.height
    by_decile = registry.group_by("welfare_decile").agg(pl.col("status_irt02").mean())
    shares = dict(by_decile.iter_rows())
    assert shares[1] < shares[10]


def test_podes_values_are_verified_desa_observations_rebuilt_without_duplicates(
    report: DemoReport, built: dict[str, Any]
) -> None:
    values = _podes_values()
    assert values == built["podes_first"]
    assert report.podes == len(values) == built["first"].podes
    villages = set(
        Region.objects.filter(level=Level.VILLAGE, code__startswith="99.").values_list(
            "code", flat=True
        )
    )
    assert {region for _code, region in values} == villages
    observations = Observation.objects.filter(indicator__code="PODES04", source=DEMO_SOURCE)
    assert set(observations.values_list("status", "period").distinct()) == {
        (ObservationStatus.VERIFIED, "2024")
    }
    # One puskesmas per kecamatan; a desa with a facility is 0 km from it.
    per_district = Counter(
        region.rsplit(".", 1)[0] for (code, region), v in values.items() if code == "PODES04" and v
    )
    assert set(per_district.values()) == {1}
    for (code, region), value in values.items():
        if code == "PODES02" and value > 0:
            assert values["PODES07", region] == 0
    urban = set(Region.objects.filter(level=Level.VILLAGE, code__startswith="99.", code__regex=r"\.1\d{3}$")
                .values_list("code", flat=True))  # fmt: skip

    def mean_distance(kind: set[str]) -> float:
        distances = [values["PODES08", code] for code in kind]
        return sum(distances) / len(distances)

    assert mean_distance(villages - urban) > mean_distance(urban)
    # PLN electricity follows the registry's desa share.
    assert values["PODES12", sorted(villages)[0]] <= 100
    water = PriorityIndicator.objects.get(code="IRT01")
    assert water.indicator is not None and water.indicator.code == "PLD10"


def test_the_registry_carries_the_member_problems_at_plausible_rates_that_differ_by_kabkota(
    built: dict[str, Any],
) -> None:
    registry = built["registry"]
    expected = {  # share of households in the reference population achieving it
        "status_pdk01": (0.55, 0.9),  # every child 5-6 in PAUD/school
        "status_pdk02": (0.95, 1.0),  # every child 7-12 in school
        "status_pdk04": (0.5, 0.9),  # every child 16-18 in school
        "status_ktk03": (0.05, 0.6),  # every worker formal
        "status_ktk06": (0.85, 1.0),  # no child 10-17 working
        "status_irt10": (0.6, 0.97),  # clean cooking fuel
        "status_prs12": (0.6, 0.95),  # birth certificates 0-4
    }
    for column, (low, high) in expected.items():
        inside = registry[column].drop_nulls()
        assert inside.len() > 1_000, column
        assert low <= inside.mean() <= high, (column, inside.mean())  # type: ignore[operator]
        by_regency = (
            registry.filter(pl.col(column).is_not_null())
            .group_by("kabkota_code")
            .agg(pl.col(column).mean())[column]
        )
        # kab/kota differ: the most deprived has clearly more deprivation than the least
        deprived = 1 - by_regency
        assert deprived.max() > 1.3 * deprived.min(), column  # type: ignore[operator]
    # the reference populations follow the members: no child 7-18, no school status 7-12
    no_children = registry.filter(pl.col("children_7_18") == 0)
    assert no_children["status_pdk02"].null_count() == no_children.height
    elderly = registry.filter(pl.col("has_elderly_member"))
    assert elderly["status_prs11"].null_count() == 0
    # a household with a child 7-12 out of school has an out-of-school child
    out = registry.filter(pl.col("status_pdk02") == 0)
    assert (out["children_out_of_school"] > 0).all()
