"""The set's PDF and Excel workbook, the JSON API of the approved set, and who may see them."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from sepakat.datahub.api_services import token_create
from sepakat.priorities import ranking, services
from sepakat.priorities.models import PrioritySet
from sepakat.priorities.services import ItemIn

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(world: dict[str, Any]) -> PrioritySet:
    """Alice's set of the top three (the third lifted to the top), approved by bob."""
    p = world["personas"]
    run = ranking.priority_run_compute(user=p["alice"], region=world["kab_a"], period="2024")
    first, second, third = ranking.ranked_codes(ranking.rows_for(run, "98.01"))[:3]
    priority_set = services.priority_set_save(
        user=p["alice"],
        region=world["kab_a"],
        period="2024",
        run=run,
        items=[
            ItemIn(third, reason="Amanat RPJMD 2025-2029"),
            ItemIn(first, locations=("98.01.01.2001",), determinants_text="Jarak ke SD"),
            ItemIn(second),
        ],
    )
    services.priority_set_submit(user=p["alice"], priority_set=priority_set)
    return services.priority_set_approve(user=p["bob"], priority_set=priority_set)


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_pdf_has_the_method_the_ranking_the_set_and_the_approval(
    client, world, approved, login_as
):
    login_as(world["personas"]["frank"])  # a viewer may take the document
    response = client.get(reverse("priorities:set_pdf", args=[approved.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert "set-prioritas-98.01-2024-v1.pdf" in response["Content-Disposition"]
    text = " ".join(pdf_text(response.content).split())
    assert "Set Masalah Prioritas" in text and "Kabupaten Alfa, 2024" in text
    assert "Skor = D × (T − A) / (1 − A)" in text
    assert "Susenas KOR uji 2024 (orang)" in text
    assert "Amanat RPJMD 2025-2029" in text and "98.01.01.2001" in text
    assert "Peringkat masalah prioritas" in text and "Tidak diperingkat" in text
    assert "Disetujui oleh" in text and "Bob" in text and "Alice" in text
    assert approved.decided_at is not None
    assert approved.decided_at.strftime("%Y") in text


def test_the_workbook_has_the_ranking_the_set_and_the_method(client, world, approved, login_as):
    login_as(world["personas"]["alice"])
    response = client.get(reverse("priorities:set_xlsx", args=[approved.pk]))
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == [
        "Peringkat",
        "Set prioritas",
        "Determinan",
        "Lokasi",
        "Kepekaan",
        "Metode",
    ]
    rank = wb["Peringkat"]
    assert rank["A3"].value == "Peringkat" and rank["E3"].value == "Capaian"
    top = ranking.rows_for(approved.run, "98.01")[0]
    assert rank["A4"].value == 1 and rank["B4"].value == top["code"]
    assert rank["E4"].value == pytest.approx(top["achievement"])
    assert rank["E4"].number_format == "0.0%" and rank["J4"].number_format == "0.000"
    assert rank.column_dimensions["C"].width >= 16
    items = wb["Set prioritas"]
    assert [items.cell(row=r, column=1).value for r in (4, 5, 6)] == [1, 2, 3]
    assert items["B4"].value == 3 and items["F4"].value == "Amanat RPJMD 2025-2029"
    assert items["I5"].value == "98.01.01.2001"
    method = [c.value for c in wb["Metode"]["A"] if c.value]
    assert any("Skor = D × (T − A) / (1 − A)" in str(v) for v in method)
    assert "Disetujui oleh" in method
    approval = next(r for r in wb["Metode"].iter_rows(values_only=True) if r[0] == "Disetujui oleh")
    assert approval[1] == "Bob"


def bearer(user: Any) -> dict[str, str]:
    _token, plaintext = token_create(user=user, name="uji")
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


def test_the_api_gives_the_approved_set_in_the_region_only(client, world, approved):
    p = world["personas"]
    url = "/api/v1/prioritas/98.01/2024"
    data = client.get(url, **bearer(p["frank"])).json()
    assert data["version"] == 1 and data["status"] == "approved" and data["approved_by"] == "Bob"
    assert [i["position"] for i in data["items"]] == [1, 2, 3]
    assert data["items"][0]["reason"] == "Amanat RPJMD 2025-2029"
    assert data["items"][0]["name_en"].startswith("Test problem ")
    assert data["items"][1]["locations"] == ["98.01.01.2001"]
    assert "Skor = D" in data["method"]
    # the province and the centre see it; another kab/kota does not
    assert client.get(url, **bearer(p["hana"])).status_code == 200
    assert client.get(url, **bearer(p["diana"])).status_code == 200
    outsider = client.get(url, **bearer(p["charlie"]))
    assert outsider.status_code == 404 and "items" not in outsider.json()
    assert client.get(url, **bearer(p["erin"])).status_code == 403  # data operators
    assert client.get(url).status_code == 401
    none = client.get("/api/v1/prioritas/98.01/2023", **bearer(p["frank"]))
    assert none.status_code == 404 and "Belum ada set prioritas" in none.json()["message"]


def test_a_draft_is_not_what_the_api_gives(client, world, approved):
    p = world["personas"]
    services.priority_set_save(
        user=p["alice"],
        region=world["kab_a"],
        period="2024",
        run=approved.run,
        items=[ItemIn(i.indicator.code, reason="x") for i in approved.items.all()][:1],
    )
    data = client.get("/api/v1/prioritas/98.01/2024", **bearer(p["frank"])).json()
    assert data["version"] == 1 and len(data["items"]) == 3


def test_every_view_is_404_for_another_region(client, world, approved, login_as):
    login_as(world["personas"]["charlie"])
    pk = approved.pk
    other = {"wilayah": "98.01", "tahun": "2024"}
    assert client.get(reverse("priorities:ranking"), other).status_code == 404
    assert client.post(reverse("priorities:compute"), other).status_code == 404
    assert client.get(reverse("priorities:sets"), other).status_code == 404
    assert client.get(reverse("priorities:set_edit"), other).status_code == 404
    assert client.post(reverse("priorities:set_edit"), other).status_code == 404
    for name in ("priorities:set", "priorities:set_pdf", "priorities:set_xlsx"):
        assert client.get(reverse(name, args=[pk])).status_code == 404, name
    for action in ("ajukan", "setujui", "kembalikan"):
        assert client.post(reverse("priorities:set_action", args=[pk, action])).status_code == 404
    approved.refresh_from_db()
    assert approved.status == "approved"
    # charlie's own list is empty of kab A's sets
    html = client.get(reverse("priorities:sets")).content.decode()
    assert f'data-set="{pk}"' not in html


def test_roles_on_the_set_views(client, world, approved, login_as):
    p = world["personas"]
    pk = approved.pk
    login_as(p["frank"])  # the viewer reads, does not edit or decide
    page = client.get(reverse("priorities:set", args=[pk])).content.decode()
    assert "Amanat RPJMD 2025-2029" in page and 'data-action="edit"' not in page
    assert client.get(reverse("priorities:set_edit"), {"wilayah": "98.01"}).status_code == 403
    assert client.post(reverse("priorities:set_action", args=[pk, "ajukan"])).status_code == 403
    login_as(p["erin"])  # data operators are not part of it
    assert client.get(reverse("priorities:set", args=[pk])).status_code == 403
    assert client.get(reverse("priorities:set_pdf", args=[pk])).status_code == 403
    login_as(p["grace"])  # trainers neither
    assert client.get(reverse("priorities:sets")).status_code == 403
    login_as(p["diana"])  # the centre reads every region
    listing = client.get(reverse("priorities:sets"), {"wilayah": "98.01"}).content.decode()
    assert f'data-set="{pk}"' in listing
    assert "data-method" in listing and "Skor = D × (T − A) / (1 − A)" in listing
    login_as(p["alice"])  # an approved version offers a new version, not an edit in place
    page = client.get(reverse("priorities:set", args=[pk])).content.decode()
    assert "Buat versi baru" in page and 'data-action="submit"' not in page


def test_the_priority_route_is_in_the_openapi_schema(client, world, login_as):
    login_as(world["personas"]["alice"])  # the schema is for logged-in users and tokens
    body = client.get("/api/v1/openapi.json").json()
    route = body["paths"]["/api/v1/prioritas/{region_code}/{year}"]
    assert route["get"]["tags"] == ["prioritas"]


def test_the_pages_read_a_fixed_number_of_queries(
    client, world, approved, login_as, django_assert_num_queries
):
    """Pinned: more sets, versions or problems must not mean more queries."""
    login_as(world["personas"]["alice"])
    query = {"wilayah": "98.01", "tahun": "2024"}
    client.get(reverse("priorities:ranking"), query)  # warm the session and caches
    with django_assert_num_queries(QUERIES["ranking"]):
        client.get(reverse("priorities:ranking"), query)
    with django_assert_num_queries(QUERIES["sets"]):
        client.get(reverse("priorities:sets"), query)
    with django_assert_num_queries(QUERIES["set"]):
        client.get(reverse("priorities:set", args=[approved.pk]))


# sets: one more than the list itself for the ranking whose method the page shows
QUERIES = {"ranking": 8, "sets": 8, "set": 11}
