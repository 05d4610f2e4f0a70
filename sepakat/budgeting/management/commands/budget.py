"""``sepakat budget import REGION FILE``, ``sepakat budget analysis REGION --year Y`` and
``sepakat budget tag REGION --year Y`` (from the plan, or a bulk change on a filter)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from sepakat.budgeting.analysis import rows_as_csv, rows_as_json
from sepakat.budgeting.budget_import import BudgetImportResult, budget_import
from sepakat.budgeting.models import BudgetStage
from sepakat.budgeting.selectors import region_budget_analysis
from sepakat.budgeting.tagging import (
    lines_tag_matching,
    plan_in_force,
    suggest_tags,
    suggestions_apply,
)
from sepakat.budgeting.tagging_selectors import UNTAGGED, LineFilter
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
        tag = sub.add_parser(
            "tag",
            help=_(
                "beri tag baris anggaran: dari rencana yang berlaku (--from-plan) atau sekaligus "
                "pada baris yang cocok dengan saringan"
            ),
        )
        tag.add_argument("region", help=_("kode Kemendagri provinsi atau kabupaten/kota"))
        tag.add_argument("--year", type=int, required=True, help=_("tahun anggaran"))
        tag.add_argument(
            "--from-plan",
            action="store_true",
            help=_("terapkan saran tag dari rencana yang disetujui (sub kegiatan yang sama)"),
        )
        tag.add_argument("--stage", choices=BudgetStage.values, help=_("hanya tahap ini"))
        tag.add_argument("--skpd", default="", help=_("hanya SKPD dengan kode ini"))
        tag.add_argument(
            "--bidang", default="", help=_("hanya bidang urusan ini, misalnya 1.02 (kesehatan)")
        )
        tag.add_argument(
            "--sub-kegiatan",
            dest="code_prefix",
            default="",
            help=_("hanya sub kegiatan yang kodenya berawalan ini"),
        )
        tag.add_argument(
            "--only-untagged", action="store_true", help=_("hanya baris yang belum bertag")
        )
        tag.add_argument(
            "--add",
            action="append",
            default=[],
            help=_("kata tag yang ditambahkan (dipisah spasi atau koma)"),
        )
        tag.add_argument(
            "--remove",
            action="append",
            default=[],
            help=_("kata tag yang dihapus (dipisah spasi atau koma)"),
        )
        tag.add_argument(
            "--mark",
            choices=("langsung", "penunjang", "none"),
            help=_("tandai langsung, penunjang, atau kosongkan (none)"),
        )
        tag.add_argument("--problem", default="", help=_("kaitkan dengan kode masalah prioritas"))
        tag.add_argument(
            "--dry-run",
            action="store_true",
            help=_("hanya hitung baris yang cocok dan yang akan berubah; tidak menyimpan"),
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
        bulk = [
            o
            for o in ("stage", "skpd", "bidang", "code_prefix", "add", "remove", "mark", "problem")
            if options.get(o)
        ]
        if options["only_untagged"] or options["dry_run"]:
            bulk.append("filter")
        if options["from_plan"] and bulk:
            raise CommandError(
                _(
                    "--from-plan menerapkan saran rencana untuk seluruh tahun dan tidak "
                    "digabung dengan saringan atau perubahan; jalankan keduanya terpisah."
                )
            )
        if not options["from_plan"]:
            self._tag_filter(region, options)
            return
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

    def _tag_filter(self, region: Region, options: dict[str, Any]) -> None:
        """The bulk change on every line the filter selects: all or nothing."""

        def words(values: list[str]) -> list[str]:
            return [w for value in values for w in value.replace(",", " ").split()]

        add, remove = words(options["add"]), words(options["remove"])
        mark = {None: None, "none": ""}.get(options["mark"], options["mark"])
        if not (add or remove or mark is not None or options["problem"]):
            raise CommandError(
                _(
                    "Tidak ada perubahan yang diminta: beri --add, --remove, --mark atau "
                    "--problem, atau --from-plan untuk saran rencana."
                )
            )
        line_filter = LineFilter(
            year=options["year"],
            stage=options["stage"] or "",
            skpd=options["skpd"],
            bidang=options["bidang"],
            tag=UNTAGGED if options["only_untagged"] else "",
            code_prefix=options["code_prefix"],
        )
        try:
            result = lines_tag_matching(
                actor=self.actor(options),
                region=region,
                line_filter=line_filter,
                add=add,
                remove=remove,
                service=mark,
                problem=options["problem"],
                dry_run=options["dry_run"],
            )
        except (PermissionDenied, ValidationError) as exc:
            raise CommandError(" ".join(getattr(exc, "messages", [str(exc)]))) from exc
        if not result.matched:
            raise CommandError(
                _(
                    "Tidak ada baris anggaran %(region)s tahun %(year)s yang cocok dengan "
                    "saringan; periksa kode SKPD, tahap dan awalan sub kegiatan."
                )
                % {"region": region.display_name, "year": options["year"]}
            )
        values = {"matched": result.matched, "changed": result.changed}
        if options["dry_run"]:
            text = _(
                "Uji coba: %(matched)d baris cocok, %(changed)d akan berubah. Tidak ada yang "
                "disimpan."
            )
        else:
            text = _("%(matched)d baris cocok, %(changed)d berubah.")
        self.stdout.write(self.style.SUCCESS(text % values))

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
