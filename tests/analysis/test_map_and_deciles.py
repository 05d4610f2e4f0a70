"""The map down to desa with its classification, and the decile profile from the registry."""

from __future__ import annotations

import io

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def test_the_map_classes_desa_values_with_a_legend(client, world, personas, login_as):
    login_as(personas["alice"])
    response = client.get(
        reverse("analysis:map"), {"tingkat": "4", "klasifikasi": "equal", "kelas": "3"}
    )
    assert response.status_code == 200
    result = response.context["result"]
    assert result.indicator.code == "PLS07" and result.period == "2024"
    assert result.method == "equal" and len(result.legend) == 3
    assert result.legend[0] == ("31,00 persen – 41,33 persen", 1)
    assert result.legend[-1][1] == 1
    features = result.spec["data"]["values"]["features"]
    assert {f["properties"]["kode"] for f in features} == {"98.01.01.2001", "98.01.01.2002"}
    assert result.spec["projection"] == {"type": "identity", "reflectY": True}
    assert "Desa Satu" in result.narrative or "Satu" in result.narrative
    html = response.content.decode()
    assert 'id="map-legend"' in html and "Jeda alami (natural breaks, Jenks)" in html


def test_the_map_stays_inside_the_users_region(client, world, personas, login_as):
    login_as(personas["charlie"])
    response = client.get(reverse("analysis:map"), {"tingkat": "4"})
    assert response.context["result"].indicator is None  # kab B has no desa values
    assert client.get(reverse("analysis:map"), {"wilayah": "98.01"}).status_code == 404


def test_the_decile_profile_counts_only_the_regions_desa(client, world, personas, login_as):
    login_as(personas["alice"])
    response = client.get(reverse("analysis:deciles"))
    profile = response.context["profile"]
    assert profile.households == 20  # kab B's ten households are left out
    water = {r["desil"]: r["persen"] for r in profile.rows if r["atribut"] == "Air minum layak"}
    assert water == {1: 30.0, 10: 90.0}


def test_the_decile_export_is_audited(client, world, personas, login_as):
    login_as(personas["frank"])
    response = client.get(reverse("analysis:download", args=["desil", "xlsx"]))
    assert response.status_code == 200
    rows = [
        [c.value for c in r] for r in load_workbook(io.BytesIO(response.content)).active.iter_rows()
    ]
    assert ["Air minum layak", 1, 30.0, 10] in rows
    entry = LogEntry.objects.latest("timestamp")
    assert entry.actor == personas["frank"]
    assert entry.changes["export"] == ["decile_profile"]
    assert entry.changes["region"] == ["98.01"]


def test_the_map_names_the_source_of_its_level(client, world, personas, login_as):
    """A desa value comes from the registry, not from the survey behind the kab/kota's."""
    login_as(personas["alice"])
    response = client.get(reverse("analysis:map"), {"tingkat": "4"})
    assert response.context["map_block"].sources == [
        "Regsosek/DTSEN, agregat rumah tangga per desa"
    ]
    page = client.get(reverse("analysis:indicator"), {"indikator": "PLS07"}).content.decode()
    assert (
        "Sumber baku: Kemensos, DTSEN (kabupaten/kota ke atas); Regsosek/DTSEN, agregat rumah "
        "tangga per desa (kecamatan dan desa)." in page
    )


def test_a_neutral_map_is_shaded_by_value_not_by_worse(client, world, personas, login_as):
    from sepakat.datahub.models import Indicator

    Indicator.objects.filter(code="PLS07").update(polarity=0)
    login_as(personas["alice"])
    response = client.get(reverse("analysis:map"), {"tingkat": "4"})
    html = response.content.decode()
    assert "warna lebih gelap menandai nilai yang lebih tinggi, bukan yang lebih buruk" in html
    assert "tertinggi ada di" in response.context["result"].narrative
    colours = response.context["result"].spec["encoding"]["color"]["scale"]["range"]
    assert colours[0] == "#eff3ff"  # the blue scale, not the red one


def test_the_decile_profile_is_a_small_chart_per_attribute(client, world, personas, login_as):
    login_as(personas["alice"])
    response = client.get(reverse("analysis:deciles"))
    spec = response.context["decile_block"].spec
    # One small chart per attribute on the same 0-100 scale, not one line each in one chart.
    assert spec["facet"]["field"] == "atribut" and spec["columns"] >= 2
    assert spec["spec"]["encoding"]["y"]["scale"]["domain"] == [0, 100]
    assert "color" not in spec["spec"]["encoding"]


def test_the_map_legend_stands_above_the_map(client, world, personas, login_as):
    login_as(personas["alice"])
    response = client.get(reverse("analysis:map"))
    legend = response.context["map_block"].spec["encoding"]["color"]["legend"]
    assert legend["orient"] == "top"
