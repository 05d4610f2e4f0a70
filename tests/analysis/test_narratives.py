"""Narratives: whole sentences, Indonesian numbers, significance only when SEs exist."""

from __future__ import annotations

from django.utils import translation

from sepakat.analysis import narratives as nar

P0 = nar.Measure(name="Persentase penduduk miskin (P0)", unit="%", decimals=2, polarity=-1)


def test_it_says_the_value_and_the_change_with_its_direction():
    with translation.override("id"):
        assert nar.level_sentence(P0, "Kabupaten Alfa", 2024, 9.87) == (
            "Pada 2024, Persentase penduduk miskin (P0) di Kabupaten Alfa sebesar 9,87 persen."
        )
        text = nar.change_sentence(P0, 9.87, 2023, 11.2)
        assert text == "Angka ini turun 1,33 poin persen dari 2023 (11,20 persen): membaik."
        assert "memburuk" in nar.change_sentence(P0, 10.4, 2023, 10.0)


def test_significance_follows_the_two_standard_errors_rule():
    # 1.96 * sqrt(0.5² + 0.5²) = 1.386
    assert nar.significant(1.4, 0.5, 0.5) is True
    assert nar.significant(1.3, 0.5, 0.5) is False
    assert nar.significant(5.0, None, 0.5) is None
    with translation.override("id"):
        sig = nar.comparison_sentence(P0, "Provinsi Uji", 9.87, 10.2, 0.52, 0.30)
        assert "tidak signifikan" in sig and "0,33 poin persen" in sig
        plain = nar.comparison_sentence(P0, "Provinsi Uji", 9.87, 10.2)
        assert plain.startswith("Nilai ini lebih baik daripada Provinsi Uji (10,20 persen)")
        assert "signifikan" not in plain


def test_an_estimate_with_a_large_cv_is_flagged():
    assert nar.unreliable(2.0, 0.6) is True  # CV 30 %
    assert nar.unreliable(2.0, 0.4) is False
    with translation.override("id"):
        assert "kurang andal" in nar.reliability_sentence(2.0, 0.6)
        assert "30,0 persen" in nar.reliability_sentence(2.0, 0.6)
    assert nar.reliability_sentence(2.0, None) is None


def test_correlation_sentences_read_strength_and_direction():
    with translation.override("id"):
        out = nar.correlation_sentences("TPT", "P0", 9, 2024, 0.81, 0.008, False)
        assert out[0].startswith("Koefisien korelasi Pearson antara TPT dan P0")
        assert "0,81" in out[0]
        assert out[1] == "Hubungannya kuat dan signifikan secara statistik."
        assert "lebih buruk" in out[2]
