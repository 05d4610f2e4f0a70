"""Upload -> preview -> commit of filled templates.

``receive_upload`` keeps the original file and reads it (in a background job when it is
large); the preview says how many values are new, changed and unchanged, and lists every
error. Nothing reaches the submission tables until ``commit_upload``, which is
all-or-nothing. The same file sent twice for the same dataset and region is recognised by
its checksum and changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from sepakat.accounts.models import User
from sepakat.core.audit import record_bulk_change
from sepakat.core.errors import UserError
from sepakat.datahub.models import (
    Dataset,
    DatasetKind,
    Indicator,
    Observation,
    ObservationStatus,
    Submission,
    SubmissionStatus,
    SubmissionValue,
    Upload,
    UploadStatus,
)
from sepakat.datahub.parsing import FileRejected, IndicatorRule, ReadContext, read_file
from sepakat.datahub.template_spec import template_version
from sepakat.regions.models import Region

# Files above this size are read by the background worker, with a progress bar.
BACKGROUND_THRESHOLD = 1 * 1024 * 1024


def upload_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def max_upload_bytes() -> int:
    return int(getattr(settings, "SEPAKAT_UPLOAD_MAX_MB", 20)) * 1024 * 1024


@dataclass(frozen=True)
class Received:
    """What became of a file: an upload to preview, a repeat, or a rejection with errors."""

    upload: Upload | None
    duplicate_of: Upload | None = None
    errors: list[dict[str, Any]] | None = None
    error_count: int = 0


def receive_upload(
    *,
    user: User,
    dataset: Dataset,
    region: Region,
    stream: IO[bytes],
    original_name: str,
    run_now: bool | None = None,
) -> Received:
    """Keep the file, recognise a repeat, and read it now or in the background.

    A small file is read at once: when it has errors, nothing at all is stored and the
    errors come back to the caller. A large file is kept as a queued upload and read by
    the worker, which records the outcome on that upload.
    """
    limit = max_upload_bytes()
    with tempfile.NamedTemporaryFile(dir=upload_dir(), delete=False, suffix=".part") as tmp:
        digest = hashlib.sha256()
        size = 0
        while chunk := stream.read(1024 * 1024):
            size += len(chunk)
            if size > limit:
                tmp.close()
                Path(tmp.name).unlink(missing_ok=True)
                raise UserError(
                    _(
                        "Berkas %(name)s lebih besar dari batas %(mb)d MB. Pisahkan datanya ke "
                        "beberapa berkas atau hapus lembar yang tidak perlu."
                    )
                    % {"name": original_name, "mb": limit // (1024 * 1024)}
                )
            digest.update(chunk)
            tmp.write(chunk)
    temp_path = Path(tmp.name)
    try:
        if size == 0:
            raise UserError(_("Berkas %(name)s kosong.") % {"name": original_name})
        sha = digest.hexdigest()
        earlier = (
            Upload.objects.filter(
                dataset=dataset, region=region, sha256=sha, status=UploadStatus.COMMITTED
            )
            .order_by("-created_at")
            .first()
        )
        if earlier is not None:
            return Received(upload=earlier, duplicate_of=earlier)
        background = size > BACKGROUND_THRESHOLD if run_now is None else not run_now
        outcome: Parsed | None = None
        if not background:
            outcome = parse_file(
                temp_path, original_name=original_name, dataset=dataset, region=region
            )
            if outcome.errors:
                return Received(upload=None, errors=outcome.errors, error_count=outcome.error_count)
        stored = upload_dir() / f"{sha}{Path(original_name).suffix.lower()[:8]}"
        shutil.move(temp_path, stored)
        upload = Upload.objects.create(
            dataset=dataset,
            region=region,
            uploaded_by=user,
            original_name=original_name[:255],
            stored_path=str(stored.relative_to(settings.MEDIA_ROOT)),
            sha256=sha,
            size=size,
        )
        if outcome is not None:
            _record_outcome(upload, outcome)
            upload.refresh_from_db()
        else:
            transaction.on_commit(lambda: read_upload_task.enqueue(upload.pk))
        return Received(upload=upload)
    finally:
        temp_path.unlink(missing_ok=True)


def _rules(indicators: Iterable[Indicator]) -> list[IndicatorRule]:
    return [IndicatorRule(i.code, i.name_id, i.unit, i.min_value, i.max_value) for i in indicators]


def allowed_region_codes(region: Region, level: int) -> frozenset[str]:
    """Codes a user of ``region`` may fill at the dataset's row level."""
    return frozenset(
        Region.objects.within(region).filter(level=level).values_list("code", flat=True)
    )


@dataclass
class Parsed:
    values: list[Any]  # indicator values (code, region, period, value) or budget rows
    errors: list[dict[str, Any]]
    error_count: int
    summary: dict[str, Any]


def parse_file(
    path: Path,
    *,
    original_name: str,
    dataset: Dataset,
    region: Region,
    progress: Callable[[int], None] | None = None,
) -> Parsed:
    """Read a file against the dataset's template and compare it with verified data."""
    if dataset.kind == DatasetKind.BUDGET:
        return _parse_budget(
            path, original_name=original_name, dataset=dataset, region=region, progress=progress
        )
    indicators = list(dataset.indicators.order_by("area", "code"))
    context = ReadContext(
        dataset_code=dataset.code,
        dataset_name=dataset.name_id,
        version=template_version([i.code for i in indicators]),
        indicators=_rules(indicators),
        allowed_codes=allowed_region_codes(region, dataset.row_level),
        existing_codes=lambda codes: set(
            Region.objects.filter(code__in=list(codes)).values_list("code", flat=True)
        ),
        progress=progress or (lambda percent: None),
        dataset_names=dict(Dataset.objects.values_list("code", "name_id")),
        region_code=region.code,
    )
    try:
        result = read_file(path, original_name=original_name, context=context)
    except FileRejected as exc:
        error = {"sheet": "", "row": 0, "column": "", "value": "", "message": str(exc)}
        return Parsed(values=[], errors=[error], error_count=1, summary={"error_count": 1})
    summary = compare_with_stored(result.values, indicators=indicators)
    summary.update(rows=result.rows_read, error_count=result.error_count)
    return Parsed(
        values=result.values,
        errors=[e.as_dict() for e in result.errors],
        error_count=result.error_count,
        summary=summary,
    )


def _parse_budget(
    path: Path,
    *,
    original_name: str,
    dataset: Dataset,
    region: Region,
    progress: Callable[[int], None] | None,
) -> Parsed:
    from sepakat.datahub import budget_uploads

    try:
        result = budget_uploads.parse_budget_file(
            path,
            original_name=original_name,
            dataset=dataset,
            region=region,
            progress=progress or (lambda percent: None),
        )
    except FileRejected as exc:
        error = budget_uploads.rejected_error(exc)
        return Parsed(values=[], errors=[error], error_count=1, summary={"error_count": 1})
    summary = budget_uploads.compare_budget(result.records, region=region)
    summary.update(rows=result.rows_read, error_count=result.error_count)
    return Parsed(
        values=result.records,
        errors=[e.as_dict() for e in result.errors],
        error_count=result.error_count,
        summary=summary,
    )


def _record_outcome(upload: Upload, outcome: Parsed) -> None:
    staged = ""
    if not outcome.error_count:
        path = Path(settings.MEDIA_ROOT) / upload.stored_path
        staged_file = path.with_suffix(".staged.json")
        staged_file.write_text(json.dumps(outcome.values))
        staged = str(staged_file.relative_to(settings.MEDIA_ROOT))
    Upload.objects.filter(pk=upload.pk).update(
        status=UploadStatus.FAILED if outcome.error_count else UploadStatus.PREVIEWED,
        progress=100,
        errors=outcome.errors,
        summary=outcome.summary,
        staged_path=staged,
    )


def read_upload(upload_id: int) -> None:
    """The background job: read a stored upload, with progress for the page to show."""
    upload = Upload.objects.select_related("dataset", "region").get(pk=upload_id)
    Upload.objects.filter(pk=upload.pk).update(status=UploadStatus.PARSING, progress=0)
    last = {"percent": -1}

    def progress(percent: int) -> None:
        # Write only when the bar moves by 5 points: the page polls, the worker writes.
        if percent >= last["percent"] + 5:
            last["percent"] = percent
            Upload.objects.filter(pk=upload.pk).update(progress=min(percent, 99))

    outcome = parse_file(
        Path(settings.MEDIA_ROOT) / upload.stored_path,
        original_name=upload.original_name,
        dataset=upload.dataset,
        region=upload.region,
        progress=progress,
    )
    _record_outcome(upload, outcome)


# The job is defined next to the service it runs (tasks.py only names it), so that the
# service and its queue do not import each other. Ids, not objects: the job reads the
# upload fresh from the database.
@task()
def read_upload_task(upload_id: int) -> None:
    read_upload(upload_id)


def compare_with_stored(
    values: list[tuple[str, str, str, float]], *, indicators: list[Indicator]
) -> dict[str, Any]:
    """How many staged values are new, changed, unchanged or locked, against verified data."""
    if not values:
        return {"new": 0, "changed": 0, "unchanged": 0, "locked": 0, "values": 0}
    by_code = {i.code: i.pk for i in indicators}
    codes = {v[1] for v in values}
    periods = {v[2] for v in values}
    stored = {
        (ind, reg, per): (val, locked)
        for ind, reg, per, val, locked in Observation.objects.filter(
            indicator_id__in=by_code.values(),
            region__code__in=codes,
            period__in=periods,
            status=ObservationStatus.VERIFIED,
        ).values_list("indicator_id", "region__code", "period", "value", "locked")
    }
    counts = {"new": 0, "changed": 0, "unchanged": 0, "locked": 0}
    locked_examples: list[str] = []
    for code, region_code, period, value in values:
        previous = stored.get((by_code[code], region_code, period))
        if previous is None:
            counts["new"] += 1
        elif previous[0] == value:
            counts["unchanged"] += 1
        elif previous[1]:
            counts["locked"] += 1
            if len(locked_examples) < 10:
                locked_examples.append(f"{code} {region_code} {period}")
        else:
            counts["changed"] += 1
    return {**counts, "values": len(values), "locked_examples": locked_examples}


@transaction.atomic
def commit_upload(*, upload: Upload, user: User) -> Submission:
    """Turn a clean preview into a draft submission, all or nothing."""
    upload = Upload.objects.select_for_update(of=("self",)).get(pk=upload.pk)
    if upload.status != UploadStatus.PREVIEWED or not upload.staged_path:
        raise UserError(
            _("Unggahan ini tidak dapat disimpan: statusnya %(status)s.")
            % {"status": upload.get_status_display()}
        )
    if upload.summary.get("locked"):
        raise UserError(
            _(
                "%(n)d nilai sudah terverifikasi dan terkunci, misalnya %(examples)s. Minta admin "
                "daerah membuka kembali data itu, atau hapus nilainya dari berkas."
            )
            % {
                "n": upload.summary["locked"],
                "examples": ", ".join(upload.summary.get("locked_examples", [])[:3]),
            }
        )
    values = json.loads((Path(settings.MEDIA_ROOT) / upload.staged_path).read_text())
    if upload.dataset.kind == DatasetKind.BUDGET:
        return _commit_budget(upload=upload, user=user, records=values)
    indicators = {i.code: i for i in upload.dataset.indicators.all()}
    regions = dict(Region.objects.filter(code__in={v[1] for v in values}).values_list("code", "pk"))
    stored = {
        (ind, reg, per): val
        for ind, reg, per, val in Observation.objects.filter(
            indicator__in=indicators.values(),
            region_id__in=regions.values(),
            period__in={v[2] for v in values},
            status=ObservationStatus.VERIFIED,
        ).values_list("indicator_id", "region_id", "period", "value")
    }
    submission = _new_draft(upload, user)
    rows: list[tuple[int, int, int, str, float, float | None]] = []
    for code, region_code, period, value in values:
        indicator_id = indicators[code].pk
        region_id = regions[region_code]
        previous = stored.get((indicator_id, region_id, period))
        if previous == value:
            continue  # unchanged values need no verification
        rows.append((submission.pk, indicator_id, region_id, period, value, previous))
    _insert_submission_values(rows)
    _mark_committed(
        upload=upload,
        user=user,
        submission=submission,
        summary={
            "values": len(rows),
            "new": upload.summary.get("new", 0),
            "changed": upload.summary.get("changed", 0),
        },
    )
    return submission


def _new_draft(upload: Upload, user: User) -> Submission:
    return Submission.objects.create(
        dataset=upload.dataset,
        region=upload.region,
        upload=upload,
        agency=user.agency,
        created_by=user,
        status=SubmissionStatus.DRAFT,
    )


def _mark_committed(
    *, upload: Upload, user: User, submission: Submission, summary: dict[str, Any]
) -> None:
    """The upload is spent: its values now live in the draft submission (audited)."""
    upload.status = UploadStatus.COMMITTED
    upload.committed_at = timezone.now()
    upload.save(update_fields=["status", "committed_at"])
    record_bulk_change(
        actor=user,
        model=Submission,
        summary={
            "upload": upload.pk,
            "submission": submission.pk,
            "file": upload.original_name,
            **summary,
        },
        object_repr=_("Unggahan %(name)s disimpan sebagai draf") % {"name": upload.original_name},
    )


def _commit_budget(*, upload: Upload, user: User, records: list[dict[str, Any]]) -> Submission:
    from sepakat.datahub.budget_uploads import stage_budget_lines

    submission = _new_draft(upload, user)
    n = stage_budget_lines(submission=submission, records=records)
    _mark_committed(
        upload=upload,
        user=user,
        submission=submission,
        summary={"budget_lines": n, "removed_on_verify": upload.summary.get("removed", 0)},
    )
    return submission


def _insert_submission_values(rows: list[tuple[int, int, int, str, float, float | None]]) -> None:
    """One multi-row INSERT per batch: a 200,000-value upload would spend most of its time
    building model instances with ``bulk_create``."""
    from django.db import connection

    table = connection.ops.quote_name(SubmissionValue._meta.db_table)
    sql = (
        f"INSERT INTO {table} (submission_id, indicator_id, region_id, period, value, "
        "previous_value) VALUES (%s, %s, %s, %s, %s, %s)"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])


def may_discard(user: User, upload: Upload) -> bool:
    """The uploader, or an admin of the upload's region (or above) clearing its queue."""
    from sepakat.core.access import user_may_see
    from sepakat.core.roles import Role

    if upload.uploaded_by_id == user.pk:
        return True
    return user.role in (Role.CENTRAL_ADMIN, Role.REGIONAL_ADMIN) and user_may_see(
        user, upload.region
    )


@transaction.atomic
def discard_upload(*, upload: Upload, user: User) -> None:
    """Set an upload aside: its status, an audit row, and its files removed after commit
    (unless another open upload of the same content still uses them)."""
    upload = (
        Upload.objects.select_for_update(of=("self",))
        .select_related("dataset", "region", "uploaded_by")
        .get(pk=upload.pk)
    )
    if not may_discard(user, upload):
        raise UserError(
            _(
                "Unggahan %(name)s milik %(owner)s; hanya pengunggahnya atau admin daerah yang "
                "dapat membatalkannya."
            )
            % {"name": upload.original_name, "owner": upload.uploaded_by}
        )
    if upload.status == UploadStatus.COMMITTED:
        raise UserError(_("Unggahan yang sudah disimpan tidak dapat dibatalkan."))
    if upload.status == UploadStatus.DISCARDED:
        raise UserError(_("Unggahan ini sudah dibatalkan."))
    previous = upload.status
    upload.status = UploadStatus.DISCARDED
    upload.save(update_fields=["status"])
    record_bulk_change(
        actor=user,
        model=Upload,
        summary={
            "event": "upload_discarded",
            "upload": upload.pk,
            "file": upload.original_name,
            "dataset": upload.dataset.code,
            "region": upload.region.code,
            "status_before": previous,
        },
        object_repr=_("Unggahan %(name)s dibatalkan") % {"name": upload.original_name},
    )
    paths = [p for p in (upload.stored_path, upload.staged_path) if p]
    still_used = set(
        Upload.objects.exclude(pk=upload.pk)
        .exclude(status=UploadStatus.DISCARDED)
        .filter(Q(stored_path__in=paths) | Q(staged_path__in=paths))
        .values_list("stored_path", "staged_path")
        .iterator()
    )
    in_use = {p for pair in still_used for p in pair}
    removable = [Path(settings.MEDIA_ROOT) / p for p in paths if p not in in_use]

    def remove_files() -> None:
        for path in removable:
            path.unlink(missing_ok=True)

    transaction.on_commit(remove_files)
