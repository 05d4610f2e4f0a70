from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from sepakat.planning.checks import (
    Catalogue,
    Entry,
    check_level,
    check_location,
    check_opd,
    check_sub_kegiatan_in_force,
    check_target,
    parse_number,
)
from sepakat.planning.codes import GovernmentLevel
from sepakat.regions.models import Level

SMA = Entry("1.01.02.1.01.0025", "sub_kegiatan", "provinsi", "Pengelolaan Dana BOS SMA")
SD = Entry("1.01.02.2.01.0025", "sub_kegiatan", "kabkota", "Pengelolaan Dana BOS SD")
GAJI = Entry("X.XX.01.2.02.0001", "sub_kegiatan", "kabkota", "Penyediaan Gaji dan Tunjangan ASN")
KEGIATAN = Entry("1.01.02.2.01", "kegiatan", "kabkota", "Pengelolaan Pendidikan SD")
CATALOGUE = Catalogue(
    "Kepmendagri 050-5889/2021",
    date(2022, 1, 1),
    {e.code: e for e in (SMA, SD, GAJI, KEGIATAN)},
)
ON = date(2025, 6, 1)


def test_a_sub_kegiatan_of_the_version_in_force_passes() -> None:
    assert check_sub_kegiatan_in_force(code="1.01.02.2.01.0025", catalogue=CATALOGUE, on=ON) is None
    # the support programme published once as X.XX matches every bidang
    assert check_sub_kegiatan_in_force(code="1.02.01.2.02.0001", catalogue=CATALOGUE, on=ON) is None


def test_an_unknown_code_is_refused_with_the_version_named() -> None:
    failure = check_sub_kegiatan_in_force(code="1.01.02.2.01.0099", catalogue=CATALOGUE, on=ON)
    assert failure is not None and failure.check == "nomenclature"
    assert "1.01.02.2.01.0099" in failure.message
    assert "Kepmendagri 050-5889/2021" in failure.message
    assert "tidak ada dalam nomenklatur" in failure.message


def test_a_kegiatan_code_is_not_a_sub_kegiatan() -> None:
    failure = check_sub_kegiatan_in_force(code="1.01.02.2.01", catalogue=CATALOGUE, on=ON)
    assert failure is not None and "bukan kode sub kegiatan" in failure.message


def test_six_parts_with_a_wrong_level_digit_say_which_part_is_wrong() -> None:
    # six parts as asked, so the reason must name the level digit a planner got wrong
    failure = check_sub_kegiatan_in_force(code="1.01.02.9.01.0025", catalogue=CATALOGUE, on=ON)
    assert failure is not None and "bukan kode sub kegiatan" in failure.message
    assert "tingkat 1 untuk provinsi atau 2 untuk kabupaten/kota" in failure.message


def test_without_a_version_in_force_the_plan_cannot_be_checked() -> None:
    failure = check_sub_kegiatan_in_force(code=SD.code, catalogue=None, on=date(2020, 1, 1))
    assert failure is not None and "2020-01-01" in failure.message


def test_a_kab_may_not_plan_upper_secondary_schooling() -> None:
    failure = check_level(entry=SMA, region_level=Level.REGENCY)
    assert failure is not None and failure.check == "level"
    assert "kewenangan provinsi" in failure.message and SMA.code in failure.message
    assert check_level(entry=SD, region_level=Level.REGENCY) is None


def test_a_province_may_not_plan_a_kab_kota_sub_kegiatan() -> None:
    failure = check_level(entry=SD, region_level=Level.PROVINCE)
    assert failure is not None and "kewenangan kabupaten/kota" in failure.message
    assert check_level(entry=SMA, region_level=Level.PROVINCE) is None


def test_items_of_both_levels_pass_for_either() -> None:
    shared = Entry("1.01.02", "program", GovernmentLevel.BOTH, "Program Pengelolaan Pendidikan")
    assert check_level(entry=shared, region_level=Level.PROVINCE) is None
    assert check_level(entry=shared, region_level=Level.REGENCY) is None


def test_a_kecamatan_makes_no_plan() -> None:
    assert check_level(entry=SD, region_level=Level.DISTRICT) is not None


def test_a_location_must_lie_inside_the_region() -> None:
    assert check_location(location_code="98.01.01", region_code="98.01") is None
    assert check_location(location_code="98.01.01.2001", region_code="98.01") is None
    assert check_location(location_code="98.01", region_code="98.01") is None
    outside = check_location(location_code="98.02.01", region_code="98.01")
    assert outside is not None and "di luar wilayah 98.01" in outside.message
    # a prefix that is not a code boundary is outside: 98.011 is not in 98.01
    assert check_location(location_code="98.011", region_code="98.01") is not None


def test_a_location_must_be_known_when_the_codes_are_given() -> None:
    failure = check_location(
        location_code="98.01.09", region_code="98.01", known_codes={"98.01.01"}
    )
    assert failure is not None and "tidak dikenal" in failure.message


@pytest.mark.parametrize(
    ("target", "baseline", "polarity", "ok"),
    [
        (80, 70, 1, True),
        (70, 70, 1, True),  # holding the level is a target
        (60, 70, 1, False),
        (8.5, 10.2, -1, True),
        (11, 10.2, -1, False),
        ("12,5", "10", 1, True),
        (5, 10, 0, True),  # neutral: no direction
        (5, None, 1, True),  # no baseline: no direction
    ],
)
def test_a_target_moves_in_the_direction_of_the_polarity(
    target: object, baseline: object, polarity: int, ok: bool
) -> None:
    failure = check_target(target=target, baseline=baseline, polarity=polarity)
    assert (failure is None) is ok
    if failure is not None:
        assert failure.check == "target" and "kondisi awal" in failure.message


def test_a_target_must_be_a_number() -> None:
    failure = check_target(target="naik", baseline=1, polarity=1, indicator="APK SD")
    assert failure is not None and "'naik'" in failure.message and "APK SD" in failure.message
    assert check_target(target="1.234,5", baseline=1, polarity=1) is not None
    assert check_target(target=float("nan"), baseline=1, polarity=1) is not None


def test_a_percentage_target_lies_within_0_and_100() -> None:
    failure = check_target(target=120, baseline=80, polarity=1, unit="%")
    assert failure is not None and "0 dan 100" in failure.message
    assert check_target(target=95, baseline=80, polarity=1, unit="persen") is None


def test_numbers_are_read_with_a_decimal_comma() -> None:
    assert parse_number("12,5") == Decimal("12.5")
    assert parse_number(" 7 ") == Decimal("7")
    assert parse_number(True) is None


def test_the_opd_must_be_an_active_agency_of_the_region() -> None:
    skpds = {
        "1.02.0.00.0.00.01.0000": ("Dinas Kesehatan", True),
        "1.06.0.00.0.00.01.0000": ("Dinas Sosial lama", False),
    }
    assert check_opd(skpd_code="1.02.0.00.0.00.01.0000", skpds=skpds) is None
    missing = check_opd(skpd_code="1.03.0.00.0.00.01.0000", skpds=skpds, region_name="Alfa")
    assert missing is not None and "tidak ada dalam daftar SKPD Alfa" in missing.message
    inactive = check_opd(skpd_code="1.06.0.00.0.00.01.0000", skpds=skpds)
    assert inactive is not None and "tidak aktif" in inactive.message


def test_messages_have_an_english_translation() -> None:
    from django.utils import translation

    with translation.override("en"):
        failure = check_level(entry=SMA, region_level=Level.REGENCY)
    assert failure is not None and "province" in failure.message.lower()
