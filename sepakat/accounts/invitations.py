"""Invitations: an e-mailed link with which a new user sets a password and, for the admin
roles, registers an authenticator app, before logging in normally.

The link carries a random token; only its SHA-256 is stored. Accepting is one atomic step:
the password, the confirmed TOTP device and the acceptance are written together, so that a
half-finished invitation leaves no half-configured account behind.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import secrets
from binascii import unhexlify

import segno
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from sepakat.accounts.models import Invitation, User
from sepakat.accounts.services import totp_device_create
from sepakat.core.errors import UserError

INVITATION_VALID_DAYS = 14


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_url(token: str, *, base_url: str) -> str:
    return base_url.rstrip("/") + reverse("accounts:invitation", args=[token])


@transaction.atomic
def invitation_create(
    *,
    user: User,
    invited_by: User | None,
    base_url: str,
    now: dt.datetime | None = None,
) -> tuple[Invitation, str]:
    """A new invitation for ``user``; the e-mail with the link leaves after commit."""
    if not user.email:
        raise UserError(_("Pengguna ini belum memiliki alamat surel untuk undangan."))
    now = now or timezone.now()
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        user=user,
        token_hash=_hash(token),
        invited_by=invited_by,
        created_at=now,
        valid_until=now + dt.timedelta(days=INVITATION_VALID_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    url = invitation_url(token, base_url=base_url)
    transaction.on_commit(lambda: send_invitation(invitation.pk, url))
    return invitation, token


def send_invitation(invitation_id: int, url: str) -> None:
    invitation = Invitation.objects.select_related("user__region").get(pk=invitation_id)
    user = invitation.user
    steps = (
        _(
            "Buka tautan berikut untuk membuat kata sandi dan mendaftarkan aplikasi "
            "autentikator (verifikasi dua langkah) di ponsel Anda:"
        )
        if user.needs_second_factor
        else _("Buka tautan berikut untuk membuat kata sandi Anda:")
    )
    body = _(
        "Yth. %(name)s,\n\nAnda diundang menggunakan SEPAKAT sebagai %(role)s untuk "
        "%(region)s. Nama pengguna Anda: %(username)s\n\n%(steps)s\n%(url)s\n\n"
        "Tautan ini berlaku sampai %(until)s dan hanya dapat dipakai sekali."
    ) % {
        "name": user.get_full_name() or user.username,
        "role": user.get_role_display(),
        "region": user.region.display_name if user.region else "-",
        "username": user.username,
        "steps": steps,
        "url": url,
        "until": timezone.localtime(invitation.valid_until).strftime("%d-%m-%Y %H:%M"),
    }
    send_mail(
        _("[SEPAKAT] Undangan menggunakan SEPAKAT"),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
    )


def invitation_for_token(token: str, *, now: dt.datetime | None = None) -> Invitation:
    """The open invitation of a link, or an error that says why the link no longer works."""
    invitation = (
        Invitation.objects.select_related("user__region").filter(token_hash=_hash(token)).first()
    )
    if invitation is None:
        raise UserError(
            _("Tautan undangan ini tidak dikenal. Periksa apakah tautannya tersalin utuh.")
        )
    if invitation.accepted_at is not None:
        raise UserError(
            _("Undangan ini sudah dipakai. Silakan masuk dengan kata sandi yang Anda buat.")
        )
    if (now or timezone.now()) > invitation.valid_until:
        raise UserError(
            _(
                "Tautan undangan ini sudah kedaluwarsa. Minta pengundang Anda mengirim "
                "undangan baru."
            )
        )
    if not invitation.user.is_active:
        raise UserError(_("Akun ini sudah dinonaktifkan."))
    return invitation


def new_totp_key() -> str:
    return str(random_hex(20))


def totp_setup(user: User, key: str) -> dict[str, str]:
    """What an authenticator app needs: the otpauth link as an inline SVG QR code, and the
    secret in base32 for typing it in."""
    device = TOTPDevice(user=user, key=key, name="authenticator")
    url = device.config_url
    svg = io.BytesIO()
    segno.make(url, error="m").save(svg, kind="svg", scale=4, xmldecl=False, svgns=True)
    from base64 import b32encode

    secret = b32encode(unhexlify(key)).decode()
    return {"url": url, "svg": svg.getvalue().decode(), "secret": secret}


def _code_matches(key: str, code: str) -> bool:
    code = code.strip().replace(" ", "")
    if not code.isdigit():
        return False
    totp = TOTP(unhexlify(key), step=30, t0=0, digits=6, drift=0)
    return bool(totp.verify(int(code), tolerance=1))


@transaction.atomic
def invitation_accept(
    *,
    invitation: Invitation,
    password: str,
    totp_key: str | None = None,
    totp_code: str = "",
    now: dt.datetime | None = None,
) -> User:
    """Set the password (and the second factor for admin roles) and close the invitation.

    Raises :class:`django.core.exceptions.ValidationError` keyed by form field.
    """
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("user")
        .get(pk=invitation.pk)
    )
    invitation = invitation_for_token_row(invitation, now=now)
    user = invitation.user
    errors: dict[str, list[str]] = {}
    try:
        validate_password(password, user)
    except ValidationError as exc:
        errors["password1"] = list(exc.messages)
    if user.needs_second_factor:
        if not totp_key or not _code_matches(totp_key, totp_code):
            errors["token"] = [
                _(
                    "Kode dari aplikasi autentikator tidak cocok. Pindai kode QR di atas, "
                    "lalu masukkan 6 angka yang sedang tampil."
                )
            ]
    if errors:
        raise ValidationError(errors)
    user.set_password(password)
    user.full_clean()
    user.save()
    if user.needs_second_factor:
        assert totp_key is not None
        totp_device_create(user=user, key=totp_key)
    invitation.accepted_at = now or timezone.now()
    invitation.full_clean()
    invitation.save(update_fields=["accepted_at"])
    return user


def invitation_for_token_row(invitation: Invitation, *, now: dt.datetime | None) -> Invitation:
    if invitation.accepted_at is not None or (now or timezone.now()) > invitation.valid_until:
        raise UserError(_("Undangan ini sudah dipakai atau kedaluwarsa."))
    return invitation
