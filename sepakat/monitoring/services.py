"""Writes of the monitoring module: targets entered, imported or taken from the plan.

Every write is keyword-only and atomic, checks the writer's role and region, and leaves
one audit record naming the event.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from sepakat.accounts.models import User
from sepakat.core.access import user_may_see
from sepakat.core.approval import ApprovalStatus
from sepakat.core.audit import record_bulk_change
from sepakat.core.errors import UserError
from sepakat.core.roles import Role
from sepakat.datahub.models import Indicator
from sepakat.monitoring.models import RealisationSource, Target, TargetKind
from sepakat.planning.models_plan import InterventionYear, PlanObjective, PlanVersion
from sepakat.regions.models import Region

EDIT_ROLES = frozenset({Role.PLANNER, Role.REGIONAL_ADMIN})
FIRST_YEAR, LAST_YEAR = 2000, 2100


def may_edit(user: User | None, region: Region) -> bool:
    """Planners and regional admins of the region (or above it); ``None`` is the command
    line, run by the operator of the installation."""
    return user is None or (user.role in EDIT_ROLES and user_may_see(user, region))


def require_edit(user: User | None, region: Region) -> None:
    if not may_edit(user, region):
        raise PermissionDenied


@dataclass(frozen=True)
class TargetData:
    """One target as a form or a file row gives it, already checked."""

    kind: str
    year: int
    indicator: Indicator
    value: float
    baseline_year: int | None = None
    baseline_value: float | None = None
    unit: str = ""
    polarity: int | None = None
    source: str = ""
    legal_basis: str = ""


def check_target(data: TargetData) -> None:
    """Refuse what no planning document would hold, naming what to correct."""
    if data.kind not in TargetKind.values:
        raise UserError(
            _("Jenis target %(kind)s tidak dikenal; pilih salah satu: %(kinds)s.")
            % {"kind": data.kind, "kinds": ", ".join(TargetKind.values)},
            field="kind",
        )
    if not FIRST_YEAR <= data.year <= LAST_YEAR:
        raise UserError(
            _("Tahun %(year)s di luar %(first)s-%(last)s; tulis tahun target empat angka.")
            % {"year": data.year, "first": FIRST_YEAR, "last": LAST_YEAR},
            field="year",
        )
    if data.baseline_year is not None and data.baseline_year > data.year:
        raise UserError(
            _("Tahun kondisi awal %(base)s sesudah tahun target %(year)s; perbaiki salah satunya.")
            % {"base": data.baseline_year, "year": data.year},
            field="baseline_year",
        )
    if data.polarity is not None and data.polarity not in (1, -1, 0):
        raise UserError(
            _("Polaritas harus 1, -1 atau 0, bukan %(value)s.") % {"value": data.polarity},
            field="polarity",
        )


def _fields(data: TargetData) -> dict[str, Any]:
    indicator = data.indicator
    return {
        "name": indicator.name_id,
        "sector": indicator.area,
        # the catalogue's unit and polarity unless the document says otherwise
        "unit": data.unit or indicator.unit,
        "polarity": indicator.polarity if data.polarity is None else data.polarity,
        "value": data.value,
        "baseline_year": data.baseline_year,
        "baseline_value": data.baseline_value,
        "source": data.source,
        "legal_basis": data.legal_basis,
        "realisation_source": RealisationSource.OBSERVATIONS,
    }


def _save(*, actor: User | None, region: Region, data: TargetData) -> tuple[Target, bool]:
    return Target.objects.update_or_create(
        region=region,
        kind=data.kind,
        year=data.year,
        key=f"ind:{data.indicator.code}",
        defaults={**_fields(data), "indicator": data.indicator, "created_by": actor},
    )


@transaction.atomic
def target_save(*, actor: User | None, region: Region, data: TargetData) -> Target:
    """Create or replace the target of an indicator, kind and year (entered in the page)."""
    require_edit(actor, region)
    check_target(data)
    target, created = _save(actor=actor, region=region, data=data)
    record_bulk_change(
        actor=actor,
        model=Target,
        object_repr=str(target),
        summary={
            "event": ["target created" if created else "target changed"],
            "region": [region.code],
            "target": [f"{data.kind} {data.year} {data.indicator.code} = {data.value}"],
        },
    )
    return target


@transaction.atomic
def target_delete(*, actor: User | None, target: Target) -> None:
    require_edit(actor, target.region)
    text = str(target)
    region = target.region
    target.delete()
    record_bulk_change(
        actor=actor,
        model=Target,
        object_repr=text,
        summary={"event": ["target deleted"], "region": [region.code], "target": [text]},
    )


@transaction.atomic
def targets_save_all(
    *, actor: User | None, region: Region, rows: list[TargetData], file: str
) -> tuple[int, int]:
    """Write checked rows of an import in one transaction: (created, updated)."""
    require_edit(actor, region)
    created = updated = 0
    for data in rows:
        _target, new = _save(actor=actor, region=region, data=data)
        created, updated = created + new, updated + (not new)
    record_bulk_change(
        actor=actor,
        model=Target,
        object_repr=_("Target %(region)s dari %(file)s") % {"region": region.code, "file": file},
        summary={
            "event": ["targets imported"],
            "region": [region.code],
            "file": [file],
            "created": [str(created)],
            "updated": [str(updated)],
        },
    )
    return created, updated


def _catalogue_by_name(region: Region) -> dict[str, Indicator]:
    found = Indicator.objects.filter(Q(owner_region__isnull=True) | Q(owner_region=region))
    return {i.name_id.strip().lower(): i for i in found}


@transaction.atomic
def targets_from_plan(*, actor: User | None, version: PlanVersion) -> tuple[int, int]:
    """RPKD targets from an approved plan version: (created, updated).

    Objectives whose indicator is a catalogue indicator (by its Indonesian name) are
    realised by verified observations; the interventions' output indicators are realised
    by the OPD's quarterly reports. Running it again changes nothing that is already equal
    (update in place, keyed by indicator or intervention).
    """
    region = version.plan.region
    require_edit(actor, region)
    if version.status != ApprovalStatus.APPROVED:
        raise UserError(
            _(
                "Versi %(v)s rencana %(region)s belum disetujui; target RPKD diambil dari "
                "versi yang disetujui."
            )
            % {"v": version.number, "region": region.display_name}
        )
    source = _("RPKD %(region)s %(start)s-%(end)s versi %(v)s") % {
        "region": region.code,
        "start": version.plan.start_year,
        "end": version.plan.end_year,
        "v": version.number,
    }
    catalogue = _catalogue_by_name(region)
    created = updated = 0
    for objective in PlanObjective.objects.filter(version=version).order_by("position"):
        indicator = catalogue.get(objective.indicator.strip().lower())
        if indicator is None:
            continue
        for year, value in sorted(objective.targets.items()):
            _t, new = Target.objects.update_or_create(
                region=region,
                kind=TargetKind.RPKD,
                year=int(year),
                key=f"ind:{indicator.code}",
                defaults={
                    "indicator": indicator,
                    "intervention": None,
                    "name": indicator.name_id,
                    "sector": indicator.area,
                    "unit": objective.unit or indicator.unit,
                    "polarity": objective.polarity,
                    "value": float(value),
                    "baseline_year": version.plan.start_year - 1,
                    "baseline_value": (
                        None if objective.baseline is None else float(objective.baseline)
                    ),
                    "source": source,
                    "legal_basis": _("Peraturan Kepala Daerah tentang RPKD"),
                    "realisation_source": RealisationSource.OBSERVATIONS,
                },
            )
            created, updated = created + new, updated + (not new)
    years = InterventionYear.objects.filter(intervention__version=version).select_related(
        "intervention__skpd"
    )
    for item in years.order_by("intervention__position", "year"):
        intervention = item.intervention
        _t, new = Target.objects.update_or_create(
            region=region,
            kind=TargetKind.RPKD,
            year=item.year,
            key=f"int:{intervention.sub_kegiatan_code}:{intervention.position}",
            defaults={
                "indicator": None,
                "intervention": intervention,
                "name": intervention.output_indicator,
                "sector": intervention.skpd.name[:60],
                "unit": intervention.unit,
                "polarity": intervention.polarity,
                "value": float(item.target),
                "source": source,
                "legal_basis": _("Peraturan Kepala Daerah tentang RPKD"),
                "realisation_source": RealisationSource.OPD_REPORTS,
            },
        )
        created, updated = created + new, updated + (not new)
    record_bulk_change(
        actor=actor,
        model=Target,
        object_repr=source,
        summary={
            "event": ["targets taken from the plan"],
            "region": [region.code],
            "version": [str(version.number)],
            "created": [str(created)],
            "updated": [str(updated)],
        },
    )
    return created, updated
