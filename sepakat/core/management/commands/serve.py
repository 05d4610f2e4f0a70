"""``sepakat serve [ADDR:PORT]``: apply migrations and serve SEPAKAT with gunicorn, the
background task worker beside it as a supervised child (see :mod:`sepakat.core.serving`).

The same command serves the demo and production. With SEPAKAT_PRODUCTION=1 the static files
are collected first (hashed and compressed, served by WhiteNoise from the application) and
each request is logged. Under systemd the worker runs as its own unit: ``--no-worker``.
"""

from __future__ import annotations

import importlib.util
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sepakat.core import serving
from sepakat.env import EnvironmentError_


class Command(BaseCommand):
    help = _("Terapkan migrasi basis data dan jalankan server aplikasi (bawaan 127.0.0.1:8000).")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument(
            "--no-migrate", action="store_true", help=_("jangan terapkan migrasi basis data")
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help=_("jangan jalankan pekerja tugas latar (mis. bila berjalan sebagai unit systemd)"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            plan = serving.plan(options["addrport"], production=settings.PRODUCTION)
        except EnvironmentError_ as exc:
            raise CommandError(str(exc)) from exc
        if importlib.util.find_spec("gunicorn") is None:
            raise CommandError(
                _(
                    "Server gunicorn belum terpasang di lingkungan Python ini. Pasang ulang "
                    "SEPAKAT beserta dependensinya: pip install -e . (atau pip install gunicorn)."
                )
            )
        if not options["no_migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
        if settings.PRODUCTION:
            call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(
            _("SEPAKAT: http://%(bind)s/ (%(workers)d proses web x %(threads)d utas)")
            % {"bind": plan.bind, "workers": plan.workers, "threads": plan.threads}
        )
        self.stdout.flush()
        worker = None if options["no_worker"] else serving.worker_command()
        code = serving.supervise(
            serving.gunicorn_command(plan), worker, say=lambda line: self.stderr.write(line)
        )
        if code:
            raise CommandError(_("Server web berhenti dengan kode %(code)d.") % {"code": code})
