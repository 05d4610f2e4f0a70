from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from sepakat.core.access import role_required
from sepakat.core.roles import Role
from sepakat.regions import selectors
from sepakat.regions.forms import RegionImportForm
from sepakat.regions.importers import (
    ImportReport,
    import_boundaries,
    import_crosswalk,
    import_regions,
)
from sepakat.regions.maps import region_map_spec
from sepakat.regions.models import CodeCrosswalk, Region, RegionBoundary


@require_GET
@role_required(*Role.values)
def browse(request: HttpRequest) -> HttpResponse:
    """The user's own region: the start of browsing."""
    region = selectors.home_region_for(request.user)
    if region is None:
        return render(request, "regions/region.html", {"region": None, "active_module": "regions"})
    return _region_page(request, region)


@require_GET
@role_required(*Role.values)
def region_detail(request: HttpRequest, code: str) -> HttpResponse:
    return _region_page(request, selectors.region_for_user(request.user, code))


def _region_page(request: HttpRequest, region: Region) -> HttpResponse:
    features = selectors.map_features(region)
    context: dict[str, Any] = {
        "region": region,
        "breadcrumb": selectors.breadcrumb(request.user, region),
        "page": selectors.children_page(region, request.GET.get("page")),
        "map_spec": region_map_spec(features) if features else None,
        "active_module": "regions",
    }
    return render(request, "regions/region.html", context)


@require_GET
@role_required(*Role.values)
def search(request: HttpRequest) -> HttpResponse:
    """Search by name or code within the user's region; HTMX gets only the result list."""
    query = request.GET.get("q", "").strip()
    context = {
        "q": query,
        "results": list(selectors.search_regions(request.user, query)),
        "limit": selectors.SEARCH_LIMIT,
        "active_module": "regions",
    }
    if getattr(request, "htmx", False):
        return render(request, "regions/_search_results.html", context)
    return render(request, "regions/search.html", context)


@require_http_methods(["GET", "POST"])
@role_required(Role.CENTRAL_ADMIN)
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload and import, synchronously for now (the full code list takes a few seconds);
    the file is streamed to a temporary folder and removed afterwards."""
    report: ImportReport | None = None
    if request.method == "POST":
        form = RegionImportForm(request.POST, request.FILES)
        if form.is_valid():
            report = _run_import(form.cleaned_data, actor=request.user)
            if report.ok:
                form = RegionImportForm(initial={"kind": form.cleaned_data["kind"]})
    else:
        form = RegionImportForm()
    context = {
        "form": form,
        "report": report,
        "recent": _recent_imports(),
        "active_module": "region_import",
    }
    return render(request, "regions/import.html", context, status=200)


def _run_import(data: dict[str, Any], *, actor: Any) -> ImportReport:
    uploads: list[UploadedFile[Any]] = data["upload"]
    with tempfile.TemporaryDirectory(prefix="sepakat-import-") as folder:
        paths: list[Path] = []
        for number, upload in enumerate(uploads):
            path = Path(folder) / f"{number}{Path(upload.name or '').suffix.lower()}"
            with path.open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            paths.append(path)
        names = [Path(u.name or "").name for u in uploads]
        if data["kind"] == "regions":
            return import_regions(paths[0], actor=actor, file_name=names[0])
        if data["kind"] == "crosswalk":
            return import_crosswalk(paths[0], actor=actor, file_name=names[0])
        return import_boundaries(
            paths,
            code_field=data["code_field"].strip(),
            code_system=data["code_system"],
            actor=actor,
            file_names=names,
        )


def _recent_imports(limit: int = 10) -> list[LogEntry]:
    types = ContentType.objects.get_for_models(Region, CodeCrosswalk, RegionBoundary).values()
    return list(
        LogEntry.objects.filter(content_type__in=types, object_pk="")
        .select_related("actor")
        .order_by("-timestamp")[:limit]
    )
