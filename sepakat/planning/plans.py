"""Writes of the plan: create it, draft, submit, approve, return and change versions.

The life of a plan (one region, one period such as 2025-2029), as a TKPKD works:

* the plan starts from the region's **approved** priority set (the latest approved one
  when there are several years) and reads its codes against the nomenclature version in
  force on 1 January of the first year;
* a planner or the regional admin drafts a version (by import, or from the approved one
  to change it); a draft or returned version is changed in place;
* submitting sends it to the regional admin; an admin of the region (or of the province
  above) approves it, **not their own submission** (as for the priority set: a check by
  the person who proposed is no check), or returns it with a reason;
* an approved version is locked: every write refuses it, and a change makes a new draft.

Writes from the command line carry ``actor=None`` (the server's operator, who already has
the database); writes from a person check that person's role and region. Every write is
atomic and leaves one audit record that says what happened in words (the domain event).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sepakat.accounts.models import User
from sepakat.core.access import user_may_see
from sepakat.core.audit import record_bulk_change
from sepakat.core.roles import Role
from sepakat.planning.checks import check_target, parse_number
from sepakat.planning.models_plan import (
    Intervention,
    InterventionYear,
    ObjectiveKind,
    Plan,
    PlanObjective,
    PlanVersion,
    ProgrammeOutcome,
    VersionStatus,
)
from sepakat.planning.selectors import version_in_force
from sepakat.priorities.models import PrioritySet, SetStatus
from sepakat.regions.models import Level, Region

EDIT_ROLES = frozenset({Role.PLANNER, Role.REGIONAL_ADMIN})
APPROVE_ROLES = frozenset({Role.REGIONAL_ADMIN})
MAX_PERIOD_YEARS = 5  # RPJMD and RPKD run five years


def may_edit(user: User | None, region: Region) -> bool:
    return user is None or (user.role in EDIT_ROLES and user_may_see(user, region))


def require_edit(user: User | None, region: Region) -> None:
    if not may_edit(user, region):
        raise PermissionDenied


def audit(actor: User | None, version: PlanVersion, event: str, **extra: list[str]) -> None:
    """One audit row naming the domain event, the plan and the version."""
    plan = version.plan
    record_bulk_change(
        actor=actor,
        model=PlanVersion,
        object_repr=_("Rencana %(region)s %(start)s-%(end)s versi %(v)s")
        % {
            "region": plan.region.code,
            "start": plan.start_year,
            "end": plan.end_year,
            "v": version.number,
        },
        summary={
            "event": [event],
            "plan": [str(plan.pk)],
            "version": [str(version.number)],
            "status": [version.status],
            **extra,
        },
    )


def approved_priority_set(region: Region) -> PrioritySet | None:
    return (
        PrioritySet.objects.filter(region=region, status=SetStatus.APPROVED)
        .order_by("-period", "-version")
        .first()
    )


def plan_create(*, actor: User | None, region: Region, start_year: int, end_year: int) -> Plan:
    """A new plan of ``region`` for the period, from its approved priority set."""
    require_edit(actor, region)
    if region.level not in (Level.PROVINCE, Level.REGENCY):
        raise ValidationError(
            _("Rencana disusun oleh provinsi atau kabupaten/kota; %(region)s bukan salah satunya.")
            % {"region": region.display_name}
        )
    if not (2000 <= start_year <= end_year < start_year + MAX_PERIOD_YEARS):
        raise ValidationError(
            _(
                "Periode %(start)s-%(end)s tidak valid: tahun akhir tidak boleh sebelum tahun "
                "awal dan periode paling lama %(n)s tahun (mis. 2025-2029)."
            )
            % {"start": start_year, "end": end_year, "n": MAX_PERIOD_YEARS}
        )
    priority_set = approved_priority_set(region)
    if priority_set is None:
        raise ValidationError(
            _(
                "%(region)s belum memiliki set prioritas yang disetujui. Rencana disusun dari "
                "set prioritas: setujui dulu set prioritas di menu Prioritisasi."
            )
            % {"region": region.display_name}
        )
    nomenclature = version_in_force(date(start_year, 1, 1))
    if nomenclature is None:
        raise ValidationError(
            _(
                "Belum ada versi nomenklatur Permendagri 90/2019 yang berlaku pada 1 Januari "
                "%(year)s. Minta admin pusat mengimpornya."
            )
            % {"year": start_year}
        )
    with transaction.atomic():
        if Plan.objects.filter(region=region, start_year=start_year).exists():
            raise ValidationError(
                _("Rencana %(region)s periode mulai %(year)s sudah ada.")
                % {"region": region.display_name, "year": start_year}
            )
        plan = Plan.objects.create(
            region=region,
            start_year=start_year,
            end_year=end_year,
            priority_set=priority_set,
            nomenclature=nomenclature,
            created_by=actor,
        )
        record_bulk_change(
            actor=actor,
            model=Plan,
            object_repr=_("Rencana %(region)s %(start)s-%(end)s dibuat")
            % {"region": region.code, "start": start_year, "end": end_year},
            summary={
                "event": ["plan created"],
                "plan": [str(plan.pk)],
                "priority_set": [str(priority_set)],
                "nomenclature": [nomenclature.name],
            },
        )
    return plan


def next_version(*, actor: User | None, plan: Plan, source: str = "") -> PlanVersion:
    """A new empty draft numbered after the highest; call inside a transaction."""
    top = PlanVersion.objects.filter(plan=plan).aggregate(m=Max("number"))["m"]
    return PlanVersion.objects.create(
        plan=plan, number=(top or 0) + 1, source=source[:300], created_by=actor
    )


def _locked(version: PlanVersion) -> PlanVersion:
    return PlanVersion.objects.select_for_update().select_related("plan__region").get(pk=version.pk)


def require_editable(version: PlanVersion) -> None:
    if not version.editable:
        raise ValidationError(
            _("Versi %(v)s sudah %(status)s dan terkunci; buat versi baru untuk mengubahnya.")
            % {"v": version.number, "status": version.get_status_display()}
        )


def locked_editable(version: PlanVersion) -> PlanVersion:
    """The version row locked for this transaction, refused when it is no longer a draft
    (another request may have submitted it since the caller read it)."""
    locked = _locked(version)
    require_editable(locked)
    return locked


def version_draft_from(*, actor: User | None, version: PlanVersion) -> PlanVersion:
    """A new draft that copies ``version`` (usually the approved one) to be changed."""
    require_edit(actor, version.plan.region)
    with transaction.atomic():
        draft = next_version(
            actor=actor, plan=version.plan, source=_("salinan versi %(v)s") % {"v": version.number}
        )
        copies: dict[int, PlanObjective] = {}
        objectives = version.objectives.order_by("position")
        # a tujuan (no parent) before its sasaran, so the copy's parent exists
        for objective in sorted(objectives, key=lambda o: o.parent_id is not None):
            old_pk = objective.pk
            objective.pk = None
            objective.version = draft
            objective.parent = copies.get(objective.parent_id) if objective.parent_id else None
            objective.save()
            copies[old_pk] = objective
        for outcome in version.programme_outcomes.all():
            outcome.pk = None
            outcome.version = draft
            outcome.sasaran = copies[outcome.sasaran_id]
            outcome.save()
        years = list(InterventionYear.objects.filter(intervention__version=version))
        old = list(version.interventions.all())
        old_pks = [i.pk for i in old]
        for intervention in old:
            intervention.pk = None
            intervention.version = draft
        created = Intervention.objects.bulk_create(old)
        new_pk = {o: n.pk for o, n in zip(old_pks, created, strict=True)}
        for year in years:
            year.pk = None
            year.intervention_id = new_pk[year.intervention_id]
        InterventionYear.objects.bulk_create(years)
        # The problem trees travel with the version (imported here: the tree module
        # builds on this one).
        from sepakat.planning.tree import tree_copy

        tree_copy(source=version, draft=draft)
        audit(actor, draft, "plan version drafted", copied_from=[str(version.number)])
    return draft


def version_submit(*, actor: User, version: PlanVersion) -> PlanVersion:
    require_edit(actor, version.plan.region)
    with transaction.atomic():
        locked = _locked(version)
        if not locked.editable:
            raise ValidationError(
                _("Versi ini sudah %(status)s; tidak dapat diajukan lagi.")
                % {"status": locked.get_status_display()}
            )
        if not locked.interventions.exists():
            raise ValidationError(_("Versi ini belum berisi intervensi (sub kegiatan)."))
        locked.status = VersionStatus.SUBMITTED
        locked.submitted_by = actor
        locked.submitted_at = timezone.now()
        locked.return_reason = ""
        locked.save()
        audit(actor, locked, "plan version submitted")
    return locked


def may_approve(actor: User, version: PlanVersion) -> bool:
    """A regional admin of the plan's region or of the province above it."""
    return actor.role in APPROVE_ROLES and user_may_see(actor, version.plan.region)


def _require_approver(actor: User, version: PlanVersion) -> None:
    if not may_approve(actor, version):
        raise PermissionDenied


def version_approve(*, actor: User, version: PlanVersion) -> PlanVersion:
    """Approve a submitted version; it is locked from now on and becomes the plan in force."""
    _require_approver(actor, version)
    with transaction.atomic():
        locked = _locked(version)
        if locked.status != VersionStatus.SUBMITTED:
            raise ValidationError(_("Hanya versi yang diajukan yang dapat disetujui."))
        if locked.submitted_by_id == actor.pk:
            raise ValidationError(
                _(
                    "Anda sendiri yang mengajukan versi ini; persetujuan diberikan oleh admin "
                    "daerah lain (atau admin provinsi)."
                )
            )
        locked.status = VersionStatus.APPROVED
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.save()
        audit(actor, locked, "plan version approved")
    return locked


def version_return(*, actor: User, version: PlanVersion, reason: str) -> PlanVersion:
    _require_approver(actor, version)
    if not reason.strip():
        raise ValidationError(
            _("Tuliskan alasan pengembalian agar perencana tahu apa yang diperbaiki.")
        )
    with transaction.atomic():
        locked = _locked(version)
        if locked.status != VersionStatus.SUBMITTED:
            raise ValidationError(_("Hanya versi yang diajukan yang dapat dikembalikan."))
        locked.status = VersionStatus.RETURNED
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.return_reason = reason.strip()
        locked.save()
        audit(actor, locked, "plan version returned", reason=[reason.strip()])
    return locked


def checked_targets(
    *, plan: Plan, targets: Mapping[int, Any], baseline: Any, polarity: int, unit: str, what: str
) -> dict[str, str]:
    # keyed by the page's field (target_2026) so each reason shows next to its year
    errors: dict[str, list[str]] = {}
    clean: dict[str, str] = {}
    for year, value in sorted(targets.items()):
        if year not in plan.years:
            errors.setdefault("__all__", []).append(
                _("Tahun %(year)s di luar periode rencana %(start)s-%(end)s.")
                % {"year": year, "start": plan.start_year, "end": plan.end_year}
            )
            continue
        failure = check_target(
            target=value, baseline=baseline, polarity=polarity, unit=unit, indicator=what
        )
        if failure is not None:
            errors[f"target_{year}"] = [f"{year}: {failure.message}"]
        else:
            clean[str(year)] = str(parse_number(value))
    if errors:
        raise ValidationError(errors)
    return clean


def checked_statement(
    *,
    plan: Plan,
    statement: str,
    indicator: str,
    targets: Mapping[int, Any],
    baseline: Any,
    polarity: int,
    unit: str,
) -> dict[str, str]:
    """A tujuan or sasaran is written and measured: its statement and indicator, and its
    yearly targets checked against the baseline (returned clean, by year)."""
    if not statement.strip() or not indicator.strip():
        raise ValidationError(_("Rumusan dan indikator wajib diisi."))
    return checked_targets(
        plan=plan, targets=targets, baseline=baseline, polarity=polarity, unit=unit, what=indicator
    )


def objective_add(
    *,
    actor: User | None,
    version: PlanVersion,
    kind: str,
    statement: str,
    indicator: str,
    unit: str,
    polarity: int,
    baseline: Decimal | None,
    targets: Mapping[int, Any],
    parent: PlanObjective | None = None,
) -> PlanObjective:
    """Add a tujuan (no parent) or a sasaran (under a tujuan of the same version)."""
    require_edit(actor, version.plan.region)
    require_editable(version)
    if kind == ObjectiveKind.SASARAN and (
        parent is None or parent.version_id != version.pk or parent.kind != ObjectiveKind.TUJUAN
    ):
        raise ValidationError(_("Sasaran harus berada di bawah tujuan pada versi yang sama."))
    if kind == ObjectiveKind.TUJUAN and parent is not None:
        raise ValidationError(_("Tujuan tidak berada di bawah tujuan atau sasaran lain."))
    clean = checked_statement(
        plan=version.plan,
        statement=statement,
        indicator=indicator,
        targets=targets,
        baseline=baseline,
        polarity=polarity,
        unit=unit,
    )
    with transaction.atomic():
        position = version.objectives.filter(kind=kind).count() + 1
        objective = PlanObjective.objects.create(
            version=version,
            kind=kind,
            parent=parent,
            position=position,
            statement=statement.strip(),
            indicator=indicator.strip(),
            unit=unit.strip(),
            polarity=polarity,
            baseline=baseline,
            targets=clean,
        )
        audit(actor, version, f"plan {kind} added", statement=[objective.statement])
    return objective


def programme_outcome_add(
    *,
    actor: User | None,
    version: PlanVersion,
    sasaran: PlanObjective,
    programme_code: str,
    indicator: str,
    unit: str,
    polarity: int,
    baseline: Decimal | None,
    targets: Mapping[int, Any],
) -> ProgrammeOutcome:
    """The outcome indicator of a programme the plan's sub kegiatan belong to."""
    require_edit(actor, version.plan.region)
    require_editable(version)
    if sasaran.version_id != version.pk or sasaran.kind != ObjectiveKind.SASARAN:
        raise ValidationError(_("Outcome program harus berada di bawah sasaran versi ini."))
    if not version.plan.nomenclature.items.filter(code=programme_code, kind="program").exists():
        raise ValidationError(
            _("Program %(code)s tidak ada dalam nomenklatur rencana ini (%(version)s).")
            % {"code": programme_code, "version": version.plan.nomenclature.name}
        )
    clean = checked_targets(
        plan=version.plan,
        targets=targets,
        baseline=baseline,
        polarity=polarity,
        unit=unit,
        what=indicator,
    )
    with transaction.atomic():
        outcome = ProgrammeOutcome.objects.create(
            version=version,
            sasaran=sasaran,
            programme_code=programme_code,
            indicator=indicator.strip(),
            unit=unit.strip(),
            polarity=polarity,
            baseline=baseline,
            targets=clean,
        )
        audit(actor, version, "plan programme outcome added", programme=[programme_code])
    return outcome


def intervention_year_change(
    *, actor: User | None, year: InterventionYear, target: Any, budget: Any
) -> InterventionYear:
    """Change one year's target and indicative budget, with the checks of the import."""
    intervention = year.intervention
    version = intervention.version
    require_edit(actor, version.plan.region)
    require_editable(version)
    baseline_row = intervention.years.filter(year=version.plan.start_year - 1).first()
    failure = check_target(
        target=target,
        baseline=baseline_row.target if baseline_row and baseline_row.pk != year.pk else None,
        polarity=intervention.polarity,
        unit=intervention.unit,
        indicator=intervention.output_indicator,
    )
    if failure is not None:
        raise ValidationError(failure.message)
    amount = parse_number(budget)
    if amount is None or amount < 0:
        raise ValidationError(
            _("Pagu indikatif '%(value)s' bukan angka rupiah; tulis angka tanpa titik ribuan.")
            % {"value": budget}
        )
    with transaction.atomic():
        before = (year.target, year.budget)
        year.target = parse_number(target) or Decimal(0)
        year.budget = amount
        year.save(update_fields=["target", "budget"])
        audit(
            actor,
            version,
            "plan target changed",
            sub_kegiatan=[intervention.sub_kegiatan_code],
            year=[str(year.year)],
            before=[f"target={before[0]} pagu={before[1]}"],
            after=[f"target={year.target} pagu={year.budget}"],
        )
    return year
