"""Register (or replace) the authenticator app of a user, for the server operator."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sepakat.accounts.models import User
from sepakat.accounts.otp_display import print_device
from sepakat.accounts.services import totp_device_create


class Command(BaseCommand):
    help = "Register a new authenticator app (TOTP) for USERNAME and show its QR code."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"Pengguna '{options['username']}' tidak ditemukan.")
        print_device(self.stdout, totp_device_create(user=user))
