"""The data hub's whole story on the demo region, as the issue tells it.

A data operator of a demo kab downloads the template, fills it, uploads it, sees the
preview, fixes a bad cell, commits; the regional admin returns it once with a reason, then
verifies it; the values appear in the catalogue views and through the API; another
region's users see none of it.
"""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from sepakat.accounts.models import User
from sepakat.datahub.api_services import token_create
from sepakat.datahub.models import Indicator, Observation, Submission, Upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    from sepakat.demo.services import build_demo

    settings.MICRODATA_DIR = tmp_path / "microdata"
    build_demo(seed=2025)
    return {u.username: u for u in User.objects.filter(username__startswith="contoh.")}


def fill(content: bytes, values: dict[tuple[int, str], object]) -> bytes:
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook["Data"]
    keys = [c.value for c in sheet[2]]
    for (row, key), value in values.items():
        sheet.cell(row=row, column=keys.index(key) + 1, value=value)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_demo_kab_data_from_template_to_api(client, login_as, demo):
    operator, admin = demo["contoh.9901.operator"], demo["contoh.9901.admin"]
    outsider = demo["contoh.9902.perencana"]
    login_as(operator)
    template = client.get(reverse("datahub:template", args=["profil-kesehatan"])).content
    first_kecamatan = load_workbook(io.BytesIO(template))["Data"]["A3"].value
    assert first_kecamatan.startswith("99.01.")

    def upload(content: bytes) -> str:
        return client.post(
            reverse("datahub:upload_new"),
            {
                "dataset": Upload._meta.get_field("dataset")
                .related_model.objects.get(code="profil-kesehatan")
                .pk,
                "file": SimpleUploadedFile("profil-kesehatan.xlsx", content),
            },
            follow=True,
        ).content.decode()

    bad = fill(template, {(3, "PLD09"): "24,5%", (4, "PLD09"): 31.2})
    page = upload(bad)
    assert "harus berupa angka" in page and Upload.objects.count() == 0
    good = fill(template, {(3, "PLD09"): 24.5, (4, "PLD09"): 31.2, (3, "PLD07"): 88.0})
    page = upload(good)
    assert 'data-count="new">3<' in page
    client.post(reverse("datahub:upload_commit", args=[Upload.objects.get().pk]))
    submission = Submission.objects.get()
    client.post(reverse("datahub:submission_action", args=[submission.pk, "ajukan"]))

    login_as(admin)
    client.post(
        reverse("datahub:submission_action", args=[submission.pk, "kembalikan"]),
        {"reason": "Stunting kecamatan pertama perlu dicek ulang dengan puskesmas."},
    )
    login_as(operator)
    client.post(reverse("datahub:submission_action", args=[submission.pk, "ajukan"]))
    login_as(admin)
    client.post(reverse("datahub:submission_action", args=[submission.pk, "verifikasi"]))
    submission.refresh_from_db()
    assert submission.status == "verified"

    stunting = Indicator.objects.get(code="PLD09")
    stored = Observation.objects.get(indicator=stunting, region__code=first_kecamatan)
    assert stored.value == 24.5 and stored.status == "verified"
    page = client.get(reverse("datahub:indicator", args=[stunting.pk])).content.decode()
    assert first_kecamatan in page and "24,5" in page

    _token, key = token_create(user=operator, name="sipd")
    answer = client.get(
        "/api/v1/observations",
        {"indicator": "PLD09", "region": first_kecamatan},
        HTTP_AUTHORIZATION=f"Bearer {key}",
    ).json()
    items = answer["items"] if isinstance(answer, dict) else answer
    assert [round(i["value"], 1) for i in items] == [24.5]

    login_as(outsider)
    assert client.get(reverse("datahub:submission", args=[submission.pk])).status_code == 404
    page = client.get(reverse("datahub:indicator", args=[stunting.pk])).content.decode()
    assert first_kecamatan not in page
    _t, outsider_key = token_create(user=outsider, name="x")
    response = client.get(
        "/api/v1/observations",
        {"indicator": "PLD09", "region": first_kecamatan},
        HTTP_AUTHORIZATION=f"Bearer {outsider_key}",
    )
    assert response.status_code == 404
