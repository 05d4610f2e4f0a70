"""A region files its request with the official letter, confirms it, and the central team
approves it: access granted, response letter produced and mailed, the region's admin invited."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from sepakat.access.models import AccessRequest, Package, RegionAccess, RequestStatus
from sepakat.access.services import add_months
from sepakat.accounts.models import Invitation, User
from sepakat.core.errors import UserError
from sepakat.core.roles import Role
from tests.access.conftest import form_data, pdf_text

pytestmark = pytest.mark.django_db


def test_the_whole_request_from_form_to_invitation(
    client, personas, regions, login_as, letter_pdf, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("access:request_new"), form_data(regions["kab_a"], letter_pdf)
        )
    request = AccessRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("access:status", args=[request.token])
    assert request.status == RequestStatus.RECEIVED
    assert request.letter.read().startswith(b"%PDF-")
    assert request.submitted_from == "127.0.0.1"
    assert [m.to for m in mail.outbox] == [["sari@bappeda-alfa.go.id"]]
    confirm_link = re.search(r"http://testserver(/akses/konfirmasi/\S+/)", mail.outbox[0].body)[1]
    status_link = re.search(r"http://testserver(/akses/status/\S+/)", mail.outbox[0].body)[1]

    page = client.get(status_link).content.decode()
    assert 'data-status="received"' in page
    client.post(confirm_link)
    request.refresh_from_db()
    assert request.status == RequestStatus.CONFIRMED and request.confirmed_at is not None

    diana = personas["diana"]
    login_as(diana)
    assert request.region.display_name in client.get(reverse("access:queue")).content.decode()
    client.post(reverse("access:request_action", args=[request.pk, "telaah"]))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("access:request_action", args=[request.pk, "setujui"]),
            {"response_number": "017/SEPAKAT/PKKS/III/2025", "conditions": "Hadir dalam webinar."},
        )
    request.refresh_from_db()
    assert request.status == RequestStatus.APPROVED
    assert request.decided_by == diana
    assert [e.status for e in request.events.all()] == [
        "received",
        "confirmed",
        "under_review",
        "approved",
    ]

    text = pdf_text(request.response_letter.read())
    assert "017/SEPAKAT/PKKS/III/2025" in text
    assert "Kabupaten Alfa" in text and "Sari Wulandari" in text
    assert "DISETUJUI" in text
    assert "Hadir dalam webinar." in text

    letter_mail = next(m for m in mail.outbox if "Surat tanggapan" in m.subject)
    assert letter_mail.to == ["sari@bappeda-alfa.go.id"]
    assert "diana@contoh.go.id" in letter_mail.cc
    (_name, content, mimetype) = letter_mail.attachments[0]
    assert mimetype == "application/pdf" and content.startswith(b"%PDF-")

    access = RegionAccess.objects.get(region=regions["kab_a"])
    today = timezone.localdate()
    assert access.package == Package.ACCESS_ONLY
    assert access.expires_on == add_months(today, 3)
    admin = User.objects.get(email="sari@bappeda-alfa.go.id")
    assert admin.role == Role.REGIONAL_ADMIN and admin.region == regions["kab_a"]
    assert admin.is_trial and admin.expires_on == access.expires_on
    assert not admin.has_usable_password()
    assert Invitation.objects.filter(user=admin, accepted_at__isnull=True).exists()
    invitation_mail = next(m for m in mail.outbox if "Undangan" in m.subject)
    assert invitation_mail.to == ["sari@bappeda-alfa.go.id"]
    assert "/akun/undangan/" in invitation_mail.body

    # the region's own users follow the access period (bob, alice... are users of kab A)
    assert User.objects.get(username="alice").expires_on == access.expires_on

    changes = LogEntry.objects.get_for_object(request)
    assert any("status" in (entry.changes_dict or {}) for entry in changes)


def test_the_status_page_shows_the_decline_and_its_reason(
    client, personas, regions, letter_pdf, django_capture_on_commit_callbacks
):
    from sepakat.access import services
    from tests.access.conftest import submit_request

    request = submit_request(regions["kab_a"], letter_pdf)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_decline(
            request=request, by=personas["diana"], reason="Surat tidak ditandatangani."
        )
    page = client.get(reverse("access:status", args=[request.token])).content.decode()
    assert 'data-status="declined"' in page and "Surat tidak ditandatangani." in page
    text = pdf_text(AccessRequest.objects.get().response_letter.read())
    assert "BELUM DAPAT DISETUJUI" in text and "Surat tidak ditandatangani." in text
    assert mail.outbox[-1].attachments


def test_the_central_team_registers_a_request_that_came_by_post(
    client, personas, regions, login_as, letter_pdf
):
    login_as(personas["diana"])
    data = form_data(regions["kab_b"], letter_pdf, channel="post", confirmed="on")
    response = client.post(reverse("access:request_register"), data)
    request = AccessRequest.objects.get()
    assert response["Location"] == reverse("access:request", args=[request.pk])
    assert request.channel == "post" and request.registered_by == personas["diana"]
    assert request.status == RequestStatus.CONFIRMED
    assert request.submitted_from is None
    assert mail.outbox == []  # confirmed by post: no confirmation link to send


def test_the_central_team_records_a_postal_confirmation(
    client, personas, regions, login_as, letter_pdf
):
    from tests.access.conftest import submit_request

    request = submit_request(regions["kab_a"], letter_pdf)
    login_as(personas["diana"])
    client.post(
        reverse("access:request_action", args=[request.pk, "konfirmasi"]),
        {"reason": "Surat fisik bercap diterima 5 Maret"},
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.CONFIRMED
    assert request.events.last().note == "Surat fisik bercap diterima 5 Maret"
    assert request.events.last().actor == personas["diana"]


def test_consultations_are_logged_per_region(client, personas, regions, login_as, letter_pdf):
    from tests.access.conftest import submit_request

    request = submit_request(regions["kab_a"], letter_pdf)
    login_as(personas["diana"])
    client.post(
        reverse("access:consultation_add", args=[request.pk]),
        {
            "kind": "visit",
            "held_on": "2025-03-10",
            "topic": "Persiapan data DTSEN",
            "people": "Sari Wulandari (Bappeda)\nDiana (Bappenas)",
        },
    )
    page = client.get(reverse("access:request", args=[request.pk])).content.decode()
    assert "Persiapan data DTSEN" in page
    consultation = request.region.consultations.get()
    assert (
        consultation.held_on == dt.date(2025, 3, 10)
        and consultation.recorded_by == personas["diana"]
    )
    assert LogEntry.objects.get_for_object(consultation).exists()


def test_approval_needs_a_review_first(personas, regions, letter_pdf):
    from sepakat.access import services
    from tests.access.conftest import submit_request

    request = submit_request(regions["kab_a"], letter_pdf)
    with pytest.raises(UserError, match="ditelaah"):
        services.request_approve(request=request, by=personas["diana"], base_url="http://x")
    assert RegionAccess.objects.count() == 0
