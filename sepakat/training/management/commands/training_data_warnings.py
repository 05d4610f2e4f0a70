from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from sepakat.training.services import send_data_warnings


class Command(BaseCommand):
    help = (
        "Warn regions and the central team about data still missing 14 and 7 days before "
        "a training's data due date and on it. Safe to run every day."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or timezone.localdate()
        for training, days in send_data_warnings(today=today):
            self.stdout.write(f"{training.pk} {training.title}: {days} days warning")
