"""What an import did, as one typed object that the command prints and the page renders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

from django.utils.translation import gettext as _

T = TypeVar("T")

# How many examples of each kind a report keeps; the totals are always counted.
EXAMPLE_LIMIT = 200


@dataclass
class Examples(Generic[T]):
    """The first ``limit`` items of a list and how many there were in all."""

    limit: int = EXAMPLE_LIMIT
    items: list[T] = field(default_factory=list)
    total: int = 0

    def add(self, item: T) -> None:
        self.total += 1
        if len(self.items) < self.limit:
            self.items.append(item)

    def __bool__(self) -> bool:
        return self.total > 0

    def __len__(self) -> int:
        return self.total

    @property
    def more(self) -> int:
        return self.total - len(self.items)


@dataclass(frozen=True)
class RowError:
    """A problem that stops the import: where it is and what to do."""

    file: str
    message: str
    row: int | None = None  # line in a CSV/TSV (header = 1), feature number in GeoJSON
    column: str = ""
    value: str = ""

    @property
    def where(self) -> str:
        if self.row is not None and self.column:
            return _("%(file)s, baris %(row)d, kolom %(column)s") % {
                "file": self.file,
                "row": self.row,
                "column": self.column,
            }
        if self.row is not None:
            return _("%(file)s, baris %(row)d") % {"file": self.file, "row": self.row}
        return self.file

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True)
class Change:
    """One changed value: ``35.01: Pacitan -> Kabupaten Pacitan``."""

    code: str
    old: str
    new: str

    def __str__(self) -> str:
        return f"{self.code}: {self.old or '-'} -> {self.new}"


@dataclass(frozen=True)
class UnknownCode:
    """A code of the file that matches no region; ``detail`` says what was looked for."""

    code: str
    file: str
    row: int | None = None
    detail: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.row}" if self.row is not None else self.file
        return f"{self.code} ({where}{'; ' + self.detail if self.detail else ''})"


@dataclass
class ImportReport:
    """The outcome of one import. Nothing is written when ``errors`` is not empty."""

    kind: str  # "regions", "crosswalk", "boundaries"
    files: list[str]
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # Further counts (key, translated label, value), in the order to show them.
    counts: list[tuple[str, str, int]] = field(default_factory=list)
    changes: Examples[Change] = field(default_factory=Examples)
    unknown_codes: Examples[UnknownCode] = field(default_factory=Examples)
    errors: Examples[RowError] = field(default_factory=Examples)
    notes: list[str] = field(default_factory=list)
    duration: float = 0.0
    audit_entry_id: int | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changed_anything(self) -> bool:
        return self.ok and (self.created > 0 or self.updated > 0)

    def error(
        self,
        *,
        file: str,
        message: str,
        row: int | None = None,
        column: str = "",
        value: str = "",
    ) -> None:
        self.errors.add(RowError(file=file, message=message, row=row, column=column, value=value))

    def count(self, key: str, label: str, value: int) -> None:
        self.counts.append((key, label, value))

    @property
    def summary_line(self) -> str:
        if not self.ok:
            return _(
                "Impor dibatalkan: %(n)d masalah ditemukan. Tidak ada yang disimpan; perbaiki "
                "berkas lalu impor lagi."
            ) % {"n": self.errors.total}
        if not self.changed_anything:
            return _(
                "Selesai dalam %(s).1f detik: tidak ada perubahan (%(unchanged)d sudah sama)."
            ) % {"s": self.duration, "unchanged": self.unchanged}
        return _(
            "Selesai dalam %(s).1f detik: %(created)d baru, %(updated)d diperbarui, "
            "%(unchanged)d tetap."
        ) % {
            "s": self.duration,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }

    def audit_summary(self) -> dict[str, object]:
        """What goes into the audit row: counts and the first changed keys."""
        return {
            "files": self.files,
            "rows_read": self.rows_read,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "counts": {key: value for key, _label, value in self.counts},
            "changes": [str(c) for c in self.changes.items[:50]],
            "changes_total": self.changes.total,
            "unknown_codes": [u.code for u in self.unknown_codes.items[:50]],
            "unknown_codes_total": self.unknown_codes.total,
            "notes": self.notes,
        }


class ImportFileError(Exception):
    """A file that cannot be read at all (wrong type, empty, missing columns)."""

    def __init__(self, *, file: str, message: str, row: int | None = None, column: str = ""):
        super().__init__(message)
        self.file = file
        self.message = message
        self.row = row
        self.column = column

    def add_to(self, report: ImportReport) -> None:
        report.error(file=self.file, message=self.message, row=self.row, column=self.column)


def report_lines(report: ImportReport, *, limit: int = 20) -> list[str]:
    """The report as text lines, for the terminal; at most ``limit`` examples per list."""
    lines = [report.summary_line]
    if not report.ok:
        for error in report.errors.items[:limit]:
            lines.append(f"  - {error}")
        if report.errors.total > limit:
            lines.append(_("  ... dan %(n)d masalah lain") % {"n": report.errors.total - limit})
        return lines
    lines.append(_("Baris dibaca: %(n)d") % {"n": report.rows_read})
    for _key, label, value in report.counts:
        lines.append(f"  {label}: {value}")
    if report.changes:
        lines.append(_("Perubahan (%(n)d):") % {"n": report.changes.total})
        lines.extend(f"  {change}" for change in report.changes.items[:limit])
        if report.changes.total > limit:
            lines.append(_("  ... dan %(n)d lainnya") % {"n": report.changes.total - limit})
    if report.unknown_codes:
        lines.append(_("Kode tidak dikenal (%(n)d):") % {"n": report.unknown_codes.total})
        lines.extend(f"  {unknown}" for unknown in report.unknown_codes.items[:limit])
        if report.unknown_codes.total > limit:
            lines.append(_("  ... dan %(n)d lainnya") % {"n": report.unknown_codes.total - limit})
    lines.extend(_("Catatan: %(note)s") % {"note": note} for note in report.notes)
    return lines
