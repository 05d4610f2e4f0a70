"""Logging in: passwords, expiry, inactive accounts, lockout, second factor."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from sepakat.accounts.models import LoginEvent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def post_login(client, username, password=PASSWORD):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_it_logs_a_planner_in_and_records_it(client, personas):
    response = post_login(client, "alice")
    assert response.status_code == 302
    assert response["Location"] == "/dasbor/"
    assert client.session["_auth_user_id"] == str(personas["alice"].pk)
    event = LoginEvent.objects.get(username="alice")
    assert event.outcome == LoginEvent.Outcome.SUCCESS
    assert event.user == personas["alice"]


def test_it_refuses_a_wrong_password_with_a_clear_message(client, personas):
    response = post_login(client, "alice", "salah-sandinya-1")
    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert LoginEvent.objects.get().outcome == LoginEvent.Outcome.BAD_CREDENTIALS


def test_it_refuses_an_expired_account_and_says_whom_to_ask(client, personas):
    alice = personas["alice"]
    alice.expires_on = timezone.localdate() - dt.timedelta(days=1)
    alice.save()
    response = post_login(client, "alice")
    body = response.content.decode()
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Masa berlaku akun Anda berakhir pada" in body
    # A planner is sent to the regional admin of the same kab.
    assert "bob@contoh.go.id" in body
    assert LoginEvent.objects.get().outcome == LoginEvent.Outcome.EXPIRED


def test_an_account_valid_until_today_still_logs_in(client, personas):
    alice = personas["alice"]
    alice.expires_on = timezone.localdate()
    alice.save()
    assert post_login(client, "alice").status_code == 302


def test_it_refuses_a_deactivated_account_with_the_reason(client, personas):
    alice = personas["alice"]
    alice.is_active = False
    alice.save()
    body = post_login(client, "alice").content.decode()
    assert "dinonaktifkan" in body
    assert LoginEvent.objects.get().outcome == LoginEvent.Outcome.INACTIVE


def test_it_locks_out_after_repeated_failures_even_with_the_right_password(
    client, personas, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, "alice", "salah-sandinya-1")
    response = post_login(client, "alice")
    assert response.status_code == 403
    assert "dikunci sementara selama 30 menit" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert LoginEvent.objects.filter(outcome=LoginEvent.Outcome.LOCKED).exists()


def test_another_user_is_not_locked_by_alices_failures(client, personas, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, "alice", "salah-sandinya-1")
    assert post_login(client, "charlie").status_code == 302


def test_an_admin_without_a_second_factor_is_refused(client, personas):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=personas["bob"]).delete()
    response = post_login(client, "bob")
    assert "verifikasi dua langkah" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert LoginEvent.objects.get().outcome == LoginEvent.Outcome.NO_SECOND_FACTOR


def current_code(user):
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user=user)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def test_an_admin_needs_the_code_from_the_authenticator(client, personas):
    response = post_login(client, "bob")
    assert response["Location"] == reverse("accounts:second_factor")
    assert "_auth_user_id" not in client.session

    ok = client.post(reverse("accounts:second_factor"), {"token": current_code(personas["bob"])})
    assert ok.status_code == 302
    assert client.session["_auth_user_id"] == str(personas["bob"].pk)
    assert client.get(reverse("accounts:user_list")).status_code == 200


def wrong_code(user):
    return f"{(int(current_code(user)) + 500000) % 1000000:06d}"


def test_a_wrong_code_is_refused_and_slows_further_tries(client, personas):
    post_login(client, "bob")
    response = client.post(
        reverse("accounts:second_factor"), {"token": wrong_code(personas["bob"])}
    )
    assert "Kode verifikasi salah" in response.content.decode()
    assert "_auth_user_id" not in client.session
    again = client.post(reverse("accounts:second_factor"), {"token": current_code(personas["bob"])})
    assert "Terlalu banyak kode yang salah" in again.content.decode()
    assert "_auth_user_id" not in client.session
    assert LoginEvent.objects.filter(outcome=LoginEvent.Outcome.BAD_SECOND_FACTOR).count() == 2


def test_the_second_step_without_a_password_step_goes_back_to_login(client, personas):
    response = client.post(reverse("accounts:second_factor"), {"token": "123456"})
    assert response["Location"] == reverse("accounts:login")


def test_an_admin_session_without_verification_is_ended(client, personas):
    client.force_login(personas["bob"], backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(reverse("core:dashboard"))
    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session


def test_a_session_ends_when_the_account_expires(client, personas, login_as):
    login_as(personas["alice"])
    assert client.get(reverse("core:dashboard")).status_code == 200
    alice = personas["alice"]
    alice.expires_on = timezone.localdate() - dt.timedelta(days=1)
    alice.save()
    response = client.get(reverse("core:dashboard"), follow=True)
    assert "Masa berlaku akun Anda berakhir" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_is_recorded(client, personas, login_as):
    login_as(personas["alice"])
    client.post(reverse("accounts:logout"))
    assert LoginEvent.objects.filter(
        outcome=LoginEvent.Outcome.LOGOUT, user=personas["alice"]
    ).exists()
    assert "_auth_user_id" not in client.session


def test_next_parameter_cannot_send_users_elsewhere(client, personas):
    response = client.post(
        reverse("accounts:login"),
        {"username": "alice", "password": PASSWORD, "next": "https://example.org/"},
    )
    assert response["Location"] == "/dasbor/"


@pytest.mark.real_hashers
def test_passwords_are_stored_with_argon2(personas):
    assert personas["alice"].password.startswith("argon2")
