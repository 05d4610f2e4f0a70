"""Narratives: whole sentences, Indonesian numbers, significance only when SEs exist."""

from __future__ import annotations

from django.utils import translation

from sepakat.analysis import narratives as nar

P0 = nar.Measure(name="Persentase penduduk miskin (P0)", unit="%", decimals=2, polarity=-1)


def test_it_says_the_value_and_the_change_with_its_direction():
    with translation.override("id"):
        assert nar.level_sentence(P0, "Kabupaten Alfa", 2024, 9.87) == (
            "Pada 2024, persentase penduduk miskin (P0) di Kabupaten Alfa sebesar 9,87 persen."
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


LINE = nar.Measure(name="Garis kemiskinan", unit="Rp/kapita/bulan", decimals=0, polarity=0)
VERDICTS = ("membaik", "memburuk", "lebih baik", "lebih buruk", "terbaik", "terburuk")


def test_a_neutral_change_says_up_or_down_and_nothing_more():
    with translation.override("id"):
        up = nar.change_sentence(LINE, 609160, 2024, 594401)
        assert up == "Angka ini naik Rp 14.759 dari 2024 (Rp 594.401)."
        down = nar.change_sentence(LINE, 580000, 2024, 594401)
        assert down.startswith("Angka ini turun Rp 14.401")
    with translation.override("en"):
        assert nar.change_sentence(LINE, 609160, 2024, 594401) == (
            "This figure rose by Rp 14,759 from 2024 (Rp 594,401)."
        )
    for text in (up, down):
        assert not any(word in text for word in VERDICTS)


def test_a_neutral_comparison_says_higher_or_lower():
    with translation.override("id"):
        plain = nar.comparison_sentence(LINE, "Provinsi Uji", 609160, 590000)
        assert plain == (
            "Nilai ini lebih tinggi daripada Provinsi Uji (Rp 590.000), selisih Rp 19.160."
        )
        lower = nar.comparison_sentence(LINE, "Indonesia", 580000, 590000)
        assert lower.startswith("Nilai ini lebih rendah daripada Indonesia")
        sig = nar.comparison_sentence(LINE, "Indonesia", 609160, 590000, 1000, 1000)
        assert "lebih tinggi" in sig and "signifikan" in sig
    for text in (plain, lower, sig):
        assert not any(word in text for word in VERDICTS)


def test_a_neutral_indicator_has_an_order_and_a_position_not_a_verdict():
    with translation.override("id"):
        order = nar.order_sentence("Kabupaten Alfa", 2, 3, "Provinsi Uji")
        assert "urutan 2 dari 3" in order and "bukan peringkat" in order
        quadrant = nar.quadrant_sentence("Kabupaten Alfa", 4, None, "Provinsi Uji")
        assert quadrant.startswith(
            "Tingkat Kabupaten Alfa di atas Provinsi Uji, tetapi perubahannya di bawah "
            "Provinsi Uji (kuadran IV)."
        )
        assert nar.quadrant_label(None, 4) == "tingkat di atas, perubahan di bawah"
        relevance = nar.relevance_sentence("Alfa", "Uji", 2020, 2024, "up/up")
        assert relevance == "Antara 2020 dan 2024, perubahan di Alfa searah dengan Uji."
        assert nar.state_label("down/up") == "turun, pembanding naik"
        corr = nar.correlation_sentences("P0", "Garis kemiskinan", 9, 2024, -0.8, 0.01, None)
        assert corr[-1] == (
            "Kabupaten/kota dengan P0 lebih tinggi cenderung memiliki Garis kemiskinan "
            "lebih rendah."
        )
        high_low = nar.map_sentence(LINE, "desa", "2024", 2, "Satu", 500000, "Dua", 520000)
        assert "tertinggi ada di Dua" in high_low and "terendah di Satu" in high_low
        pair = nar.pair_quadrant_sentence("Alfa", 2, None, "Uji", "TPT", "Garis kemiskinan")
        assert pair == (
            "Alfa di bawah Uji pada TPT, tetapi di atas pada Garis kemiskinan (kuadran II)."
        )
    texts = [order, quadrant, relevance, pair, *corr, high_low]
    for text in texts:
        assert not any(word in text for word in (*VERDICTS, "Prioritas", "Pertahankan"))


POOR = nar.Measure(
    name="Jumlah penduduk miskin", unit="ribu jiwa", decimals=2, polarity=-1, kind="count"
)
PAD = nar.Measure(
    name="Pendapatan asli daerah (PAD)",
    unit="Rp miliar",
    decimals=2,
    polarity=1,
    kind="money_total",
)


def test_a_count_is_told_as_its_share_of_the_larger_area():
    with translation.override("id"):
        assert nar.share_sentence(POOR, "Indonesia", 85.15, 23850) == (
            "Angka ini setara 0,36 persen dari angka Indonesia (23.850,00 ribu jiwa)."
        )
        assert nar.share_text(POOR, 85.15, 2385.2) == "3,57 persen dari 2.385,20 ribu jiwa"
        order = nar.share_order_sentence(POOR, "Kabupaten Alfa", 3.57, 4, 27, "Provinsi Uji")
        assert order.startswith(
            "Kabupaten Alfa menyumbang 3,57 persen dari jumlah penduduk miskin di Provinsi "
            "Uji, terbesar ke-4 dari 27 kabupaten/kota."
        )
    with translation.override("en"):
        assert nar.share_sentence(POOR, "Indonesia", 85.15, 23850) == (
            "This is 0.36 percent of the figure for Indonesia (23,850.00 thousand people)."
        )


def test_a_money_total_is_pointed_to_its_per_capita_companion():
    with translation.override("id"):
        text = nar.money_total_sentence(PAD)
        assert "tidak dibandingkan dengan wilayah yang lebih besar" in text
        assert nar.comparable_hint("PAD per kapita") == (
            "Untuk membandingkan antarwilayah, gunakan PAD per kapita."
        )
        assert "per kapita" in nar.comparable_hint(None)
        assert "bukan peringkat" in nar.total_order_sentence("Alfa", 1, 3, "Uji")
        assert "Kuadran tidak disusun" in nar.no_quadrant_for_totals_sentence(PAD, "Uji")


def test_quadrant_positions_are_words_first_and_numerals_second():
    with translation.override("id"):
        assert nar.quadrant_position("worse/better", 4) == (
            "tingkat lebih buruk, perubahan lebih baik (kuadran IV)"
        )
        text = nar.quadrant_sentence("Kabupaten Alfa", 3, "better/better", "Indonesia")
        assert text == (
            "Tingkat Kabupaten Alfa lebih baik daripada Indonesia dan perubahannya juga lebih "
            "baik (kuadran III). Pertahankan."
        )
        axis = nar.quadrant_axis_sentence(5, 2019, 2024, "Indonesia")
        assert "rata-rata perubahan per tahun selama 5 tahun terakhir (2019-2024)" in axis
        assert "tidak signifikan" in nar.not_significant_sentence("Kabupaten Alfa")
        pair = nar.pair_quadrant_sentence("Alfa", 3, "worse/worse", "Uji", "TPT", "P0")
        assert pair.startswith("Alfa lebih buruk daripada Uji pada TPT dan juga pada P0")
    with translation.override("en"):
        assert nar.quadrant_position("worse/better", 4).endswith("(quadrant IV)")


def test_relevance_names_both_worsening_and_a_standstill():
    with translation.override("id"):
        both = nar.relevance_sentence("Alfa", "Indonesia", 2019, 2024, "worsening/worsening")
        assert both == (
            "Antara 2019 dan 2024, Alfa dan Indonesia sama-sama memburuk: searah, tetapi bukan "
            "ke arah yang diinginkan."
        )
        assert nar.state_label("worsening/worsening") == "sama-sama memburuk"
        still = nar.relevance_sentence("Alfa", "Indonesia", 2019, 2024, "unchanged/improving")
        assert still == "Antara 2019 dan 2024, nilai Alfa tidak berubah (Indonesia: membaik)."
        assert nar.state_label("unchanged/worsening") == "tidak berubah (pembanding: memburuk)"
        against = nar.relevance_sentence("Alfa", "Indonesia", 2019, 2024, "improving/worsening")
        assert "membaik ketika Indonesia memburuk" in against


def test_effectiveness_says_what_it_was_measured_against():
    with translation.override("id"):
        say = nar.effectiveness_sentence
        assert say("comparator", True, comparator="Indonesia", start=2019) == (
            "Perubahannya lebih baik daripada Indonesia: efektif."
        )
        assert say("comparator", False, comparator="Indonesia", start=2019, relative=True) == (
            "Diukur dalam persen, perubahannya tidak mengungguli Indonesia: tidak efektif."
        )
        assert say("baseline", True, comparator="Indonesia", start=2019) == (
            "Nilainya lebih baik daripada tahun 2019: efektif terhadap capaian awal."
        )
        assert say(
            "target", False, comparator="-", start=2019, target="9,50 persen", progress=0.8767
        ) == (
            "Target 9,50 persen belum tercapai; 87,7 persen jarak dari nilai awal ke target "
            "sudah ditempuh: tidak efektif terhadap target."
        )
        assert "Isikan target" in say("target", None, comparator="-", start=2019)
        assert say("comparator", None, comparator="Indonesia", start=2019) is None


def test_a_name_inside_a_sentence_starts_small_unless_it_is_an_acronym():
    def named(name: str) -> str:
        return nar.Measure(name=name, unit="%", decimals=2, polarity=-1).in_text

    assert named("Persentase penduduk miskin (P0)") == "persentase penduduk miskin (P0)"
    assert named("PDRB per kapita atas dasar harga berlaku") == (
        "PDRB per kapita atas dasar harga berlaku"
    )
    assert named("IPM") == "IPM" and named("P0 perkotaan") == "P0 perkotaan"
    with translation.override("id"):
        text = nar.level_sentence(P0, "Kabupaten Alfa", 2024, 9.87)
    assert text.startswith("Pada 2024, persentase penduduk miskin (P0) di Kabupaten Alfa")
