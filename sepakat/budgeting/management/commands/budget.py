"""``sepakat budget import REGION FILE`` and ``sepakat budget analysis REGION --year Y``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from sepakat.budgeting.analysis import rows_as_csv, rows_as_json
from sepakat.budgeting.budget_import import BudgetImportResult, budget_import
from sepakat.budgeting.selectors import region_budget_analysis
from sepakat.budgeting.tagging import plan_in_force, suggest_tags, suggestions_apply
from sepakat.planning.tables import MAX_LISTED_PROBLEMS
from sepakat.regions.management.importing import ImportCommand
from sepakat.regions.models import Region


class Command(ImportCommand):
    help = _(
        "Anggaran: impor baris anggaran (semua tahap) dari CSV/xlsx, atau cetak analisisnya "
        "per dimensi dan tahap."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import", help=_("impor baris anggaran (CSV atau xlsx)"))
        load.add_argument("region", help=_("kode Kemendagri provinsi atau kabupaten/kota"))
        load.add_argument("file", type=Path, help=_("berkas anggaran"))
        self.add_common_arguments(load)
        # every bad row is listed by default (up to the 500 an import keeps), since the
        # file is fixed from this list
        load.set_defaults(show=MAX_LISTED_PROBLEMS)
        show = sub.add_parser("analysis", help=_("analisis anggaran satu tahun"))
        show.add_argument("region", help=_("kode Kemendagri provinsi atau kabupaten/kota"))
        show.add_argument("--year", type=int, required=True, help=_("tahun anggaran"))
        show.add_argument("--format", dest="fmt", default="csv", choices=("csv", "json"))
        tag = sub.add_parser("tag", help=_("beri tag baris anggaran dari rencana yang berlaku"))
        tag.add_argument("region", help=_("kode Kemendagri provinsi atau kabupaten/kota"))
        tag.add_argument("--year", type=int, required=True, help=_("tahun anggaran"))
        tag.add_argument(
            "--from-plan",
            action="store_true",
            required=True,
            help=_("terapkan saran tag dari rencana yang disetujui (sub kegiatan yang sama)"),
        )
        tag.add_argument("--user", help=_("nama pengguna yang memberi tag (untuk jejak audit)"))

    def _region(self, code: str) -> Region:
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise CommandError(_("Wilayah dengan kode %(code)s tidak ada.") % {"code": code})
        return region

    def handle(self, *args: Any, **options: Any) -> None:
        region = self._region(options["region"])
        if options["action"] == "tag":
            self._tag(region, options)
            return
        if options["action"] == "analysis":
            rows = region_budget_analysis(region, options["year"])
            if not rows:
                self.stderr.write(
                    _("%(region)s belum memiliki baris anggaran tahun %(year)s.")
                    % {"region": region.display_name, "year": options["year"]}
                )
            text = rows_as_json(rows) if options["fmt"] == "json" else rows_as_csv(rows)
            self.stdout.write(text, ending="" if text.endswith("\n") else "\n")
            return
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("Berkas %(file)s tidak ditemukan.") % {"file": path})
        result = budget_import(actor=self.actor(options), region=region, path=path, file=path.name)
        self._print(result, show=options["show"])

    def _tag(self, region: Region, options: dict[str, Any]) -> None:
        year = options["year"]
        if plan_in_force(region, year) is None:
            raise CommandError(
                _(
                    "%(region)s tidak mempunyai rencana yang disetujui untuk tahun %(year)s; "
                    "setujui rencana dulu, lalu beri tag."
                )
                % {"region": region.display_name, "year": year}
            )
        suggested = suggest_tags(region, year)
        try:
            count = suggestions_apply(actor=self.actor(options), region=region, year=year)
        except (PermissionDenied, ValidationError) as exc:
            raise CommandError(" ".join(getattr(exc, "messages", [str(exc)]))) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(count)d baris anggaran %(year)s diberi tag dari rencana (%(suggested)d "
                    "baris cocok dengan intervensi rencana, %(same)d sudah sesuai)."
                )
                % {
                    "count": count,
                    "year": year,
                    "suggested": len(suggested),
                    "same": len(suggested) - count,
                }
            )
        )

    def _print(self, result: BudgetImportResult, *, show: int) -> None:
        for note in result.notes:
            self.stdout.write(_("Catatan: %(note)s") % {"note": note})
        if not result.ok:
            self.stderr.write(
                _(
                    "Impor dibatalkan: %(n)d masalah ditemukan. Tidak ada yang disimpan; "
                    "perbaiki berkas lalu impor lagi."
                )
                % {"n": result.problem_count}
            )
            for problem in result.problems[:show]:
                self.stderr.write(f"  - {problem}")
            if result.problem_count > show:
                self.stderr.write(
                    _("  ... dan %(n)d masalah lain") % {"n": result.problem_count - show}
                )
            raise CommandError(_("Impor gagal; tidak ada yang disimpan."))
        documents = ", ".join(f"{year} {stage}" for year, stage in result.pairs)
        if not result.changed:
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "Tidak ada perubahan: %(n)d baris sama dengan anggaran tersimpan "
                        "(%(documents)s)."
                    )
                    % {"n": result.unchanged, "documents": documents}
                )
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Anggaran %(documents)s tersimpan: %(created)d baris baru, %(updated)d "
                    "berubah, %(unchanged)d tetap, %(removed)d dihapus."
                )
                % {
                    "documents": documents,
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                    "removed": result.removed,
                }
            )
        )
