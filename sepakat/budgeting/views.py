"""Penganggaran pages: the regions and years with a budget, the report of a year and
stage, its chain of sub kegiatan and its downloads. Thin: the report
(:mod:`sepakat.budgeting.report`) computes, :mod:`sepakat.budgeting.exports` renders.

Reading is for the cycle's readers (central team, regional admins, planners, viewers) of
the region and of the province above it; a region outside the reader's scope is a 404.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from sepakat.budgeting import charts, exports, selectors
from sepakat.budgeting.alignment import alignment_map
from sepakat.budgeting.models import BudgetStage
from sepakat.budgeting.report import CHAIN_ORDERS, BudgetReport, chain_view, report_for
from sepakat.core.access import role_required
from sepakat.core.http import AuthedRequest
from sepakat.core.roles import Role

READ_ROLES = (Role.CENTRAL_ADMIN, Role.REGIONAL_ADMIN, Role.PLANNER, Role.VIEWER)
STATUS_CHOICES = ("new", "unchanged", "cut", "raised", "dropped")


def _report(request: AuthedRequest, code: str, year: int) -> BudgetReport:
    report = report_for(request.user, code, year, request.GET.get("tahap"))
    if report.empty:
        raise Http404("no budget lines for this region and year")
    return report


def _context(report: BudgetReport, tab: str) -> dict[str, Any]:
    return {
        "report": report,
        "tab": tab,
        "active_module": "budgeting",
        "stage_choices": [(s, BudgetStage(s).label) for s in report.stages],
        "chain_stage_labels": [BudgetStage(s).label for s in report.chain_stages],
    }


@require_GET
@role_required(*READ_ROLES)
def index(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "budgeting/index.html",
        {"regions": selectors.budget_regions_for(request.user), "active_module": "budgeting"},
    )


@require_GET
@role_required(*READ_ROLES)
def report_page(request: AuthedRequest, code: str, year: int) -> HttpResponse:
    report = _report(request, code, year)
    return render(
        request,
        "budgeting/report.html",
        {
            **_context(report, "report"),
            "bidang_chart": charts.bidang_chart(report),
            "trend_chart": charts.trend_chart(report),
        },
    )


@require_GET
@role_required(*READ_ROLES)
def chain_page(request: AuthedRequest, code: str, year: int) -> HttpResponse:
    report = _report(request, code, year)
    status = request.GET.get("status", "")
    status = status if status in STATUS_CHOICES else ""
    order = request.GET.get("urut", "kode")
    order = order if order in CHAIN_ORDERS else "kode"
    rows = chain_view(report, status=status, order=order)
    return render(
        request,
        "budgeting/chain.html",
        {
            **_context(report, "chain"),
            "rows": rows,
            "status": status,
            "order": order,
            "status_choices": STATUS_CHOICES,
        },
    )


@require_GET
@role_required(*READ_ROLES)
def download(request: AuthedRequest, code: str, year: int, fmt: str) -> HttpResponse:
    if fmt not in ("xlsx", "pdf"):
        raise Http404("unknown format")
    report = _report(request, code, year)
    name = f"anggaran-{report.region_code}-{report.year}-{report.stage}.{fmt}"
    if fmt == "xlsx":
        body = exports.report_xlsx(report)
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body = exports.report_pdf(report)
        kind = "application/pdf"
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@require_GET
@role_required(*READ_ROLES)
def alignment_page(request: AuthedRequest, code: str, year: int) -> HttpResponse:
    report = _report(request, code, year)
    spec, legend, level = (
        (None, [], 0) if report.alignment is None else alignment_map(report.alignment)
    )
    return render(
        request,
        "budgeting/alignment.html",
        {
            **_context(report, "alignment"),
            "a": report.alignment,
            "summary": report.narrative,
            "map_spec": spec,
            "legend": legend,
            "map_level": level,
        },
    )
