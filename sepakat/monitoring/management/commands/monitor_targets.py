"""``sepakat monitor targets-import REGION FILE`` and ``sepakat monitor targets-from-plan REGION``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from sepakat.budgeting.tagging import plan_in_force
from sepakat.core.errors import UserError, user_message
from sepakat.monitoring.services import targets_from_plan
from sepakat.monitoring.target_import import targets_import
from sepakat.regions.management.importing import ImportCommand
from sepakat.regions.models import Region


class Command(ImportCommand):
    help = _("Pemantauan: impor target dari CSV/xlsx, atau ambil target RPKD dari rencana.")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("targets-import", help=_("impor target (CSV atau xlsx)"))
        load.add_argument("region", help=_("kode Kemendagri wilayah"))
        load.add_argument("file", type=Path, help=_("berkas target"))
        self.add_common_arguments(load)
        plan = sub.add_parser("targets-from-plan", help=_("target RPKD dari rencana disetujui"))
        plan.add_argument("region", help=_("kode Kemendagri wilayah"))
        plan.add_argument("--year", type=int, required=True, help=_("tahun dalam masa rencana"))
        self.add_common_arguments(plan)

    def handle(self, *args: Any, **options: Any) -> None:
        region = Region.objects.filter(code=options["region"]).first()
        if region is None:
            raise CommandError(
                _("Wilayah dengan kode %(code)s tidak ada.") % {"code": options["region"]}
            )
        if options["action"] == "targets-from-plan":
            version = plan_in_force(region, options["year"])
            if version is None:
                raise CommandError(
                    _("%(region)s tidak mempunyai rencana yang disetujui untuk tahun %(year)s.")
                    % {"region": region.display_name, "year": options["year"]}
                )
            try:
                created, updated = targets_from_plan(actor=self.actor(options), version=version)
            except UserError as exc:
                raise CommandError(user_message(exc)) from exc
            self.stdout.write(
                _("%(c)d target RPKD dibuat, %(u)d diperbarui.") % {"c": created, "u": updated}
            )
            return
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("Berkas %(file)s tidak ditemukan.") % {"file": path})
        result = targets_import(actor=self.actor(options), region=region, path=path, file=path.name)
        if not result.ok:
            for problem in result.problems[: options["show"]]:
                self.stderr.write(f"  - {problem}")
            raise CommandError(
                _("Impor dibatalkan: %(n)d masalah; tidak ada yang disimpan.")
                % {"n": result.problem_count}
            )
        self.stdout.write(
            _("%(c)d target dibuat, %(u)d diperbarui.") % {"c": result.created, "u": result.updated}
        )
