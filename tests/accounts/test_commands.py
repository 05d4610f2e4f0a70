"""`sepakat createadmin` and `sepakat otp`: the operator's way to admins with a second factor."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from sepakat.accounts.models import User
from sepakat.core.roles import Role
from sepakat.regions.models import NATIONAL_CODE

pytestmark = pytest.mark.django_db


def test_createadmin_makes_a_central_admin_with_an_authenticator(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("sandi-admin-pusat-2025\n"))
    out = io.StringIO()
    call_command(
        "createadmin", username="pusat", email="pusat@contoh.go.id", password_stdin=True, stdout=out
    )
    user = User.objects.get(username="pusat")
    assert user.role == Role.CENTRAL_ADMIN
    assert user.region.code == NATIONAL_CODE
    assert user.check_password("sandi-admin-pusat-2025")
    device = TOTPDevice.objects.get(user=user)
    assert device.confirmed
    assert "otpauth://totp/" in out.getvalue()


def test_createadmin_refuses_a_weak_password(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("12345\n"))
    with pytest.raises(CommandError):
        call_command("createadmin", username="pusat", password_stdin=True, stdout=io.StringIO())
    assert not User.objects.filter(username="pusat").exists()


def test_otp_replaces_the_device_of_a_user(personas):
    old = TOTPDevice.objects.get(user=personas["bob"])
    out = io.StringIO()
    call_command("otp", "bob", stdout=out)
    new = TOTPDevice.objects.get(user=personas["bob"])
    assert new.pk != old.pk and new.key != old.key
    assert "otpauth://" in out.getvalue()


def test_otp_for_an_unknown_user_says_so(db):
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("otp", "tidak-ada", stdout=io.StringIO())
