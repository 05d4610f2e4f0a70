"""The analysis worksheet: templates by the centre, answers by the region (with its own
verified indicator values), draft, submit, return with a comment, accept, PDF."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from sepakat.access.models import Worksheet, WorksheetQuestion, WorksheetTemplate
from sepakat.access.worksheets import DEFAULT_STRUCTURE, parse_structure, worksheet_template_create
from sepakat.datahub.models import Area, Indicator, Observation, Polarity
from tests.access.conftest import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def template(personas):
    return worksheet_template_create(
        title="Lembar Kerja Analisis 2025", structure=DEFAULT_STRUCTURE, by=personas["diana"]
    )


@pytest.fixture
def p0(regions):
    indicator = Indicator.objects.create(
        code="P0",
        name_id="Persentase penduduk miskin",
        area=Area.POVERTY,
        unit="%",
        polarity=Polarity.LOWER_IS_BETTER,
        decimals=2,
    )
    Observation.objects.create(
        indicator=indicator, region=regions["kab_a"], period="2023", value=10.4, status="verified"
    )
    Observation.objects.create(
        indicator=indicator, region=regions["kab_a"], period="2024", value=9.87, status="verified"
    )
    Observation.objects.create(
        indicator=indicator, region=regions["kab_a"], period="2025", value=1.0, status="draft"
    )  # not verified: never shown
    Observation.objects.create(
        indicator=indicator, region=regions["kab_b"], period="2024", value=55.5, status="verified"
    )  # another region: never shown
    return indicator


def answers(worksheet, text="Jawaban.", **extra):
    data = {}
    for q in WorksheetQuestion.objects.filter(section__template=worksheet.template):
        data[f"q{q.pk}-text"] = text
    data.update(extra)
    return data


def start(client, template):
    client.post(reverse("access:worksheet_start", args=[template.pk]))
    return Worksheet.objects.get()


def test_the_centre_writes_a_template_of_sections_and_questions(client, personas, login_as):
    login_as(personas["diana"])
    client.post(
        reverse("access:worksheet_template_new"),
        {
            "title": "LK",
            "structure": "# Masalah\nApa masalahnya?\nApa buktinya?\n# Lokasi\nDi mana?",
        },
    )
    template = WorksheetTemplate.objects.get()
    assert [s.title for s in template.sections.all()] == ["Masalah", "Lokasi"]
    assert template.sections.first().questions.count() == 2
    assert LogEntry.objects.get_for_object(template).exists()


@pytest.mark.parametrize(
    ("structure", "message"),
    [
        ("Apa masalahnya?\n# Masalah\nX", "Baris 1"),
        ("# Masalah\n# Lokasi\nDi mana?", "Bagian tanpa pertanyaan: Masalah"),
        ("", "setidaknya satu bagian"),
    ],
)
def test_a_malformed_template_says_where(structure, message):
    with pytest.raises(ValidationError, match=message):
        parse_structure(structure)


def test_a_region_fills_saves_and_submits_with_its_own_verified_values(
    client, personas, regions, login_as, template, p0, django_capture_on_commit_callbacks
):
    login_as(personas["alice"])
    worksheet = start(client, template)
    first = WorksheetQuestion.objects.filter(section__template=template).first()
    client.post(
        reverse("access:worksheet", args=[worksheet.pk]),
        {
            f"q{first.pk}-text": "Kemiskinan turun.",
            f"q{first.pk}-indicator": p0.pk,
            f"q{first.pk}-embed": "table",
        },
    )
    html = client.get(reverse("access:worksheet", args=[worksheet.pk])).content.decode()
    assert "10,40" in html and "9,87" in html
    assert "55,5" not in html and ">1,00<" not in html
    answer = worksheet.answers.get(question=first)
    assert answer.text == "Kemiskinan turun." and answer.indicator == p0

    response = client.post(
        reverse("access:worksheet", args=[worksheet.pk]),
        {f"q{first.pk}-text": "X", "submit": ""},
        follow=True,
    )
    assert "belum dijawab" in response.content.decode()
    worksheet.refresh_from_db()
    assert worksheet.status == "draft"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("access:worksheet", args=[worksheet.pk]),
            answers(worksheet, **{f"q{first.pk}-indicator": p0.pk, "submit": ""}),
        )
    worksheet.refresh_from_db()
    assert worksheet.status == "submitted" and worksheet.submitted_at
    assert any("diajukan" in m.subject for m in mail.outbox)


def test_an_indicator_without_values_in_the_region_cannot_be_embedded(
    client, personas, regions, login_as, template, p0
):
    other = Indicator.objects.create(
        code="X1", name_id="Lain", area=Area.POVERTY, unit="%", polarity=Polarity.LOWER_IS_BETTER
    )
    login_as(personas["alice"])
    worksheet = start(client, template)
    first = WorksheetQuestion.objects.filter(section__template=template).first()
    response = client.post(
        reverse("access:worksheet", args=[worksheet.pk]),
        {f"q{first.pk}-text": "A", f"q{first.pk}-indicator": other.pk},
        follow=True,
    )
    assert "tidak memiliki nilai terverifikasi" in response.content.decode()
    assert not worksheet.answers.exists()


def test_the_reviewer_returns_with_a_comment_then_accepts(
    client, personas, regions, login_as, template, django_capture_on_commit_callbacks
):
    login_as(personas["alice"])
    worksheet = start(client, template)
    client.post(reverse("access:worksheet", args=[worksheet.pk]), answers(worksheet, submit=""))
    login_as(personas["diana"])
    response = client.post(
        reverse("access:worksheet_review", args=[worksheet.pk, "kembalikan"]),
        {"comment": ""},
        follow=True,
    )
    assert "Tuliskan komentar" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("access:worksheet_review", args=[worksheet.pk, "kembalikan"]),
            {"comment": "Tambahkan bukti untuk masalah kedua."},
        )
    worksheet.refresh_from_db()
    assert worksheet.status == "returned"
    assert "Tambahkan bukti" in mail.outbox[-1].body and mail.outbox[-1].to == ["bob@contoh.go.id"]

    login_as(personas["alice"])
    client.post(
        reverse("access:worksheet", args=[worksheet.pk]),
        answers(worksheet, "Lebih baik.", submit=""),
    )
    login_as(personas["grace"])  # trainers review too
    client.post(reverse("access:worksheet_review", args=[worksheet.pk, "terima"]))
    worksheet.refresh_from_db()
    assert worksheet.status == "accepted" and worksheet.reviewed_by == personas["grace"]
    assert LogEntry.objects.get_for_object(worksheet).count() >= 3

    login_as(personas["alice"])
    client.post(reverse("access:worksheet", args=[worksheet.pk]), answers(worksheet, "Ubah"))
    assert worksheet.answers.first().text == "Lebih baik."  # accepted: no more edits


def test_the_worksheet_exports_as_pdf(client, personas, login_as, template, p0):
    login_as(personas["alice"])
    worksheet = start(client, template)
    first = WorksheetQuestion.objects.filter(section__template=template).first()
    client.post(
        reverse("access:worksheet", args=[worksheet.pk]),
        answers(
            worksheet,
            "Tiga kecamatan paling miskin.",
            **{f"q{first.pk}-indicator": p0.pk, f"q{first.pk}-embed": "bars"},
        ),
    )
    response = client.get(reverse("access:worksheet_pdf", args=[worksheet.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Lembar Kerja Analisis 2025" in text and "Kabupaten Alfa" in text
    assert "Tiga kecamatan paling miskin." in text and "9,87" in text


def test_a_viewer_reads_but_does_not_fill(client, personas, login_as, template):
    login_as(personas["alice"])
    worksheet = start(client, template)
    login_as(personas["frank"])
    assert client.get(reverse("access:worksheet", args=[worksheet.pk])).status_code == 200
    assert (
        client.post(
            reverse("access:worksheet", args=[worksheet.pk]), answers(worksheet)
        ).status_code
        == 403
    )
    assert client.post(reverse("access:worksheet_start", args=[template.pk])).status_code == 403
