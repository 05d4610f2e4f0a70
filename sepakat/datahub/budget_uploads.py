"""The budget side of upload -> preview -> commit -> verify.

A verified budget submission replaces, for its region, every APBD line of the years and
stages it contains: a budget document is sent whole (lampiran IV of one year and stage),
so lines left out of the new file are removed, and the preview says how many.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from sepakat.accounts.models import User
from sepakat.budgeting.models import ApbdLine
from sepakat.datahub.budget_template import budget_version, read_budget_rows
from sepakat.datahub.models import Dataset, Submission, SubmissionBudgetLine
from sepakat.datahub.parsing import FileRejected, ParseResult, ReadContext, read_file
from sepakat.regions.models import Region

Key = tuple[int, str, str, str, str]  # year, stage, skpd, sub kegiatan, account


def _key(line: dict[str, Any]) -> Key:
    return (
        int(line["year"]),
        line["stage"],
        line["skpd_code"],
        line["sub_kegiatan_code"],
        line["account"],
    )


def parse_budget_file(
    path: Path,
    *,
    original_name: str,
    dataset: Dataset,
    region: Region,
    progress: Callable[[int], None],
) -> ParseResult:
    context = ReadContext(
        dataset_code=dataset.code,
        dataset_name=dataset.name_id,
        version=budget_version(),
        indicators=(),
        allowed_codes=frozenset(),
        existing_codes=lambda codes: set(),
        progress=progress,
        dataset_names=dict(Dataset.objects.values_list("code", "name_id")),
        row_reader=read_budget_rows,
        region_code=region.code,
    )
    return read_file(path, original_name=original_name, context=context)


def _stored_lines(region: Region, periods: set[tuple[int, str]]) -> dict[Key, ApbdLine]:
    if not periods:
        return {}
    which = Q()
    for year, stage in periods:
        which |= Q(year=year, stage=stage)
    return {
        (line.year, line.stage, line.skpd_code, line.sub_kegiatan_code, line.account): line
        for line in ApbdLine.objects.filter(which, region=region)
    }


def compare_budget(records: list[dict[str, Any]], *, region: Region) -> dict[str, Any]:
    """New, changed and unchanged lines, and stored lines the upload would remove."""
    stored = _stored_lines(region, {(int(r["year"]), r["stage"]) for r in records})
    counts = {"new": 0, "changed": 0, "unchanged": 0}
    keys = set()
    for record in records:
        key = _key(record)
        keys.add(key)
        line = stored.get(key)
        if line is None:
            counts["new"] += 1
        elif line.amount == Decimal(record["amount"]) and _same(
            line.realisation, record["realisation"]
        ):
            counts["unchanged"] += 1
        else:
            counts["changed"] += 1
    removed = len(set(stored) - keys)
    total = sum(Decimal(r["amount"]) for r in records)
    return {
        **counts,
        "removed": removed,
        "locked": 0,
        "values": len(records),
        "total_amount": str(total),
    }


def _same(stored: Decimal | None, new: str | None) -> bool:
    return (stored is None and new is None) or (
        stored is not None and new is not None and stored == Decimal(new)
    )


def stage_budget_lines(*, submission: Submission, records: list[dict[str, Any]]) -> int:
    """Write the submission's lines with the stored amount beside each, for review."""
    stored = _stored_lines(submission.region, {(int(r["year"]), r["stage"]) for r in records})
    lines = []
    for record in records:
        previous = stored.get(_key(record))
        lines.append(
            SubmissionBudgetLine(
                submission=submission,
                **record,
                previous_amount=None if previous is None else previous.amount,
            )
        )
    SubmissionBudgetLine.objects.bulk_create(lines, batch_size=2000)
    return len(lines)


@transaction.atomic
def apply_budget_submission(*, submission: Submission, user: User) -> dict[str, int]:
    """Replace the region's lines of the submitted years and stages by the submitted ones."""
    lines = list(submission.budget_lines.all())
    periods = {(line.year, line.stage) for line in lines}
    which = Q()
    for year, stage in periods:
        which |= Q(year=year, stage=stage)
    removed = ApbdLine.objects.filter(which, region=submission.region).delete()[0] if periods else 0
    source = _("%(dataset)s, pengajuan #%(id)d diverifikasi %(by)s") % {
        "dataset": submission.dataset.name_id,
        "id": submission.pk,
        "by": user.username,
    }
    ApbdLine.objects.bulk_create(
        [
            ApbdLine(
                region=submission.region,
                year=line.year,
                stage=line.stage,
                skpd_code=line.skpd_code,
                skpd_name=line.skpd_name,
                sub_kegiatan_code=line.sub_kegiatan_code,
                urusan_name=line.urusan_name,
                program_name=line.program_name,
                kegiatan_name=line.kegiatan_name,
                sub_kegiatan_name=line.sub_kegiatan_name,
                account=line.account,
                amount=line.amount,
                realisation=line.realisation,
                source=source[:200],
            )
            for line in lines
        ],
        batch_size=2000,
    )
    return {"created": len(lines), "removed": removed}


def rejected_error(exc: FileRejected) -> dict[str, Any]:
    return {"sheet": "", "row": 0, "column": "", "value": "", "message": str(exc)}
