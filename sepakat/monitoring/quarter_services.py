"""Writes of the OPD's quarterly reports: the data operator fills and submits a quarter,
the regional admin verifies it or returns it with a note.

Users carry no SKPD (``accounts.User`` has a region and a role only), so the data
operator of a region reports for every sub kegiatan of the region's plan. Every write is
keyword-only and atomic and leaves one audit record naming the event (the rows themselves
are audited field by field, ``core/audit.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sepakat.accounts.models import User
from sepakat.budgeting.absorption import BENCHMARKS
from sepakat.budgeting.tagging import plan_in_force
from sepakat.core.access import user_may_see
from sepakat.core.audit import record_bulk_change
from sepakat.core.errors import UserError
from sepakat.core.roles import Role
from sepakat.monitoring import quarter_rules
from sepakat.monitoring.models import QuarterReport, QuarterStatus
from sepakat.planning.models_plan import Intervention, InterventionYear
from sepakat.regions.models import Region

FILL_ROLES = frozenset({Role.DATA_OPERATOR})
VERIFY_ROLES = frozenset({Role.REGIONAL_ADMIN})
LOCKED = (QuarterStatus.SUBMITTED, QuarterStatus.VERIFIED)


def may_fill(user: User | None, region: Region) -> bool:
    """The data operator of the region itself: the OPD report is the region's own."""
    return user is not None and user.role in FILL_ROLES and user.region_id == region.pk


def may_verify(user: User | None, region: Region) -> bool:
    """Regional admins of the region or above it, like the verification of other data."""
    return user is not None and user.role in VERIFY_ROLES and user_may_see(user, region)


@dataclass(frozen=True)
class Entry:
    """One sub kegiatan's line of the form, already parsed."""

    intervention_id: int
    output: Decimal
    financial: Decimal
    reason: str = ""


def plan_interventions(region: Region, year: int) -> list[tuple[Intervention, InterventionYear]]:
    """The sub kegiatan of the approved plan in force in the year with their year's target."""
    version = plan_in_force(region, year)
    if version is None:
        return []
    years = (
        InterventionYear.objects.filter(intervention__version=version, year=year)
        .select_related("intervention__skpd")
        .order_by("intervention__position")
    )
    return [(item.intervention, item) for item in years]


def _check_quarter(quarter: int) -> None:
    if quarter not in quarter_rules.QUARTERS:
        raise UserError(_("Triwulan %(q)s tidak ada; pilih 1, 2, 3 atau 4.") % {"q": quarter})


@transaction.atomic
def quarter_save(
    *,
    actor: User | None,
    region: Region,
    year: int,
    quarter: int,
    entries: list[Entry],
    submit: bool,
) -> int:
    """Save the lines of a quarter as a draft or submit them for verification; the number
    of lines written. Submitting needs a reason for every line that is behind."""
    if not may_fill(actor, region):
        raise PermissionDenied
    _check_quarter(quarter)
    plan = {i.pk: (i, y) for i, y in plan_interventions(region, year)}
    if not plan:
        raise UserError(
            _(
                "%(region)s tidak mempunyai rencana yang disetujui dengan target tahun "
                "%(year)s; laporan triwulan diisi untuk sub kegiatan rencana itu."
            )
            % {"region": region.display_name, "year": year}
        )
    existing = {
        r.intervention_id: r
        for r in QuarterReport.objects.select_for_update().filter(
            region=region, year=year, quarter=quarter
        )
    }
    earlier = dict(
        QuarterReport.objects.filter(region=region, year=year, quarter=quarter - 1).values_list(
            "intervention_id", "output"
        )
    )
    problems: list[str] = []
    if submit:
        given = {e.intervention_id for e in entries}
        for pk, (intervention, _item) in plan.items():
            old = existing.get(pk)
            if pk not in given and not (old is not None and old.status in LOCKED):
                problems.append(
                    _(
                        "%(where)s: realisasi belum diisi; isi keluaran dan keuangan (0 bila "
                        "belum ada) sebelum mengajukan."
                    )
                    % {
                        "where": f"{intervention.sub_kegiatan_code} {intervention.sub_kegiatan_name}"
                    }
                )
    for entry in entries:
        if entry.intervention_id not in plan:
            raise UserError(_("Sub kegiatan itu bukan bagian rencana tahun ini; muat ulang."))
        intervention, item = plan[entry.intervention_id]
        where = f"{intervention.sub_kegiatan_code} {intervention.sub_kegiatan_name}"
        old = existing.get(entry.intervention_id)
        if old is not None and old.status in LOCKED:
            problems.append(
                _(
                    "%(where)s: laporan triwulan %(q)s sudah %(status)s dan tidak dapat "
                    "diubah; minta admin daerah mengembalikannya."
                )
                % {"where": where, "q": quarter, "status": old.get_status_display()}
            )
            continue
        if entry.output < 0 or entry.financial < 0:
            problems.append(
                _("%(where)s: realisasi tidak boleh negatif; tulis 0 bila belum ada.")
                % {"where": where}
            )
            continue
        before = earlier.get(entry.intervention_id)
        if before is not None and entry.output < before and intervention.polarity != -1:
            problems.append(
                _(
                    "%(where)s: realisasi keluaran %(now)s lebih kecil dari triwulan "
                    "sebelumnya (%(before)s); realisasi ditulis kumulatif s.d. akhir triwulan."
                )
                % {"where": where, "now": entry.output, "before": before}
            )
            continue
        late = quarter_rules.behind(
            quarter=quarter,
            year_target=item.target,
            polarity=intervention.polarity,
            output=entry.output,
            budget=item.budget,
            financial=entry.financial,
        )
        if submit and late.any and not entry.reason.strip():
            problems.append(
                _(
                    "%(where)s: realisasi di bawah target triwulan %(q)s (keluaran %(share)s "
                    "%(unit)s, atau keuangan %(bench)s %% pagu); tulis alasannya sebelum "
                    "mengajukan."
                )
                % {
                    "where": where,
                    "q": quarter,
                    "share": quarter_rules.target_share(item.target, quarter).normalize(),
                    "unit": intervention.unit,
                    "bench": int(BENCHMARKS[quarter - 1] * 100),
                }
            )
    if problems:
        raise UserError(problems)
    now = timezone.now()
    status = QuarterStatus.SUBMITTED if submit else QuarterStatus.DRAFT
    for entry in entries:
        QuarterReport.objects.update_or_create(
            intervention_id=entry.intervention_id,
            year=year,
            quarter=quarter,
            defaults={
                "region": region,
                "output": entry.output,
                "financial": entry.financial,
                "reason": entry.reason.strip(),
                "status": status,
                "note": "",
                "submitted_by": actor,
                "submitted_at": now if submit else None,
                "verified_by": None,
                "verified_at": None,
            },
        )
    record_bulk_change(
        actor=actor,
        model=QuarterReport,
        object_repr=f"{region.code} {year} TW{quarter}",
        summary={
            "event": ["quarter submitted" if submit else "quarter saved as draft"],
            "region": [region.code],
            "period": [f"{year} q{quarter}"],
            "lines": [str(len(entries))],
        },
    )
    return len(entries)


@transaction.atomic
def quarter_review(
    *,
    actor: User | None,
    region: Region,
    year: int,
    quarter: int,
    verify: bool,
    note: str = "",
) -> int:
    """Verify the submitted lines of a quarter, or return them to the operator with a
    note; the number of lines. Nobody verifies their own submission."""
    if not may_verify(actor, region):
        raise PermissionDenied
    _check_quarter(quarter)
    submitted = list(
        QuarterReport.objects.select_for_update().filter(
            region=region, year=year, quarter=quarter, status=QuarterStatus.SUBMITTED
        )
    )
    if not submitted:
        raise UserError(
            _(
                "Belum ada laporan triwulan %(q)s %(year)s %(region)s yang diajukan; "
                "operator data mengajukannya lebih dahulu."
            )
            % {"q": quarter, "year": year, "region": region.display_name}
        )
    if actor is not None and any(r.submitted_by_id == actor.pk for r in submitted):
        raise UserError(
            _("Anda sendiri yang mengajukan laporan ini; admin daerah lain yang memverifikasinya.")
        )
    if not verify and not note.strip():
        raise UserError(
            _("Tulis catatan: apa yang harus diperbaiki operator sebelum mengajukan lagi."),
            field="note",
        )
    now = timezone.now()
    for report in submitted:
        report.status = QuarterStatus.VERIFIED if verify else QuarterStatus.RETURNED
        report.note = note.strip()
        report.verified_by = actor if verify else None
        report.verified_at = now if verify else None
        report.save(update_fields=["status", "note", "verified_by", "verified_at", "updated_at"])
    record_bulk_change(
        actor=actor,
        model=QuarterReport,
        object_repr=f"{region.code} {year} TW{quarter}",
        summary={
            "event": ["quarter verified" if verify else "quarter returned"],
            "region": [region.code],
            "period": [f"{year} q{quarter}"],
            "lines": [str(len(submitted))],
            "note": [note.strip()],
        },
    )
    return len(submitted)
