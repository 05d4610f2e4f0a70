"""Planning pages. Thin: the selectors read, the templates show."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from sepakat.core.access import role_required
from sepakat.core.navigation import CYCLE_READERS
from sepakat.core.roles import Role
from sepakat.planning import plan_export, plan_selectors, plans, selectors
from sepakat.planning.codes import GovernmentLevel, NomenclatureKind
from sepakat.planning.models import NomenclatureVersion
from sepakat.planning.models_plan import VersionStatus
from sepakat.regions.models import Level

# Trainers show the nomenclature in class, as they do the analysis pages.
READERS = CYCLE_READERS | {Role.TRAINER}


@require_GET
@role_required(*READERS)
def nomenclature(request: HttpRequest) -> HttpResponse:
    """Browse and search a version (the one in force today unless another is chosen);
    the list opens on the user's own level of government."""
    versions = list(NomenclatureVersion.objects.all())
    chosen = request.GET.get("versi", "")
    version = next((v for v in versions if str(v.pk) == chosen), None)
    in_force = selectors.version_in_force(timezone.localdate())
    version = version or in_force or (versions[0] if versions else None)
    own_level = selectors.level_of_region(getattr(request.user, "region", None))
    level = request.GET.get("tingkat", own_level)
    if level not in GovernmentLevel.values:
        level = ""
    kind = request.GET.get("jenis", "")
    if kind not in NomenclatureKind.values:
        kind = ""
    query = request.GET.get("q", "").strip()
    context: dict[str, Any] = {
        "versions": versions,
        "version": version,
        "in_force": in_force,
        "q": query,
        "level": level,
        "kind": kind,
        "levels": [(v, lbl) for v, lbl in GovernmentLevel.choices if v != GovernmentLevel.BOTH],
        "kinds": NomenclatureKind.choices,
        "active_module": "planning",
        # The region's own SKPD list sits beside the list it plans from.
        "own_region": getattr(request.user, "region", None) if own_level else None,
    }
    if version is not None:
        items = selectors.search_items(version, query=query, level=level, kind=kind)
        context["page"] = selectors.items_page(items, request.GET.get("page"))
    if getattr(request, "htmx", False):
        return render(request, "planning/_nomenclature_results.html", context)
    return render(request, "planning/nomenclature.html", context)


@require_GET
@role_required(*READERS)
def skpd_list(request: HttpRequest, code: str) -> HttpResponse:
    """The SKPD list of a province or kab/kota the user may see (404 for other regions)."""
    region = selectors.region_for_skpd(request.user, code)
    context = {
        "region": region,
        "skpds": list(selectors.skpds_for(request.user, region)),
        "active_module": "planning",
    }
    return render(request, "planning/skpd_list.html", context)


@require_GET
@role_required(*READERS)
def plan_list(request: HttpRequest) -> HttpResponse:
    """The plans of the regions the user may see, with their versions; a planner or
    regional admin of a province or kab/kota may start one."""
    found = plan_selectors.plans_for(request.user).prefetch_related("versions")
    own = getattr(request.user, "region", None)
    may_create = (
        own is not None
        and own.level in (Level.PROVINCE, Level.REGENCY)
        and plans.may_edit(request.user, own)  # type: ignore[arg-type]
    )
    # A plan starts from an approved priority set: without one, "Buat rencana" could only
    # end in a refusal, so the list says what to do first instead.
    needs_set = may_create and plans.approved_priority_set(own) is None  # type: ignore[arg-type]
    return render(
        request,
        "planning/plan_list.html",
        {
            "plans": list(found),
            "may_create": may_create and not needs_set,
            "needs_set": needs_set,
            "region": own,
            "active_module": "planning",
        },
    )


@require_GET
@role_required(*READERS)
def plan_version(request: HttpRequest, pk: int) -> HttpResponse:
    """One version read-only: the interventions by year, the warnings and what it changes
    against the approved version (404 for another region's plan)."""
    version = plan_selectors.version_for_user(request.user, pk)
    user = request.user
    may_edit = plans.may_edit(user, version.plan.region)  # type: ignore[arg-type]
    context = {
        "may_edit": may_edit and version.editable,
        "may_submit": may_edit and version.editable,
        # the submitter is no approver of their own proposal (the service says so too)
        "may_decide": version.status == VersionStatus.SUBMITTED
        and plans.may_approve(user, version)  # type: ignore[arg-type]
        and version.submitted_by_id != user.pk,
        "may_draft": may_edit
        and not version.editable
        and plan_selectors.open_version(version.plan) is None,
        "version": version,
        "plan": version.plan,
        "versions": list(version.plan.versions.order_by("-number")),
        "interventions": plan_selectors.with_place_names(plan_selectors.interventions_of(version)),
        "missing": plan_selectors.problems_without_intervention(version),
        "diff": plan_selectors.version_diff(version),
        "active_module": "planning",
    }
    return render(request, "planning/plan_version.html", context)


# What each download is: the format of ``plan export``, its file suffix and media type.
DOWNLOADS: dict[str, tuple[str, str, str]] = {
    "csv": ("csv", "csv", "text/csv; charset=utf-8"),
    "xlsx": (
        "sipd-xlsx",
        "sipd.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "docx": (
        "rpkd-docx",
        "rpkd.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "pdf": ("rpkd-pdf", "rpkd.pdf", "application/pdf"),
}


@require_GET
@role_required(*READERS)
def plan_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """A version as the long CSV, the SIPD workbook or the RPKD draft (DOCX, PDF), for the
    readers of its region (404 for another region's). Not audited: the documents hold
    aggregates only (no household or person), as the priority set's PDF and workbook."""
    if fmt not in DOWNLOADS:
        raise Http404
    version = plan_selectors.version_for_user(request.user, pk)
    export_format, suffix, media_type = DOWNLOADS[fmt]
    content = plan_export.export_bytes(version, export_format)
    plan = version.plan
    name = (
        f"rencana-{plan.region.code}-{plan.start_year}-{plan.end_year}-v{version.number}-{suffix}"
    )
    response = HttpResponse(content, content_type=media_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
