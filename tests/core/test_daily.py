"""`sepakat daily` runs every daily job, and running it twice sends nothing twice."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_daily_sends_expiry_reminders_once(personas, django_capture_on_commit_callbacks):
    alice = personas["alice"]
    alice.expires_on = dt.date(2026, 4, 8)
    alice.save()
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("daily", today=dt.date(2026, 4, 1), stdout=out)
    text = out.getvalue()
    for job in ("send_expiry_reminders", "decide_webinars", "training_data_warnings"):
        assert f"== {job}" in text
    to_alice = [m for m in mail.outbox if "alice@contoh.go.id" in m.to]
    assert len(to_alice) == 1 and "7" in to_alice[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        call_command("daily", today=dt.date(2026, 4, 1), stdout=io.StringIO())
    assert len([m for m in mail.outbox if "alice@contoh.go.id" in m.to]) == 1
