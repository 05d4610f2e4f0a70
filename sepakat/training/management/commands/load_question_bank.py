from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sepakat.training.question_bank import load_starter_bank


class Command(BaseCommand):
    help = "Load the starter multiple-choice question bank (only questions not there yet)."

    def handle(self, *args: Any, **options: Any) -> None:
        added = load_starter_bank()
        self.stdout.write(f"{added} questions added")
