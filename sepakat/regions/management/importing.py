"""What the three import commands share: options, printing the report, the exit status."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from sepakat.regions.importers.report import ImportReport, report_lines


class ImportCommand(BaseCommand):
    def add_common_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--show",
            type=int,
            default=20,
            help=_("berapa contoh yang ditampilkan per daftar (bawaan 20)"),
        )
        parser.add_argument(
            "--user",
            default="",
            help=_("nama pengguna yang dicatat di jejak audit sebagai pelaku impor"),
        )

    def actor(self, options: dict[str, Any]) -> Any:
        username = options.get("user") or ""
        if not username:
            return None
        user_model = get_user_model()
        try:
            return user_model.objects.get(username=username)
        except user_model.DoesNotExist as exc:
            raise CommandError(
                _("Pengguna %(username)s tidak ada.") % {"username": username}
            ) from exc

    def print_report(self, report: ImportReport, options: dict[str, Any]) -> None:
        lines = report_lines(report, limit=options["show"])
        style = self.style.SUCCESS if report.ok else self.style.ERROR
        self.stdout.write(style(lines[0]))
        for line in lines[1:]:
            self.stdout.write(line)
        if not report.ok:
            raise CommandError(_("Impor gagal; tidak ada yang disimpan."))
