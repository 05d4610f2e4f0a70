"""``sepakat import skpd REGION FILE``: a region's list of agencies (SKPD/OPD)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from sepakat.planning.management.printing import print_result
from sepakat.planning.skpd import skpd_import
from sepakat.regions.management.importing import ImportCommand
from sepakat.regions.models import Region


class Command(ImportCommand):
    help = _("Impor daftar SKPD/OPD satu wilayah (CSV atau xlsx kode,nama[,aktif]).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("region", help=_("kode Kemendagri provinsi atau kabupaten/kota"))
        parser.add_argument("file", type=Path, help=_("berkas CSV atau xlsx daftar SKPD"))
        self.add_common_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("Berkas %(file)s tidak ditemukan.") % {"file": path})
        region = Region.objects.filter(code=options["region"]).first()
        if region is None:
            raise CommandError(
                _("Wilayah dengan kode %(code)s tidak ada.") % {"code": options["region"]}
            )
        result = skpd_import(region=region, path=path, file=path.name, actor=self.actor(options))
        success = _(
            "Daftar SKPD %(region)s: %(created)d baru, %(updated)d diperbarui, "
            "%(deactivated)d dinonaktifkan."
        ) % {
            "region": region,
            "created": result.created,
            "updated": result.updated,
            "deactivated": result.deactivated,
        }
        print_result(self, result, success, show=options["show"])
