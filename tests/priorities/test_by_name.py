"""By-name lists of a desa's deprived households: counts for everyone who reads, masked
names for the roles that may see personal data, the full list only in an audited download."""

from __future__ import annotations

import csv
import io

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from sepakat.datahub.models import MicrodataManifest
from tests.priorities.places_world import registry_rows

pytestmark = pytest.mark.django_db

DESA = "98.01.01.2001"
URL = reverse("priorities:locations_households", args=["PDK01", DESA])


def _deprived():
    return [r for r in registry_rows() if r["desa_code"] == DESA and r["status_pdk01"] == 0]


def test_a_planner_sees_counts_never_names(client, places, personas, login_as):
    login_as(personas["alice"])
    response = client.get(URL)
    html = response.content.decode()
    deprived = _deprived()
    persons = sum(r["household_size"] for r in deprived)
    assert f"{len(deprived)} rumah tangga belum mencapai indikator ini ({persons} jiwa)." in html
    assert 'id="masked"' in html
    assert "Kepala" not in html and "K***" not in html and deprived[0]["household_id"] not in html
    before = LogEntry.objects.count()
    assert client.post(URL, {"alasan": "verifikasi lapangan"}).status_code == 403
    assert LogEntry.objects.count() == before


def test_the_regional_admin_sees_masked_names_and_downloads_with_a_reason(
    client, places, personas, login_as
):
    login_as(personas["bob"])
    page = client.get(URL)
    html = page.content.decode()
    deprived = _deprived()
    assert [r["household_id"] for r in page.context["rows"]] == sorted(
        (r["household_id"] for r in deprived),
        key=lambda h: (next(r["welfare_decile"] for r in deprived if r["household_id"] == h), h),
    )
    assert "K*** 9***" in html  # "Kepala 98.01...": masked on the page
    assert "Kepala " not in html and "98010000" not in html
    # no reason: nothing exported, nothing recorded
    before = LogEntry.objects.count()
    refused = client.post(URL, {"alasan": "  "})
    assert "Tuliskan alasan pengunduhan data pribadi" in refused.content.decode()
    assert LogEntry.objects.count() == before
    response = client.post(URL, {"alasan": "Verifikasi calon penerima PIP"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "kode_desa",
        "id_rumah_tangga",
        "desil",
        "jumlah_anggota",
        "nama_kepala",
        "nik",
    ]
    assert {r[1] for r in rows[1:]} == {r["household_id"] for r in deprived}
    first = next(r for r in deprived if r["household_id"] == rows[1][1])
    assert rows[1][4] == f"Kepala {first['household_id']}"
    assert rows[1][5] == f"98010{first['sepakat_row_id']:011d}"
    entry = LogEntry.objects.latest("timestamp")
    assert entry.actor == personas["bob"]
    assert entry.changes["event"] == "personal_data_download"
    assert entry.changes["reason"] == "Verifikasi calon penerima PIP"
    assert entry.changes["rows"] == len(deprived) and entry.changes["desa"] == DESA
    assert entry.changes["personal_columns"] == ["nama_kepala", "nik"]


def test_without_a_personal_file_the_page_says_so(client, places, personas, login_as):
    MicrodataManifest.objects.filter(file=places["registry"]).update(personal_path="")
    places["registry"].personal_columns = []
    places["registry"].save()
    login_as(personas["diana"])
    html = client.get(URL).content.decode()
    assert 'id="no-personal"' in html
    response = client.post(URL, {"alasan": "cek"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["kode_desa", "id_rumah_tangga", "desil", "jumlah_anggota"]
    assert len(rows) == 1 + len(_deprived())


def test_an_outsider_gets_404(client, places, personas, login_as):
    login_as(personas["charlie"])
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"alasan": "x"}).status_code == 404
    login_as(personas["erin"])
    assert client.get(URL).status_code == 403


def test_the_kab_b_admin_of_another_region_cannot_see_kab_a_names(
    client, places, personas, login_as
):
    from sepakat.accounts.services import totp_device_create, user_create
    from sepakat.core.roles import Role

    admin_b = user_create(
        username="beta-admin",
        password="sandi-uji-yang-panjang-1",
        role=Role.REGIONAL_ADMIN,
        region=places["kab_b"],
        email="beta@contoh.go.id",
    )
    totp_device_create(user=admin_b)
    login_as(admin_b)
    assert client.get(URL).status_code == 404
    own = reverse("priorities:locations_households", args=["PDK01", "98.02.01.2001"])
    assert len(client.get(own).context["rows"]) == 10


def test_a_registry_placed_without_the_upload_lists_its_households(
    client, places, personas, login_as, settings
):
    """The demo writes its registry straight into the data directory: no row id, no
    personal part. The page lists the deprived households (it failed with a server error)."""
    import pyarrow.parquet as pq

    from sepakat.datahub.microdata import analysis_path

    registry = places["registry"]
    MicrodataManifest.objects.filter(file=registry).delete()
    registry.refresh_from_db()
    path = analysis_path(registry)
    pq.write_table(pq.read_table(path).drop(["sepakat_row_id"]), path)
    login_as(personas["bob"])
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert sorted(r["household_id"] for r in response.context["rows"]) == sorted(
        r["household_id"] for r in _deprived()
    )
    assert 'id="no-personal"' in html and "Kepala" not in html
