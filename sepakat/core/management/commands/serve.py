"""Apply migrations and serve SEPAKAT, with its background worker beside it.

In development this is Django's server (static files from the installed packages) and a
``db_worker`` process for background jobs (large uploads, computations), so that one
command gives a working product. In production (SEPAKAT_PRODUCTION=1) run a WSGI server
on ``sepakat.wsgi:application`` behind a reverse proxy, and ``sepakat worker`` beside it.
"""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Apply database migrations and serve the application (default 127.0.0.1:8000)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-migrate", action="store_true")
        parser.add_argument(
            "--no-worker", action="store_true", help="do not start the background worker"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError(
                "In production, serve sepakat.wsgi:application with a WSGI server "
                "(for example gunicorn) behind a reverse proxy, and run `sepakat worker`."
            )
        if not options["no_migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
        worker = None
        if not options["no_worker"]:
            worker = subprocess.Popen(
                [sys.executable, "-m", "sepakat", "worker", "--no-reload", "--interval", "1"]
            )
        self.stdout.write(f"SEPAKAT: http://{options['addrport']}/")
        try:
            call_command("runserver", options["addrport"], use_reloader=False)
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)
