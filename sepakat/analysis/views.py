"""Analisis Kemiskinan pages. Thin: selectors read, analyses compute, blocks draw.

Who may do what:
* the dashboard, indicator analysis, map, decile profile, downloads and reports: the
  central team, trainers, regional admins, planners and viewers (viewers read dashboards
  and reports); data operators enter data and do not analyse;
* computing from microdata: the centre and the regional admin of the file's region (the
  tab shows only to them, and only when they have a survey file); the result is a draft
  submission that the file region's admin (the centre for a national file) verifies.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sepakat.analysis import analyses, blocks, exports, maps, report, selectors, services
from sepakat.analysis.cache import cached
from sepakat.analysis.deciles import decile_profile
from sepakat.analysis.models import ComputationRun
from sepakat.core.access import get_for_user, role_required
from sepakat.core.audit import record_bulk_change
from sepakat.core.http import AuthedRequest
from sepakat.core.roles import Role
from sepakat.datahub.microdata import may_manage
from sepakat.datahub.models import Indicator, MicrodataFile
from sepakat.regions.models import Level

ANALYSIS_ROLES = (
    Role.CENTRAL_ADMIN,
    Role.TRAINER,
    Role.REGIONAL_ADMIN,
    Role.PLANNER,
    Role.VIEWER,
)
COMPUTE_ROLES = (Role.CENTRAL_ADMIN, Role.REGIONAL_ADMIN)


def _year(request: AuthedRequest, name: str = "tahun") -> int | None:
    raw = request.GET.get(name, "")
    return int(raw) if re.fullmatch(r"\d{4}", raw) else None


def _common(request: AuthedRequest, frame: selectors.Frame, tab: str) -> dict[str, Any]:
    return {
        "frame": frame,
        "region": frame.region,
        "tab": tab,
        "may_compute": selectors.may_compute(request.user),
        "active_module": "analysis",
    }


@require_GET
@role_required(*ANALYSIS_ROLES)
def dashboard(request: AuthedRequest) -> HttpResponse:
    frame = selectors.frame_for(request.user, request.GET.get("wilayah"))

    def compute() -> dict[str, Any]:
        catalogue = selectors.catalogue(request.user)
        codes = analyses.dashboard_codes(catalogue)
        table = selectors.observation_table(request.user, frame, codes, peers=False)
        db = analyses.dashboard(frame, catalogue, table, _year(request))
        return {"db": db, "trend": blocks.dashboard_trend_block(db)}

    return render(
        request,
        "analysis/dashboard.html",
        {**_common(request, frame, "dashboard"), **_cached(request, frame, "dashboard", compute)},
    )


def _cached(
    request: AuthedRequest, frame: selectors.Frame, page: str, compute: Any
) -> dict[str, Any]:
    """The page's computed part and its body (``analysis/_<page>_body.html``) rendered,
    cached per region, query, user scope, language and data generation
    (``sepakat/analysis/cache.py``). Rendering the body's tables and cards costs as much as
    computing them, so the HTML is kept, not only the figures. ``frame`` was built, and
    the region checked, before."""

    def compute_and_render() -> dict[str, Any]:
        computed: dict[str, Any] = compute()
        body = render_to_string(
            f"analysis/_{page}_body.html",
            {**_common(request, frame, page), **computed},
            request,
        )
        return {**computed, "body": body}

    result: dict[str, Any] = cached(
        page=page,
        user=request.user,
        region_code=frame.region.code,
        params=request.GET,
        compute=compute_and_render,
    )
    return result


def _indicator_analysis(
    request: AuthedRequest,
    catalogue: dict[str, Indicator] | None = None,
    frame: selectors.Frame | None = None,
) -> analyses.IndicatorAnalysis:
    if frame is None:
        frame = selectors.frame_for(request.user, request.GET.get("wilayah"))
    if catalogue is None:
        catalogue = selectors.catalogue(request.user)
    code = request.GET.get("indikator") or analyses.POVERTY_RATE
    if code not in catalogue:
        raise Http404
    correlate = request.GET.get("pembanding") or None
    codes = analyses.indicator_codes(catalogue, code, correlate)
    table = selectors.observation_table(request.user, frame, codes)
    return analyses.indicator_analysis(
        frame,
        catalogue,
        table,
        catalogue[code],
        _year(request),
        correlate=correlate,
        start=_year(request, "awal"),
        options=analyses.Options.parse(request.GET),
    )


@require_GET
@role_required(*ANALYSIS_ROLES)
def indicator(request: AuthedRequest) -> HttpResponse:
    frame = selectors.frame_for(request.user, request.GET.get("wilayah"))

    def compute() -> dict[str, Any]:
        catalogue = selectors.catalogue(request.user)  # read once: the analysis and the selects
        ia = _indicator_analysis(request, catalogue, frame)
        return {
            "ia": ia,
            "blocks": blocks.indicator_blocks(ia),
            "groups": analyses.grouped_catalogue(catalogue),
            "window_choices": analyses.QUADRANT_WINDOWS,
        }

    return render(
        request,
        "analysis/indicator.html",
        {
            **_common(request, frame, "indicator"),
            **_cached(request, frame, "indicator", compute),
        },
    )


def _map(
    request: AuthedRequest, frame: selectors.Frame | None = None
) -> tuple[selectors.Frame, maps.MapResult]:
    if frame is None:
        frame = selectors.frame_for(request.user, request.GET.get("wilayah"))
    levels = maps.levels_below(frame.region)
    raw_level = request.GET.get("tingkat", "")
    level = int(raw_level) if raw_level.isdigit() and int(raw_level) in levels else levels[-1]
    method = request.GET.get("klasifikasi", "jenks")
    if method not in maps.CLASSIFICATIONS:
        method = "jenks"
    raw_k = request.GET.get("kelas", "")
    k = int(raw_k) if raw_k.isdigit() and 3 <= int(raw_k) <= 7 else maps.DEFAULT_CLASSES
    result = maps.build_map(
        request.user,
        frame.region,
        selectors.catalogue(request.user),
        level=level,
        code=request.GET.get("indikator") or None,
        period=request.GET.get("tahun") or None,
        method=method,
        classes=k,
    )
    return frame, result


@require_GET
@role_required(*ANALYSIS_ROLES)
def map_view(request: AuthedRequest) -> HttpResponse:
    frame = selectors.frame_for(request.user, request.GET.get("wilayah"))

    def compute() -> dict[str, Any]:
        _frame, result = _map(request, frame)
        return {
            "result": result,
            "map_block": blocks.map_block(result),
            "levels": [(lv, maps.LEVEL_WORDS[Level(lv)]) for lv in maps.levels_below(frame.region)],
            "classifications": list(maps.CLASSIFICATIONS.items()),
            "class_counts": range(3, 8),
        }

    return render(
        request,
        "analysis/map.html",
        {**_common(request, frame, "map"), **_cached(request, frame, "map", compute)},
    )


def _deciles(
    request: AuthedRequest, frame: selectors.Frame | None = None
) -> tuple[selectors.Frame, blocks.Block, Any]:
    if frame is None:
        frame = selectors.frame_for(request.user, request.GET.get("wilayah"))
    file = selectors.registry_file_for(frame.region)
    profile = decile_profile(file, frame.region) if file is not None else None
    block = blocks.decile_block(profile) if profile is not None else None
    return frame, block, profile  # type: ignore[return-value]


@require_GET
@role_required(*ANALYSIS_ROLES)
def deciles(request: AuthedRequest) -> HttpResponse:
    frame = selectors.frame_for(request.user, request.GET.get("wilayah"))

    def compute() -> dict[str, Any]:
        _frame, block, profile = _deciles(request, frame)
        return {"decile_block": block, "profile": profile}

    return render(
        request,
        "analysis/deciles.html",
        {**_common(request, frame, "deciles"), **_cached(request, frame, "deciles", compute)},
    )


def _block(request: AuthedRequest, key: str) -> tuple[selectors.Frame, blocks.Block]:
    if key == "peta":
        frame, result = _map(request)
        return frame, blocks.map_block(result)
    if key == "desil":
        frame, block, _profile = _deciles(request)
        if block is None:
            raise Http404
        return frame, block
    ia = _indicator_analysis(request)
    by_key = {b.key: b for b in blocks.indicator_blocks(ia)}
    if key not in by_key:
        raise Http404
    return ia.frame, by_key[key]


def _download(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@require_GET
@role_required(*ANALYSIS_ROLES)
def download(request: AuthedRequest, key: str, fmt: str) -> HttpResponse:
    """A chart as PNG or SVG, or its data as Excel."""
    if key not in blocks.BLOCK_KEYS:
        raise Http404
    frame, block = _block(request, key)
    stem = f"sepakat-{key}-{frame.region.code}"
    if fmt == "xlsx":
        if key == "desil":
            # Derived from household records: who took it and when stays on record.
            record_bulk_change(
                actor=request.user,
                model=MicrodataFile,
                object_repr=_("Unduhan profil desil %(region)s") % {"region": frame.region.code},
                summary={"export": ["decile_profile"], "region": [frame.region.code]},
            )
        return _download(
            exports.workbook([(block.title, block)]),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            f"{stem}.xlsx",
        )
    if block.spec is None:
        raise Http404
    if fmt == "svg":
        return _download(exports.chart_svg(block.spec), "image/svg+xml", f"{stem}.svg")
    if fmt == "png":
        return _download(exports.chart_png(block.spec), "image/png", f"{stem}.png")
    raise Http404


@require_GET
@role_required(*ANALYSIS_ROLES)
def report_pdf(request: AuthedRequest) -> HttpResponse:
    frame = selectors.frame_for(request.user, request.GET.get("wilayah"))
    content = report.region_report(request.user, frame, _year(request)).pdf()
    return _download(content, "application/pdf", f"analisis-kemiskinan-{frame.region.code}.pdf")


@require_GET
@role_required(*ANALYSIS_ROLES)
def report_xlsx(request: AuthedRequest) -> HttpResponse:
    frame = selectors.frame_for(request.user, request.GET.get("wilayah"))
    rep = report.region_report(request.user, frame, _year(request))
    return _download(
        rep.xlsx(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"analisis-kemiskinan-{frame.region.code}.xlsx",
    )


@require_http_methods(["GET", "POST"])
@role_required(*COMPUTE_ROLES)
def compute(request: AuthedRequest) -> HttpResponse:
    files = selectors.survey_files_for(request.user)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        file = get_for_user(MicrodataFile, request.user, pk=request.POST.get("file") or 0)
        try:
            run = services.computation_start(
                user=request.user,
                file=file,
                period=request.POST.get("period", ""),
                lonely_psu=request.POST.get("lonely_psu", "centered"),
                poor_if=request.POST.get("poor_if", "lt"),
            )
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            messages.success(request, _("Penghitungan masuk antrean."))
            return redirect("analysis:run", pk=run.pk)
    file_years = {f.pk: services.survey_years(f) for f in files}
    runs = selectors.runs_for(request.user)[:10]
    frame = selectors.frame_for(request.user, None)
    return render(
        request,
        "analysis/compute.html",
        {
            **_common(request, frame, "compute"),
            "files": [(f, file_years[f.pk]) for f in files],
            "errors": errors,
            "runs": runs,
            "lonely_choices": services.LONELY_PSU,
        },
        status=400 if errors else 200,
    )


@require_GET
@role_required(*COMPUTE_ROLES)
def run_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    run = get_for_user(ComputationRun.objects.select_related("file", "region"), request.user, pk=pk)
    if not may_manage(request.user, run.region):
        raise PermissionDenied
    if request.htmx:
        response = render(request, "analysis/_run_progress.html", {"run": run})
        if run.finished:
            response["HX-Refresh"] = "true"
        return response
    frame = selectors.frame_for(request.user, None)
    return render(
        request,
        "analysis/run.html",
        {
            **_common(request, frame, "compute"),
            "run": run,
            "dashboard_url": reverse("analysis:dashboard"),
        },
    )
