"""``sepakat backup FILE``: the whole database and every stored file in one archive.

Run it while the site is up (the tables are read from one consistent snapshot), e.g. from
cron: ``30 1 * * * sepakat backup /var/backups/sepakat/sepakat-$(date +\\%F).zip``.
See :mod:`sepakat.core.backup` for what the archive holds.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from sepakat.core.backup import BackupError, write_backup


class Command(BaseCommand):
    help = _("Cadangkan seluruh basis data dan semua berkas tersimpan ke satu arsip ZIP.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", type=Path, help=_("berkas arsip yang ditulis, mis. cadangan.zip")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = write_backup(path=options["file"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _(
                "Cadangan ditulis ke %(file)s: %(rows)d baris dari %(tables)d tabel, "
                "%(files)d berkas (%(mb).1f MB)."
            )
            % {
                "file": report.path,
                "rows": sum(report.tables.values()),
                "tables": len(report.tables),
                "files": report.files,
                "mb": report.file_bytes / 1e6,
            }
        )
