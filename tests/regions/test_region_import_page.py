from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sepakat.regions.models import CodeCrosswalk, Region, RegionBoundary
from tests.regions.conftest import CROSSWALK_SAMPLE, KEMENDAGRI_SAMPLE, feature_collection, square

pytestmark = pytest.mark.django_db

URL = reverse("regions:import")


def upload(name: str, content: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content.encode(), content_type="text/csv")


def test_a_central_admin_uploads_the_code_list_and_sees_the_report(
    login_as: Any, personas: dict[str, Any]
) -> None:
    client = login_as(personas["diana"])
    before = Region.objects.count()

    response = client.post(
        URL,
        {
            "kind": "regions",
            "upload": upload("kemendagri.csv", KEMENDAGRI_SAMPLE),
            "code_system": "bps",
        },
    )

    assert response.status_code == 200
    report = response.context["report"]
    assert report.ok and report.created == 8
    assert Region.objects.count() == before + 8
    assert Region.objects.get(code="35.01.01.2001").source == "kemendagri.csv"  # not a temp name
    entry = LogEntry.objects.get(pk=report.audit_entry_id)
    assert entry.actor == personas["diana"]
    assert entry.changes["created"] == 8
    body = response.content.decode()
    assert "Hasil impor" in body and "8 baru" in body
    assert entry.object_repr in body  # listed among the recent imports


def test_crosswalk_then_boundaries_through_the_page(
    login_as: Any, personas: dict[str, Any]
) -> None:
    client = login_as(personas["diana"])
    client.post(
        URL, {"kind": "regions", "upload": upload("k.csv", KEMENDAGRI_SAMPLE), "code_system": "bps"}
    )
    client.post(
        URL,
        {"kind": "crosswalk", "upload": upload("cw.tsv", CROSSWALK_SAMPLE), "code_system": "bps"},
    )
    geojson = feature_collection(
        [
            ("id3501010001", {"type": "Polygon", "coordinates": square(111.0, -8.1)}),
            ("id3599010001", {"type": "Polygon", "coordinates": square(111.2, -8.1)}),
        ]
    )

    response = client.post(
        URL,
        {
            "kind": "boundaries",
            "code_field": "village_code",
            "code_system": "bps",
            "upload": [upload("a.geojson", geojson)],
        },
    )

    assert CodeCrosswalk.objects.filter(kemendagri_code="35.01").exists()
    report = response.context["report"]
    assert report.created == 1
    assert [u.code for u in report.unknown_codes.items] == ["3599010001"]
    assert RegionBoundary.objects.get().region.code == "35.01.01.2001"
    assert "3599010001" in response.content.decode()


def test_a_bad_file_shows_where_and_writes_nothing(login_as: Any, personas: dict[str, Any]) -> None:
    client = login_as(personas["diana"])
    before = Region.objects.count()

    response = client.post(
        URL,
        {
            "kind": "regions",
            "upload": upload("k.csv", "kode,nama\n35,Jatim\n35.1,X\n"),
            "code_system": "bps",
        },
    )

    report = response.context["report"]
    assert not report.ok
    body = response.content.decode()
    assert "Impor dibatalkan" in body and "35.1" in body
    assert Region.objects.count() == before


def test_boundaries_need_a_code_field(login_as: Any, personas: dict[str, Any]) -> None:
    client = login_as(personas["diana"])

    response = client.post(
        URL,
        {
            "kind": "boundaries",
            "code_field": "",
            "code_system": "bps",
            "upload": upload("a.geojson", "{}"),
        },
    )

    assert response.context["report"] is None
    assert "code_field" in response.context["form"].errors


@pytest.mark.parametrize("name", ["alice", "bob", "charlie", "erin", "frank", "grace", "hana"])
def test_every_other_role_gets_403(login_as: Any, personas: dict[str, Any], name: str) -> None:
    client = login_as(personas[name])
    before = Region.objects.count()

    assert client.get(URL).status_code == 403
    response = client.post(
        URL, {"kind": "regions", "upload": upload("k.csv", KEMENDAGRI_SAMPLE), "code_system": "bps"}
    )
    assert response.status_code == 403
    assert Region.objects.count() == before


def test_anonymous_users_are_sent_to_login(client: Any, db: None) -> None:
    response = client.get(URL)

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_an_admin_without_a_verified_second_factor_is_logged_out(
    client: Any, personas: dict[str, Any]
) -> None:
    client.force_login(personas["diana"], backend="django.contrib.auth.backends.ModelBackend")

    response = client.get(URL)

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
