"""Apply migrations and serve SEPAKAT.

In development this is Django's server (static files from the installed packages).
In production (SEPAKAT_PRODUCTION=1) run a WSGI server on ``sepakat.wsgi:application``
behind a reverse proxy; this command says so instead of serving with a dev server.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Apply database migrations and serve the application (default 127.0.0.1:8000)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-migrate", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError(
                "In production, serve sepakat.wsgi:application with a WSGI server "
                "(for example gunicorn) behind a reverse proxy."
            )
        if not options["no_migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(f"SEPAKAT: http://{options['addrport']}/")
        call_command("runserver", options["addrport"], use_reloader=False)
