"""The plan in force over the machine API (django-ninja), for e-planning systems.

``GET /api/v1/rencana/{region_code}/{start_year}``: the approved version in force (the
latest approved) of the region's plan starting in that year, with its performance chain
and its interventions by year. Same token, JSON errors and OpenAPI page as the data hub
and the priority set (:func:`register` is called where the URLs are assembled); region
scoped like the pages: another region, or a plan without an approved version, is a 404.
Numbers are JSON numbers (targets and rupiah), codes are strings.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Router, Schema

from sepakat.accounts.models import User
from sepakat.core.access import scoped
from sepakat.core.roles import Role
from sepakat.planning.models_plan import Plan
from sepakat.planning.plan_selectors import approved_version, interventions_of
from sepakat.regions.models import Region

READ_ROLES = frozenset({Role.CENTRAL_ADMIN, Role.REGIONAL_ADMIN, Role.PLANNER, Role.VIEWER})

router = Router(tags=["rencana"])


class MeasuredOut(Schema):
    indicator: str
    unit: str
    polarity: int
    baseline: float | None
    targets: dict[str, float]  # year -> target


class ObjectiveOut(MeasuredOut):
    kind: str  # "tujuan" or "sasaran"
    position: int
    statement: str
    parent_position: int | None  # the tujuan of a sasaran


class ProgrammeOutcomeOut(MeasuredOut):
    programme_code: str
    sasaran_position: int


class YearOut(Schema):
    year: int
    baseline: bool  # the year before the period: the starting condition
    target: float
    budget: float | None  # indicative budget, rupiah
    locations: list[str]  # Kemendagri codes; empty: the whole region


class InterventionOut(Schema):
    position: int
    problem_code: str
    problem_name: str
    strategy: str  # "beban", "pendapatan" or "kantong" (Inpres 4/2022)
    sub_kegiatan_code: str
    sub_kegiatan_name: str
    kegiatan_code: str
    programme_code: str
    skpd_code: str
    skpd_name: str
    output_indicator: str
    unit: str
    polarity: int
    target_group: str
    target_group_count: int | None
    fund_source: str
    tag_extreme_poverty: bool
    tag_stunting: bool
    years: list[YearOut]


class PlanOut(Schema):
    region: str
    region_name: str
    start_year: int
    end_year: int
    version: int
    status: str
    approved_by: str
    approved_at: dt.datetime | None
    priority_set_period: str
    priority_set_version: int
    nomenclature: str
    objectives: list[ObjectiveOut]
    programme_outcomes: list[ProgrammeOutcomeOut]
    interventions: list[InterventionOut]


class Message(Schema):
    message: str


def _targets(targets: dict[str, Any]) -> dict[str, float]:
    return {str(year): float(value) for year, value in sorted(targets.items())}


def _measured(o: Any) -> dict[str, Any]:
    return {
        "indicator": o.indicator,
        "unit": o.unit,
        "polarity": o.polarity,
        "baseline": None if o.baseline is None else float(o.baseline),
        "targets": _targets(o.targets),
    }


@router.get(
    "/v1/rencana/{region_code}/{start_year}",
    response={200: PlanOut, 403: Message, 404: Message},
)
def approved_plan(request: HttpRequest, region_code: str, start_year: int) -> dict[str, Any]:
    """The approved version in force of a region's plan starting in ``start_year``."""
    user: User = request.auth  # type: ignore[attr-defined]
    if user.role not in READ_ROLES:
        raise PermissionDenied
    region = scoped(Region.objects.all(), user).filter(code=region_code.strip()).first()
    if region is None:
        raise Http404(
            _("Wilayah %(code)s tidak ditemukan di wilayah Anda.") % {"code": region_code}
        )
    plan = (
        Plan.objects.filter(region=region, start_year=start_year)
        .select_related("region", "nomenclature", "priority_set")
        .first()
    )
    version = approved_version(plan) if plan is not None else None
    if plan is None or version is None:
        raise Http404(
            _("Belum ada rencana yang disetujui untuk %(code)s dengan tahun awal %(year)s.")
            % {"code": region.code, "year": start_year}
        )
    objectives = list(version.objectives.select_related("parent"))
    outcomes = list(version.programme_outcomes.select_related("sasaran"))
    who = version.decided_by
    return {
        "region": region.code,
        "region_name": region.display_name,
        "start_year": plan.start_year,
        "end_year": plan.end_year,
        "version": version.number,
        "status": version.status,
        "approved_by": "" if who is None else (who.get_full_name() or who.username),
        "approved_at": version.decided_at,
        "priority_set_period": plan.priority_set.period,
        "priority_set_version": plan.priority_set.version,
        "nomenclature": plan.nomenclature.name,
        "objectives": [
            {
                **_measured(o),
                "kind": o.kind,
                "position": o.position,
                "statement": o.statement,
                "parent_position": o.parent.position if o.parent else None,
            }
            for o in objectives
        ],
        "programme_outcomes": [
            {
                **_measured(o),
                "programme_code": o.programme_code,
                "sasaran_position": o.sasaran.position,
            }
            for o in outcomes
        ],
        "interventions": [_intervention(i, plan.start_year) for i in interventions_of(version)],
    }


def _intervention(i: Any, start_year: int) -> dict[str, Any]:
    code = i.sub_kegiatan_code
    return {
        "position": i.position,
        "problem_code": i.problem.code,
        "problem_name": i.problem.name_id,
        "strategy": i.strategy,
        "sub_kegiatan_code": code,
        "sub_kegiatan_name": i.sub_kegiatan_name,
        "kegiatan_code": code.rsplit(".", 1)[0],
        "programme_code": code.rsplit(".", 3)[0],
        "skpd_code": i.skpd.code,
        "skpd_name": i.skpd.name,
        "output_indicator": i.output_indicator,
        "unit": i.unit,
        "polarity": i.polarity,
        "target_group": i.target_group,
        "target_group_count": i.target_group_count,
        "fund_source": i.fund_source,
        "tag_extreme_poverty": i.tag_extreme_poverty,
        "tag_stunting": i.tag_stunting,
        "years": [
            {
                "year": y.year,
                "baseline": y.year < start_year,
                "target": float(y.target),
                "budget": None if y.budget is None else float(y.budget),
                "locations": list(y.locations),
            }
            for y in i.years.all()
        ],
    }


def register(api: NinjaAPI) -> None:
    """Add the router once (URL modules can be imported again in tests)."""
    if not getattr(api, "_sepakat_planning", False):
        api.add_router("", router)
        api._sepakat_planning = True  # type: ignore[attr-defined]
