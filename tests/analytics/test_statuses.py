"""The status rules: who is in an indicator's reference population, and who has achieved it."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sepakat.analytics.errors import InputError
from sepakat.analytics.statuses import RULES, derive_statuses, missing_roles, status_column
from sepakat.priorities.catalogue import CATALOGUE


def test_every_catalogue_indicator_has_a_rule_and_every_rule_an_indicator() -> None:
    assert {row.code for row in CATALOGUE} == set(RULES)


def test_school_participation_counts_only_children_of_the_age() -> None:
    people = pl.DataFrame(
        {"age": [6, 7, 12, 13, 15, 16, 18, 19], "in_school": [1, 1, 0, 1, 0, 1, 0, 1]}
    )
    out = derive_statuses(people, codes=["PDK02", "PDK03", "PDK04"])
    assert out["status_pdk02"].to_list() == [None, 1, 0, None, None, None, None, None]
    assert out["status_pdk03"].to_list() == [None, None, None, 1, 0, None, None, None]
    assert out["status_pdk04"].to_list() == [None, None, None, None, None, 1, 0, None]


def test_births_are_about_women_15_49_who_gave_birth_in_two_years() -> None:
    people = pl.DataFrame(
        {
            "sex": [2, 2, 2, 1, 2],
            "age": [25, 30, 52, 30, 19],
            "gave_birth_2y": [True, True, True, True, False],
            "anc_visits": [4, 2, 6, 5, 0],
            "birth_facility": [True, False, True, True, None],
        }
    )
    out = derive_statuses(people, codes=["KES01", "KES02"])
    assert out["status_kes01"].to_list() == [1, 0, None, None, None]
    assert out["status_kes02"].to_list() == [1, 0, None, None, None]


def test_adequate_housing_needs_all_four_criteria() -> None:
    base = {
        "floor_area": [36.0] * 5,
        "household_size": [4, 6, 4, 4, 4],  # 6 persons: 6 m2 each, too little
        "roof_adequate": [True] * 5,
        "wall_permanent": [True, True, False, True, True],
        "floor_not_earth": [True] * 5,
        "water_improved": [True, True, True, False, True],
        "sanitation_improved": [True] * 5,
    }
    out = derive_statuses(pl.DataFrame(base), codes=["IRT03", "IRT09"])
    assert out["status_irt03"].to_list() == [1, 0, 0, 0, 1]
    assert out["status_irt09"].to_list() == [1, 0, 1, 1, 1]


def test_assistance_is_measured_among_the_poor_and_vulnerable_only() -> None:
    people = pl.DataFrame(
        {
            "age": [30, 30, 30, 70],
            "welfare": [400.0, 740.0, 760.0, 300.0],
            "poverty_line": [500.0] * 4,  # vulnerable below 750
            "receives_pkh": [True, False, True, False],
            "receives_any": [True, False, True, True],
        }
    )
    out = derive_statuses(people, codes=["PRS03", "PRS09"])
    assert out["status_prs03"].to_list() == [1, 0, None, 0]  # the poor of any age
    assert out["status_prs09"].to_list() == [None, None, None, 1]


def test_an_unknown_answer_stays_unknown_not_deprived() -> None:
    people = pl.DataFrame({"age": [8, 9], "in_school": [None, True]}, strict=False)
    assert derive_statuses(people, codes=["PDK02"])["status_pdk02"].to_list() == [None, 1]


def test_missing_roles_are_named_or_left_empty_on_request() -> None:
    people = pl.DataFrame({"age": [8, 40]})
    with pytest.raises(InputError, match="PDK02: in_school"):
        derive_statuses(people, codes=["PDK02"])
    out = derive_statuses(people, codes=["PDK02"], skip_missing=True)
    assert out["status_pdk02"].to_list() == [None, None]
    assert missing_roles(["age"], ["PDK02", "KES05"]) == {
        "PDK02": ["in_school"],
        "KES05": ["jkn"],
    }
    with pytest.raises(InputError, match="XYZ01"):
        derive_statuses(people, codes=["XYZ01"])


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 90),
            st.sampled_from([1, 2]),
            st.booleans(),
            st.booleans(),
            st.floats(100, 5000),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_statuses_are_0_1_or_empty_and_empty_exactly_outside_the_reference(
    rows: list[tuple[int, int, bool, bool, float]],
) -> None:
    people = pl.DataFrame(
        rows, schema=["age", "sex", "in_school", "jkn", "welfare"], orient="row"
    ).with_columns(poverty_line=pl.lit(1000.0), receives_any=pl.col("jkn"))
    codes = ["PDK02", "KES05", "PRS05", "PRS11"]
    out = derive_statuses(people, codes=codes)
    for code in codes:
        values = out[status_column(code)]
        assert set(values.drop_nulls().to_list()) <= {0, 1}
        inside = out.with_columns(_in=RULES[code].reference().fill_null(False))["_in"]
        assert (values.is_not_null() == inside).all()
    # Everybody belongs to JKN's reference population; only persons 60+ to PRS11's.
    assert out["status_kes05"].null_count() == 0
    assert (
        out.filter(pl.col("age") < 60)["status_prs11"].null_count()
        == out.filter(pl.col("age") < 60).height
    )


def test_child_marriage_concerns_women_20_24_and_never_married_is_achieved() -> None:
    people = pl.DataFrame(
        {
            "sex": [2, 2, 2, 1, 2],
            "age": [21, 22, 23, 22, 30],
            "first_marriage_age": [16, 19, None, 16, 15],
        }
    )
    out = derive_statuses(people, codes=["PRS13"])
    assert out["status_prs13"].to_list() == [0, 1, 1, None, None]
