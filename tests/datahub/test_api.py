"""The JSON API: per-user tokens, the catalogue, scoped reads and writes as draft submissions."""

from __future__ import annotations

import json
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from sepakat.datahub.api_services import hash_key, token_create
from sepakat.datahub.models import (
    ApiToken,
    Area,
    Indicator,
    Observation,
    ObservationStatus,
    Polarity,
    Submission,
    SubmissionStatus,
)

pytestmark = pytest.mark.django_db


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def tokens(personas: dict[str, Any]) -> dict[str, str]:
    return {name: token_create(user=user, name="uji")[1] for name, user in personas.items()}


@pytest.fixture
def values(dataset, regions) -> dict[str, Any]:
    kes01 = Indicator.objects.get(code="KES01")
    own_b = Indicator.objects.create(
        code="BETA01",
        name_id="Indikator milik Beta",
        area=Area.POVERTY,
        unit="%",
        polarity=Polarity.LOWER_IS_BETTER,
        owner_region=regions["kab_b"],
    )
    for region, value in (
        (regions["kab_a"], 81.0),
        (regions["kec_a"], 77.5),
        (regions["kab_b"], 64.0),
        (regions["kec_b"], 60.0),
    ):
        Observation.objects.create(
            indicator=kes01,
            region=region,
            period="2024",
            value=value,
            status=ObservationStatus.VERIFIED,
            locked=region == regions["kab_a"],
        )
    Observation.objects.create(
        indicator=kes01,
        region=regions["kab_a"],
        period="2023",
        value=70.0,
        status=ObservationStatus.DRAFT,
    )
    return {"kes01": kes01, "own_b": own_b}


# ---------------------------------------------------------------- tokens


def test_a_token_is_shown_once_and_only_its_hash_is_stored(client, personas, login_as):
    login_as(personas["erin"])
    response = client.post(reverse("datahub:api_tokens"), {"name": "SIPD Bappeda"})
    page = response.content.decode()
    token = ApiToken.objects.get(user=personas["erin"])
    assert 'id="new-token"' in page and response["Cache-Control"] == "no-store"
    plaintext = page.split('id="new-token"')[1].split("<code>")[1].split("</code>")[0]
    assert plaintext.startswith(token.prefix) and token.key_hash == hash_key(plaintext)
    assert plaintext not in client.get(reverse("datahub:api_tokens")).content.decode()
    assert LogEntry.objects.filter(changes__event="api_token_created").count() == 1


def test_missing_invalid_or_revoked_tokens_get_401(client, personas, login_as, tokens):
    url = "/api/v1/indicators"
    response = client.get(url)
    assert response.status_code == 401 and "Authorization: Bearer" in response.json()["message"]
    assert client.get(url, **bearer("skt_bukan-token")).status_code == 401
    assert client.get(url, **bearer(tokens["erin"])).status_code == 200

    login_as(personas["erin"])
    token = ApiToken.objects.get(user=personas["erin"])
    client.post(reverse("datahub:api_token_revoke", args=[token.pk]))
    client.logout()
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert client.get(url, **bearer(tokens["erin"])).status_code == 401
    assert LogEntry.objects.filter(changes__event="api_token_revoked").count() == 1


def test_inactive_or_expired_accounts_get_401(client, personas, tokens):
    alice, frank = personas["alice"], personas["frank"]
    alice.is_active = False
    alice.save()
    frank.expires_on = timezone.localdate() - timezone.timedelta(days=1)
    frank.save()
    assert client.get("/api/v1/indicators", **bearer(tokens["alice"])).status_code == 401
    assert client.get("/api/v1/indicators", **bearer(tokens["frank"])).status_code == 401


def test_nobody_revokes_someone_elses_token(client, personas, login_as, tokens):
    token = ApiToken.objects.get(user=personas["erin"])
    login_as(personas["charlie"])
    assert client.post(reverse("datahub:api_token_revoke", args=[token.pk])).status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


# ---------------------------------------------------------------- reads


def test_the_catalogue_excludes_another_regions_own_indicators(client, tokens, values):
    codes = {i["code"] for i in client.get("/api/v1/indicators", **bearer(tokens["alice"])).json()}
    assert {"KES01", "KES02", "KES03"} <= codes and "BETA01" not in codes
    codes = {
        i["code"] for i in client.get("/api/v1/indicators", **bearer(tokens["charlie"])).json()
    }
    assert "BETA01" in codes


def test_observation_reads_are_scoped_to_the_users_region(client, tokens, values):
    body = client.get(
        "/api/v1/observations", {"indicator": "KES01"}, **bearer(tokens["alice"])
    ).json()
    assert body["count"] == 2  # verified values only, kab A and its kecamatan
    assert {(o["region"], o["value"]) for o in body["items"]} == {
        ("98.01", 81.0),
        ("98.01.01", 77.5),
    }
    # Another region's code is not found, even when asked for by name.
    response = client.get("/api/v1/observations", {"region": "98.02"}, **bearer(tokens["alice"]))
    assert response.status_code == 404 and "98.02" in response.json()["message"]
    body = client.get("/api/v1/observations", {"region": "98.01"}, **bearer(tokens["alice"])).json()
    assert [o["region"] for o in body["items"]] == ["98.01"]
    body = client.get(
        "/api/v1/observations",
        {"region": "98.01", "include_below": "true"},
        **bearer(tokens["alice"]),
    ).json()
    assert [o["region"] for o in body["items"]] == ["98.01", "98.01.01"]
    body = client.get("/api/v1/observations", {"limit": 1}, **bearer(tokens["hana"])).json()
    assert body["count"] == 4 and len(body["items"]) == 1 and body["next_offset"] == 1


# ---------------------------------------------------------------- writes


def post_values(client, token, values, **extra):
    return client.post(
        "/api/v1/observations",
        data=json.dumps({"values": values, **extra}),
        content_type="application/json",
        **bearer(token),
    )


def test_a_write_becomes_a_draft_submission_with_an_audit_row(client, personas, tokens, values):
    response = post_values(
        client,
        tokens["erin"],
        [
            {"indicator": "KES01", "region": "98.01.01", "period": "2024", "value": 79.0},
            {"indicator": "KES02", "region": "98.01.01", "period": "2024", "value": 21.5},
            {"indicator": "KES01", "region": "98.01", "period": "2024", "value": 81.0},  # unchanged
        ],
    )
    assert response.status_code == 201, response.content
    body = response.json()
    submission = Submission.objects.get(pk=body["id"])
    assert submission.status == SubmissionStatus.DRAFT and body["status"] == "draft"
    assert (
        submission.created_by == personas["erin"] and submission.dataset.code == "profil-kesehatan"
    )
    assert {(v.indicator.code, v.value, v.previous_value) for v in submission.values.all()} == {
        ("KES01", 79.0, 77.5),
        ("KES02", 21.5, None),
    }
    # Nothing reached the verified values.
    assert Observation.objects.get(indicator__code="KES01", region__code="98.01.01").value == 77.5
    assert not Observation.objects.filter(indicator__code="KES02").exists()
    entry = LogEntry.objects.filter(changes__event="api_values_received").get()
    assert entry.actor == personas["erin"] and entry.changes["values"] == 2

    fetched = client.get(f"/api/v1/submissions/{submission.pk}", **bearer(tokens["bob"]))
    assert fetched.status_code == 200 and len(fetched.json()["values"]) == 2
    assert (
        client.get(f"/api/v1/submissions/{submission.pk}", **bearer(tokens["charlie"])).status_code
        == 404
    )


def test_writes_outside_the_region_are_refused_naming_the_rows(client, tokens, values):
    response = post_values(
        client,
        tokens["erin"],
        [
            {"indicator": "KES01", "region": "98.01.01", "period": "2024", "value": 79.0},
            {"indicator": "KES01", "region": "98.02.01", "period": "2024", "value": 50.0},
        ],
    )
    assert response.status_code == 403
    body = response.json()
    assert "di luar wilayah Anda" in body["message"]
    assert [(e["row"], e["value"]) for e in body["errors"]] == [(2, "98.02.01")]
    assert Submission.objects.count() == 0


def test_bad_values_are_refused_like_the_template_reader(client, tokens, values):
    response = post_values(
        client,
        tokens["erin"],
        [
            {"indicator": "KES01", "region": "98.01.01", "period": "2024", "value": 140.0},
            {"indicator": "XXX99", "region": "98.01.01", "period": "2024", "value": 1.0},
            {"indicator": "KES02", "region": "98.01.99", "period": "2024", "value": 1.0},
            {"indicator": "KES02", "region": "98.01.01", "period": "tahun lalu", "value": 1.0},
        ],
    )
    assert response.status_code == 422
    errors = {(e["row"], e["field"]): e["message"] for e in response.json()["errors"]}
    assert "di luar rentang sah 0 sampai 100" in errors[(1, "value")]
    assert "XXX99 tidak ada di katalog" in errors[(2, "indicator")]
    assert "98.01.99 tidak dikenal" in errors[(3, "region")]
    assert "Periode harus tahun" in errors[(4, "period")]
    assert Submission.objects.count() == 0
    locked = post_values(
        client,
        tokens["erin"],
        [
            {"indicator": "KES01", "region": "98.01", "period": "2024", "value": 90.0},
        ],
    )
    assert locked.status_code == 422 and "terkunci" in locked.json()["errors"][0]["message"]
    malformed = client.post(
        "/api/v1/observations", data="{", content_type="application/json", **bearer(tokens["erin"])
    )
    assert malformed.status_code in (400, 422) and "message" in malformed.json()


def test_machines_need_no_csrf_token(tokens, values):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    row = {"indicator": "KES01", "region": "98.01.01", "period": "2024", "value": 79.0}
    response = post_values(strict, tokens["erin"], [row])
    assert response.status_code == 201, response.content


def test_planners_and_viewers_cannot_write(client, tokens, values):
    row = [{"indicator": "KES01", "region": "98.01.01", "period": "2024", "value": 79.0}]
    for name in ("alice", "frank"):
        response = post_values(client, tokens[name], row)
        assert response.status_code == 403
        assert "tidak dapat mengirim data" in response.json()["message"]
    assert Submission.objects.count() == 0


def test_the_openapi_schema_and_docs_are_served_locally(client, personas, login_as):
    login_as(personas["alice"])
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    body = schema.json()
    assert body["info"]["title"] == "SEPAKAT API"
    assert {
        "/api/v1/indicators",
        "/api/v1/observations",
        "/api/v1/submissions/{submission_id}",
    } <= set(body["paths"])
    docs = client.get("/api/v1/docs").content.decode()
    assert "/api/v1/docs/aset/swagger-ui-bundle.js" in docs
    assert "cdn" not in docs.lower() and "https://" not in docs
    asset = client.get("/api/v1/docs/aset/swagger-ui-bundle.js")
    assert asset.status_code == 200 and asset["Content-Type"] == "text/javascript"
    assert client.get("/api/v1/docs/aset/settings.py").status_code == 404
