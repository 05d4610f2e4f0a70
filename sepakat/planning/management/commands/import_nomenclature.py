"""``sepakat nomenclature import FILE``: a Permendagri 90/2019 list as a new version."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from sepakat.planning.management.printing import print_result
from sepakat.planning.nomenclature import nomenclature_import
from sepakat.regions.management.importing import ImportCommand


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(
            _("Tanggal '%(value)s' tidak valid; tulis TTTT-BB-HH, mis. 2024-08-27.")
            % {"value": text}
        ) from exc


class Command(ImportCommand):
    help = _(
        "Impor daftar nomenklatur Permendagri 90/2019 (CSV atau xlsx) sebagai versi baru; "
        "versi lama tetap tersimpan."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help=_("berkas CSV atau xlsx nomenklatur"))
        parser.add_argument(
            "--version-name", default="", help=_("nama versi (bawaan: nama berkas)")
        )
        parser.add_argument(
            "--in-force-from",
            default="",
            help=_("tanggal mulai berlaku TTTT-BB-HH (bawaan: hari ini)"),
        )
        parser.add_argument("--published-on", default="", help=_("tanggal penetapan TTTT-BB-HH"))
        parser.add_argument(
            "--regulation", default="", help=_("dasar hukum, mis. Kepmendagri 050-5889/2021")
        )
        self.add_common_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("Berkas %(file)s tidak ditemukan.") % {"file": path})
        in_force = options["in_force_from"]
        version, result = nomenclature_import(
            path=path,
            file=path.name,
            version_name=options["version_name"] or path.stem,
            in_force_from=_date(in_force) if in_force else timezone.localdate(),
            published_on=_date(options["published_on"]) if options["published_on"] else None,
            regulation=options["regulation"],
            actor=self.actor(options),
        )
        success = ""
        if version is not None:
            success = _("Versi '%(name)s' tersimpan: %(n)d butir, berlaku sejak %(date)s.") % {
                "name": version.name,
                "n": version.item_count,
                "date": version.in_force_from,
            }
        print_result(self, result, success, show=options["show"])
