"""The national catalogue of prioritisation indicators, as the migration loads it."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from sepakat.datahub.models import Area, Dataset, Indicator
from sepakat.datahub.podes import PODES_INDICATORS
from sepakat.priorities import catalogue
from sepakat.priorities.catalogue import CATALOGUE, GENERAL, SPM, TPB
from sepakat.priorities.models import SECTORS, PriorityIndicator, TargetBasis, UnitLevel


def test_the_catalogue_covers_the_five_sectors_with_about_sixty_indicators() -> None:
    per_sector = Counter(row.sector for row in CATALOGUE)
    assert set(per_sector) == {str(s) for s in SECTORS}
    assert all(n >= 7 for n in per_sector.values()), per_sector
    assert 50 <= len(CATALOGUE) <= 65
    bases = Counter(row.target_basis for row in CATALOGUE)
    assert bases[GENERAL] >= 25 and bases[SPM] + bases[TPB] >= 22


def test_every_row_is_well_formed() -> None:
    codes = [row.code for row in CATALOGUE]
    assert len(set(codes)) == len(codes)
    assert len({row.status_column for row in CATALOGUE}) == len(codes)
    for row in CATALOGUE:
        assert 0 < row.target <= 1, row.code
        assert row.target_basis in TargetBasis.values and row.unit_level in UnitLevel.values
        assert row.reference_population and row.status_rule and row.variables, row.code
        assert row.name_id and row.name_en, row.code
        if row.target_basis == GENERAL:
            assert row.target == 1.0, row.code
        else:  # an SPM/TPB row names its legal source precisely
            assert row.legal_source, row.code
        if row.target_basis == SPM:
            assert row.target == 1.0 and "PP 2/2018" in row.legal_source, row.code
        if row.target < 1:  # a number below 100 % names the document and its year
            assert "RPJMN 2020-2024" in row.legal_source, row.code
    sources = " ".join(row.legal_source for row in CATALOGUE)
    for rule in ("Permendikbud 32/2018", "Permenkes 4/2019", "Permen PUPR 29/2018",
                 "Permensos 9/2018", "Perpres 111/2022"):  # fmt: skip
        assert rule in sources


def test_the_migration_loaded_the_catalogue_with_its_podes_determinants(db: Any) -> None:
    rows = {p.code: p for p in PriorityIndicator.objects.prefetch_related("determinants")}
    assert set(rows) == {row.code for row in CATALOGUE}
    water = rows["IRT01"]
    assert water.sector == Area.BASIC_INFRASTRUCTURE and water.target_basis == SPM
    assert water.status_column == "status_irt01"
    assert "Permen PUPR 29/2018" in water.legal_source
    assert [d.code for d in water.determinants.all()] == ["PODES11"]
    school = {d.code for d in rows["PDK03"].determinants.all()}
    assert school == {"PODES02", "PODES07"}
    births = {d.code for d in rows["KES02"].determinants.all()}
    assert births == {"PODES04", "PODES05", "PODES09"}
    assert rows["KES05"].target == pytest.approx(0.98)
    podes = Dataset.objects.get(code="podes")
    assert podes.row_level == 4 and not podes.required_for_training
    assert {i.code for i in podes.indicators.all()} == {p.code for p in PODES_INDICATORS}
    assert all(i.levels == ["desa"] for i in podes.indicators.all())


def test_linking_fills_only_what_is_empty(db: Any) -> None:
    """The analysis indicators arrive after the catalogue; a link the central team changed
    stays as they left it."""
    water = Indicator.objects.create(
        code="PLD10", name_id="Air minum layak", area=Area.BASIC_INFRASTRUCTURE, unit="%",
        polarity=1,
    )  # fmt: skip
    sanitation = Indicator.objects.create(
        code="PLD11", name_id="Sanitasi layak", area=Area.BASIC_INFRASTRUCTURE, unit="%",
        polarity=1,
    )  # fmt: skip
    edited = PriorityIndicator.objects.get(code="IRT02")
    edited.indicator = water  # the central team's choice
    edited.save()
    edited.determinants.set(Indicator.objects.filter(code="PODES12"))
    catalogue.link(PriorityIndicator, Indicator)
    assert PriorityIndicator.objects.get(code="IRT01").indicator == water
    edited.refresh_from_db()
    assert edited.indicator == water and edited.indicator != sanitation
    assert [d.code for d in edited.determinants.all()] == ["PODES12"]
    assert catalogue.install(PriorityIndicator, Indicator) == 0  # nothing duplicated
    assert [d.code for d in edited.determinants.all()] == ["PODES12"]
    assert PriorityIndicator.objects.count() == len(CATALOGUE)


def test_the_documentation_lists_every_indicator_with_its_target() -> None:
    text = (Path(__file__).parents[2] / "docs" / "priorities.md").read_text(encoding="utf-8")
    for row in CATALOGUE:
        assert f"| {row.code} | " in text, row.code
        line = next(li for li in text.splitlines() if li.startswith(f"| {row.code} | "))
        assert f"| {row.target * 100:g} % |" in line, row.code
