"""Every bad input to the request gets a clear message, and nothing is half-saved."""

from __future__ import annotations

import time
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sepakat.access import services
from sepakat.access.models import AccessRequest, RequestStatus
from sepakat.core.errors import UserError
from sepakat.regions.models import Kind, Level, Region
from tests.access.conftest import form_data, submit_request

pytestmark = pytest.mark.django_db


def letters_on_disk() -> set[Path]:
    folder = Path(settings.MEDIA_ROOT) / "access" / "letters"
    return set(folder.glob("*")) if folder.exists() else set()


def post(client, data):
    before = letters_on_disk()
    response = client.post(reverse("access:request_new"), data)
    if response.status_code != 302:
        assert letters_on_disk() == before, "a refused request left its letter on disk"
    return response


def error_for(response, field: str) -> str:
    html = response.content.decode()
    start = html.find(f'data-error-for="{field}"')
    assert start != -1, f"no error shown for {field}"
    return html[start : html.find("</ul>", start)]


def test_a_letter_that_is_not_a_pdf_is_refused_by_its_content(client, regions, letter_pdf):
    fake = SimpleUploadedFile("surat.pdf", b"PK\x03\x04 this is a Word file", "application/pdf")
    response = post(client, form_data(regions["kab_a"], letter_pdf, letter=fake))
    assert response.status_code == 400
    assert "bukan PDF" in error_for(response, "letter")
    assert AccessRequest.objects.count() == 0 and mail.outbox == []


def test_a_letter_that_is_too_large_is_refused(client, regions, letter_pdf, settings):
    settings.SEPAKAT_LETTER_MAX_BYTES = 1024
    big = SimpleUploadedFile("surat.pdf", b"%PDF-1.7\n" + b"0" * 4096, "application/pdf")
    response = post(client, form_data(regions["kab_a"], letter_pdf, letter=big))
    assert "batasnya" in error_for(response, "letter")
    assert AccessRequest.objects.count() == 0


@pytest.mark.parametrize(
    "missing", ["letter", "letter_number", "letter_date", "contact_email", "signatory", "region"]
)
def test_a_missing_field_is_named(client, regions, letter_pdf, missing):
    data = form_data(regions["kab_a"], letter_pdf)
    del data[missing]
    response = post(client, data)
    assert response.status_code == 400
    assert "wajib diisi" in error_for(response, missing)
    assert AccessRequest.objects.count() == 0


def test_an_invalid_email_is_refused(client, regions, letter_pdf):
    response = post(client, form_data(regions["kab_a"], letter_pdf, contact_email="sari@bappeda"))
    assert "Alamat surel tidak sah" in error_for(response, "contact_email")
    assert AccessRequest.objects.count() == 0


def test_a_training_package_needs_its_training_model(client, regions, letter_pdf):
    data = form_data(regions["kab_a"], letter_pdf, package="training_and_access")
    response = post(client, data)
    assert "model pelatihan" in error_for(response, "training_model")
    assert AccessRequest.objects.count() == 0


def test_a_governor_does_not_sign_for_a_regency(client, regions, letter_pdf):
    response = post(client, form_data(regions["kab_a"], letter_pdf, signatory="gubernur"))
    assert "Gubernur" in error_for(response, "signatory")
    assert AccessRequest.objects.count() == 0


def test_a_kecamatan_cannot_ask_for_access(client, regions, letter_pdf):
    response = post(client, form_data(regions["kec_a"], letter_pdf))
    assert response.status_code == 400
    assert AccessRequest.objects.count() == 0


def test_a_second_open_request_for_the_same_region_is_refused(client, regions, letter_pdf):
    first = submit_request(regions["kab_a"], letter_pdf, ip_address="10.9.9.9")
    mail.outbox.clear()
    response = post(client, form_data(regions["kab_a"], letter_pdf))
    html = response.content.decode()
    assert response.status_code == 400
    assert "sudah memiliki permohonan yang sedang diproses" in html
    assert first.letter_number in html
    assert AccessRequest.objects.count() == 1 and mail.outbox == []


def test_a_new_request_is_allowed_after_the_decision(client, personas, regions, letter_pdf):
    first = submit_request(regions["kab_a"], letter_pdf, ip_address="10.9.9.9")
    services.request_decline(request=first, by=personas["diana"], reason="Belum bertanda tangan.")
    response = post(client, form_data(regions["kab_a"], letter_pdf))
    assert response.status_code == 302
    assert AccessRequest.objects.filter(status=RequestStatus.RECEIVED).count() == 1


def test_a_flood_from_one_address_is_slowed_down(client, regions, letter_pdf):
    extra = [
        Region.objects.create(
            code=f"98.0{n}",
            name=f"Kab {n}",
            level=Level.REGENCY,
            kind=Kind.KABUPATEN,
            parent=regions["province"],
        )
        for n in (3, 4)
    ]
    for region in [regions["kab_a"], regions["kab_b"], extra[0]]:
        assert post(client, form_data(region, letter_pdf)).status_code == 302
    response = post(client, form_data(extra[1], letter_pdf))
    assert response.status_code == 400
    assert "dalam satu jam terakhir" in response.content.decode()
    assert AccessRequest.objects.count() == 3
    # another address is not affected
    other = client.post(
        reverse("access:request_new"), form_data(extra[1], letter_pdf), REMOTE_ADDR="10.1.2.3"
    )
    assert other.status_code == 302


def test_an_expired_confirmation_link_says_so(client, regions, letter_pdf):
    request = submit_request(regions["kab_a"], letter_pdf)
    eight_days_ago = time.time() - 8 * 86400
    with mock.patch("django.core.signing.time.time", return_value=eight_days_ago):
        signed = services.confirmation_token(request)
    response = client.post(reverse("access:confirm", args=[signed]))
    assert response.status_code == 400
    assert "kedaluwarsa" in response.content.decode()
    request.refresh_from_db()
    assert request.status == RequestStatus.RECEIVED


def test_a_tampered_confirmation_link_is_refused(client, regions, letter_pdf):
    request = submit_request(regions["kab_a"], letter_pdf)
    signed = services.confirmation_token(request)
    response = client.post(reverse("access:confirm", args=[signed[:-2] + "xx"]))
    assert response.status_code == 400 and "tidak sah" in response.content.decode()
    request.refresh_from_db()
    assert request.status == RequestStatus.RECEIVED


def test_opening_the_confirmation_link_does_not_confirm_by_itself(client, regions, letter_pdf):
    request = submit_request(regions["kab_a"], letter_pdf)
    client.get(reverse("access:confirm", args=[services.confirmation_token(request)]))
    request.refresh_from_db()
    assert request.status == RequestStatus.RECEIVED


def test_the_confirmation_link_can_be_sent_again(
    client, regions, letter_pdf, django_capture_on_commit_callbacks
):
    request = submit_request(regions["kab_a"], letter_pdf)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("access:status", args=[request.token]))
    assert len(mail.outbox) == 1 and "/akses/konfirmasi/" in mail.outbox[0].body


def test_an_unknown_status_link_is_404(client, db):
    assert client.get(reverse("access:status", args=["tidak-ada"])).status_code == 404


def test_a_decline_needs_a_reason(client, personas, regions, login_as, letter_pdf):
    request = submit_request(regions["kab_a"], letter_pdf)
    login_as(personas["diana"])
    response = client.post(
        reverse("access:request_action", args=[request.pk, "tolak"]), {"reason": "  "}, follow=True
    )
    assert "Tuliskan alasan penolakan" in response.content.decode()
    request.refresh_from_db()
    assert request.status == RequestStatus.RECEIVED and not request.response_letter


def test_only_the_central_team_registers_requests_from_email_or_post(personas, regions, letter_pdf):
    with pytest.raises(UserError):
        submit_request(regions["kab_a"], letter_pdf, channel="email", registered_by=personas["bob"])
    assert AccessRequest.objects.count() == 0
