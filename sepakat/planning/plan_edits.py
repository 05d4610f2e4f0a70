"""Writes of the plan page: interventions added, changed and removed; tujuan, sasaran and
programme outcomes changed and removed.

Each write checks the person's role and region, refuses a version that is not a draft or
returned, runs the same checks as the import (an intervention typed in the page is checked
by :func:`sepakat.planning.plan_import.check_rows`, row by row and year by year, so the page
and a file refuse the same things with the same words), writes in one transaction and leaves
one audit record naming the domain event.

A refusal is a :class:`~django.core.exceptions.ValidationError` keyed by the form field it
concerns (``kode_sub_kegiatan``, ``target_2026``...), so the page puts each reason next to
its field; nothing is written when any check fails.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from sepakat.accounts.models import User
from sepakat.planning.checks import parse_number
from sepakat.planning.models import Skpd
from sepakat.planning.models_plan import (
    Intervention,
    InterventionYear,
    ObjectiveKind,
    PlanObjective,
    PlanVersion,
    ProgrammeOutcome,
    plain_number,
)
from sepakat.planning.plan_import import STUNTING_WORDS, check_rows, output_polarity
from sepakat.planning.plans import (
    audit,
    checked_statement,
    checked_targets,
    locked_editable,
    require_edit,
    require_editable,
)

GENERAL = "__all__"
# Per-year columns of the import; the page names their fields "<column>_<year>".
_YEAR_COLUMNS = ("tahun", "target", "pagu_indikatif", "lokasi")


@dataclass
class YearIn:
    year: int
    target: str
    budget: str = ""
    locations: str = ""  # Kemendagri codes separated by spaces; empty: the whole region


@dataclass
class InterventionIn:
    problem: str  # the code of a problem of the plan's priority set
    strategy: str
    sub_kegiatan_code: str
    skpd_code: str
    output_indicator: str
    unit: str
    years: list[YearIn] = field(default_factory=list)
    target_group: str = ""
    target_group_count: int | None = None
    fund_source: str = "APBD"
    tag_stunting: bool | None = None  # None: from the words of the sub kegiatan (import rule)


def _add_error(errors: dict[str, list[str]], key: str, message: str) -> None:
    bucket = errors.setdefault(key, [])
    if message not in bucket:  # a wrong code is reported once, not once per year
        bucket.append(message)


def _checked(version: PlanVersion, data: InterventionIn, *, replacing: int | None) -> Any:
    """The rows checked as the import checks them; raises with every reason by field."""
    plan = version.plan
    errors: dict[str, list[str]] = {}
    years = [y for y in data.years if y.target.strip() or y.budget.strip() or y.locations.strip()]
    if not any(y.year in plan.years for y in years):
        _add_error(
            errors,
            GENERAL,
            _("Isi target dan pagu indikatif paling sedikit satu tahun periode %(start)s-%(end)s.")
            % {"start": plan.start_year, "end": plan.end_year},
        )
    if not data.fund_source.strip():
        _add_error(errors, "sumber_dana", _("Sumber dana wajib diisi, mis. APBD atau DAK."))
    rows = [
        {
            "masalah": data.problem,
            "strategi": data.strategy,
            "kode_sub_kegiatan": data.sub_kegiatan_code,
            "kode_skpd": data.skpd_code,
            "indikator_keluaran": data.output_indicator,
            "satuan": data.unit,
            "tahun": str(y.year),
            "target": y.target,
            "pagu_indikatif": y.budget,
            "lokasi": y.locations,
        }
        for y in years
    ]
    read, result = check_rows(plan, rows) if rows else ([], None)
    if result is not None:
        year_of = {r.line: years[i].year for i, r in enumerate(read)}
        for problem in result.problems:
            key = problem.column or GENERAL
            if key in _YEAR_COLUMNS and problem.row in year_of:
                key = f"{'target' if key == 'tahun' else key}_{year_of[problem.row]}"
            _add_error(errors, key, problem.message)
    if not errors:
        code, skpd = read[0].values["kode_sub_kegiatan"], read[0].values["kode_skpd"]
        same = version.interventions.filter(
            problem__code=data.problem, sub_kegiatan_code=code, skpd__code=skpd
        )
        if replacing is not None:
            same = same.exclude(pk=replacing)
        if same.exists():
            _add_error(
                errors,
                "kode_sub_kegiatan",
                _(
                    "Sub kegiatan %(code)s untuk masalah %(problem)s oleh SKPD ini sudah ada "
                    "di versi ini; ubah intervensi itu, jangan menambah yang kedua."
                )
                % {"code": code, "problem": data.problem},
            )
    if errors:
        raise ValidationError(errors)
    return read


def _fill(
    intervention: Intervention, version: PlanVersion, data: InterventionIn, read: Any
) -> None:
    """Set the intervention's fields from checked rows (codes normalised by the checks)."""
    from sepakat.planning.selectors import catalogue_for

    first = read[0].values
    code = first["kode_sub_kegiatan"]
    entry = catalogue_for(version.plan.nomenclature, [code]).find(code)
    name = entry.name if entry is not None else ""
    intervention.problem = version.plan.priority_set.items.get(
        indicator__code=data.problem
    ).indicator
    intervention.strategy = data.strategy
    intervention.sub_kegiatan_code = code
    intervention.sub_kegiatan_name = name
    intervention.skpd = Skpd.objects.get(region=version.plan.region, code=first["kode_skpd"])
    intervention.output_indicator = first["indikator_keluaran"]
    intervention.unit = first["satuan"]
    intervention.polarity = output_polarity(intervention.output_indicator)
    intervention.target_group = data.target_group.strip()[:300]
    intervention.target_group_count = data.target_group_count
    intervention.fund_source = data.fund_source.strip()[:100]
    words = f"{name} {intervention.output_indicator}".lower()
    intervention.tag_stunting = (
        data.tag_stunting
        if data.tag_stunting is not None
        else any(w in words for w in STUNTING_WORDS)
    )


def _write_years(intervention: Intervention, read: Any) -> None:
    InterventionYear.objects.bulk_create(
        InterventionYear(
            intervention=intervention,
            year=row.year,
            target=row.target,
            budget=row.budget,
            locations=row.locations,
        )
        for row in sorted(read, key=lambda r: r.year)
    )


def _years_text(intervention: Intervention) -> list[str]:
    return [
        f"{y.year}: target={plain_number(y.target)} pagu={plain_number(y.budget)} "
        f"lokasi={' '.join(y.locations)}"
        for y in intervention.years.order_by("year")
    ]


def intervention_add(
    *, actor: User | None, version: PlanVersion, data: InterventionIn
) -> Intervention:
    """Add one sub kegiatan with its years to a draft or returned version."""
    require_edit(actor, version.plan.region)
    require_editable(version)
    read = _checked(version, data, replacing=None)
    with transaction.atomic():
        version = locked_editable(version)
        top = version.interventions.aggregate(m=Max("position"))["m"] or 0
        intervention = Intervention(version=version, position=top + 1)
        _fill(intervention, version, data, read)
        intervention.save()
        _write_years(intervention, read)
        audit(
            actor,
            version,
            "plan intervention added",
            problem=[data.problem],
            sub_kegiatan=[intervention.sub_kegiatan_code],
            skpd=[intervention.skpd.code],
            years=_years_text(intervention),
        )
    return intervention


def intervention_change(
    *, actor: User | None, intervention: Intervention, data: InterventionIn
) -> Intervention:
    """Replace what an intervention says (and all its years) after the same checks."""
    version = intervention.version
    require_edit(actor, version.plan.region)
    require_editable(version)
    read = _checked(version, data, replacing=intervention.pk)
    with transaction.atomic():
        version = locked_editable(version)
        before = [f"{intervention.problem.code} {intervention.sub_kegiatan_code}"]
        before += _years_text(intervention)
        _fill(intervention, version, data, read)
        intervention.save()
        intervention.years.all().delete()
        _write_years(intervention, read)
        audit(
            actor,
            version,
            "plan intervention changed",
            sub_kegiatan=[intervention.sub_kegiatan_code],
            before=before,
            after=[f"{data.problem} {intervention.sub_kegiatan_code}", *_years_text(intervention)],
        )
    return intervention


def intervention_remove(*, actor: User | None, intervention: Intervention) -> None:
    version = intervention.version
    require_edit(actor, version.plan.region)
    require_editable(version)
    with transaction.atomic():
        version = locked_editable(version)
        removed = [f"{intervention.problem.code} {intervention.sub_kegiatan_code}"]
        removed += _years_text(intervention)
        intervention.delete()
        audit(actor, version, "plan intervention removed", removed=removed)


def objective_change(
    *,
    actor: User | None,
    objective: PlanObjective,
    statement: str,
    indicator: str,
    unit: str,
    polarity: int,
    baseline: Decimal | None,
    targets: Mapping[int, Any],
) -> PlanObjective:
    """Change a tujuan or sasaran: its words, indicator, baseline and yearly targets."""
    version = objective.version
    require_edit(actor, version.plan.region)
    require_editable(version)
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
        locked_editable(version)
        before = f"{objective.statement} | {objective.indicator} | {objective.targets}"
        objective.statement = statement.strip()
        objective.indicator = indicator.strip()
        objective.unit = unit.strip()
        objective.polarity = polarity
        objective.baseline = baseline
        objective.targets = clean
        objective.save()
        audit(
            actor,
            version,
            f"plan {objective.kind} changed",
            before=[before],
            after=[f"{objective.statement} | {objective.indicator} | {objective.targets}"],
        )
    return objective


def objective_remove(*, actor: User | None, objective: PlanObjective) -> None:
    """Remove a tujuan (with its sasaran and their programme outcomes) or a sasaran."""
    version = objective.version
    require_edit(actor, version.plan.region)
    require_editable(version)
    with transaction.atomic():
        locked_editable(version)
        removed = [objective.statement]
        if objective.kind == ObjectiveKind.TUJUAN:
            removed += [s.statement for s in objective.children.all()]
        # The programme outcomes hang on a sasaran; the database cascade would remove them
        # too, this names them in the audit record.
        sasaran = [objective.pk, *objective.children.values_list("pk", flat=True)]
        outcomes = ProgrammeOutcome.objects.filter(sasaran_id__in=sasaran)
        removed += [f"{o.programme_code} {o.indicator}" for o in outcomes]
        outcomes.delete()
        objective.delete()
        audit(actor, version, f"plan {objective.kind} removed", removed=removed)


def programme_outcome_change(
    *,
    actor: User | None,
    outcome: ProgrammeOutcome,
    programme_code: str,
    indicator: str,
    unit: str,
    polarity: int,
    baseline: Decimal | None,
    targets: Mapping[int, Any],
) -> ProgrammeOutcome:
    """Change a programme outcome with the checks of :func:`plans.programme_outcome_add`."""
    version = outcome.version
    plan = version.plan
    require_edit(actor, plan.region)
    require_editable(version)
    if not plan.nomenclature.items.filter(code=programme_code, kind="program").exists():
        raise ValidationError(
            {
                "kode_program": [
                    _("Program %(code)s tidak ada dalam nomenklatur rencana ini (%(version)s).")
                    % {"code": programme_code, "version": plan.nomenclature.name}
                ]
            }
        )
    if not indicator.strip():
        raise ValidationError(_("Rumusan dan indikator wajib diisi."))
    clean = checked_targets(
        plan=plan, targets=targets, baseline=baseline, polarity=polarity, unit=unit, what=indicator
    )
    with transaction.atomic():
        locked_editable(version)
        before = f"{outcome.programme_code} | {outcome.indicator} | {outcome.targets}"
        outcome.programme_code = programme_code
        outcome.indicator = indicator.strip()
        outcome.unit = unit.strip()
        outcome.polarity = polarity
        outcome.baseline = baseline
        outcome.targets = clean
        outcome.save()
        audit(
            actor,
            version,
            "plan programme outcome changed",
            before=[before],
            after=[f"{outcome.programme_code} | {outcome.indicator} | {outcome.targets}"],
        )
    return outcome


def programme_outcome_remove(*, actor: User | None, outcome: ProgrammeOutcome) -> None:
    version = outcome.version
    require_edit(actor, version.plan.region)
    require_editable(version)
    with transaction.atomic():
        locked_editable(version)
        removed = f"{outcome.programme_code} {outcome.indicator}"
        outcome.delete()
        audit(actor, version, "plan programme outcome removed", removed=[removed])


def parse_baseline(value: str) -> Decimal | None:
    """An empty baseline is none (no direction check); otherwise a number or a refusal."""
    if not value.strip():
        return None
    number = parse_number(value)
    if number is None:
        raise ValidationError(
            {
                "baseline": [
                    _("Kondisi awal '%(value)s' bukan angka. Tulis angka saja, mis. 12,5.")
                    % {"value": value}
                ]
            }
        )
    return number


def plan_start(*, actor: User, region: Any, start_year: int, end_year: int) -> PlanVersion:
    """A new plan (from the approved priority set) with its first, empty draft, which the
    planner fills in the page; both or neither are written."""
    from sepakat.planning.plans import next_version, plan_create

    with transaction.atomic():
        plan = plan_create(actor=actor, region=region, start_year=start_year, end_year=end_year)
        draft = next_version(actor=actor, plan=plan, source=_("disusun di halaman rencana"))
        audit(actor, draft, "plan version drafted")
    return draft


def version_new_from(*, actor: User, version: PlanVersion) -> PlanVersion:
    """A new draft copying ``version``, unless a version is already being worked on (the
    TKPKD weighs one proposal at a time)."""
    from sepakat.planning.plan_selectors import open_version
    from sepakat.planning.plans import version_draft_from

    require_edit(actor, version.plan.region)
    if open_version(version.plan) is not None:
        raise ValidationError(
            _(
                "Rencana ini sudah mempunyai versi yang sedang dikerjakan (draf, diajukan atau "
                "dikembalikan); lanjutkan versi itu."
            )
        )
    return version_draft_from(actor=actor, version=version)
