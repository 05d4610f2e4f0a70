"""``sepakat monitor REGION --year Y [--period P] [--format csv|json]``: the monitoring table."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from sepakat.datahub.models import Observation, ObservationStatus
from sepakat.monitoring.models import Target
from sepakat.monitoring.output import rows_as_csv, rows_as_json
from sepakat.monitoring.selectors import PERIODS, monitoring_rows
from sepakat.regions.models import Region


class Command(BaseCommand):
    help = _("Pemantauan: target, realisasi, capaian dan kategori capaian satu wilayah dan tahun.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("region", help=_("kode Kemendagri provinsi atau kabupaten/kota"))
        parser.add_argument("--year", type=int, required=True, help=_("tahun target"))
        parser.add_argument("--period", default="year", choices=PERIODS)
        parser.add_argument("--format", dest="fmt", default="csv", choices=("csv", "json"))
        parser.add_argument(
            "--formula",
            default="standard",
            choices=("standard", "ratio"),
            help=_(
                "indikator makin rendah makin baik: standard = (2×target−realisasi)/target×100, "
                "ratio = target/realisasi×100"
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        region = Region.objects.filter(code=options["region"]).first()
        if region is None:
            raise CommandError(
                _("Wilayah dengan kode %(code)s tidak ada.") % {"code": options["region"]}
            )
        # the command line is the installation's operator: every verified value counts
        rows = monitoring_rows(
            region=region,
            year=options["year"],
            period=options["period"],
            formula=options["formula"],
            targets=Target.objects.all(),
            observations=Observation.objects.filter(status=ObservationStatus.VERIFIED),
        )
        if not rows:
            self.stderr.write(
                _("%(region)s belum memiliki target tahun %(year)s.")
                % {"region": region.display_name, "year": options["year"]}
            )
        text = rows_as_json(rows) if options["fmt"] == "json" else rows_as_csv(rows)
        self.stdout.write(text, ending="")
