"""The region dashboard: headline figures, comparators, CIs, flags; who may see what."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = reverse("analysis:dashboard")


def test_it_shows_the_latest_year_with_change_province_nation_and_ci(client, world, login_as):
    login_as(world["kab_a"].users.get(username="alice"))
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    p0 = response.context["db"].headline[0]
    assert response.context["db"].year == 2024
    assert p0.indicator.code == "KMS01" and p0.value == 9.87
    assert p0.prev_year == 2023 and p0.change == pytest.approx(-1.33)
    assert p0.parent_value == 10.2 and p0.nation_value == 9.03
    assert "9,87 persen" in html
    assert "Provinsi Uji" in html and "10,20 persen" in html and "9,03 persen" in html
    # From microdata: a 95 % interval 9.87 ± 1.96 * 0.52.
    assert "8,85 persen – 10,89 persen" in html
    # 1.33 against 1.96 * sqrt(0.52² + 0.55²) = 1.48: not significant, and said so.
    assert "tidak signifikan" in p0.narrative
    assert "Rp 549.380" in html  # the poverty line, Indonesian format
    # Key indicators of other areas, by area.
    areas = dict(response.context["db"].key_by_area)
    assert [f.indicator.code for f in areas["Ketenagakerjaan"]] == ["TKJ01"]


def test_it_never_shows_a_draft_value(client, world, login_as):
    login_as(world["kab_a"].users.get(username="alice"))
    response = client.get(URL)
    kms05 = next(f for f in response.context["db"].headline if f.indicator.code == "KMS05")
    assert kms05.value is None
    assert "777" not in response.content.decode()


def test_a_year_can_be_chosen(client, world, login_as):
    login_as(world["kab_a"].users.get(username="alice"))
    response = client.get(URL, {"tahun": "2023"})
    p0 = response.context["db"].headline[0]
    assert p0.year == 2023 and p0.value == 11.2 and p0.prev_year == 2022


def test_it_flags_an_unreliable_estimate(client, world, login_as):
    from sepakat.datahub.models import Observation

    Observation.objects.filter(indicator__code="KMS01", region__code="98.01", period="2024").update(
        standard_error=3.0
    )  # CV 30 %
    login_as(world["kab_a"].users.get(username="alice"))
    response = client.get(URL)
    assert response.context["db"].headline[0].unreliable
    assert "perkiraan kurang andal" in response.content.decode()


def test_the_number_of_queries_is_pinned(client, world, login_as, django_assert_max_num_queries):
    login_as(world["kab_a"].users.get(username="alice"))
    client.get(URL)  # warm caches (content types, sessions)
    with django_assert_max_num_queries(8):
        response = client.get(URL)
    assert response.status_code == 200


def test_it_validates_the_region(client, world, personas, login_as):
    """charlie (kab B) may not open kab A: 404, not someone else's data."""
    login_as(personas["charlie"])
    assert client.get(URL, {"wilayah": "98.01"}).status_code == 404
    assert client.get(URL, {"wilayah": "98"}).status_code == 404
    own = client.get(URL)
    assert own.context["region"].code == "98.02"


def test_a_province_admin_chooses_among_the_province_and_its_kab(client, world, personas, login_as):
    login_as(personas["hana"])
    response = client.get(URL)
    assert response.context["region"].code == "98"
    codes = [r.code for r in response.context["frame"].choices]
    assert codes == ["98", "98.01", "98.02", "98.03"]
    kab = client.get(URL, {"wilayah": "98.03"})
    assert kab.context["db"].headline[0].value == 10.3


def test_the_centre_may_open_any_region(client, world, personas, login_as):
    login_as(personas["diana"])
    assert client.get(URL).context["region"].code == "98"
    assert client.get(URL, {"wilayah": "98.02"}).status_code == 200


def test_roles(client, world, personas, login_as):
    assert client.get(URL).status_code == 302  # anonymous: to the login page
    login_as(personas["erin"])  # data operator: enters data, does not analyse
    assert client.get(URL).status_code == 403
    login_as(personas["frank"])  # viewer: reads dashboards and reports
    response = client.get(URL)
    assert response.status_code == 200
    assert "Hitung dari mikrodata" not in response.content.decode()
    login_as(personas["grace"])  # trainer
    assert client.get(URL).status_code == 200


def test_the_menu_leads_to_the_dashboard(client, world, personas, login_as):
    login_as(personas["alice"])
    html = client.get(reverse("core:dashboard")).content.decode()
    assert f'href="{URL}"' in html


JUDGEMENTS = ("membaik", "memburuk", "lebih baik", "lebih buruk", "terbaik")


def test_the_poverty_line_is_described_not_judged(client, world, login_as):
    """It rises with prices: up or down and higher or lower, never better or worse."""
    login_as(world["kab_a"].users.get(username="alice"))
    response = client.get(URL)
    line = next(f for f in response.context["db"].headline if f.indicator.code == "KMS04")
    assert line.improving is None
    assert "Angka ini naik Rp 12.345 dari 2023 (Rp 537.035)." in line.sentences
    assert "Nilai ini lebih tinggi daripada Provinsi Uji (Rp 544.380), selisih Rp 5.000." in (
        line.sentences
    )
    assert not any(word in line.narrative for word in JUDGEMENTS)
    card = response.content.decode().split('data-indicator="KMS04"', 1)[1].split("</article>")[0]
    assert "membaik" not in card and "memburuk" not in card


def test_the_number_of_poor_is_a_share_of_the_province_not_better_or_worse(client, world, login_as):
    login_as(world["kab_a"].users.get(username="alice"))
    response = client.get(URL, {"tahun": "2023"})
    poor = next(f for f in response.context["db"].headline if f.indicator.code == "KMS05")
    assert poor.value == 134.4 and poor.parent_value == 318.0
    assert poor.parent_share == pytest.approx(100 * 134.4 / 318)
    assert poor.sentences[2:5] == [
        "Angka ini setara 42,26 persen dari angka Provinsi Uji (318,00 ribu jiwa).",
        "Angka ini setara 0,51 persen dari angka Indonesia (26.208,00 ribu jiwa).",
        "Dibaca bersama Persentase penduduk miskin (P0): 11,20 persen.",
    ]
    assert "lebih baik" not in poor.narrative and "lebih buruk" not in poor.narrative
    card = response.content.decode().split('data-indicator="KMS05"', 1)[1].split("</article>")[0]
    assert "42,26 persen dari 318,00 ribu jiwa" in card
    assert "0,51 persen dari 26.208,00 ribu jiwa" in card
    # The rate is read beside it, in the same card and in its own.
    assert "Persentase penduduk miskin (P0)</a>: 11,20 persen" in card


def _change(html: str, code: str) -> str:
    card = html.split(f'data-indicator="{code}"', 1)[1].split("</article>")[0]
    return card.split('<dd class="change', 1)[1].split("</dd>")[0]


def test_the_arrow_shows_the_direction_and_the_word_the_judgement(client, world, login_as):
    login_as(world["kab_a"].users.get(username="alice"))
    response = client.get(URL)
    html = response.content.decode()
    # P0 fell: the arrow points down, and the fall is an improvement.
    p0 = _change(html, "KMS01")
    # The number stays with its arrow; the word may wrap below them in a narrow card.
    assert p0.startswith(' better"><span class="nowrap">-1,33 <span class="arrow" title="turun"')
    assert "▼" in p0 and "▲" not in p0 and "membaik" in p0
    # Kab A's P0 figure: down and better; unemployment fell too (6.3 -> 6.1).
    tpt = _change(html, "TKJ01")
    assert "▼" in tpt and "membaik" in tpt and "better" in tpt
    # The poverty line rose: up, and no word or colour.
    line = _change(html, "KMS04")
    assert line.startswith('"><span class="nowrap">+12.345 <span class="arrow" title="naik"')
    assert "▲" in line and "membaik" not in line and "memburuk" not in line
    figures = {f.indicator.code: f for f in response.context["db"].headline}
    assert (figures["KMS01"].direction, figures["KMS01"].improving) == (-1, True)
    assert (figures["KMS04"].direction, figures["KMS04"].improving) == (1, None)


def test_assistance_coverage_is_shown_with_its_leakage_beside_it(client, world, login_as):
    login_as(world["kab_a"].users.get(username="alice"))
    response = client.get(URL)
    areas = dict(response.context["db"].key_by_area)
    coverage, leakage = areas["Perlindungan sosial"]
    assert (coverage.indicator.code, leakage.indicator.code) == ("PLS06", "PLS12")
    assert coverage.companion is not None and coverage.companion.value == 14.5
    assert "Dibaca bersama Kebocoran bantuan sosial ke desil 7-10: 14,50 persen." in (
        coverage.sentences
    )
    # Leakage is judged the other way: more of it is worse.
    assert "Nilai ini lebih buruk daripada Provinsi Uji (11,00 persen)" in leakage.narrative
    html = response.content.decode()
    assert 'data-indicator="PLS12"' in html


def test_the_key_indicators_are_one_grid_of_cards_named_by_area(client, world, login_as):
    login_as(world["kab_a"].users.get(username="alice"))
    html = client.get(URL).content.decode()
    grid = html.split('<div class="figures key-figures">', 1)[1].split("</div>\n", 1)[0]
    assert grid.count('<article class="figure') == 3  # TKJ01, PLS06 and its leakage PLS12
    for area in ("Ketenagakerjaan", "Perlindungan sosial"):
        assert f'<p class="area-label">{area}</p>' in grid
    assert "{#" not in html and "{%" not in html
