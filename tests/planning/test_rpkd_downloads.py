"""Downloads of a plan version (CSV, SIPD workbook, RPKD DOCX and PDF) and the plan API:
who gets them, and other regions kept out."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from sepakat.datahub.api_services import token_create
from sepakat.planning.models_plan import PlanVersion

pytestmark = pytest.mark.django_db


def url(version: PlanVersion, fmt: str) -> str:
    return reverse("planning:plan_download", args=[version.pk, fmt])


def test_the_version_page_links_the_four_downloads(
    rpkd_world: dict[str, Any], login_as: Callable[[Any], Any]
) -> None:
    client = login_as(rpkd_world["personas"]["frank"])
    text = client.get(reverse("planning:plan_version", args=[rpkd_world["v2"].pk])).content.decode()
    for fmt in ("pdf", "docx", "xlsx", "csv"):
        assert url(rpkd_world["v2"], fmt) in text
    assert "dokumen RPKD-nya bertanda DRAF" in text


def test_a_reader_downloads_the_workbook_and_the_csv(
    rpkd_world: dict[str, Any], login_as: Callable[[Any], Any]
) -> None:
    import openpyxl

    client = login_as(rpkd_world["personas"]["alice"])
    v1 = rpkd_world["v1"]
    response = client.get(url(v1, "xlsx"))
    assert response.status_code == 200
    assert "rencana-98.01-2025-2029-v1-sipd.xlsx" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["RKPD"]
    header = [c.value for c in sheet[2]]
    assert header[:4] == ["Tahun", "Kode Sub Kegiatan", "Nama Sub Kegiatan", "Indikator Keluaran"]
    assert header[-2:] == ["Kode SKPD", "Nama SKPD"]
    assert sheet.max_row == 2 + 5  # sub kegiatan x years of the period
    csv = client.get(url(v1, "csv"))
    assert csv["Content-Type"].startswith("text/csv")
    assert csv.content.decode().startswith("masalah,strategi,kode_sub_kegiatan")


@pytest.mark.parametrize("name", ["bob", "hana", "diana"])
def test_readers_of_the_region_and_above_download_the_rpkd(
    rpkd_world: dict[str, Any], login_as: Callable[[Any], Any], name: str
) -> None:
    import docx
    from pypdf import PdfReader

    client = login_as(rpkd_world["personas"][name])
    word = client.get(url(rpkd_world["v1"], "docx"))
    assert word.status_code == 200 and ".docx" in word["Content-Disposition"]
    headings = [p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs]
    assert "BAB VII PROGRAM DAN KEGIATAN PRIORITAS" in headings
    pdf = client.get(url(rpkd_world["v2"], "pdf"))
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Kabupaten Alfa" in text and "DRAF" in text


def test_an_outsider_gets_404_and_an_operator_403(
    rpkd_world: dict[str, Any], login_as: Callable[[Any], Any]
) -> None:
    p = rpkd_world["personas"]
    outsider = login_as(p["charlie"])
    for fmt in ("pdf", "docx", "xlsx", "csv"):
        response = outsider.get(url(rpkd_world["v1"], fmt))
        assert response.status_code == 404
        assert b"Dana BOS" not in response.content
    assert login_as(p["erin"]).get(url(rpkd_world["v1"], "pdf")).status_code == 403


def test_an_unknown_format_is_404(
    rpkd_world: dict[str, Any], login_as: Callable[[Any], Any]
) -> None:
    client = login_as(rpkd_world["personas"]["alice"])
    assert client.get(url(rpkd_world["v1"], "odt")).status_code == 404


def bearer(user: Any) -> dict[str, str]:
    _token, plaintext = token_create(user=user, name="uji")
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


def test_the_api_gives_the_approved_version_in_force(
    rpkd_world: dict[str, Any], client: Any
) -> None:
    p = rpkd_world["personas"]
    response = client.get("/api/v1/rencana/98.01/2025", **bearer(p["frank"]))
    assert response.status_code == 200
    data = response.json()
    # v2 is a draft: the plan in force is still v1.
    assert data["version"] == 1 and data["status"] == "approved"
    assert data["region_name"] == "Kabupaten Alfa" and data["end_year"] == 2029
    first = data["interventions"][0]
    assert first["sub_kegiatan_code"] == "1.01.02.2.01.0025"
    assert first["programme_code"] == "1.01.02" and first["kegiatan_code"] == "1.01.02.2.01"
    assert first["strategy"] == "beban" and first["skpd_code"] == "1.01.0.00.0.00.01.0000"
    years = {y["year"]: y for y in first["years"]}
    assert years[2024]["baseline"] and years[2024]["target"] == 40
    assert years[2025]["budget"] == 1500000000 and years[2025]["locations"] == [
        "98.01.01",
        "98.01.01.2001",
    ]
    tujuan = next(o for o in data["objectives"] if o["kind"] == "tujuan")
    assert tujuan["targets"] == {"2025": 11.5, "2026": 10.75}
    assert data["programme_outcomes"][0]["programme_code"] == "1.01.02"


def test_the_api_keeps_other_regions_out_and_says_when_nothing_is_approved(
    rpkd_world: dict[str, Any], client: Any
) -> None:
    p = rpkd_world["personas"]
    outsider = client.get("/api/v1/rencana/98.01/2025", **bearer(p["charlie"]))
    assert outsider.status_code == 404 and "Dana BOS" not in outsider.content.decode()
    none = client.get("/api/v1/rencana/98.01/2030", **bearer(p["frank"]))
    assert none.status_code == 404
    assert "Belum ada rencana yang disetujui" in none.json()["message"]
    assert client.get("/api/v1/rencana/98.01/2025").status_code == 401
    assert client.get("/api/v1/rencana/98.01/2025", **bearer(p["erin"])).status_code == 403


def test_the_api_answers_404_while_the_only_version_is_a_draft(
    rpkd_world: dict[str, Any], client: Any
) -> None:
    PlanVersion.objects.filter(pk=rpkd_world["v1"].pk).update(status="draft")
    response = client.get("/api/v1/rencana/98.01/2025", **bearer(rpkd_world["personas"]["frank"]))
    assert response.status_code == 404


def test_the_api_is_documented(rpkd_world: dict[str, Any], login_as: Callable[[Any], Any]) -> None:
    client = login_as(rpkd_world["personas"]["alice"])  # the schema is for logged-in users
    body = client.get("/api/v1/openapi.json").json()
    route = body["paths"]["/api/v1/rencana/{region_code}/{start_year}"]["get"]
    assert "approved version in force" in route["description"]
    assert "InterventionOut" in body["components"]["schemas"]
