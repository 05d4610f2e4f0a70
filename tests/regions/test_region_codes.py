from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sepakat.regions.codes import normalise_bps_code, normalise_kemendagri_code


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("32", "32"),
        ("32.01", "32.01"),
        (" 32.01.01 ", "32.01.01"),
        ("32.01.01.2001", "32.01.01.2001"),
        ("3201", "32.01"),
        ("320101", "32.01.01"),
        ("3201012001", "32.01.01.2001"),
        ("32.1", None),  # 32.10 after a spreadsheet read it as a number
        ("32.01.01.201", None),
        ("3", None),
        ("32.01.01.2001.1", None),
        ("ID", None),
        ("", None),
        ("32,01", None),
    ],
)
def test_it_reads_kemendagri_codes_as_text(raw: str, expected: str | None) -> None:
    assert normalise_kemendagri_code(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("35", "35"),
        ("3501", "3501"),
        ("3501010", "3501010"),
        ("3501010012", "3501010012"),
        ("id3501010012", "3501010012"),
        ("ID3501", "3501"),
        ("35.01", None),
        ("350101", None),
        ("", None),
    ],
)
def test_it_reads_bps_codes_and_strips_the_iso_prefix(raw: str, expected: str | None) -> None:
    assert normalise_bps_code(raw) == expected


@given(
    st.lists(st.integers(min_value=0, max_value=99), min_size=3, max_size=3),
    st.integers(min_value=1000, max_value=2999),
)
def test_undotted_and_dotted_kemendagri_codes_agree(parts: list[int], desa: int) -> None:
    dotted = ".".join(f"{p:02d}" for p in parts) + f".{desa}"
    assert normalise_kemendagri_code(dotted.replace(".", "")) == dotted
    assert normalise_kemendagri_code(dotted) == dotted
