"""Invariances of the code rules and the number reading, for any input."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from sepakat.planning.checks import check_target, parse_number
from sepakat.planning.codes import GovernmentLevel, NomenclatureKind, kind_of_code, level_from_code

digits = st.integers(min_value=0, max_value=99).map(lambda n: f"{n:02d}")


@given(
    urusan=st.integers(1, 8),
    bidang=digits,
    program=digits,
    level=st.sampled_from(["1", "2"]),
    kegiatan=digits,
    sub=st.integers(1, 9999),
)
def test_a_sub_kegiatan_code_has_the_level_of_its_digit(
    urusan: int, bidang: str, program: str, level: str, kegiatan: str, sub: int
) -> None:
    code = f"{urusan}.{bidang}.{program}.{level}.{kegiatan}.{sub:04d}"
    assert kind_of_code(code) == NomenclatureKind.SUB_KEGIATAN
    expected = GovernmentLevel.PROVINCE if level == "1" else GovernmentLevel.KAB_KOTA
    assert level_from_code(code) == expected
    # its kegiatan has the same level; a two-digit sub is never taken for a sub kegiatan
    assert level_from_code(code.rsplit(".", 1)[0]) == expected
    assert kind_of_code(f"{code.rsplit('.', 1)[0]}.{sub % 100:02d}") is None


@given(st.text(max_size=30))
def test_any_text_is_either_a_known_kind_or_refused(text: str) -> None:
    assert kind_of_code(text) in (None, *NomenclatureKind)


@given(st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-1e9, max_value=1e9))
def test_a_decimal_comma_reads_as_a_decimal_point(value: Decimal) -> None:
    text = str(value)
    assert parse_number(text.replace(".", ",")) == parse_number(text) == value


@given(
    st.floats(min_value=0, max_value=1000, allow_nan=False),
    st.floats(min_value=0, max_value=1000, allow_nan=False),
)
def test_exactly_one_polarity_refuses_a_move(baseline: float, target: float) -> None:
    up = check_target(target=target, baseline=baseline, polarity=1)
    down = check_target(target=target, baseline=baseline, polarity=-1)
    if target == baseline:
        assert up is None and down is None
    else:
        assert (up is None) != (down is None)
    assert check_target(target=target, baseline=baseline, polarity=0) is None
