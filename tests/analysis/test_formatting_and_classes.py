"""Numbers in Indonesian and English format; map classifications."""

from __future__ import annotations

import random

import pytest
from django.utils import translation

from sepakat.analysis import classify
from sepakat.analysis.formatting import format_number, format_points, format_value


def test_it_writes_indonesian_numbers():
    with translation.override("id"):
        assert format_value(9.8712, "%", 2) == "9,87 persen"
        assert format_value(512345, "Rp/kapita/bulan", 0) == "Rp 512.345"
        assert format_value(1234.5, "ribu jiwa", 1) == "1.234,5 ribu jiwa"
        assert format_value(0.3812, "rasio", 3) == "0,381"
        assert format_number(-1234567.891, 2) == "-1.234.567,89"
        assert format_number(0.4, 1, signed=True) == "+0,4"
        assert format_points(-1.33, "%", 2) == "1,33 poin persen"
        assert format_value(None, "%") == "-"


def test_it_writes_english_numbers():
    with translation.override("en"):
        assert format_value(9.8712, "%", 2) == "9.87 percent"
        assert format_value(512345, "Rp/kapita/bulan", 0) == "Rp 512,345"
        assert format_number(1234.5, 1) == "1,234.5"


def test_jenks_finds_the_obvious_groups():
    values = [1, 2, 3, 10, 11, 12, 30, 31, 32]
    assert classify.jenks_breaks(values, 3) == [3.0, 12.0, 32.0]
    assert [classify.class_of(v, [3.0, 12.0, 32.0]) for v in (1, 3, 4, 12, 31)] == [0, 0, 1, 1, 2]


def test_jenks_is_optimal_against_brute_force():
    from itertools import combinations

    random.seed(7)
    values = sorted(round(random.uniform(0, 100), 1) for _ in range(12))

    def cost(groups):
        total = 0.0
        for g in groups:
            m = sum(g) / len(g)
            total += sum((v - m) ** 2 for v in g)
        return total

    best = min(
        cost([values[:a], values[a:b], values[b:]])
        for a, b in combinations(range(1, len(values)), 2)
    )
    bounds = classify.jenks_breaks(values, 3)
    groups = [[v for v in values if classify.class_of(v, bounds) == i] for i in range(3)]
    assert cost(groups) == pytest.approx(best)


def test_quantiles_and_equal_intervals():
    assert classify.equal_interval_breaks([0, 5, 10], 5) == [2.0, 4.0, 6.0, 8.0, 10.0]
    assert classify.quantile_breaks(list(range(1, 11)), 2) == [5.5, 10.0]
    # Fewer distinct values than classes give fewer classes, never empty ones.
    assert classify.jenks_breaks([4, 4, 4, 9], 5) == [4.0, 9.0]
    assert classify.breaks([], "jenks") == []
    with pytest.raises(ValueError):
        classify.breaks([1, 2], "kmeans")
