"""Writes and decisions about accounts: creating users, second factors and logging in.

Login is decided here, not in the view, so that the rules (expiry, inactive accounts,
second factor for admin roles, lockout) are one readable sequence and every outcome
leaves a :class:`LoginEvent`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import authenticate
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from sepakat.accounts.models import LoginEvent, User
from sepakat.core.clientip import client_ip
from sepakat.core.errors import UserError
from sepakat.core.roles import ROLE_RANK, Role
from sepakat.regions.models import Level, Region


def _client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return client_ip(request)


def record_login_event(
    *, request: HttpRequest | None, username: str, outcome: str, user: User | None = None
) -> LoginEvent:
    agent = request.META.get("HTTP_USER_AGENT", "") if request is not None else ""
    return LoginEvent.objects.create(
        user=user,
        username=username[:150],
        outcome=outcome,
        ip_address=_client_ip(request),
        user_agent=agent[:300],
    )


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    role: str,
    region: Region,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    agency: str = "",
    expires_on: dt.date | None = None,
    is_trial: bool = False,
    created_by: User | None = None,
) -> User:
    """Create a user of one region; nobody grants a role above their own."""
    if role not in Role.values:
        raise UserError(_("Peran '%(role)s' tidak dikenal.") % {"role": role})
    if role in (Role.CENTRAL_ADMIN, Role.TRAINER) and region.level != Level.NATIONAL:
        raise UserError(_("Admin pusat dan pelatih harus terdaftar pada wilayah nasional."))
    if created_by is not None:
        if ROLE_RANK[Role(role)] > ROLE_RANK[Role(created_by.role)]:
            raise UserError(_("Anda tidak dapat memberikan peran di atas peran Anda sendiri."))
        if created_by.region is None or not created_by.region.contains(region):
            raise UserError(_("Anda hanya dapat membuat pengguna di wilayah Anda."))
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=role,
        region=region,
        agency=agency,
        expires_on=expires_on,
        is_trial=is_trial,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def totp_device_create(
    *, user: User, name: str = "authenticator", key: str | None = None
) -> TOTPDevice:
    """A confirmed TOTP device for ``user``, replacing any earlier one."""
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice(user=user, name=name, confirmed=True)
    if key is not None:
        device.key = key
    device.save()
    return device


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


@dataclass(frozen=True)
class LoginDecision:
    outcome: str
    user: User | None = None
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.outcome == LoginEvent.Outcome.SUCCESS


def whom_to_ask(user: User) -> str:
    """Who can renew or unlock an account: the region's admin, or the central team."""
    if user.role in (Role.PLANNER, Role.DATA_OPERATOR, Role.VIEWER) and user.region is not None:
        admin = (
            User.objects.filter(role=Role.REGIONAL_ADMIN, region=user.region, is_active=True)
            .exclude(pk=user.pk)
            .order_by("pk")
            .first()
        )
        if admin is not None:
            contact = admin.get_full_name() or admin.username
            if admin.email:
                contact = f"{contact} ({admin.email})"
            return _("admin daerah Anda, %(contact)s") % {"contact": contact}
    from django.conf import settings

    return str(settings.SEPAKAT_SUPPORT_CONTACT)


def decide_login(request: HttpRequest, *, username: str, password: str) -> LoginDecision:
    """Check a user name and password and say whether, and how, the user may continue.

    ``second_factor`` means the password was right and a TOTP code is needed next.
    """
    user = authenticate(request, username=username, password=password)
    if getattr(request, "axes_locked_out", False):
        record_login_event(request=request, username=username, outcome=LoginEvent.Outcome.LOCKED)
        return LoginDecision(LoginEvent.Outcome.LOCKED, message=lockout_message())
    if user is None:
        inactive = User.objects.filter(username=username, is_active=False).first()
        if inactive is not None and inactive.check_password(password):
            record_login_event(
                request=request,
                username=username,
                outcome=LoginEvent.Outcome.INACTIVE,
                user=inactive,
            )
            return LoginDecision(
                LoginEvent.Outcome.INACTIVE,
                message=_("Akun ini sudah dinonaktifkan. Hubungi %(who)s.")
                % {"who": whom_to_ask(inactive)},
            )
        record_login_event(
            request=request, username=username, outcome=LoginEvent.Outcome.BAD_CREDENTIALS
        )
        return LoginDecision(
            LoginEvent.Outcome.BAD_CREDENTIALS,
            message=_("Nama pengguna atau kata sandi salah. Periksa keduanya lalu coba lagi."),
        )
    assert isinstance(user, User)
    if user.is_expired():
        record_login_event(
            request=request, username=username, outcome=LoginEvent.Outcome.EXPIRED, user=user
        )
        return LoginDecision(LoginEvent.Outcome.EXPIRED, user, expired_message(user))
    if user.needs_second_factor:
        if confirmed_device(user) is None:
            record_login_event(
                request=request,
                username=username,
                outcome=LoginEvent.Outcome.NO_SECOND_FACTOR,
                user=user,
            )
            return LoginDecision(
                LoginEvent.Outcome.NO_SECOND_FACTOR,
                user,
                _(
                    "Akun admin wajib memakai verifikasi dua langkah, tetapi akun ini belum "
                    "memiliki aplikasi autentikator terdaftar. Minta %(who)s mendaftarkannya "
                    "untuk Anda."
                )
                % {"who": whom_to_ask(user)},
            )
        return LoginDecision("second_factor", user)
    return LoginDecision(LoginEvent.Outcome.SUCCESS, user)


def verify_second_factor(
    request: HttpRequest, *, user: User, token: str
) -> tuple[TOTPDevice | None, str]:
    """Check a TOTP code; wrong codes slow further tries down (django-otp throttling)."""
    device = confirmed_device(user)
    if device is None:
        return None, _("Akun ini belum memiliki aplikasi autentikator terdaftar.")
    allowed, _details = device.verify_is_allowed()
    if not allowed:
        record_login_event(
            request=request,
            username=user.username,
            outcome=LoginEvent.Outcome.BAD_SECOND_FACTOR,
            user=user,
        )
        return None, _(
            "Terlalu banyak kode yang salah. Tunggu beberapa detik, lalu masukkan kode "
            "yang sedang tampil di aplikasi autentikator."
        )
    if device.verify_token(token.strip().replace(" ", "")):
        return device, ""
    record_login_event(
        request=request,
        username=user.username,
        outcome=LoginEvent.Outcome.BAD_SECOND_FACTOR,
        user=user,
    )
    return None, _(
        "Kode verifikasi salah atau sudah kedaluwarsa. Masukkan kode yang sedang tampil."
    )


def expired_message(user: User) -> str:
    return _(
        "Masa berlaku akun Anda berakhir pada %(date)s, jadi Anda tidak dapat masuk. "
        "Untuk memperpanjang, hubungi %(who)s."
    ) % {"date": _format_date(user.expires_on), "who": whom_to_ask(user)}


def lockout_message() -> str:
    from django.conf import settings

    minutes = round(float(settings.AXES_COOLOFF_TIME) * 60)
    return _(
        "Terlalu banyak percobaan masuk yang gagal. Akun ini dikunci sementara selama "
        "%(minutes)d menit. Coba lagi nanti, atau hubungi %(who)s bila Anda lupa kata sandi."
    ) % {"minutes": minutes, "who": settings.SEPAKAT_SUPPORT_CONTACT}


def _format_date(value: Any) -> str:
    from django.utils.formats import date_format

    return date_format(value, "j F Y") if value else "-"
