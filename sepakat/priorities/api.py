"""The approved priority set over the machine API (django-ninja), for e-planning systems.

The router joins the data hub's API (same token, same JSON errors, same OpenAPI page):
:func:`register` is called where the URLs are assembled, so the data hub never imports
this module. Region-scoped like the pages: another region's set is a 404.
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
from sepakat.priorities import selectors, set_document
from sepakat.regions.models import Region

READ_ROLES = frozenset({Role.CENTRAL_ADMIN, Role.REGIONAL_ADMIN, Role.PLANNER, Role.VIEWER})

router = Router(tags=["prioritas"])


class DeterminantOut(Schema):
    code: str
    name: str
    name_en: str


class DemandGroupOut(Schema):
    group: str  # "deciles_1_4" or "deciles_5_10"
    households: int
    achievement: float | None  # share 0-1; None below 5 households


class LocationOut(Schema):
    code: str
    name: str
    level: str  # "kecamatan" or "desa"
    households: int | None
    deprived: int | None
    share: float | None
    rank_number: int | None
    rank_share: int | None
    places_ranked: int | None
    quadrant: int | None


class SensitivityOut(Schema):
    code: str
    rank_sepakat: int | None
    rank_none: int | None
    rank_deciles_1_4: int | None
    moved: bool


class ItemOut(Schema):
    position: int
    code: str
    name: str
    name_en: str
    sector: str
    computed_rank: int | None
    score: float | None
    reason: str
    determinants: str
    determinant_indicators: list[str]
    determinant_details: list[DeterminantOut]
    demand: list[DemandGroupOut]
    demand_note: str
    locations: list[str]
    location_details: list[LocationOut]


class PrioritySetOut(Schema):
    region: str
    region_name: str
    year: str
    version: int
    status: str
    submitted_by: str
    submitted_at: dt.datetime | None
    approved_by: str
    approved_at: dt.datetime | None
    method: str
    data_file: str
    registry_file: str
    items: list[ItemOut]
    sensitivity: list[SensitivityOut]


class Message(Schema):
    message: str


def _name(user: Any) -> str:
    return "" if user is None else (user.get_full_name() or user.username)


@router.get(
    "/v1/prioritas/{region_code}/{year}",
    response={200: PrioritySetOut, 403: Message, 404: Message},
)
def approved_priority_set(request: HttpRequest, region_code: str, year: str) -> dict[str, Any]:
    """The newest approved priority set of a region and year."""
    user: User = request.auth  # type: ignore[attr-defined]
    if user.role not in READ_ROLES:
        raise PermissionDenied
    region = scoped(Region.objects.all(), user).filter(code=region_code.strip()).first()
    if region is None:
        raise Http404(
            _("Wilayah %(code)s tidak ditemukan di wilayah Anda.") % {"code": region_code}
        )
    priority_set = selectors.approved_set(user, region, year)
    if priority_set is None:
        raise Http404(
            _("Belum ada set prioritas yang disetujui untuk %(code)s tahun %(year)s.")
            % {"code": region.code, "year": year}
        )
    doc = set_document.build(priority_set)
    return {
        "region": region.code,
        "region_name": region.display_name,
        "year": priority_set.period,
        "version": priority_set.version,
        "status": priority_set.status,
        "submitted_by": _name(priority_set.submitted_by),
        "submitted_at": priority_set.submitted_at,
        "approved_by": _name(priority_set.decided_by),
        "approved_at": priority_set.decided_at,
        "method": doc.method.text(),
        "data_file": priority_set.run.params.get("file_title", ""),
        "registry_file": doc.registry_file.title if doc.registry_file else "",
        "items": [_item(f) for f in doc.items],
        "sensitivity": [
            {
                "code": r["code"],
                "rank_sepakat": r.get("rank_sepakat"),
                "rank_none": r.get("rank_none"),
                "rank_deciles_1_4": r.get("rank_deciles_1_4"),
                "moved": bool(r.get("moved")),
            }
            for r in doc.sensitivity
        ],
    }


def _item(f: set_document.ItemFacts) -> dict[str, Any]:
    i = f.item
    determinants = sorted(i.determinants.all(), key=lambda d: d.code)
    return {
        "position": i.position,
        "code": i.indicator.code,
        "name": i.indicator.name_id,
        "name_en": i.indicator.name_en,
        "sector": i.indicator.sector,
        "computed_rank": i.computed_rank,
        "score": i.score,
        "reason": i.reason,
        "determinants": i.determinants_text,
        "determinant_indicators": [d.code for d in determinants],
        "determinant_details": [
            {"code": d.code, "name": d.name_id, "name_en": d.name_en} for d in determinants
        ],
        # The registry's groups in a fixed order: the labels on the page are translated.
        "demand": [
            {"group": key, "households": g.n, "achievement": g.achievement}
            for key, g in zip(("deciles_1_4", "deciles_5_10"), f.deciles, strict=False)
        ],
        "demand_note": "" if f.deciles else f.registry_note,
        "locations": list(i.locations),
        "location_details": [
            {
                "code": loc.code,
                "name": loc.name,
                "level": "desa" if loc.code.count(".") >= 3 else "kecamatan",
                "households": loc.households,
                "deprived": loc.deprived,
                "share": loc.share,
                "rank_number": loc.rank_number,
                "rank_share": loc.rank_share,
                "places_ranked": loc.of,
                "quadrant": loc.quadrant,
            }
            for loc in f.locations
        ],
    }


def register(api: NinjaAPI) -> None:
    """Add the router once (URL modules can be imported again in tests)."""
    if not getattr(api, "_sepakat_priorities", False):
        api.add_router("", router)
        api._sepakat_priorities = True  # type: ignore[attr-defined]
