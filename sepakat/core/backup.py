"""``sepakat backup FILE``: the whole database and every stored file in one ZIP archive.

What the archive holds (format 1, documented for operators in docs/deploy.md):

- ``db/NNN-app.model.jsonl``: every row of every table, one JSON object a line in Django's
  serialisation (dates in ISO 8601, decimals as text, primary keys kept), one member per
  table in dependency order. The tables of many-to-many links are members of their own.
  Primary keys are kept rather than natural keys so that everything pointing at a row by
  its id without a foreign key (audit entries' ``object_pk``, content types of generic
  relations, task results) still points at the same row after a restore. Content types and
  permissions are therefore copied as they are and replace those of the target.
- ``files/<root>/<path>``: every stored file: ``media`` (uploads, letters, certificates,
  library), ``microdata`` (registered Parquet files) and ``data`` (the rest of the data
  folder, e.g. microdata waiting for confirmation). Left out on purpose: the SQLite
  database itself (it is in ``db/``), the collected static files (rebuilt by
  ``collectstatic``) and the development secret key (a backup must not carry a key that
  signs sessions; production keeps its key in the environment).
- ``manifest.json``: format, time, database kind, applied migrations, and for every member
  its row count (tables) or size (files) and SHA-256 checksum.

Consistency while the site is up: every table is read in one transaction that sees one
snapshot (REPEATABLE READ, READ ONLY on PostgreSQL; a deferred read transaction on SQLite,
which in WAL mode keeps its snapshot while the site goes on writing). Tables are streamed
in chunks, never held in memory. Files are copied after the tables: a file uploaded during
the backup may be in the archive without its row, never the reverse unless it was deleted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import os
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.db import connections, models
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext as _

FORMAT = "sepakat-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CHUNK_ROWS = 2000
COPY_BYTES = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass
class BackupReport:
    path: Path
    tables: dict[str, int] = field(default_factory=dict)
    files: int = 0
    file_bytes: int = 0


def backed_up_models() -> list[type[models.Model]]:
    """Every model with its own table, parents before children, link tables last."""
    own = [
        model
        for model in serializers.sort_dependencies(
            [(config, None) for config in apps.get_app_configs()], allow_cycles=True
        )
        if model._meta.managed and not model._meta.proxy
    ]
    links = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.auto_created and model._meta.managed and model not in own
    ]
    for model in own + links:
        if model._meta.parents:
            # Multi-table inheritance splits a row over two tables: not used in SEPAKAT, and
            # refused rather than half backed up if it ever is.
            raise BackupError(f"{model._meta.label}: pewarisan multi-tabel tidak didukung.")
    return own + links


def file_roots() -> dict[str, Path]:
    return {
        "media": Path(settings.MEDIA_ROOT),
        "microdata": Path(settings.MICRODATA_DIR),
        "data": Path(settings.DATA_DIR),
    }


def _excluded_paths() -> list[Path]:
    data_dir = Path(settings.DATA_DIR)
    excluded = [data_dir / "secret_key", Path(settings.STATIC_ROOT)]
    name = str(connections["default"].settings_dict.get("NAME") or "")
    if connections["default"].vendor == "sqlite" and name:
        excluded += [Path(name + suffix) for suffix in ("", "-wal", "-shm", "-journal")]
    return [path.resolve() for path in excluded]


# Work files of an interrupted backup or restore (see restore.py), never part of a backup.
WORK_PREFIXES = (".pulih-",)
WORK_SUFFIXES = (".sebagian",)


def stored_files(*, skip: Iterable[Path] = ()) -> Iterator[tuple[str, Path, str]]:
    """(root name, absolute path, path relative to the root) of every file to keep, once."""
    roots = {name: root.resolve() for name, root in file_roots().items()}
    excluded = _excluded_paths() + [path.resolve() for path in skip]
    other_roots = [root for name, root in roots.items() if name != "data"]
    for name, root in roots.items():
        if not root.is_dir():
            continue
        for directory, subdirs, names in os.walk(root):
            here = Path(directory)
            # Skip what is excluded, and (inside the data folder) the other roots.
            subdirs[:] = sorted(
                d
                for d in subdirs
                if (here / d).resolve() not in excluded
                and not d.startswith(WORK_PREFIXES)
                and not (name == "data" and (here / d).resolve() in other_roots)
            )
            for file_name in sorted(names):
                path = here / file_name
                if (
                    path.resolve() in excluded
                    or path.is_symlink()
                    or file_name.endswith(WORK_SUFFIXES)
                ):
                    continue
                yield name, path, path.relative_to(root).as_posix()


class _HashingWriter(io.RawIOBase):
    """A write-only stream that counts and hashes what passes through to the ZIP member."""

    def __init__(self, target: IO[bytes]) -> None:
        self.target = target
        self.sha256 = hashlib.sha256()
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        view = bytes(data)
        self.sha256.update(view)
        self.size += len(view)
        self.target.write(view)
        return len(view)


class _Counted:
    """Wraps the row iterator so that the count is the one of the snapshot written."""

    def __init__(self, rows: Iterable[Any]) -> None:
        self.rows = rows
        self.count = 0

    def __iter__(self) -> Iterator[Any]:
        for row in self.rows:
            self.count += 1
            yield row


def _field_names(model: type[models.Model]) -> list[str]:
    # Many-to-many fields are left out: their link tables are members of their own, read
    # without one query per row.
    return [f.name for f in model._meta.local_concrete_fields if not f.primary_key]


@contextlib.contextmanager
def snapshot(alias: str = "default") -> Iterator[None]:
    """One consistent read view of the whole database, whatever writes go on meanwhile."""
    connection = connections[alias]
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        from django.db import transaction

        with transaction.atomic(using=alias):
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
        return
    if connection.vendor == "sqlite" and connection.get_autocommit():
        # Django opens SQLite transactions with BEGIN IMMEDIATE, which would stop the site
        # writing for the whole backup; a deferred transaction only reads, from one snapshot.
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("ROLLBACK")
        return
    yield


def _write_table(
    archive: zipfile.ZipFile, member: str, model: type[models.Model]
) -> tuple[int, str, int]:
    rows = _Counted(model._base_manager.order_by("pk").iterator(chunk_size=CHUNK_ROWS))
    with archive.open(member, "w", force_zip64=True) as raw:
        hashing = _HashingWriter(raw)
        buffered = io.BufferedWriter(hashing, buffer_size=COPY_BYTES)
        text = io.TextIOWrapper(buffered, encoding="utf-8", newline="\n")
        serializers.serialize("jsonl", rows, stream=text, fields=_field_names(model))
        text.flush()
        buffered.flush()
        text.detach()
    return rows.count, hashing.sha256.hexdigest(), hashing.size


def _write_file(archive: zipfile.ZipFile, member: str, path: Path) -> tuple[str, int]:
    with archive.open(member, "w", force_zip64=True) as raw, path.open("rb") as source:
        hashing = _HashingWriter(raw)
        while chunk := source.read(COPY_BYTES):
            hashing.write(chunk)
    return hashing.sha256.hexdigest(), hashing.size


def applied_migrations(alias: str = "default") -> list[list[str]]:
    recorder = MigrationRecorder(connections[alias])
    return sorted([app, name] for app, name in recorder.applied_migrations())


def write_backup(*, path: Path, alias: str = "default") -> BackupReport:
    """Write the archive to ``path`` (written beside it first, so no half archive remains)."""
    path = Path(path)
    if not path.parent.is_dir():
        raise BackupError(
            _("Folder %(folder)s tidak ada. Buat foldernya dulu atau pilih berkas lain.")
            % {"folder": path.parent}
        )
    report = BackupReport(path=path)
    partial = path.with_name(f".{path.name}.sebagian")
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": connections[alias].vendor,
        "tables": [],
        "files": [],
    }
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            with snapshot(alias):
                manifest["migrations"] = applied_migrations(alias)
                for number, model in enumerate(backed_up_models(), start=1):
                    label = model._meta.label_lower
                    member = f"db/{number:03d}-{label}.jsonl"
                    rows, sha256, size = _write_table(archive, member, model)
                    manifest["tables"].append(
                        {
                            "model": label,
                            "table": model._meta.db_table,
                            "member": member,
                            "rows": rows,
                            "bytes": size,
                            "sha256": sha256,
                        }
                    )
                    report.tables[label] = rows
            # The archive being written (and the one it replaces) is not part of itself.
            for root, file_path, relative in stored_files(skip=(partial, path)):
                member = f"files/{root}/{relative}"
                sha256, size = _write_file(archive, member, file_path)
                manifest["files"].append(
                    {
                        "root": root,
                        "path": relative,
                        "member": member,
                        "bytes": size,
                        "sha256": sha256,
                    }
                )
                report.files += 1
                report.file_bytes += size
            archive.writestr(MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False))
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return report
