from __future__ import annotations

import pytest

from sepakat.planning.codes import (
    GovernmentLevel,
    NomenclatureKind,
    is_skpd_code,
    kind_of_code,
    level_from_code,
    wildcard_code,
)


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("1", NomenclatureKind.URUSAN),
        ("1.02", NomenclatureKind.BIDANG),
        ("1.02.02", NomenclatureKind.PROGRAM),
        ("X.XX.01", NomenclatureKind.PROGRAM),
        ("1.02.02.2.01", NomenclatureKind.KEGIATAN),
        ("1.02.02.2.01.0006", NomenclatureKind.SUB_KEGIATAN),
        ("1.02.02.2.01.06", None),  # the two-digit sub of the 2020 list
        ("1.02.02.3.01.0006", None),  # no level 3
        ("1.1", None),  # what Excel makes of 1.10
        ("1.02.02.2", None),
        ("", None),
    ],
)
def test_it_knows_the_kind_of_a_code_by_its_shape(code: str, kind: str | None) -> None:
    assert kind_of_code(code) == kind


def test_it_takes_the_level_from_the_kegiatan_digit() -> None:
    # Upper-secondary schooling is the province's, primary the kab/kota's.
    assert level_from_code("1.01.02.1.01.0025") == GovernmentLevel.PROVINCE
    assert level_from_code("1.01.02.2.01.0025") == GovernmentLevel.KAB_KOTA
    assert level_from_code("1.01.02.1.01") == GovernmentLevel.PROVINCE
    assert level_from_code("1.01.02") == GovernmentLevel.BOTH
    assert level_from_code("1.01") == GovernmentLevel.BOTH


def test_it_maps_a_code_to_the_shared_support_programme() -> None:
    assert wildcard_code("1.02.01.2.02.0001") == "X.XX.01.2.02.0001"
    assert wildcard_code("1.02") is None
    assert wildcard_code("X.XX.01") is None


def test_it_knows_an_organisation_code() -> None:
    assert is_skpd_code("1.02.0.00.0.00.01.0000")
    assert not is_skpd_code("1.02.01")
    assert not is_skpd_code("1.02.0.00.0.00.01")
