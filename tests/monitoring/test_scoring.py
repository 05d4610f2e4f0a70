"""Achievement and bands of Permendagri 86/2017, effort and pace, as pure functions."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sepakat.monitoring.scoring import achievement_pct, band, effort_pct, trend, year_reached

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)
positive = st.floats(min_value=1e-3, max_value=1e6, allow_nan=False)


@pytest.mark.parametrize(
    ("pct", "expected"),
    [
        (91, "sangat tinggi"),
        (100, "sangat tinggi"),
        (90.5, "tinggi"),
        (90, "tinggi"),
        (76, "tinggi"),
        (75.5, "sedang"),
        (66, "sedang"),
        (65.5, "rendah"),
        (51, "rendah"),
        (50.5, "sangat rendah"),
        (50, "sangat rendah"),
        (-20, "sangat rendah"),
    ],
)
def test_bands_of_the_rule_and_between_them_the_lower(pct: float, expected: str) -> None:
    assert band(pct, 1) == expected
    assert band(pct, -1) == expected


def test_neutral_and_missing_have_no_band() -> None:
    assert band(95.0, 0) is None
    assert band(None, 1) is None


@given(st.floats(min_value=-500, max_value=500, allow_nan=False))
def test_band_is_the_written_interval_of_the_value(pct: float) -> None:
    # the rule's whole-number intervals, a value between two going to the lower one
    expected = (
        "sangat tinggi"
        if pct >= 91
        else "tinggi"
        if pct >= 76
        else "sedang"
        if pct >= 66
        else "rendah"
        if pct >= 51
        else "sangat rendah"
    )
    assert band(pct, 1) == expected


@given(positive, finite)
def test_formula_higher_is_better(target: float, realisation: float) -> None:
    pct = achievement_pct(target, realisation, 1)
    assert pct is not None
    assert math.isclose(pct, realisation / target * 100, rel_tol=1e-12, abs_tol=1e-9)


@given(positive, finite)
def test_formula_lower_is_better(target: float, realisation: float) -> None:
    pct = achievement_pct(target, realisation, -1)
    assert pct is not None
    assert math.isclose(pct, (2 * target - realisation) / target * 100, rel_tol=1e-12, abs_tol=1e-6)
    # meeting the target exactly is 100 % whichever way is better
    assert achievement_pct(target, target, -1) == pytest.approx(100.0)


def test_lower_is_better_examples_and_the_ratio_alternative() -> None:
    # poverty rate target 10 %, realised 11 %: 90 % (standard), 90.9 % (ratio)
    assert achievement_pct(10, 11, -1) == pytest.approx(90.0)
    assert achievement_pct(10, 11, -1, formula="ratio") == pytest.approx(90.909, abs=1e-3)
    assert achievement_pct(0, 5, 1) is None
    assert achievement_pct(10, None, 1) is None


def test_effort_is_the_share_of_the_needed_change() -> None:
    # from 12 to a target of 10: realised 11 closes half the gap
    assert effort_pct(12, 10, 11) == pytest.approx(50.0)
    assert effort_pct(12, 10, 13) == pytest.approx(-50.0)
    assert effort_pct(10, 10, 11) is None


def test_trend_and_the_year_reached_at_the_current_pace() -> None:
    assert trend(12, 11, 10) == "toward"
    assert trend(12, 13, 10) == "away"
    assert trend(12, 12, 10) == "flat"
    # poverty falling 0.5 a year from 12 (2025), target 10: reached in 2029
    history = [(2023, 13.0), (2024, 12.5), (2025, 12.0)]
    assert year_reached(history, 10.0, -1) == 2029
    # rising: never at this pace
    assert year_reached([(2024, 11.0), (2025, 12.0)], 10.0, -1) is None
    assert year_reached([(2024, 12.0), (2025, 12.0)], 10.0, -1) is None
    assert year_reached([(2025, 9.0)], 10.0, -1) == 2025
