"""``sepakat import crosswalk FILE``: BPS <-> Kemendagri code pairs (TSV/CSV)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from sepakat.regions.importers import import_crosswalk
from sepakat.regions.management.importing import ImportCommand


class Command(ImportCommand):
    help = _("Impor padanan kode BPS-Kemendagri (TSV/CSV: kode BPS, kode Kemendagri).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help=_("berkas TSV/CSV padanan kode"))
        self.add_common_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("Berkas %(file)s tidak ditemukan.") % {"file": path})
        report = import_crosswalk(path, actor=self.actor(options))
        self.print_report(report, options)
