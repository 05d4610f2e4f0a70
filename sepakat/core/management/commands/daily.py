"""The jobs SEPAKAT needs once a day, in one command for cron (or a systemd timer).

Each job is idempotent: running it twice on a day sends nothing twice. Run it daily, e.g.
``15 6 * * * sepakat daily``:

- account expiry reminders 30, 7 and 1 days ahead;
- the go/no-go decision of webinars whose date has come;
- warnings to regions whose data for a training is due soon or late.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

JOBS = ("send_expiry_reminders", "decide_webinars", "training_data_warnings")


class Command(BaseCommand):
    help = "Jalankan tugas harian: pengingat akun, keputusan webinar, peringatan data pelatihan."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"]
        for job in JOBS:
            self.stdout.write(f"== {job}")
            if today is None:
                call_command(job, stdout=self.stdout)
            else:
                call_command(job, today=today, stdout=self.stdout)
