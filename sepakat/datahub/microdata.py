"""Microdata files (Susenas-like surveys, DTKS/Regsosek-like registries): receive, map, register.

The journey is upload -> column mapping -> checks -> confirmation of the personal columns
-> registration, each step a service here:

1. :func:`microdata_receive` keeps the file under ``DATA_DIR/microdata-masuk/<token>/``
   as Parquet (``raw.parquet``) and lists its columns;
2. :func:`microdata_map` checks a mapping (which column is the weight, the region code...):
   region codes against the hierarchy (BPS codes through the crosswalk), weights, deciles,
   and suggests which columns hold personal data;
3. :func:`microdata_commit` writes ``analysis.parquet`` (every other column, a row id and
   the Kemendagri code) and ``personal.parquet`` (row id and the personal columns) under
   ``MICRODATA_DIR/<region code>/<id>/`` and registers the file, all or nothing.

Personal data (NIK, KK, names, addresses, phone numbers) never leaves ``personal.parquet``
unmasked except through :func:`personal_export`, which needs a reason and is audited.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import shutil
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from sepakat.accounts.models import User
from sepakat.core.access import scoped
from sepakat.core.audit import record_bulk_change
from sepakat.core.errors import UserError
from sepakat.datahub import microdata_files as files
from sepakat.datahub.generations import bump_data_generation
from sepakat.datahub.microdata_checks import (
    FORMAT_LABELS,
    Check,
    check_file,
    clean_mapping,
    empty_message,
    no_records_message,
    resolve_codes,
    unreadable_message,
)
from sepakat.datahub.microdata_exports import Export, Preview, personal_export, preview
from sepakat.datahub.microdata_roles import (
    CODE_SYSTEMS,
    KEMENDAGRI_COLUMN,
    MANAGER_ROLES,
    PREVIEW_ROWS,
    REQUIRED_ROLES,
    RESERVED_COLUMNS,
    ROLE_LABELS,
    ROW_ID,
)
from sepakat.datahub.microdata_storage import (
    analysis_path,
    max_bytes,
    may_export_personal,
    may_manage,
    microdata_root,
    personal_path,
    staging_path,
    staging_root,
)
from sepakat.datahub.models import (
    MicrodataFile,
    MicrodataIncoming,
    MicrodataIncomingStatus,
    MicrodataKind,
    MicrodataManifest,
    MicrodataProfile,
)
from sepakat.regions.models import Region

_PERIOD_RE = re.compile(r"^(19|20)\d{2}(-(0[1-9]|1[0-2]))?$")


# ---------------------------------------------------------------- reads


def files_for(user: Any) -> QuerySet[MicrodataFile]:
    return scoped(MicrodataFile.objects.select_related("region", "manifest"), user)


def incoming_for(user: Any) -> QuerySet[MicrodataIncoming]:
    return scoped(MicrodataIncoming.objects.select_related("region"), user).filter(uploaded_by=user)


def profiles_for(user: Any, kind: str | None = None) -> QuerySet[MicrodataProfile]:
    """The user's region's profiles, those of the regions above it, and (centre) all."""
    region: Region | None = getattr(user, "region", None)
    if region is None:
        return MicrodataProfile.objects.none()
    above = [a.pk for a in region.ancestors()]
    qs = MicrodataProfile.objects.filter(
        Q(owner_region_id__in=above) | Q(pk__in=scoped(MicrodataProfile.objects.all(), user))
    ).select_related("owner_region")
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("name")


def column_names(incoming: MicrodataIncoming) -> list[str]:
    return [c["name"] for c in incoming.columns]


# ---------------------------------------------------------------- step 1: receive


def microdata_receive(
    *,
    user: User,
    region: Region,
    kind: str,
    title: str,
    period: str,
    source: str = "",
    stream: IO[bytes],
    original_name: str,
) -> MicrodataIncoming:
    """Keep the file, read it into Parquet and list its columns; nothing is registered yet."""
    if not may_manage(user, region):
        raise PermissionDenied
    problems = []
    if kind not in MicrodataKind.values:
        problems.append(_("Pilih jenis data: survei atau registrasi."))
    if not title.strip():
        problems.append(_("Judul wajib diisi."))
    if not _PERIOD_RE.match(period.strip()):
        problems.append(
            _("Periode %(period)s tidak sah. Tulis tahun (2025) atau tahun-bulan (2025-03).")
            % {"period": period}
        )
    file_format = files.format_of(original_name)
    if file_format is None:
        problems.append(
            _(
                "Berkas %(name)s bukan berkas data yang dikenal. Unggah berkas .dta (Stata), "
                ".sav (SPSS), .csv atau .parquet."
            )
            % {"name": original_name}
        )
    if problems:
        raise UserError(problems)
    assert file_format is not None

    token = secrets.token_hex(12)
    folder = staging_root() / token
    folder.mkdir()
    try:
        source_file = folder / f"source.{file_format}"
        sha, size = _store(stream, source_file, original_name)
        raw = folder / "raw.parquet"
        try:
            columns = files.to_raw_parquet(source_file, file_format, raw)
        except files.FileUnreadable as exc:
            raise UserError(unreadable_message(exc, original_name, file_format)) from exc
        source_file.unlink(missing_ok=True)
        rows = files.row_count(raw)
        if not columns:
            raise UserError(empty_message(original_name))
        if rows == 0:
            raise UserError(no_records_message(original_name))
        clash = sorted(RESERVED_COLUMNS & {c.name for c in columns})
        if clash:
            raise UserError(
                _("Berkas memuat kolom bernama %(cols)s, nama yang dipakai SEPAKAT. Ganti namanya.")
                % {"cols": ", ".join(clash)}
            )
        with transaction.atomic():
            incoming = MicrodataIncoming.objects.create(
                kind=kind,
                title=title.strip()[:200],
                period=period.strip(),
                source=source.strip()[:200],
                region=region,
                uploaded_by=user,
                original_name=original_name[:255],
                file_format=file_format,
                staging_dir=token,
                sha256=sha,
                size=size,
                row_count=rows,
                columns=[c.as_dict() for c in columns],
            )
            record_bulk_change(
                actor=user,
                model=MicrodataFile,
                summary={
                    "event": "microdata_received",
                    "incoming": incoming.pk,
                    "file": original_name,
                    "rows": rows,
                    "sha256": sha,
                    "region": region.code,
                },
                object_repr=_("Mikrodata %(name)s diterima") % {"name": original_name},
            )
        return incoming
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _store(stream: IO[bytes], target: Path, original_name: str) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    limit = max_bytes()
    with target.open("wb") as handle:
        while chunk := stream.read(1024 * 1024):
            size += len(chunk)
            if size > limit:
                raise UserError(
                    _("Berkas %(name)s lebih besar dari batas %(mb)d MB.")
                    % {"name": original_name, "mb": limit // (1024 * 1024)}
                )
            digest.update(chunk)
            handle.write(chunk)
    if size == 0:
        raise UserError(empty_message(original_name))
    return digest.hexdigest(), size


# ---------------------------------------------------------------- step 2: map and check


def microdata_map(
    *,
    incoming: MicrodataIncoming,
    user: User,
    mapping: dict[str, str],
    accept_unknown: bool = False,
    profile: MicrodataProfile | None = None,
    save_as_profile: str = "",
) -> MicrodataIncoming:
    """Check the file under ``mapping``; when clean, keep it and move on to the confirmation.

    The checks read the whole file, so they run before the transaction: a database write
    lock is held only for the few rows written at the end.
    """
    incoming = _own(incoming, user)
    _still_open(incoming)
    cleaned, errors = clean_mapping(
        kind=incoming.kind, mapping=mapping, columns=column_names(incoming)
    )
    if errors:
        raise UserError(errors)
    check = check_file(incoming, cleaned, accept_unknown=accept_unknown)
    if check.errors:
        raise UserError(check.errors)
    with transaction.atomic():
        incoming = _lock(incoming, user)
        _still_open(incoming)
        if save_as_profile.strip():
            profile = profile_save(
                user=user, name=save_as_profile, kind=incoming.kind, mapping=cleaned
            )
        incoming.mapping = cleaned
        incoming.profile = profile
        incoming.suggested_personal = check.suggested_personal
        incoming.report = {**check.report(), "accept_unknown": accept_unknown}
        incoming.status = MicrodataIncomingStatus.CHECKED
        incoming.save(
            update_fields=["mapping", "profile", "suggested_personal", "report", "status"]
        )
        record_bulk_change(
            actor=user,
            model=MicrodataFile,
            summary={
                "event": "microdata_mapped",
                "incoming": incoming.pk,
                "mapping": cleaned,
                "unknown_rows": check.unknown_rows,
                "suggested_personal": [s["name"] for s in check.suggested_personal],
            },
            object_repr=_("Pemetaan kolom %(name)s diperiksa") % {"name": incoming.original_name},
        )
    return incoming


def _still_open(incoming: MicrodataIncoming) -> None:
    if incoming.status not in (MicrodataIncomingStatus.MAPPING, MicrodataIncomingStatus.CHECKED):
        raise UserError(_("Berkas ini sudah didaftarkan atau dibatalkan."))


@transaction.atomic
def profile_save(*, user: User, name: str, kind: str, mapping: dict[str, str]) -> MicrodataProfile:
    """Save a mapping under a name for the user's region; the same name replaces it."""
    if user.role not in MANAGER_ROLES or user.region is None:
        raise PermissionDenied
    name = name.strip()[:100]
    if not name:
        raise UserError(_("Nama profil wajib diisi."))
    clean = {k: v for k, v in mapping.items() if k in ROLE_LABELS or k == "code_system"}
    profile, created = MicrodataProfile.objects.update_or_create(
        owner_region=user.region,
        name=name,
        defaults={"kind": kind, "mapping": clean, "created_by": user},
    )
    record_bulk_change(
        actor=user,
        model=MicrodataProfile,
        summary={"event": "profile_saved", "profile": profile.pk, "name": name, "mapping": clean},
        object_repr=(
            _("Profil pemetaan %(name)s dibuat")
            if created
            else _("Profil pemetaan %(name)s diubah")
        )
        % {"name": name},
    )
    return profile


def _lock(incoming: MicrodataIncoming, user: User) -> MicrodataIncoming:
    return _own(incoming, user, lock=True)


def _own(incoming: MicrodataIncoming, user: User, *, lock: bool = False) -> MicrodataIncoming:
    """A fresh copy of the upload; only its uploader may continue it."""
    qs = MicrodataIncoming.objects.select_related("region")
    fresh = (qs.select_for_update(of=("self",)) if lock else qs).get(pk=incoming.pk)
    if fresh.uploaded_by_id != user.pk:
        raise PermissionDenied
    return fresh


# ---------------------------------------------------------------- step 3: register


def microdata_commit(
    *, incoming: MicrodataIncoming, user: User, personal_columns: list[str]
) -> MicrodataFile:
    """Split the file into its analysis and personal parts and register it, all or nothing.

    The parts are written first, beside the received file; the transaction then creates
    the row, moves the folder to ``<region code>/<id>/`` and records the audit entry. If
    anything fails, the folder is removed and no row remains.
    """
    incoming = _own(incoming, user)
    if incoming.status != MicrodataIncomingStatus.CHECKED:
        raise UserError(_("Periksa pemetaan kolom dulu sebelum mendaftarkan berkas."))
    if not may_manage(user, incoming.region):
        raise PermissionDenied
    mapping = incoming.mapping
    names = column_names(incoming)
    personal = [c for c in names if c in set(personal_columns)]
    unknown = sorted(set(personal_columns) - set(names))
    mapped = {col: role for role, col in mapping.items() if role in ROLE_LABELS}
    errors = [_("Kolom %(col)s tidak ada di berkas ini.") % {"col": col} for col in unknown]
    errors += [
        _(
            "Kolom %(col)s dipakai sebagai %(role)s sehingga tidak dapat ditandai sebagai data "
            "pribadi. Ubah pemetaannya dulu."
        )
        % {"col": col, "role": ROLE_LABELS[mapped[col]]}
        for col in personal
        if col in mapped
    ]
    if errors:
        raise UserError(errors)
    check = check_file(
        incoming, mapping, accept_unknown=bool(incoming.report.get("accept_unknown"))
    )
    if check.errors:
        raise UserError(check.errors)

    folder = staging_path(incoming)
    out = folder / "out"
    final: Path | None = None
    try:
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir()
        by_name = {c["name"]: c for c in incoming.columns}
        rows = files.write_parts(
            raw=folder / "raw.parquet",
            columns=incoming.columns,
            personal=personal,
            region_column=by_name[mapping["region_code"]],
            code_map=check.code_map,
            row_id=ROW_ID,
            kemendagri_column=KEMENDAGRI_COLUMN,
            analysis_path=out / "analysis.parquet",
            personal_path=out / "personal.parquet" if personal else None,
        )
        sha = files_sha256(out / "analysis.parquet")
        with transaction.atomic():
            incoming = _lock(incoming, user)
            if incoming.status != MicrodataIncomingStatus.CHECKED:
                raise UserError(_("Berkas ini sudah didaftarkan atau dibatalkan."))
            file = MicrodataFile.objects.create(
                kind=incoming.kind,
                title=incoming.title,
                region=incoming.region,
                period=incoming.period,
                # A placeholder until the row has its id, which names the folder.
                relative_path=f"_baru/{incoming.staging_dir}/analysis.parquet",
                row_count=rows,
                sha256=sha,
                columns=_file_columns(mapping),
                personal_columns=personal,
                source=incoming.source or incoming.original_name,
            )
            relative_dir = Path(incoming.region.code) / str(file.pk)
            final = microdata_root() / relative_dir
            if final.exists():
                # Left by an attempt that failed before its row was saved: no row owns it.
                shutil.rmtree(final)
            final.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(out, final)
            file.relative_path = str(relative_dir / "analysis.parquet")
            file.save(update_fields=["relative_path"])
            # The decile profile reads the latest registry file of the region or above.
            bump_data_generation([incoming.region.code])
            MicrodataManifest.objects.create(
                file=file,
                personal_path=str(relative_dir / "personal.parquet") if personal else "",
                row_id_column=ROW_ID,
                coverage=check.coverage,
                report={**check.report(), "mapping": mapping},
                original_name=incoming.original_name,
                original_sha256=incoming.sha256,
                profile=incoming.profile,
                uploaded_by=user,
            )
            incoming.status = MicrodataIncomingStatus.COMMITTED
            incoming.microdata_file = file
            incoming.save(update_fields=["status", "microdata_file"])
            record_bulk_change(
                actor=user,
                model=MicrodataFile,
                summary={
                    "event": "microdata_registered",
                    "file": file.pk,
                    "path": file.relative_path,
                    "rows": rows,
                    "sha256": sha,
                    "personal_columns": personal,
                    "unknown_rows": check.unknown_rows,
                },
                object_repr=_("Mikrodata %(title)s didaftarkan") % {"title": file.title},
            )
            transaction.on_commit(lambda: shutil.rmtree(folder, ignore_errors=True))
    except BaseException:
        shutil.rmtree(out, ignore_errors=True)
        if final is not None:
            shutil.rmtree(final, ignore_errors=True)
        raise
    return file


def _file_columns(mapping: dict[str, str]) -> dict[str, str]:
    """MicrodataFile.columns: the roles, with region_code naming the added Kemendagri column."""
    columns = {role: col for role, col in mapping.items() if role in ROLE_LABELS}
    columns.update(
        region_code=KEMENDAGRI_COLUMN,
        code_system="kemendagri",
        source_region_code=mapping["region_code"],
        source_code_system=mapping["code_system"],
        row_id=ROW_ID,
    )
    if mapping["code_system"] == "bps":
        columns["bps_code"] = mapping["region_code"]
    return columns


def files_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@transaction.atomic
def microdata_discard(*, incoming: MicrodataIncoming, user: User) -> None:
    incoming = _lock(incoming, user)
    if incoming.status == MicrodataIncomingStatus.COMMITTED:
        raise UserError(_("Berkas yang sudah didaftarkan tidak dapat dibatalkan."))
    incoming.status = MicrodataIncomingStatus.DISCARDED
    incoming.save(update_fields=["status"])
    record_bulk_change(
        actor=user,
        model=MicrodataFile,
        summary={"event": "microdata_discarded", "incoming": incoming.pk},
        object_repr=_("Mikrodata %(name)s dibatalkan") % {"name": incoming.original_name},
    )
    folder = staging_path(incoming)
    transaction.on_commit(lambda: shutil.rmtree(folder, ignore_errors=True))


# The journey's services are here; its checks, storage, roles and exports live in their
# own modules and are named here too, so that callers import one module.
__all__ = [
    "CODE_SYSTEMS",
    "FORMAT_LABELS",
    "KEMENDAGRI_COLUMN",
    "MANAGER_ROLES",
    "PREVIEW_ROWS",
    "REQUIRED_ROLES",
    "RESERVED_COLUMNS",
    "ROLE_LABELS",
    "ROW_ID",
    "Check",
    "Export",
    "Preview",
    "UserError",
    "analysis_path",
    "check_file",
    "clean_mapping",
    "column_names",
    "empty_message",
    "files_for",
    "files_sha256",
    "incoming_for",
    "max_bytes",
    "may_export_personal",
    "may_manage",
    "microdata_commit",
    "microdata_discard",
    "microdata_map",
    "microdata_receive",
    "microdata_root",
    "no_records_message",
    "personal_export",
    "personal_path",
    "preview",
    "profile_save",
    "profiles_for",
    "record_bulk_change",
    "resolve_codes",
    "staging_path",
    "staging_root",
    "unreadable_message",
]
