"""How the planning import commands print a result and end (non-zero on any problem)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sepakat.planning.tables import ImportResult


def print_result(command: BaseCommand, result: ImportResult, success: str, *, show: int) -> None:
    for note in result.notes:
        command.stdout.write(_("Catatan: %(note)s") % {"note": note})
    if result.ok:
        command.stdout.write(command.style.SUCCESS(success))
        return
    command.stderr.write(
        _(
            "Impor dibatalkan: %(n)d masalah ditemukan. Tidak ada yang disimpan; perbaiki berkas lalu impor lagi."
        )
        % {"n": result.problem_count}
    )
    for problem in result.problems[:show]:
        command.stderr.write(f"  - {problem}")
    if result.problem_count > show:
        command.stderr.write(_("  ... dan %(n)d masalah lain") % {"n": result.problem_count - show})
    raise CommandError(_("Impor gagal; tidak ada yang disimpan."))
