"""``sepakat import regions FILE``: the Kemendagri code list (CSV/TSV ``kode,nama``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from sepakat.regions.importers import import_regions
from sepakat.regions.management.importing import ImportCommand


class Command(ImportCommand):
    help = _("Impor daftar kode wilayah Kemendagri (CSV kode,nama).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help=_("berkas CSV/TSV kode wilayah"))
        self.add_common_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("Berkas %(file)s tidak ditemukan.") % {"file": path})
        report = import_regions(path, actor=self.actor(options))
        self.print_report(report, options)
