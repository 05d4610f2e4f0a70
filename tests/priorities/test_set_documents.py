"""The documents of a priority set: each problem's determinants and locations, the sensitivity,
the approval and the differences between versions, in the PDF, the workbook and the API.

Kab A's registry (of the province, 2024) for problem P01, households of the reference
population by desa and welfare decile (0 = deprived):

  98.01.01.2001  10 households, 6 deprived (deciles 1-4), 4 achieved (deciles 5-8)   60 %
  98.01.01.2002  20 households, 4 deprived (deciles 1, 1, 5, 6), 16 achieved
                 (8 in deciles 1-4, 8 in deciles 5-10)                              20 %
  98.02.01.2001  kab B, 5 households all deprived: never counted for kab A

Deciles 1-4: 6 + 2 + 8 = 16 households, 8 achieved (50.0 %); deciles 5-10: 4 + 2 + 8 = 14,
12 achieved (85.7 %). Desa 2001 is first by number and by share and above both medians
(quadrant I); desa 2002 is in quadrant IV; the kecamatan (30 households, 10 deprived) is the
only one of its level, so it equals both medians and is in quadrant IV.
"""

from __future__ import annotations

import io
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from sepakat.datahub.api_services import token_create
from sepakat.datahub.models import MicrodataFile, MicrodataKind
from sepakat.priorities import ranking, services
from sepakat.priorities.models import PrioritySet
from sepakat.priorities.services import ItemIn
from sepakat.regions.models import Kind, Level, Region

pytestmark = pytest.mark.django_db

METHOD_LINE = "Metode: Skor = D × (T − A) / (1 − A)"


def registry_table() -> pa.Table:
    rows: list[tuple[str, int, int | None]] = []  # desa, decile, status
    rows += [("98.01.01.2001", d, 0) for d in (1, 2, 3, 4, 1, 2)]
    rows += [("98.01.01.2001", d, 1) for d in (5, 6, 7, 8)]
    rows += [("98.01.01.2002", d, 0) for d in (1, 1, 5, 6)]
    rows += [("98.01.01.2002", d, 1) for d in (1, 2, 3, 4, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 5, 6)]
    rows += [("98.01.01.2002", 3, None)]  # outside the reference population
    rows += [("98.02.01.2001", 1, 0)] * 5
    return pa.table(
        {
            "sepakat_row_id": list(range(len(rows))),
            "desa": [r[0] for r in rows],
            "household_id": [f"RT{i:03d}" for i in range(len(rows))],
            "decile": [r[1] for r in rows],
            "size": [4] * len(rows),
            "status_p01": pa.array([r[2] for r in rows], pa.float64()),
        }
    )


@pytest.fixture
def documented(world: dict[str, Any]) -> dict[str, Any]:
    """An approved version 1 whose first problem, P01, has determinants and locations, and a
    version 2 (approved) that drops a problem and changes P01's locations."""
    Region.objects.create(
        code="98.01.01.2002",
        name="Dua",
        level=Level.VILLAGE,
        kind=Kind.DESA,
        parent=world["kec_a"],
    )
    relative = "uji-prioritas/98/registrasi.parquet"
    path = settings.MICRODATA_DIR / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    table = registry_table()
    pq.write_table(table, path)
    MicrodataFile.objects.create(
        kind=MicrodataKind.REGISTRY,
        title="Registrasi uji 2024",
        region=world["province"],
        period="2024",
        relative_path=relative,
        row_count=table.num_rows,
        sha256="b" * 64,
        columns={
            "region_code": "desa",
            "decile": "decile",
            "household_id": "household_id",
            "size": "size",
            "code_system": "kemendagri",
            "row_id": "sepakat_row_id",
        },
    )
    p = world["personas"]
    run = ranking.priority_run_compute(user=p["alice"], region=world["kab_a"], period="2024")
    others = [c for c in ranking.ranked_codes(ranking.rows_for(run, "98.01")) if c != "P01"]
    p01 = ItemIn(
        "P01",
        reason="Amanat RPJMD 2025-2029",
        determinants_text="Jarak ke SD jauh dari permukiman",
        determinant_codes=("DET01",),
        locations=("98.01.01.2001", "98.01.01.2002", "98.01.01"),
    )
    first = services.priority_set_save(
        user=p["alice"],
        region=world["kab_a"],
        period="2024",
        run=run,
        items=[p01, ItemIn(others[0]), ItemIn(others[1])],
    )
    services.priority_set_submit(user=p["alice"], priority_set=first)
    services.priority_set_approve(user=p["bob"], priority_set=first)
    second = services.priority_set_save(
        user=p["alice"],
        region=world["kab_a"],
        period="2024",
        run=run,
        items=[
            ItemIn(
                "P01",
                reason=p01.reason,
                determinants_text=p01.determinants_text,
                determinant_codes=p01.determinant_codes,
                locations=("98.01.01.2001",),
            ),
            ItemIn(others[0]),
        ],
    )
    services.priority_set_submit(user=p["alice"], priority_set=second)
    services.priority_set_approve(user=p["bob"], priority_set=second)
    first.refresh_from_db()
    second.refresh_from_db()
    return {**world, "v1": first, "v2": second, "dropped": others[1]}


def pages(content: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages]


def test_the_pdf_gives_each_problem_its_determinants_and_locations(client, documented, login_as):
    login_as(documented["personas"]["frank"])  # a viewer takes the document to be signed
    v1: PrioritySet = documented["v1"]
    response = client.get(reverse("priorities:set_pdf", args=[v1.pk]))
    assert response["Content-Type"] == "application/pdf"
    texts = pages(response.content)
    text = " ".join(texts).replace("Desa/ Kelurahan", "Desa/Kelurahan")  # a wrapped cell
    assert "Determinan dan lokasi prioritas per masalah" in text
    assert "1. P01 Masalah uji P01" in text
    assert "Jarak ke SD jauh dari permukiman" in text
    assert "DET01 Rasio murid per sekolah dasar" in text
    # the registry's deciles 1-4 against 5-10, computed by hand in the module docstring
    assert "Desil 1-4 16 50,0 %" in text and "Desil 5-10 14 85,7 %" in text
    assert "Registrasi uji 2024" in text
    # the chosen places with their households, deprived, share, ranks and quadrant
    assert "98.01.01.2001 Satu Desa/Kelurahan 10 6 60,0 % 1/2 1/2 I: kantong kemiskinan" in text
    assert "98.01.01.2002 Dua Desa/Kelurahan 20 4 20,0 % 2/2 2/2 IV" in text
    assert "98.01.01 Kecamatan Alfa Utara Kecamatan 30 10 33,3 % 1/1 1/1 IV" in text
    # the sensitivity table and the approval with names and times
    assert "Kepekaan peringkat terhadap pembobotan kesejahteraan" in text
    assert "Diajukan oleh" in text and "Alice" in text and "Bob" in text
    assert v1.decided_at is not None
    assert v1.decided_at.strftime("%Y") in text
    # the method and the set's identity on every page but the cover
    assert METHOD_LINE not in texts[0]
    for number, page in enumerate(texts[1:], start=2):
        assert METHOD_LINE in page, number
        assert "Susenas KOR uji 2024 (orang)" in page, number
        assert "Kabupaten Alfa · 2024 · versi 1 (disetujui)" in page, number
        assert f"Halaman {number} / {len(texts)}" in page
    # portrait for the text, landscape for the wide ranking tables
    reader = PdfReader(io.BytesIO(response.content))
    sizes = [
        (round(float(pg.mediabox.width)), round(float(pg.mediabox.height))) for pg in reader.pages
    ]
    assert sizes[0] == (595, 842) and sizes[-1] == (842, 595)


def test_the_pdf_of_a_new_version_lists_what_changed(client, documented, login_as):
    login_as(documented["personas"]["alice"])
    v2 = documented["v2"]
    text = " ".join(pages(client.get(reverse("priorities:set_pdf", args=[v2.pk])).content))
    assert "Perbedaan dari versi 1 yang disetujui" in text
    dropped = documented["dropped"]
    assert f"Dihapus: {dropped} Masalah uji {dropped}" in text
    assert "Diubah: P01 Masalah uji P01 (lokasi)" in text
    assert "Dua" not in text.split("Perbedaan dari versi 1")[0].split("Lokasi prioritas")[-1]


def test_the_pdf_reads_in_english(client, documented, login_as):
    login_as(documented["personas"]["alice"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("priorities:set_pdf", args=[documented["v1"].pk]))
    text = " ".join(pages(response.content))
    assert "Determinants and priority locations by problem" in text
    assert "1. P01 Test problem P01" in text
    assert "Deciles 1-4 16 50.0 %" in text
    assert "I: poverty pocket" in text and "Quadrants: I: poverty pocket" in text
    assert "Method: Score = D × (T − A) / (1 − A)" in text
    assert "Page 2 /" in text


def test_the_workbook_has_determinants_locations_sensitivity_and_changes(
    client, documented, login_as
):
    login_as(documented["personas"]["frank"])
    v2 = documented["v2"]
    response = client.get(reverse("priorities:set_xlsx", args=[v2.pk]))
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == [
        "Peringkat",
        "Set prioritas",
        "Determinan",
        "Lokasi",
        "Kepekaan",
        "Perubahan",
        "Metode",
    ]
    for ws in wb.worksheets[:-1]:
        # the method on every sheet, the header frozen and repeated, printed one page wide
        assert str(ws["A2"].value).startswith(METHOD_LINE), ws.title
        assert "Susenas KOR uji 2024 (orang)" in ws["A2"].value
        assert ws.freeze_panes == "A4", ws.title
        assert ws.print_title_rows == "$3:$3", ws.title
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert "Kabupaten Alfa 2024 versi 2" in ws.oddHeader.right.text
    det = wb["Determinan"]
    assert [det.cell(row=4, column=c).value for c in (1, 2, 4, 5, 6, 8)] == [
        1,
        "P01",
        "Jarak ke SD jauh dari permukiman",
        "DET01 Rasio murid per sekolah dasar",
        16,
        14,
    ]
    assert det["G4"].value == pytest.approx(0.5) and det["G4"].number_format == "0.0%"
    assert det["I4"].value == pytest.approx(12 / 14)
    places = wb["Lokasi"]
    assert [c.value for c in places[4]] == [
        1,
        "P01",
        "Masalah uji P01",
        "98.01.01.2001",
        "Satu",
        "Desa/Kelurahan",
        10,
        6,
        0.6,
        1,
        1,
        2,
        "I: kantong kemiskinan",
    ]
    assert places["I4"].number_format == "0.0%" and places.max_row == 4  # v2 kept one place
    sens = wb["Kepekaan"]
    run = v2.run
    expected = [r for r in run.sensitivity if r["domain"] == "98.01"]
    assert sens.max_row == 3 + len(expected)
    top = min((r for r in expected if r["rank_sepakat"]), key=lambda r: r["rank_sepakat"])
    assert [c.value for c in sens[4]][:3] == [top["code"], top["name"], 1]
    changes = [tuple(c.value for c in row) for row in wb["Perubahan"].iter_rows(min_row=4)]
    dropped = documented["dropped"]
    assert ("dihapus", dropped, f"Masalah uji {dropped}", None, None, None) in changes
    assert ("diubah", "P01", "Masalah uji P01", None, None, "lokasi") in changes
    method = wb["Metode"]
    lines = [str(c.value) for c in method["A"] if c.value]
    assert any(line.startswith("Skor = D × (T − A) / (1 − A)") for line in lines)
    assert any("berkas registrasi Registrasi uji 2024, tahun 2024" in line for line in lines)
    approval = next(r for r in method.iter_rows() if r[0].value == "Disetujui oleh")
    assert approval[1].value == "Bob" and approval[2].number_format == "dd/mm/yyyy hh:mm"
    assert approval[2].value.year == v2.decided_at.year
    # numbers are not as wide as their stored digits
    assert wb["Peringkat"].column_dimensions["E"].width < 16


def test_the_api_gives_the_determinants_locations_and_sensitivity(client, documented):
    p = documented["personas"]
    _token, plaintext = token_create(user=p["frank"], name="uji")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}
    data = client.get("/api/v1/prioritas/98.01/2024", **auth).json()
    assert data["version"] == 2 and data["registry_file"] == "Registrasi uji 2024"
    item = data["items"][0]
    assert item["code"] == "P01" and item["determinants"] == "Jarak ke SD jauh dari permukiman"
    assert item["determinant_details"] == [
        {"code": "DET01", "name": "Rasio murid per sekolah dasar", "name_en": ""}
    ]
    assert item["demand"] == [
        {"group": "deciles_1_4", "households": 16, "achievement": 0.5},
        {"group": "deciles_5_10", "households": 14, "achievement": pytest.approx(12 / 14)},
    ]
    assert item["location_details"] == [
        {
            "code": "98.01.01.2001",
            "name": "Satu",
            "level": "desa",
            "households": 10,
            "deprived": 6,
            "share": 0.6,
            "rank_number": 1,
            "rank_share": 1,
            "places_ranked": 2,
            "quadrant": 1,
        }
    ]
    # problems without a registry column say so rather than show zeros
    other = data["items"][1]
    assert other["demand"] == [] and "status_" in other["demand_note"]
    codes = {r["code"] for r in data["sensitivity"]}
    assert "P01" in codes and all(isinstance(r["moved"], bool) for r in data["sensitivity"])
    assert "Skor = D" in data["method"]
    # another kab/kota's token gets 404 and nothing of the set
    _t, other_token = token_create(user=p["charlie"], name="uji")
    outsider = client.get(
        "/api/v1/prioritas/98.01/2024", HTTP_AUTHORIZATION=f"Bearer {other_token}"
    )
    assert outsider.status_code == 404 and "items" not in outsider.json()


def test_an_outsider_gets_no_document_of_the_set(client, documented, login_as):
    login_as(documented["personas"]["charlie"])
    for name in ("priorities:set_pdf", "priorities:set_xlsx"):
        response = client.get(reverse(name, args=[documented["v1"].pk]))
        assert response.status_code == 404 and b"Satu" not in response.content
