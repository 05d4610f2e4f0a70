"""The analysis cache: pages are computed once and shown again until verified data change;
regions, user scopes and languages never share an entry."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.http import QueryDict
from django.urls import reverse

from sepakat.analysis.cache import analysis_key
from sepakat.datahub import verification
from sepakat.datahub.generations import bump_data_generation, data_generation
from sepakat.datahub.models import (
    Dataset,
    Indicator,
    Observation,
    Submission,
    SubmissionStatus,
    SubmissionValue,
)
from sepakat.regions.models import Level

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("analysis:dashboard")
INDICATOR = reverse("analysis:indicator")


def _submitted_p0(world: dict[str, Any], personas: dict[str, Any], value: float) -> Submission:
    """A data operator's submission of kab A's P0 for 2024, waiting for verification."""
    dataset = Dataset.objects.create(
        code="susenas-kab",
        name_id="Indikator kemiskinan",
        name_en="Poverty indicators",
        kind="indicators",
        row_level=Level.REGENCY,
        agency="BPS",
    )
    submission = Submission.objects.create(
        dataset=dataset,
        region=world["kab_a"],
        created_by=personas["erin"],
        status=SubmissionStatus.SUBMITTED,
    )
    SubmissionValue.objects.create(
        submission=submission,
        indicator=Indicator.objects.get(code="KMS01", owner_region__isnull=True),
        region=world["kab_a"],
        period="2024",
        value=value,
    )
    return submission


def _p0_on_page(client: Any) -> float:
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    return float(response.context["db"].headline[0].value)


def test_it_shows_newly_verified_data_on_the_next_request(client, world, personas, login_as):
    login_as(personas["alice"])
    assert _p0_on_page(client) == 9.87
    # Changed behind the services' back: the cached page stays as computed...
    Observation.objects.filter(indicator__code="KMS01", region__code="98.01", period="2024").update(
        value=1.0
    )
    assert _p0_on_page(client) == 9.87
    assert "9,87 persen" in client.get(DASHBOARD).content.decode()
    # ...until the regional admin verifies a value: the page is computed afresh.
    verification.verify(submission=_submitted_p0(world, personas, 8.5), user=personas["bob"])
    assert _p0_on_page(client) == 8.5
    html = client.get(DASHBOARD).content.decode()
    assert "8,50 persen" in html and "9,87 persen" not in html


def test_a_verification_elsewhere_in_the_province_or_nation_reaches_the_page(world):
    kab_a, kab_c = data_generation("98.01"), data_generation("98.03")
    other_province = data_generation("97.01")
    bump_data_generation(["98.03"])  # a sibling kab: kab A is ranked against it
    assert data_generation("98.01") != kab_a and data_generation("98.03") != kab_c
    assert data_generation("97.01") == other_province  # another province is not compared
    before = data_generation("97.01")
    bump_data_generation(["ID"])  # national values are every region's comparator
    assert data_generation("97.01") != before


def test_two_regions_never_share_an_entry(client, world, personas, login_as):
    params = QueryDict("tahun=2024")
    keys = {
        analysis_key(page="dashboard", user=p, region_code=code, params=params)
        for p, code in (
            (personas["alice"], "98.01"),
            (personas["charlie"], "98.02"),
            # The province admin sees kab A through the province's catalogue: its own entry.
            (personas["hana"], "98.01"),
        )
    }
    assert len(keys) == 3

    login_as(personas["alice"])
    alfa = client.get(DASHBOARD, {"tahun": "2024"}).content.decode()
    login_as(personas["charlie"])
    beta = client.get(DASHBOARD, {"tahun": "2024"})
    assert beta.context["region"].code == "98.02"
    assert beta.context["db"].headline[0].value != 9.87
    assert "9,87 persen" in alfa
    # What alice's request cached is never served to charlie: 404 for kab A, as before.
    assert client.get(DASHBOARD, {"wilayah": "98.01", "tahun": "2024"}).status_code == 404
    assert client.get(INDICATOR, {"wilayah": "98.01", "indikator": "KMS01"}).status_code == 404


def test_the_language_is_part_of_the_key(client, world, personas, login_as):
    def choose(language: str) -> None:  # the language switch in the menu
        client.post(reverse("set_language"), {"language": language, "next": "/"})

    login_as(personas["alice"])
    indonesian = client.get(DASHBOARD).content.decode()
    choose("en")
    english = client.get(DASHBOARD).content.decode()
    assert "Kemiskinan moneter, 2024" in indonesian and "9,87 persen" in indonesian
    assert "Monetary poverty, 2024" in english and "Kemiskinan moneter" not in english
    choose("id")
    again = client.get(DASHBOARD).content.decode()
    assert "Kemiskinan moneter, 2024" in again and "Monetary poverty" not in again


def test_a_cached_page_is_the_page_computed_afresh(client, world, personas, login_as, settings):
    """Every analysis page, from the cache, is byte for byte what it was computed as."""
    login_as(personas["alice"])
    urls = [
        (DASHBOARD, {}),
        (INDICATOR, {"indikator": "KMS01", "tahun": "2024"}),
        (reverse("analysis:map"), {}),
        (reverse("analysis:deciles"), {}),
    ]

    def pages() -> list[str]:
        # The CSRF token of the logout form is masked afresh on every response.
        return [
            re.sub(r"[A-Za-z0-9]{64}", "", client.get(url, params).content.decode())
            for url, params in urls
        ]

    first = pages()
    cached = pages()
    settings.CACHES = {
        **settings.CACHES,
        "analysis": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    fresh = pages()
    assert cached == first == fresh
    assert all(len(page) > 5000 for page in cached)  # the bodies, not only the frame


def test_a_page_computed_from_cache_is_faster_to_serve(client, world, personas, login_as):
    """The second request reads the cache instead of the observations: fewer queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login_as(personas["alice"])
    with CaptureQueriesContext(connection) as computed:
        client.get(INDICATOR, {"indikator": "KMS01"})
    with CaptureQueriesContext(connection) as from_cache:
        client.get(INDICATOR, {"indikator": "KMS01"})
    assert not any("datahub_observation" in q["sql"] for q in from_cache.captured_queries)
    assert len(from_cache.captured_queries) < len(computed.captured_queries)
