"""``sepakat demo``: build the synthetic demo province and print the demo logins.

sepakat demo                  build (or rebuild) "Provinsi Contoh" from the fixed seed
sepakat demo --seed 7         another, equally deterministic, variant
sepakat demo --serve          build, then serve the application
sepakat demo --otp USERNAME   the current 6-digit code of a demo admin's authenticator
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sepakat.core.errors import UserError
from sepakat.demo import users
from sepakat.demo.services import DEFAULT_SEED, DemoError, DemoReport, build_demo
from sepakat.regions.models import Level


class Command(BaseCommand):
    help = _("Bangun wilayah contoh 'Provinsi Contoh' (data sintetis) dan tampilkan akun contoh.")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=_("bilangan acak awal (bawaan %(default)s)"),
        )
        parser.add_argument(
            "--serve", action="store_true", help=_("jalankan server setelah data contoh dibangun")
        )
        parser.add_argument(
            "--addrport", default="127.0.0.1:8000", help=_("alamat server untuk --serve")
        )
        parser.add_argument(
            "--otp",
            metavar="USERNAME",
            help=_("tampilkan kode verifikasi saat ini untuk admin contoh"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError(
                _(
                    "Data dan akun contoh (dengan kata sandi yang diketahui umum) tidak boleh "
                    "dibuat atau dipakai di server produksi (SEPAKAT_PRODUCTION=1)."
                )
            )
        if options["otp"]:
            self._print_code(options["otp"])
            return
        call_command("migrate", interactive=False, verbosity=0)
        try:
            report = build_demo(seed=options["seed"], progress=self.stdout.write)
        except (DemoError, UserError) as exc:
            raise CommandError(str(exc)) from exc
        self._print_report(report)
        if options["serve"]:
            call_command("serve", options["addrport"], no_migrate=True)

    def _print_code(self, username: str) -> None:
        try:
            device = users.demo_device(username)
        except UserError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(users.current_code(device))

    def _print_report(self, report: DemoReport) -> None:
        out = self.stdout.write
        out("")
        out(
            self.style.SUCCESS(
                _("Provinsi Contoh (kode 99) siap, seed %(seed)d.") % {"seed": report.seed}
            )
        )
        counts = report.regions
        out(
            _(
                "Wilayah: %(prov)d provinsi, %(kab)d kabupaten/kota, %(kec)d kecamatan, "
                "%(desa)d desa/kelurahan"
            )
            % {
                "prov": counts.get(Level.PROVINCE, 0),
                "kab": counts.get(Level.REGENCY, 0),
                "kec": counts.get(Level.DISTRICT, 0),
                "desa": counts.get(Level.VILLAGE, 0),
            }
        )
        out(
            _("Indikator: %(ind)d, nilai indikator: %(obs)d, baris APBD: %(apbd)d")
            % {
                "ind": report.indicators,
                "obs": report.observations,
                "apbd": report.apbd_lines,
            }
        )
        out(
            _("Rantai anggaran 2024-2026 kabupaten/kota (RKPD sampai DPA): %(n)d baris ditulis")
            % {"n": report.chain_lines}
        )
        out(
            _("Nomenklatur contoh: %(items)d butir; SKPD: %(skpds)d")
            % {"items": report.nomenclature_items, "skpds": report.skpds}
        )
        out(_("Fasilitas desa (Podes): %(n)d nilai") % {"n": report.podes})
        for path, row_count, sha in report.files.values():
            out(
                _("Berkas %(path)s: %(rows)d baris, SHA-256 %(sha)s")
                % {"path": path, "rows": row_count, "sha": sha[:16]}
            )
        out("")
        out(_("Akun contoh (hanya untuk demo; jangan dipakai di server sungguhan):"))
        header = (_("nama pengguna"), _("kata sandi"), _("peran"), _("wilayah"), _("catatan"))
        rows = [header] + [
            (login.username, login.password, login.role, login.region, login.note)
            for login in report.logins
        ]
        widths = [max(len(str(row[i])) for row in rows) for i in range(len(header))]
        for index, row in enumerate(rows):
            out(
                "  ".join(
                    str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)
                ).rstrip()
            )
            if index == 0:
                out("  ".join("-" * width for width in widths))
        out("")
        out(
            _(
                "Admin wajib memakai kode verifikasi (TOTP). Tambahkan tautan ini ke aplikasi "
                "autentikator, atau lihat kodenya dengan: sepakat demo --otp NAMA_PENGGUNA"
            )
        )
        for login in report.logins:
            if login.otpauth_url:
                out(f"  {login.username}: {login.otpauth_url}")
