"""Daily: e-mail accounts that end in 30, 7 or 1 days. Safe to run more than once a day.

sepakat send_expiry_reminders            # today, in the project's time zone
sepakat send_expiry_reminders --today 2025-06-01 --base-url https://sepakat.example.go.id
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from sepakat.access.services import send_expiry_reminders


class Command(BaseCommand):
    help = "Kirim pengingat masa berlaku akun (30, 7 dan 1 hari sebelum berakhir)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None)
        parser.add_argument(
            "--base-url", default=getattr(settings, "SEPAKAT_SITE_URL", ""), help="for links"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_expiry_reminders(today=options["today"], base_url=options["base_url"])
        self.stdout.write(f"{len(sent)} pengingat terkirim.")
