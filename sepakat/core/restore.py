"""``sepakat restore FILE``: load an archive of ``sepakat backup`` into an empty database.

The target may be SQLite or PostgreSQL whatever the source was: this is how a region moves
from the embedded default to PostgreSQL. All or nothing, in this order:

1. the archive is read whole once and every member checked against the manifest's SHA-256
   (a damaged or altered archive is refused before anything is touched);
2. the target's schema is brought to the migrations of the source (the rows are in the
   source's shape); an archive from a newer SEPAKAT is refused;
3. the target must be empty (only what migrations create themselves: content types,
   permissions, the starter question bank), unless ``--force``;
4. in one transaction: every table emptied, the rows inserted as they were (primary keys
   kept), row counts compared with the manifest, sequences reset on PostgreSQL, the stored
   files put in place, one audit entry written; any failure undoes all of it, files too;
5. migrations newer than the source's are applied to the restored data.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connections, models, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _

from sepakat.core.backup import (
    COPY_BYTES,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    BackupError,
    backed_up_models,
    file_roots,
    stored_files,
)

# Rows that migrations write themselves: a target holding only these is empty. Data
# migrations seed the question bank, the Podes-like desa indicators with their dataset, and
# the national catalogue of prioritisation indicators with its determinant links; a used
# database always has rows elsewhere too (users, regions), so these never hide real data.
SEEDED_BY_MIGRATIONS = frozenset(
    {
        "contenttypes.contenttype",
        "auth.permission",
        "training.question",
        "datahub.indicator",
        "datahub.dataset",
        "datahub.dataset_indicators",
        "priorities.priorityindicator",
        "priorities.priorityindicator_determinants",
    }
)
INSERT_BATCH = 500


def read_manifest(archive: zipfile.ZipFile, name: str) -> dict[str, Any]:
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except KeyError as exc:
        raise BackupError(
            _("%(file)s bukan cadangan SEPAKAT: tidak ada manifest.json di dalamnya.")
            % {"file": name}
        ) from exc
    except ValueError as exc:
        raise BackupError(
            _("manifest.json di %(file)s rusak (bukan JSON yang sah).") % {"file": name}
        ) from exc
    if manifest.get("format") != FORMAT or manifest.get("version") != FORMAT_VERSION:
        raise BackupError(
            _("%(file)s bukan cadangan SEPAKAT format %(version)d.")
            % {"file": name, "version": FORMAT_VERSION}
        )
    return dict(manifest)


def verify_archive(archive: zipfile.ZipFile, manifest: dict[str, Any], name: str) -> None:
    """Every member present, none extra, and each one's SHA-256 as written."""
    listed = {entry["member"]: entry for entry in manifest["tables"] + manifest["files"]}
    present = {info.filename for info in archive.infolist() if not info.is_dir()} - {MANIFEST}
    missing, extra = sorted(set(listed) - present), sorted(present - set(listed))
    if missing or extra:
        raise BackupError(
            _(
                "Isi %(file)s tidak cocok dengan manifest-nya (hilang: %(missing)s; tidak "
                "tercatat: %(extra)s). Arsip ini tidak lengkap atau telah diubah; pakai "
                "cadangan lain."
            )
            % {
                "file": name,
                "missing": ", ".join(missing[:5]) or "-",
                "extra": ", ".join(extra[:5]) or "-",
            }
        )
    for member, entry in listed.items():
        digest = hashlib.sha256()
        try:
            with archive.open(member) as stream:
                while chunk := stream.read(COPY_BYTES):
                    digest.update(chunk)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise BackupError(
                _(
                    "Anggota %(member)s di %(file)s tidak bisa dibaca (%(error)s); pakai cadangan lain."
                )
                % {"member": member, "file": name, "error": exc}
            ) from exc
        if digest.hexdigest() != entry["sha256"]:
            raise BackupError(
                _(
                    "Checksum SHA-256 anggota %(member)s di %(file)s tidak sama dengan "
                    "manifest: arsip rusak atau diubah. Tidak ada yang dipulihkan; pakai "
                    "cadangan lain."
                )
                % {"member": member, "file": name}
            )


def migrate_to_source(manifest: dict[str, Any], alias: str) -> None:
    connection = connections[alias]
    executor = MigrationExecutor(connection)
    graph = executor.loader.graph
    source = {tuple(pair) for pair in manifest["migrations"]}
    unknown = sorted(f"{app}.{name}" for app, name in source if (app, name) not in graph.nodes)
    if unknown:
        raise BackupError(
            _(
                "Cadangan ini dibuat oleh versi SEPAKAT yang lebih baru (migrasi tidak dikenal: "
                "%(names)s). Pulihkan dengan versi yang sama atau lebih baru."
            )
            % {"names": ", ".join(unknown[:5])}
        )
    targets: list[tuple[str, str | None]] = []
    for app in sorted({app for app, _name in graph.nodes}):
        applied = [node for node in source if node[0] == app]
        if applied:
            # the latest applied migration of the app is the one with the longest history
            targets.append(max(applied, key=lambda node: len(graph.forwards_plan(node))))
        else:
            targets.append((app, None))
    try:
        executor.migrate(targets)
    except Exception as exc:
        raise BackupError(
            _(
                "Skema basis data tujuan tidak bisa disamakan dengan cadangan (%(error)s). "
                "Pulihkan ke basis data yang benar-benar kosong (baru dibuat)."
            )
            % {"error": exc}
        ) from exc


def _counts(alias: str) -> dict[str, int]:
    return {
        model._meta.label_lower: model._base_manager.using(alias).count()
        for model in backed_up_models()
    }


def is_empty(alias: str = "default") -> bool:
    return not any(
        rows for label, rows in _counts(alias).items() if label not in SEEDED_BY_MIGRATIONS
    )


def _rows(archive: zipfile.ZipFile, member: str) -> Iterator[models.Model]:
    with archive.open(member) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8")
        for item in serializers.deserialize("jsonl", text, ignorenonexistent=False):
            yield item.object


def _insert_table(archive: zipfile.ZipFile, entry: dict[str, Any], alias: str) -> int:
    model = apps.get_model(entry["model"])
    fields = list(model._meta.local_concrete_fields)
    batch: list[models.Model] = []
    inserted = 0
    for obj in _rows(archive, entry["member"]):
        batch.append(obj)
        if len(batch) >= INSERT_BATCH:
            inserted += _insert(model, fields, batch, alias)
            batch = []
    if batch:
        inserted += _insert(model, fields, batch, alias)
    return inserted


def _insert(
    model: type[models.Model], fields: list[Any], objs: list[models.Model], alias: str
) -> int:
    # raw=True writes the values as they were: no auto_now, no signals, no audit entries
    # for rows that already had theirs in the source.
    size = max(1, connections[alias].ops.bulk_batch_size(fields, objs) or len(objs))
    for start in range(0, len(objs), size):
        model._base_manager.using(alias)._insert(  # type: ignore[attr-defined]
            objs[start : start + size], fields=fields, using=alias, raw=True
        )
    return len(objs)


def _empty_tables(alias: str) -> None:
    connection = connections[alias]
    tables = [model._meta.db_table for model in backed_up_models()]
    statements = connection.ops.sql_flush(no_style(), tables, allow_cascade=True)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _reset_sequences(alias: str) -> None:
    connection = connections[alias]
    statements = connection.ops.sequence_reset_sql(no_style(), backed_up_models())
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


class _FilePlacement:
    """Puts the extracted files in place; on failure puts the old ones back."""

    def __init__(self, staging: Path, archive: Path) -> None:
        self.staging = staging
        self.archive = archive
        self.placed: list[Path] = []
        self.moved_aside: list[tuple[Path, Path]] = []

    def clear_targets(self) -> None:
        aside = self.staging / "lama"
        for number, (_root, path, _relative) in enumerate(stored_files(skip=[self.archive])):
            keep = aside / str(number)
            keep.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(path, keep)
            self.moved_aside.append((path, keep))

    def place(self, root: str, relative: str, extracted: Path) -> None:
        target = file_roots()[root] / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            raise BackupError(
                _("Berkas %(path)s sudah ada di tujuan; pulihkan dengan --force untuk menimpanya.")
                % {"path": target}
            )
        shutil.move(extracted, target)
        self.placed.append(target)

    def undo(self) -> None:
        for path in self.placed:
            path.unlink(missing_ok=True)
        for original, kept in self.moved_aside:
            if kept.exists():
                original.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(kept, original)


def _extract_files(
    archive: zipfile.ZipFile, manifest: dict[str, Any], staging: Path
) -> list[tuple[str, str, Path]]:
    extracted = []
    for number, entry in enumerate(manifest["files"]):
        relative = Path(entry["path"])
        if entry["root"] not in file_roots() or relative.is_absolute() or ".." in relative.parts:
            raise BackupError(
                _("Jalur berkas %(path)s di arsip tidak sah; arsip ini tidak dipulihkan.")
                % {"path": entry["member"]}
            )
        out = staging / "baru" / str(number)
        out.parent.mkdir(parents=True, exist_ok=True)
        with archive.open(entry["member"]) as source, out.open("wb") as target:
            shutil.copyfileobj(source, target, COPY_BYTES)
        extracted.append((entry["root"], entry["path"], out))
    return extracted


def restore_backup(*, path: Path, force: bool = False, alias: str = "default") -> dict[str, int]:
    """Restore the archive at ``path``; returns the row count of every table."""
    path = Path(path)
    name = path.name
    if not path.is_file():
        raise BackupError(_("Berkas cadangan %(file)s tidak ditemukan.") % {"file": path})
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise BackupError(
            _("%(file)s bukan arsip ZIP yang utuh (%(error)s); pakai cadangan lain.")
            % {"file": name, "error": exc}
        ) from exc
    with archive:
        manifest = read_manifest(archive, name)
        verify_archive(archive, manifest, name)
        migrate_to_source(manifest, alias)
        if not force and (not is_empty(alias) or any(True for _ in stored_files(skip=[path]))):
            raise BackupError(
                _(
                    "Basis data atau folder berkas tujuan tidak kosong. Pemulihan menimpa "
                    "semuanya; bila memang itu maksudnya, ulangi dengan --force (buat cadangan "
                    "isi yang sekarang dulu)."
                )
            )
        data_dir = file_roots()["data"]
        data_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".pulih-", dir=data_dir) as staging_dir:
            staging = Path(staging_dir)
            extracted = _extract_files(archive, manifest, staging)
            files = _FilePlacement(staging, path)
            try:
                with transaction.atomic(using=alias):
                    counts = _load(archive, manifest, alias)
                    if force:
                        files.clear_targets()
                    for root, relative, out in extracted:
                        files.place(root, relative, out)
                    _record(name, manifest, alias)
            except BaseException:
                files.undo()
                raise
    # Migrations newer than the source run on the restored rows, as after an upgrade.
    call_command("migrate", database=alias, interactive=False, verbosity=0)
    return counts


def _load(archive: zipfile.ZipFile, manifest: dict[str, Any], alias: str) -> dict[str, int]:
    _empty_tables(alias)
    for entry in manifest["tables"]:
        try:
            _insert_table(archive, entry, alias)
        except LookupError as exc:
            raise BackupError(
                _("Tabel %(model)s dari cadangan tidak dikenal versi ini.")
                % {"model": entry["model"]}
            ) from exc
    _reset_sequences(alias)
    counts = _counts(alias)
    expected = {entry["model"]: entry["rows"] for entry in manifest["tables"]}
    wrong = [
        f"{label}: {counts.get(label, 0)} ≠ {rows}"
        for label, rows in expected.items()
        if counts.get(label, 0) != rows
    ]
    if wrong:
        raise BackupError(
            _("Jumlah baris setelah pemulihan tidak sama dengan manifest (%(tables)s); dibatalkan.")
            % {"tables": "; ".join(wrong[:5])}
        )
    return counts


def _record(name: str, manifest: dict[str, Any], alias: str) -> None:
    """The audit entry of the restore, in its transaction (after the counts were checked)."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    LogEntry.objects.using(alias).create(
        content_type=ContentType.objects.db_manager(alias).get_for_model(LogEntry),
        object_pk="",
        object_repr=_("Pemulihan dari cadangan %(file)s") % {"file": name[:150]},
        action=LogEntry.Action.CREATE,
        changes={
            "cadangan": name,
            "dibuat": manifest.get("created"),
            "basis_data_sumber": manifest.get("database"),
            "baris": sum(entry["rows"] for entry in manifest["tables"]),
            "berkas": len(manifest["files"]),
        },
        actor=None,
    )
