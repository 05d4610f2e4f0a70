"""Writes of the analysis module: poverty measures computed from a survey file.

:func:`computation_start` validates the request and queues the job (after commit);
:func:`run_computation` (the job) runs :func:`sepakat.analytics.poverty_measures` on the
Parquet file with DuckDB and puts the results into a **draft submission** with their
standard errors and provenance, with one audit record, in one transaction.

A survey estimate for a kab/kota rests on a few hundred households (CV up to 20 percent
and more), so it never replaces verified values by itself: the draft is shown beside the
verified values with its CV flags, and the regional admin of the file's region (the
central team for a national file) submits and verifies it like any upload
(:mod:`sepakat.datahub.verification`), where estimates with CV above 25 percent are held
back unless confirmed with a reason.
"""

from __future__ import annotations

import re
from typing import Any

import duckdb
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from sepakat.accounts.models import User
from sepakat.analysis.models import ComputationRun, RunStatus
from sepakat.core.audit import record_bulk_change
from sepakat.datahub.microdata import analysis_path, may_manage, resolve_codes
from sepakat.datahub.models import (
    Dataset,
    DatasetKind,
    Indicator,
    MicrodataFile,
    MicrodataKind,
    Observation,
    ObservationStatus,
    Submission,
    SubmissionStatus,
    SubmissionValue,
)
from sepakat.regions.models import Level, Region

# measure -> (indicator code, factor): the catalogue keeps P0-P2 in percent/index points
# and the number of poor in thousands.
STORED = {
    "fgt0": ("KMS01", 100.0),
    "fgt1": ("KMS02", 100.0),
    "fgt2": ("KMS03", 100.0),
    "poor_count": ("KMS05", 0.001),
    "gini": ("KMS06", 1.0),
}
# "centered" first: the grand-mean rule of Stata and of R survey 4.4 and later
LONELY_PSU = ("centered", "adjust", "average", "remove", "fail")
POOR_IF = ("lt", "le")
REQUIRED_ROLES = ("welfare", "weight", "region_code")


# The data hub's kind of data for values computed here: a submission needs one, and the
# review queue names it.
COMPUTED_DATASET = "hitung-mikrodata-kemiskinan"


def computed_dataset() -> Dataset:
    dataset, _created = Dataset.objects.get_or_create(
        code=COMPUTED_DATASET,
        defaults={
            "name_id": "Kemiskinan dihitung dari mikrodata survei",
            "name_en": "Poverty computed from survey microdata",
            "kind": DatasetKind.COMPUTED,
            "row_level": 2,
            "agency": "BPS (Susenas), dihitung di SEPAKAT",
            "required_for_training": False,
            "ordering": 900,
        },
    )
    return dataset


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _source(file: MicrodataFile) -> str:
    return "read_parquet('" + str(analysis_path(file)).replace("'", "''") + "')"


def survey_years(file: MicrodataFile) -> list[str]:
    """The years a survey file holds (its ``year`` column, else its period)."""
    year_col = (file.columns or {}).get("year")
    if year_col:
        with duckdb.connect() as con:
            rows = con.execute(
                f"SELECT DISTINCT CAST({_quote(year_col)} AS INTEGER) FROM {_source(file)} "
                "ORDER BY 1"
            ).fetchall()
        return [str(r[0]) for r in rows if r[0] is not None]
    return [file.period[:4]]


def computation_start(
    *,
    user: User,
    file: MicrodataFile,
    period: str,
    lonely_psu: str = "centered",
    poor_if: str = "lt",
) -> ComputationRun:
    """Queue a computation; the centre and the file's regional admin only."""
    if not may_manage(user, file.region):
        raise PermissionDenied
    errors: dict[str, str] = {}
    if file.kind != MicrodataKind.SURVEY:
        errors["file"] = _("Pilih berkas survei (Susenas), bukan berkas registrasi.")
    missing = [r for r in REQUIRED_ROLES if not (file.columns or {}).get(r)]
    if missing:
        errors["file"] = _(
            "Pemetaan kolom berkas ini belum lengkap (%(roles)s); lengkapi di Data > Mikrodata."
        ) % {"roles": ", ".join(missing)}
    if not (file.columns or {}).get("poverty_line"):
        errors["file"] = _("Berkas ini belum memetakan kolom garis kemiskinan.")
    if not re.fullmatch(r"\d{4}", period or ""):
        errors["period"] = _("Tahun harus empat angka, misalnya 2025.")
    if lonely_psu not in LONELY_PSU:
        errors["lonely_psu"] = _("Pilihan PSU tunggal tidak dikenal.")
    if poor_if not in POOR_IF:
        errors["poor_if"] = _("Pilihan batas miskin tidak dikenal.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        run = ComputationRun.objects.create(
            file=file,
            region=file.region,
            period=period,
            params={"lonely_psu": lonely_psu, "poor_if": poor_if},
            created_by=user,
            message=_("Menunggu giliran di antrean..."),
        )
        transaction.on_commit(lambda: compute_poverty_task.enqueue(run.pk))
    return run


def _progress(run: ComputationRun, percent: int, message: str) -> None:
    run.progress = percent
    run.message = message[:200]
    run.save(update_fields=["progress", "message", "status"])


def run_computation(run_id: int) -> ComputationRun:
    """The job: compute, then store. A failure leaves no observation behind."""
    from sepakat.analytics import AnalyticsError, poverty_measures

    run = ComputationRun.objects.select_related("file", "region", "created_by").get(pk=run_id)
    if run.finished:
        return run
    file = run.file
    columns = file.columns or {}
    run.status = RunStatus.RUNNING
    _progress(run, 10, _("Membaca berkas survei..."))
    try:
        con = duckdb.connect()
        try:
            relation = con.sql(f"SELECT * FROM {_source(file)}")
            if columns.get("year"):
                relation = relation.filter(
                    f"CAST({_quote(columns['year'])} AS INTEGER) = {int(run.period)}"
                )
            if not relation.limit(1).fetchall():
                raise ValueError(
                    _("Berkas ini tidak memuat data tahun %(year)s.") % {"year": run.period}
                )
            _progress(run, 30, _("Menghitung P0, P1, P2, jumlah penduduk miskin dan Gini..."))
            result = poverty_measures(
                relation,
                welfare=columns["welfare"],
                weight=columns["weight"],
                size=columns.get("size") or None,
                strata=columns.get("strata") or None,
                psu=columns.get("psu") or None,
                line_col=columns["poverty_line"],
                by=[columns["region_code"]],
                measures=list(STORED),
                lonely_psu=run.params.get("lonely_psu", "adjust"),
                poor_if=run.params.get("poor_if", "lt"),
            )
        finally:
            con.close()
        _progress(run, 80, _("Menyimpan hasil sebagai draf untuk diverifikasi..."))
        _draft(run, result.to_dicts(), columns)
    except (AnalyticsError, ValueError, KeyError, duckdb.Error) as exc:
        run.status = RunStatus.FAILED
        run.error = str(exc)[:2000]
        run.message = _("Penghitungan gagal.")
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "error", "message", "finished_at"])
    return run


# The job is defined next to the service it runs (tasks.py only names it), so that the
# service and its queue do not import each other. Ids, not objects: the job reads the
# run fresh from the database.
@task()
def compute_poverty_task(run_id: int) -> None:
    run_computation(run_id)


def _draft(run: ComputationRun, rows: list[dict[str, Any]], columns: dict[str, str]) -> None:
    """The results as a draft submission of the file's region, beside the verified values."""
    file = run.file
    code_col = columns["region_code"]
    system = columns.get("code_system", "kemendagri")
    codes = resolve_codes({str(r[code_col]) for r in rows if r[code_col]}, system)
    targets: dict[str, Region] = {
        r.code: r
        for r in Region.objects.filter(code__in=[*codes.values(), file.region.code])
        if file.region.contains(r)
    }
    indicators = {
        i.code: i
        for i in Indicator.objects.filter(
            code__in=[c for c, _f in STORED.values()], owner_region__isnull=True
        )
    }
    existing = {
        (o.indicator_id, o.region_id): o
        for o in Observation.objects.filter(
            indicator__in=indicators.values(), region__in=targets.values(), period=run.period
        )
    }
    now = timezone.now()
    source = _("Dihitung dari %(title)s") % {"title": file.title}
    provenance = {
        "source": source[:200],
        "file": file.relative_path,
        "file_title": file.title,
        "sha256": file.sha256,
        "method": "sepakat.analytics.poverty_measures",
        "engine": "duckdb",
        "params": {**run.params, "year": run.period, "columns": columns},
        "run": run.pk,
        "by": run.created_by.username,
        "at": now.isoformat(),
    }
    drafted: list[SubmissionValue] = []
    locked, summary_rows = 0, []
    with transaction.atomic():
        for row in rows:
            raw = row[code_col]
            if raw:
                code = codes.get(str(raw))
            else:
                # The whole file: its region, when the file covers the whole of it.
                code = file.region.code if file.region.level <= Level.REGENCY else None
            region = targets.get(code or "")
            measure = row["measure"]
            if region is None or measure not in STORED:
                continue
            indicator_code, factor = STORED[measure]
            indicator = indicators.get(indicator_code)
            if indicator is None:
                continue
            value = float(row["estimate"]) * factor
            se = None if row["se"] is None else float(row["se"]) * factor
            current = existing.get((indicator.pk, region.pk))
            if current is not None and current.locked:
                # Verified and locked: a correction goes through reopening, as for uploads.
                locked += 1
                continue
            previous = (
                current.value
                if current is not None and current.status == ObservationStatus.VERIFIED
                else None
            )
            drafted.append(
                SubmissionValue(
                    indicator=indicator,
                    region=region,
                    period=run.period,
                    value=value,
                    standard_error=se,
                    previous_value=previous,
                )
            )
            summary_rows.append(
                {
                    "indicator": indicator_code,
                    "region": region.code,
                    "value": value,
                    "se": se,
                    "cv": row.get("cv"),
                    "n": row["n"],
                    "previous": previous,
                }
            )
        # Every value locked: nothing to verify, so no empty draft in the review queue.
        submission = None
        if drafted:
            submission = Submission.objects.create(
                dataset=computed_dataset(),
                region=file.region,
                agency=file.title[:200],
                created_by=run.created_by,
                status=SubmissionStatus.DRAFT,
                provenance=provenance,
            )
            for drafted_value in drafted:
                drafted_value.submission = submission
            SubmissionValue.objects.bulk_create(drafted)
        run.submission = submission
        run.status = RunStatus.DONE
        run.progress = 100
        run.stored = len(drafted)
        run.skipped_locked = locked
        run.results = summary_rows
        run.message = _("Selesai: %(n)s nilai masuk draf untuk diverifikasi.") % {"n": len(drafted)}
        run.finished_at = now
        run.save()
        record_bulk_change(
            actor=run.created_by,
            model=Submission,
            object_repr=_("Draf dari %(source)s") % {"source": source},
            summary={
                "computation_run": [str(run.pk)],
                "submission": [str(submission.pk) if submission else ""],
                "file": [f"{file.relative_path} sha256={file.sha256}"],
                "period": [run.period],
                "drafted": [str(len(drafted))],
                "skipped_locked": [str(locked)],
                "values": [
                    f"{r['indicator']} {r['region']} {r['previous']} -> {r['value']:.6g}"
                    f" cv={r['cv']}"
                    for r in summary_rows
                ],
            },
        )
