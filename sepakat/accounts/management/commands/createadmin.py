"""Create a central admin (Admin pusat) with a TOTP second factor."""

from __future__ import annotations

import getpass
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from sepakat.accounts.otp_display import print_device
from sepakat.accounts.services import totp_device_create, user_create
from sepakat.core.errors import UserError, user_message
from sepakat.core.roles import Role
from sepakat.regions.services import ensure_national_region


class Command(BaseCommand):
    help = "Create a central admin account and register its authenticator app."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="read the password from standard input instead of asking",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["password_stdin"]:
            import sys

            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass("Kata sandi: ")
            if password != getpass.getpass("Ulangi kata sandi: "):
                raise CommandError("Kedua kata sandi tidak sama.")
        from django.contrib.auth.password_validation import validate_password
        from django.core.exceptions import ValidationError

        try:
            validate_password(password)
        except ValidationError as exc:
            raise CommandError(user_message(UserError.from_validation(exc))) from exc
        with transaction.atomic():
            try:
                user = user_create(
                    username=options["username"],
                    password=password,
                    role=Role.CENTRAL_ADMIN,
                    region=ensure_national_region(),
                    email=options["email"],
                )
            except (UserError, ValidationError) as exc:
                raise CommandError(str(exc)) from exc
            device = totp_device_create(user=user)
        self.stdout.write(self.style.SUCCESS(f"Admin pusat '{user.username}' dibuat."))
        print_device(self.stdout, device)
