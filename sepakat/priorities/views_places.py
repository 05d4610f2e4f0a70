"""Determinants and locations of a priority problem. Thin: selectors read, the modules
compute, services write.

Who may do what:
* read the determinants and locations pages, and the official lists: the central team,
  trainers, regional admins, planners and viewers (as the analysis pages); data operators
  enter data and do not analyse;
* change which determinant indicators belong to a problem: the central admin only;
* import an official priority-location list: the central admin, the regional admin and the
  planners of the list's region;
* see a desa's deprived households by name (masked on the page, in full in the audited
  download): the roles that may download personal data (the centre, the regional admin of
  the desa's region); everybody else sees the counts only.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sepakat.analysis import maps as analysis_maps
from sepakat.analysis.selectors import frame_for
from sepakat.core.access import role_required
from sepakat.core.errors import UserError
from sepakat.core.http import AuthedRequest
from sepakat.core.roles import Role
from sepakat.datahub.microdata import personal_path
from sepakat.datahub.models import MicrodataKind
from sepakat.priorities import determinants as det
from sepakat.priorities import locations as loc
from sepakat.priorities import ranking as priority_ranking
from sepakat.priorities import registry
from sepakat.priorities import selectors as set_selectors
from sepakat.priorities import selectors_places as sel
from sepakat.priorities import services_places as services
from sepakat.priorities.models_places import PriorityLocationList
from sepakat.priorities.services import may_edit as may_edit_set
from sepakat.regions.models import Level, Region

READ_ROLES = (Role.CENTRAL_ADMIN, Role.TRAINER, Role.REGIONAL_ADMIN, Role.PLANNER, Role.VIEWER)
SET_READ_ROLES = frozenset({Role.CENTRAL_ADMIN, Role.REGIONAL_ADMIN, Role.PLANNER, Role.VIEWER})


def _year(request: AuthedRequest) -> int | None:
    raw = request.GET.get("tahun", "")
    return int(raw) if re.fullmatch(r"\d{4}", raw) else None


def _number(request: AuthedRequest, name: str) -> float | None:
    raw = request.GET.get(name, "").strip().replace(",", ".")
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if value >= 0 else None


def _context(request: AuthedRequest, code: str, tab: str) -> dict[str, Any]:
    frame = frame_for(request.user, request.GET.get("wilayah"))
    # The ranking these pages come from (the newest year computed for the region): its
    # method text is shown here too, and its year is the one the set is built for.
    run = set_selectors.newest_run(request.user, frame.region)
    return {
        "frame": frame,
        "region": frame.region,
        "problem": sel.problem(code),
        "problems": sel.problems(),
        "tab": tab,
        "year": _year(request),
        "active_module": "priorities",
        "priority_run": run,
        "run_method": priority_ranking.method_of(run) if run else None,
        "set_query": urlencode({"wilayah": frame.region.code, "tahun": run.period if run else ""}),
        "may_edit_set": run is not None and may_edit_set(request.user, frame.region),
        # trainers read these two pages for teaching but not the region's ranking and sets
        "may_read_sets": request.user.role in SET_READ_ROLES,
    }


@require_GET
@role_required(*READ_ROLES)
def determinants(request: AuthedRequest, code: str) -> HttpResponse:
    ctx = _context(request, code, "determinants")
    problem, region = ctx["problem"], ctx["region"]
    return render(
        request,
        "priorities/determinants_page.html",
        {
            **ctx,
            "demand": det.demand_side(problem, region, ctx["year"]),
            "supply": det.supply_side(request.user, problem, region),
            "analysis_value": det.analysis_value(request.user, problem, region),
            "years": registry.years_of(region, MicrodataKind.REGISTRY),
            "may_edit": request.user.role == Role.CENTRAL_ADMIN,
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.CENTRAL_ADMIN)
def determinants_edit(request: AuthedRequest, code: str) -> HttpResponse:
    problem = sel.problem(code)
    if request.method == "POST":
        ids = [i for i in request.POST.getlist("indikator") if i.isdigit()]
        try:
            services.determinants_set(
                user=request.user, problem=problem, indicator_ids=map(int, ids)
            )
        except UserError as exc:
            for message in exc.located():
                messages.error(request, message)
        else:
            messages.success(request, _("Indikator determinan %(code)s disimpan.") % {"code": code})
            return redirect("priorities:determinants", code=code)
    linked = set(problem.determinants.values_list("pk", flat=True))
    return render(
        request,
        "priorities/determinants_edit.html",
        {
            "problem": problem,
            "choices": sel.determinant_choices(),
            "linked": linked,
            "active_module": "priorities",
        },
    )


@require_GET
@role_required(*READ_ROLES)
def locations(request: AuthedRequest, code: str) -> HttpResponse:
    ctx = _context(request, code, "locations")
    problem, region = ctx["problem"], ctx["region"]
    level = Level.DISTRICT if request.GET.get("tingkat") == "3" else Level.VILLAGE
    method = request.GET.get("klasifikasi", "quantile")
    method = method if method in analysis_maps.CLASSIFICATIONS else "quantile"
    raw_classes = request.GET.get("kelas", "")
    classes = int(raw_classes) if raw_classes in {"3", "4", "5", "6", "7"} else 5
    file = registry.file_for(region, MicrodataKind.REGISTRY, ctx["year"])
    cols = registry.columns_for(file, problem.status_column) if file else None
    lists = sel.lists_for(request.user, region)
    members = sel.list_members(lists, region)
    ranking = spec = None
    legend: list[tuple[str, int]] = []
    if file is not None and cols is not None and cols.status is not None:
        counts = registry.desa_counts(file, region, cols)
        ranking = loc.rank(
            loc.aggregate(counts, region, level),
            level,
            share_cut=_number(request, "batas_persen"),
            number_cut=_number(request, "batas_jumlah"),
        )
        loc.mark_lists(ranking.places, level, members)
        desa_places = ranking.places
        if level != Level.VILLAGE:
            desa_places = loc.aggregate(counts, region, Level.VILLAGE)
            loc.mark_lists(desa_places, Level.VILLAGE, members)
        spec, legend = loc.map_spec(desa_places, region, method=method, classes=classes)
    return render(
        request,
        "priorities/locations_page.html",
        {
            **ctx,
            "file": file,
            "has_status": cols is not None and cols.status is not None,
            "ranking": ranking,
            "level": level,
            "quadrants": loc.QUADRANTS,
            "kantong": [p for p in ranking.places if p.kantong] if ranking else [],
            "map_spec": spec,
            "legend": legend,
            "method": method,
            "classes": classes,
            "classifications": list(analysis_maps.CLASSIFICATIONS.items()),
            "class_counts": range(3, 8),
            "lists": lists,
            "years": registry.years_of(region, MicrodataKind.REGISTRY),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*READ_ROLES)
def locations_households(request: AuthedRequest, code: str, desa_code: str) -> HttpResponse:
    problem = sel.problem(code)
    desa = sel.desa_for(request.user, desa_code)
    year = _year(request)
    file = registry.file_for(desa, MicrodataKind.REGISTRY, year)
    cols = registry.columns_for(file, problem.status_column) if file else None
    may_see = services.may_see_names(request.user, desa)
    has_personal = bool(file and personal_path(file) and file.personal_columns)
    if request.method == "POST":
        if file is None or not may_see:
            raise PermissionDenied
        try:
            content, _rows = services.households_export(
                user=request.user,
                file=file,
                problem=problem,
                desa=desa,
                reason=request.POST.get("alasan", ""),
            )
        except UserError as exc:
            for message in exc.located():
                messages.error(request, message)
        else:
            response = HttpResponse(content, content_type="text/csv; charset=utf-8")
            name = f"rumah-tangga-{problem.code.lower()}-{desa.code}.csv"
            response["Content-Disposition"] = content_disposition_header(True, name)
            return response
    households = []
    if file is not None and cols is not None and cols.status is not None:
        households = registry.deprived_households(file, desa, cols, with_personal=may_see)
    rows = [
        {
            "household_id": h.household_id,
            "decile": h.decile,
            "size": h.size,
            "personal": [(c, _mask(v)) for c, v in h.personal.items()],
        }
        for h in households
    ]
    return render(
        request,
        "priorities/locations_households.html",
        {
            "problem": problem,
            "desa": desa,
            "file": file,
            "has_status": cols is not None and cols.status is not None,
            "count": len(households),
            "persons": sum(h.size or 0 for h in households),
            "may_see": may_see,
            "has_personal": has_personal,
            "rows": rows if may_see else [],
            "personal_columns": (file.personal_columns if file and may_see else []),
            "active_module": "priorities",
        },
    )


def _mask(value: Any) -> str:
    """The first letter of each word, the rest hidden: "Siti Aminah" -> "S*** A***"; the
    full value only in the audited download."""
    if value is None:
        return ""
    return " ".join(word[:1] + "***" for word in str(value).split())


@require_GET
@role_required(*READ_ROLES)
def location_lists(request: AuthedRequest) -> HttpResponse:
    frame = frame_for(request.user, request.GET.get("wilayah"))
    return render(
        request,
        "priorities/locations_lists.html",
        {
            "frame": frame,
            "region": frame.region,
            "lists": sel.lists_for(request.user, frame.region),
            "may_import": services.may_keep_lists(request.user, frame.region),
            "active_module": "priorities",
        },
    )


@require_GET
@role_required(*READ_ROLES)
def location_list_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    frame = frame_for(request.user, request.GET.get("wilayah"))
    location_list = _visible_list(request, frame.region, pk)
    return render(
        request,
        "priorities/locations_list_detail.html",
        {
            "frame": frame,
            "region": frame.region,
            "location_list": location_list,
            "desa": sel.list_entries(location_list, frame.region),
            "active_module": "priorities",
        },
    )


def _visible_list(request: AuthedRequest, region: Region, pk: int) -> PriorityLocationList:
    """A list that concerns ``region`` and that the user may see, or 404 (also for a list
    of another region: an outsider learns nothing of it)."""
    found = sel.lists_for(request.user, region).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


@require_http_methods(["GET", "POST"])
@role_required(Role.CENTRAL_ADMIN, Role.REGIONAL_ADMIN, Role.PLANNER)
def location_list_import(request: AuthedRequest) -> HttpResponse:
    frame = frame_for(request.user, request.POST.get("wilayah") or request.GET.get("wilayah"))
    region = frame.region
    fields = {
        "name": request.POST.get("nama", ""),
        "year": int(y)
        if re.fullmatch(r"\d{4}", y := request.POST.get("tahun", "").strip())
        else None,
        "source": request.POST.get("sumber", ""),
    }
    ctx: dict[str, Any] = {
        "frame": frame,
        "region": region,
        "form": {**fields, "year": request.POST.get("tahun", "")},
        "active_module": "priorities",
    }
    if request.method == "POST":
        upload = request.FILES.get("berkas")
        if upload is not None:
            content, filename = (
                upload.read(services.MAX_LIST_BYTES + 1),
                upload.name or "daftar.csv",
            )
        else:
            try:
                content = base64.b64decode(request.POST.get("isi", ""), validate=True)
            except (binascii.Error, ValueError):
                content = b""
            filename = request.POST.get("nama_berkas", "daftar.csv")
        args = {
            "user": request.user,
            "region": region,
            "content": content,
            "filename": filename,
            **fields,
        }
        if request.POST.get("langkah") == "simpan":
            try:
                created = services.location_list_import(**args)
            except UserError as exc:
                ctx["errors"] = exc.located()
            else:
                messages.success(
                    request,
                    _("Daftar %(name)s diimpor: %(n)d desa.")
                    % {"name": created.name, "n": created.entries.count()},
                )
                return redirect(
                    reverse("priorities:location_list", args=[created.pk])
                    + f"?wilayah={region.code}"
                )
        else:
            preview = services.location_list_preview(**args)
            ctx["preview"] = preview
            ctx["errors"] = preview.errors
            ctx["content"] = base64.b64encode(content).decode("ascii")
            ctx["filename"] = filename
    elif not services.may_keep_lists(request.user, region):
        raise PermissionDenied
    return render(request, "priorities/locations_list_import.html", ctx)
