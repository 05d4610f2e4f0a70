from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from sepakat.training.webinars import decide_webinars


class Command(BaseCommand):
    help = (
        "Confirm or cancel the webinars whose go/no-go date has come, by their minimum quota, "
        "and tell the registrants. Safe to run every day."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or timezone.localdate()
        for webinar in decide_webinars(today=today):
            self.stdout.write(f"{webinar.pk} {webinar.topic}: {webinar.status}")
