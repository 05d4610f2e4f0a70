"""Pages and exports of a registered microdata file: the masked preview and the audited
export of its personal columns."""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from sepakat.accounts.models import User
from sepakat.core.audit import record_bulk_change
from sepakat.core.errors import UserError
from sepakat.datahub import microdata_files as files
from sepakat.datahub.microdata_roles import PREVIEW_ROWS, ROW_ID
from sepakat.datahub.microdata_storage import (
    analysis_path,
    may_export_personal,
    personal_path,
    staging_root,
)
from sepakat.datahub.models import MicrodataFile


@dataclass(frozen=True)
class Preview:
    headers: list[str]
    personal: list[bool]
    rows: list[list[str]]


def preview(file: MicrodataFile, limit: int = PREVIEW_ROWS) -> Preview:
    """The first rows with every personal column masked."""
    row_id = getattr(getattr(file, "manifest", None), "row_id_column", ROW_ID)
    path = analysis_path(file)
    if not path.exists():
        return Preview([], [], [])
    headers, rows = files.read_rows(path, personal_path(file), row_id, limit)
    secret = set(file.personal_columns)
    flags = [h in secret for h in headers]
    shown = [
        [files.mask_value(v) if flag else _show(v) for v, flag in zip(row, flags, strict=True)]
        for row in rows
    ]
    return Preview(headers, flags, shown)


def _show(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return format(value, ".15g") if abs(value) < 1e15 else f"{value:.0f}"
    return str(value)


@dataclass(frozen=True)
class Export:
    path: Path
    filename: str
    rows: int


@transaction.atomic
def personal_export(*, file: MicrodataFile, user: User, reason: str) -> Export:
    """The file with its personal columns, as CSV, for a stated reason; always audited.

    The caller streams ``path`` to the user and removes it.
    """
    if not may_export_personal(user, file):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise UserError(
            _("Tuliskan alasan pengunduhan data pribadi; alasan ini dicatat di jejak audit.")
        )
    row_id = getattr(getattr(file, "manifest", None), "row_id_column", ROW_ID)
    handle, name = tempfile.mkstemp(dir=staging_root(), suffix=".csv")
    target = Path(name)
    try:
        import os

        os.close(handle)
        rows = files.export_csv(analysis_path(file), personal_path(file), row_id, target)
        record_bulk_change(
            actor=user,
            model=MicrodataFile,
            summary={
                "event": "personal_data_download",
                "file": file.pk,
                "title": file.title,
                "reason": reason[:2000],
                "rows": rows,
                "personal_columns": file.personal_columns,
            },
            object_repr=_("Unduhan data pribadi: %(title)s") % {"title": file.title},
        )
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    slug = re.sub(r"[^A-Za-z0-9]+", "-", file.title).strip("-").lower()[:60] or "mikrodata"
    return Export(path=target, filename=f"{slug}-{file.pk}-data-pribadi.csv", rows=rows)
