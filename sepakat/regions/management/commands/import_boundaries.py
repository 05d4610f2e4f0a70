"""``sepakat import boundaries FILE.geojson ... --code-field F --code-system bps|kemendagri``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from sepakat.regions.importers import CODE_SYSTEMS, import_boundaries
from sepakat.regions.management.importing import ImportCommand


class Command(ImportCommand):
    help = _(
        "Impor batas wilayah dari satu atau beberapa berkas GeoJSON (Polygon/MultiPolygon, "
        "bujur/lintang WGS84). Semua berkas diperiksa dulu; bila ada masalah tidak ada yang "
        "disimpan."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path, help=_("berkas GeoJSON"))
        parser.add_argument(
            "--code-field",
            required=True,
            help=_("properti fitur yang berisi kode wilayah, misalnya village_code"),
        )
        parser.add_argument(
            "--code-system",
            choices=CODE_SYSTEMS,
            default="bps",
            help=_(
                "sistem kode di properti itu: bps (bawaan) atau kemendagri; awalan 'id' dibuang"
            ),
        )
        self.add_common_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        paths: list[Path] = options["files"]
        missing = [str(p) for p in paths if not p.is_file()]
        if missing:
            raise CommandError(
                _("Berkas tidak ditemukan: %(files)s") % {"files": ", ".join(missing)}
            )
        report = import_boundaries(
            paths,
            code_field=options["code_field"],
            code_system=options["code_system"],
            actor=self.actor(options),
        )
        self.print_report(report, options)
