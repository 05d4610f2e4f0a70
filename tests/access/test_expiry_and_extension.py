"""Trial accounts end after three months; reminders go out 30, 7 and 1 days before; an
accepted analysis worksheet (or a commitment the centre records) extends by three months."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from sepakat.access import services
from sepakat.access.models import ExpiryReminder, Extension, RegionAccess, Worksheet
from sepakat.access.worksheets import DEFAULT_STRUCTURE, worksheet_template_create
from sepakat.accounts.models import User
from sepakat.core.errors import UserError
from tests.access.conftest import approved_request
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def trial(personas, regions, letter_pdf):
    """Kab A approved for access only: bob (its admin, same e-mail as the contact) and its users."""
    approved_request(
        regions["kab_a"], letter_pdf, personas["diana"], contact_email="bob@contoh.go.id"
    )
    return RegionAccess.objects.get(region=regions["kab_a"])


def accepted_worksheet(personas, regions):
    template = worksheet_template_create(
        title="LK 2025", structure=DEFAULT_STRUCTURE, by=personas["diana"]
    )
    return Worksheet.objects.create(
        template=template,
        region=regions["kab_a"],
        status="accepted",
        created_by=personas["alice"],
        created_at=timezone.now(),
        updated_at=timezone.now(),
    )


def test_add_months_keeps_the_day_or_takes_the_months_last():
    assert services.add_months(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)
    assert services.add_months(dt.date(2024, 11, 30), 3) == dt.date(2025, 2, 28)
    assert services.add_months(dt.date(2025, 3, 15), 3) == dt.date(2025, 6, 15)
    assert services.add_months(dt.date(2025, 11, 1), 3) == dt.date(2026, 2, 1)


def test_the_whole_region_follows_the_trial_period(trial, personas):
    for name in ("alice", "bob", "erin", "frank"):
        user = User.objects.get(username=name)
        assert user.is_trial and user.expires_on == trial.expires_on
    assert User.objects.get(username="charlie").expires_on is None  # kab B untouched
    assert User.objects.get(username="hana").expires_on is None  # the province untouched


def test_reminders_go_out_30_7_and_1_days_before_once_each(
    trial, personas, django_capture_on_commit_callbacks
):
    end = trial.expires_on
    sent_on = {}
    mail.outbox.clear()
    for offset in range(40, -2, -1):
        today = end - dt.timedelta(days=offset)
        with django_capture_on_commit_callbacks(execute=True):
            reminders = services.send_expiry_reminders(today=today)
        for reminder in reminders:
            sent_on.setdefault(reminder.user.username, []).append((offset, reminder.days_before))
    assert sent_on["bob"] == [(30, 30), (7, 7), (1, 1)]
    assert ExpiryReminder.objects.filter(user__username="bob").count() == 3
    bob_mails = [m for m in mail.outbox if m.to == ["bob@contoh.go.id"] and "berakhir" in m.subject]
    assert len(bob_mails) == 3
    assert "lembar kerja analisis" in bob_mails[0].body  # the admin is told how to extend
    alice_mail = next(m for m in mail.outbox if m.to == ["alice@contoh.go.id"])
    assert "admin daerah" in alice_mail.body


def test_a_missed_run_is_caught_up_and_running_twice_sends_nothing_more(trial):
    today = trial.expires_on - dt.timedelta(days=5)
    first = services.send_expiry_reminders(today=today)
    assert {r.days_before for r in first} == {7}
    assert services.send_expiry_reminders(today=today) == []


def test_the_management_command_is_idempotent(trial, django_capture_on_commit_callbacks):
    today = (trial.expires_on - dt.timedelta(days=30)).isoformat()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_expiry_reminders", "--today", today)
    count = len(mail.outbox)
    assert count >= 4
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_expiry_reminders", "--today", today)
    assert len(mail.outbox) == count


def test_the_central_team_sees_who_expires_when(client, trial, personas, login_as):
    services.send_expiry_reminders(today=trial.expires_on - dt.timedelta(days=30))
    login_as(personas["diana"])
    html = client.get(reverse("access:expiring")).content.decode()
    assert 'data-user="bob"' in html and 'data-user="alice"' in html
    assert "H-30" in html


def test_an_expired_login_is_refused_with_the_reason(client, trial, regions):
    User.objects.filter(region=regions["kab_a"]).update(
        expires_on=timezone.localdate() - dt.timedelta(days=1)
    )
    response = client.post(reverse("accounts:login"), {"username": "alice", "password": PASSWORD})
    html = response.content.decode()
    assert 'data-refusal="expired"' in html and "berakhir" in html


def test_an_accepted_worksheet_extends_the_region_by_three_months(
    client, trial, personas, regions, django_capture_on_commit_callbacks
):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    RegionAccess.objects.filter(pk=trial.pk).update(expires_on=yesterday)
    User.objects.filter(region=regions["kab_a"]).update(expires_on=yesterday)
    trial.refresh_from_db()
    worksheet = accepted_worksheet(personas, regions)
    extension = services.extension_request(
        access=trial, requested_by=User.objects.get(username="bob"), worksheet=worksheet
    )
    with django_capture_on_commit_callbacks(execute=True):
        extension = services.extension_approve(extension=extension, by=personas["diana"])
    expected = services.add_months(timezone.localdate(), 3)  # expired: counted from today
    assert extension.previous_expires_on == yesterday and extension.new_expires_on == expected
    assert User.objects.get(username="alice").expires_on == expected
    assert LogEntry.objects.filter(changes__icontains="extension").exists()
    assert any("diperpanjang" in m.body for m in mail.outbox)
    response = client.post(reverse("accounts:login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302


def test_an_extension_before_the_end_counts_from_the_end(trial, personas, regions):
    worksheet = accepted_worksheet(personas, regions)
    extension = services.extension_request(
        access=trial, requested_by=User.objects.get(username="bob"), worksheet=worksheet
    )
    extension = services.extension_approve(extension=extension, by=personas["diana"])
    assert extension.new_expires_on == services.add_months(extension.previous_expires_on, 3)


def test_an_extension_needs_an_accepted_worksheet_or_a_recorded_commitment(
    trial, personas, regions
):
    bob = User.objects.get(username="bob")
    worksheet = accepted_worksheet(personas, regions)
    worksheet.status = "submitted"
    worksheet.save()
    extension = services.extension_request(access=trial, requested_by=bob, worksheet=worksheet)
    with pytest.raises(UserError, match="lembar kerja analisis yang sudah diterima"):
        services.extension_approve(extension=extension, by=personas["diana"])
    assert RegionAccess.objects.get(pk=trial.pk).expires_on == trial.expires_on
    extension = services.extension_approve(
        extension=extension,
        by=personas["diana"],
        commitment="Bupati berkomitmen mengirim data APBD 2025 sebelum Juni.",
    )
    assert extension.status == "approved"
    assert "APBD" in extension.commitment


def test_the_history_of_extensions_is_kept(client, trial, personas, regions, login_as):
    bob = User.objects.get(username="bob")
    worksheet = accepted_worksheet(personas, regions)
    for _ in range(2):
        extension = services.extension_request(access=trial, requested_by=bob, worksheet=worksheet)
        services.extension_approve(extension=extension, by=personas["diana"])
    history = list(Extension.objects.order_by("requested_at"))
    assert len(history) == 2
    assert history[1].previous_expires_on == history[0].new_expires_on
    login_as(bob)
    html = client.get(reverse("access:materials")).content.decode()
    assert html.count("<tr><td>") >= 2


def test_a_second_pending_extension_is_refused(trial, personas):
    bob = User.objects.get(username="bob")
    services.extension_request(access=trial, requested_by=bob, note="Komitmen kirim LK Juni")
    with pytest.raises(UserError, match="menunggu keputusan"):
        services.extension_request(access=trial, requested_by=bob, note="lagi")


def test_an_extension_request_without_worksheet_or_commitment_is_refused(client, trial, login_as):
    login_as(User.objects.get(username="bob"))
    response = client.post(reverse("access:extension_new"), {"note": ""}, follow=True)
    assert "komitmen lain" in response.content.decode()
    assert Extension.objects.count() == 0


def test_a_region_cannot_extend_with_another_regions_worksheet(trial, personas, regions):
    worksheet = accepted_worksheet(personas, regions)
    worksheet.region = regions["kab_b"]
    worksheet.save()
    with pytest.raises(UserError, match="bukan milik"):
        services.extension_request(
            access=trial, requested_by=User.objects.get(username="bob"), worksheet=worksheet
        )


@pytest.mark.parametrize("persona", ["alice", "erin", "frank", "charlie", "grace"])
def test_only_the_regions_admin_asks_for_the_extension(client, trial, personas, login_as, persona):
    login_as(personas[persona])
    response = client.post(reverse("access:extension_new"), {"note": "x"})
    assert response.status_code == 403
    assert Extension.objects.count() == 0


def test_the_dashboard_shows_the_regions_access_period(client, trial, login_as):
    login_as(User.objects.get(username="alice"))
    html = client.get(reverse("core:dashboard")).content.decode()
    assert 'id="access-card"' in html and "/akses/bahan/" in html
