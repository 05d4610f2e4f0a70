"""``sepakat plan import REGION FILE`` and ``sepakat plan export REGION ...``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from sepakat.planning.management.printing import print_result
from sepakat.planning.plan_export import FORMATS, plan_export
from sepakat.planning.plan_import import plan_import
from sepakat.planning.plan_selectors import pick_version, plan_of
from sepakat.regions.management.importing import ImportCommand
from sepakat.regions.models import Region


def _period(text: str) -> tuple[int | None, int | None]:
    if not text:
        return None, None
    match = re.fullmatch(r"(\d{4})-(\d{4})", text.strip())
    if match is None:
        raise CommandError(
            _("Periode '%(value)s' tidak valid; tulis TTTT-TTTT, mis. 2025-2029.") % {"value": text}
        )
    return int(match[1]), int(match[2])


class Command(ImportCommand):
    help = _(
        "Rencana: impor matriks intervensi ke versi draf baru, atau ekspor satu versi "
        "(csv, sipd-xlsx, rpkd-docx, rpkd-pdf)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import", help=_("impor matriks intervensi (CSV atau xlsx)"))
        load.add_argument("region", help=_("kode Kemendagri provinsi atau kabupaten/kota"))
        load.add_argument("file", type=Path, help=_("berkas matriks intervensi"))
        load.add_argument(
            "--period",
            default="",
            help=_("periode rencana TTTT-TTTT (bawaan: rencana terakhir wilayah)"),
        )
        self.add_common_arguments(load)
        out = sub.add_parser("export", help=_("ekspor satu versi rencana"))
        out.add_argument("region", help=_("kode Kemendagri provinsi atau kabupaten/kota"))
        out.add_argument(
            "--version",
            dest="plan_version",
            default="",
            help=_("nomor versi atau 'latest' (bawaan: versi yang disetujui)"),
        )
        out.add_argument("--format", dest="fmt", required=True, choices=FORMATS)
        out.add_argument("--output", type=Path, required=True, help=_("berkas keluaran"))
        out.add_argument("--period", default="", help=_("periode rencana TTTT-TTTT"))

    def _region(self, code: str) -> Region:
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise CommandError(_("Wilayah dengan kode %(code)s tidak ada.") % {"code": code})
        return region

    def handle(self, *args: Any, **options: Any) -> None:
        region = self._region(options["region"])
        start, end = _period(options["period"])
        if options["action"] == "import":
            path: Path = options["file"]
            if not path.is_file():
                raise CommandError(_("Berkas %(file)s tidak ditemukan.") % {"file": path})
            version, result = plan_import(
                actor=self.actor(options),
                region=region,
                path=path,
                file=path.name,
                start_year=start,
                end_year=end,
            )
            success = ""
            if version is not None:
                success = _(
                    "Rencana %(plan)s: versi draf %(v)d tersimpan dengan %(n)d intervensi."
                ) % {"plan": version.plan, "v": version.number, "n": result.created}
            print_result(self, result, success, show=options["show"])
            return
        try:
            version = pick_version(plan_of(region, start), options["plan_version"] or None)
            count = plan_export(version=version, fmt=options["fmt"], output=options["output"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _("Versi %(v)d (%(status)s) ditulis ke %(file)s: %(n)d baris.")
                % {
                    "v": version.number,
                    "status": version.get_status_display(),
                    "file": options["output"],
                    "n": count,
                }
            )
        )
