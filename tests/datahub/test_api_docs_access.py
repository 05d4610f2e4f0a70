"""The OpenAPI schema and its documentation page are for signed-in users and token
holders only (issue 17, item 6)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sepakat.datahub.api_services import token_create, token_revoke
from tests.datahub.test_api import bearer

pytestmark = pytest.mark.django_db


def test_an_anonymous_visitor_gets_neither_schema_nor_docs(client, db):
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 401
    assert "Token tidak ada, tidak sah" in schema.json()["message"]
    assert "paths" not in schema.json()
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 302
    assert docs["Location"] == f"{reverse('accounts:login')}?next=/api/v1/docs"


def test_a_signed_in_user_reads_the_docs_and_the_schema(client, personas, login_as):
    login_as(personas["frank"])  # a viewer too: the schema is the same for every role
    assert "swagger-ui" in client.get("/api/v1/docs").content.decode()
    assert "/api/v1/indicators" in client.get("/api/v1/openapi.json").json()["paths"]


def test_a_token_holder_reads_the_schema_and_a_revoked_token_does_not(client, personas):
    token_row, token = token_create(user=personas["erin"], name="sipd")
    response = client.get("/api/v1/openapi.json", **bearer(token))
    assert response.status_code == 200 and "/api/v1/observations" in response.json()["paths"]
    token_revoke(token=token_row, user=personas["erin"])
    assert client.get("/api/v1/openapi.json", **bearer(token)).status_code == 401
    assert client.get("/api/v1/openapi.json", **bearer("bukan-token")).status_code == 401
