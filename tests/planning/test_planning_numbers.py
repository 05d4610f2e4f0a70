"""Targets on the plan pages are written with the decimal comma an Indonesian reader expects."""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation

from sepakat.planning.templatetags.planning_tags import angka


def test_a_target_uses_the_comma_in_indonesian_and_the_point_in_english() -> None:
    with translation.override("id"):
        assert angka("12.880") == "12,88"
        assert angka(Decimal("13.6800")) == "13,68"
        assert angka("100.00") == "100"
        assert angka(Decimal("1E+2")) == "100"
    with translation.override("en"):
        assert angka("12.880") == "12.88"


def test_nothing_and_text_that_is_no_number_pass_unchanged() -> None:
    assert angka(None) == ""
    assert angka("") == ""
    assert angka("n/a") == "n/a"
