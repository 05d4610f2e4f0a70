"""An invited user sets a password, and an admin also registers an authenticator, in one step."""

from __future__ import annotations

import datetime as dt
import re
from binascii import unhexlify

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from sepakat.accounts.invitations import invitation_create
from sepakat.accounts.models import LoginEvent, User
from sepakat.accounts.services import user_create
from sepakat.core.roles import Role

pytestmark = pytest.mark.django_db
PASSWORD = "kata-sandi-baru-bappeda-7"


def invite(regions, role=Role.REGIONAL_ADMIN, **kwargs):
    user = user_create(
        username="sari", password=None, role=role, region=regions["kab_a"], email="sari@alfa.go.id"
    )
    invitation, token = invitation_create(
        user=user, invited_by=None, base_url="http://testserver", **kwargs
    )
    return user, invitation, token


def code(hex_key: str) -> str:
    return f"{TOTP(unhexlify(hex_key), 30, 0, 6, 0).token():06d}"


def session_key(client, invitation) -> str:
    return client.session["sepakat_invitation_totp_key"][str(invitation.pk)]


def test_an_admin_sets_a_password_and_an_authenticator_then_logs_in(
    client, regions, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user, invitation, token = invite(regions)
    link = re.search(r"http://testserver(\S+)", mail.outbox[0].body)[1]
    assert link == reverse("accounts:invitation", args=[token])
    page = client.get(link).content.decode()
    assert "<svg" in page and 'id="totp-secret"' in page
    assert "http" not in page.split('id="totp-qr"')[1].split("</div>")[0].replace(
        "http://www.w3.org", ""
    )  # the QR code is inline: no request leaves the server
    key = session_key(client, invitation)
    response = client.post(link, {"password1": PASSWORD, "password2": PASSWORD, "token": code(key)})
    assert response["Location"] == reverse("accounts:login")
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    device = TOTPDevice.objects.get(user=user)
    assert device.confirmed and device.key == key
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None

    client.post(reverse("accounts:login"), {"username": "sari", "password": PASSWORD})
    response = client.post(reverse("accounts:second_factor"), {"token": code(key)})
    assert response["Location"] == "/dasbor/"
    assert LoginEvent.objects.filter(user=user, outcome="success").exists()


def test_a_wrong_first_code_saves_nothing(client, regions):
    user, _invitation, token = invite(regions)
    link = reverse("accounts:invitation", args=[token])
    client.get(link)
    response = client.post(link, {"password1": PASSWORD, "password2": PASSWORD, "token": "000000"})
    assert response.status_code == 400
    assert "tidak cocok" in response.content.decode()
    user.refresh_from_db()
    assert not user.has_usable_password()
    assert not TOTPDevice.objects.filter(user=user).exists()


@pytest.mark.parametrize(
    ("password1", "password2", "message"),
    [
        ("pendek", "pendek", "terlalu pendek"),
        (PASSWORD, PASSWORD + "x", "tidak sama"),
        ("1234567890123", "1234567890123", "seluruhnya terdiri dari angka"),
    ],
)
def test_a_weak_or_mismatched_password_is_refused(client, regions, password1, password2, message):
    user, invitation, token = invite(regions)
    link = reverse("accounts:invitation", args=[token])
    client.get(link)
    response = client.post(
        link,
        {
            "password1": password1,
            "password2": password2,
            "token": code(session_key(client, invitation)),
        },
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    user.refresh_from_db()
    assert not user.has_usable_password()


def test_an_invitation_is_used_once(client, regions):
    _user, _invitation, token = invite(regions, role=Role.PLANNER)
    link = reverse("accounts:invitation", args=[token])
    page = client.get(link).content.decode()
    assert "totp-qr" not in page  # planners need no second factor
    client.post(link, {"password1": PASSWORD, "password2": PASSWORD})
    response = client.get(link)
    assert response.status_code == 400 and "sudah dipakai" in response.content.decode()


def test_an_expired_invitation_says_whom_to_ask(client, regions):
    _user, _invitation, token = invite(regions, now=timezone.now() - dt.timedelta(days=15))
    response = client.get(reverse("accounts:invitation", args=[token]))
    assert response.status_code == 400 and "kedaluwarsa" in response.content.decode()


def test_an_unknown_invitation_is_refused(client, db):
    response = client.get(reverse("accounts:invitation", args=["bukan-token"]))
    assert response.status_code == 400 and "tidak dikenal" in response.content.decode()


def test_only_a_hash_of_the_token_is_stored(regions):
    _user, invitation, token = invite(regions)
    assert token not in invitation.token_hash and len(invitation.token_hash) == 64
    assert User.objects.get(username="sari").invitations.count() == 1
