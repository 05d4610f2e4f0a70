"""``sepakat restore FILE [--force]``: load an archive of ``sepakat backup`` into an empty
database (SQLite or PostgreSQL, whatever the source was). See :mod:`sepakat.core.restore`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from sepakat.core.backup import BackupError
from sepakat.core.restore import restore_backup


class Command(BaseCommand):
    help = _("Pulihkan basis data dan berkas dari arsip 'sepakat backup' ke basis data kosong.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help=_("arsip yang dibuat oleh sepakat backup"))
        parser.add_argument(
            "--force",
            action="store_true",
            help=_("timpa basis data dan berkas yang sudah berisi (semua isinya hilang)"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            counts = restore_backup(path=options["file"], force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _(
                "Dipulihkan dari %(file)s: %(rows)d baris dari %(tables)d tabel; jumlah dan checksum cocok."
            )
            % {"file": options["file"], "rows": sum(counts.values()), "tables": len(counts)}
        )
