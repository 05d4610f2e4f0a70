"""The Penganggaran report over the machine API (django-ninja).

``GET /api/v1/anggaran/{region_code}/{year}?tahap=murni``: the same report as the page
(:func:`sepakat.budgeting.report.build_report`), for one region, year and stage (the
page's default stage when ``tahap`` is left out or is not a stage the region has). Same
token, JSON errors and OpenAPI page as the data hub, the priority set and the plan;
region scoped like the pages: another region, or a year without budget lines, is a 404.
Rupiah are JSON numbers (two decimals at most), shares are fractions (0.25, not 25 %),
codes are strings; a realisation nobody reported is ``null``, not 0.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Router, Schema

from sepakat.accounts.models import User
from sepakat.budgeting.report import BreakdownRow, BudgetReport, report_for
from sepakat.budgeting.views import READ_ROLES

router = Router(tags=["anggaran"])


class BreakdownOut(Schema):
    key: str
    name: str
    amount: float
    poverty: float
    share_of_total: float | None
    poverty_share: float | None
    realisation: float | None
    realisation_rate: float | None


class TrendOut(Schema):
    year: int
    stage: str
    fallback: bool
    amount: float
    poverty: float
    poverty_share: float | None


class ComparisonOut(Schema):
    region: str
    region_name: str
    itself: bool
    amount: float
    poverty: float
    poverty_share: float | None


class ChainOut(Schema):
    sub_kegiatan_code: str
    sub_kegiatan_name: str
    amounts: dict[str, float | None]  # stage -> amount (null: no line at that stage)
    statuses: dict[str, str]  # stage -> new/unchanged/cut/raised/dropped
    status: str
    previous: float | None
    amount: float | None
    change: float | None
    change_rate: float | None
    realisation: float | None
    realisation_rate: float | None


class AlignmentOut(Schema):
    problem_code: str
    problem_name: str
    planned: float | None  # null: the plan gives no indicative budget for the year
    budgeted: float
    gap: float | None
    lines: int
    without_budget: bool


class ReportOut(Schema):
    region: str
    region_name: str
    year: int
    stage: str
    stages: list[str]
    lines: int
    poverty_lines: int
    total: float
    poverty: float
    poverty_share: float | None
    realisation: float | None
    realisation_rate: float | None
    poverty_realisation: float | None
    poverty_realisation_rate: float | None
    by_tag: list[BreakdownOut]
    by_strategy: list[BreakdownOut]
    by_bidang_urusan: list[BreakdownOut]
    by_skpd: list[BreakdownOut]
    by_fund_source: list[BreakdownOut]
    by_problem: list[BreakdownOut]
    trend: list[TrendOut]
    comparison: list[ComparisonOut]
    chain: list[ChainOut]
    alignment: list[AlignmentOut]
    unserved: float | None  # tagged spending serving no priority problem
    summary: list[str]


class Message(Schema):
    message: str


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


def _rows(rows: list[BreakdownRow]) -> list[dict[str, Any]]:
    return [
        {
            "key": r.key,
            "name": r.name,
            "amount": float(r.amount),
            "poverty": float(r.poverty),
            "share_of_total": _num(r.share_of_total),
            "poverty_share": _num(r.poverty_share),
            "realisation": _num(r.realisation),
            "realisation_rate": _num(r.realisation_rate),
        }
        for r in rows
    ]


def report_json(report: BudgetReport) -> dict[str, Any]:
    stages = report.chain_stages
    return {
        "region": report.region_code,
        "region_name": report.region_name,
        "year": report.year,
        "stage": report.stage,
        "stages": report.stages,
        "lines": report.lines,
        "poverty_lines": report.poverty_lines,
        "total": float(report.total),
        "poverty": float(report.poverty),
        "poverty_share": _num(report.poverty_share),
        "realisation": _num(report.realisation),
        "realisation_rate": _num(report.realisation_rate),
        "poverty_realisation": _num(report.poverty_realisation),
        "poverty_realisation_rate": _num(report.poverty_realisation_rate),
        "by_tag": _rows(report.by_tag),
        "by_strategy": _rows(report.by_strategy),
        "by_bidang_urusan": _rows(report.by_bidang),
        "by_skpd": _rows(report.by_skpd),
        "by_fund_source": _rows(report.by_fund),
        "by_problem": _rows(report.by_problem),
        "trend": [
            {
                "year": t.year,
                "stage": t.stage,
                "fallback": t.fallback,
                "amount": float(t.amount),
                "poverty": float(t.poverty),
                "poverty_share": _num(t.poverty_share),
            }
            for t in report.trend
        ],
        "comparison": [
            {
                "region": c.region_code,
                "region_name": c.region_name,
                "itself": c.itself,
                "amount": float(c.amount),
                "poverty": float(c.poverty),
                "poverty_share": _num(c.poverty_share),
            }
            for c in report.comparison
        ],
        "chain": [
            {
                "sub_kegiatan_code": c.code,
                "sub_kegiatan_name": c.name,
                "amounts": {s: _num(a) for s, a in zip(stages, c.amounts, strict=True)},
                "statuses": {s: st for s, st in zip(stages, c.statuses, strict=True) if st},
                "status": c.status,
                "previous": _num(c.previous),
                "amount": _num(c.current),
                "change": _num(c.change),
                "change_rate": _num(c.change_rate),
                "realisation": _num(c.realisation),
                "realisation_rate": _num(c.realisation_rate),
            }
            for c in report.chain
        ],
        "alignment": [
            {
                "problem_code": r.code,
                "problem_name": r.name,
                "planned": _num(r.planned),
                "budgeted": float(r.budgeted),
                "gap": _num(r.gap),
                "lines": r.lines,
                "without_budget": r.without_budget,
            }
            for r in (report.alignment.rows if report.alignment else [])
        ],
        "unserved": _num(report.alignment.unserved) if report.alignment else None,
        "summary": report.narrative,
    }


@router.get(
    "/v1/anggaran/{region_code}/{year}",
    response={200: ReportOut, 403: Message, 404: Message},
)
def budget_report(
    request: HttpRequest, region_code: str, year: int, tahap: str = ""
) -> dict[str, Any]:
    """The Penganggaran report of a region's year at one stage (``tahap``)."""
    user: User = request.auth  # type: ignore[attr-defined]
    if user.role not in READ_ROLES:
        raise PermissionDenied
    report = report_for(user, region_code.strip(), year, tahap or None)
    if report.empty:
        raise Http404(
            _("Belum ada baris anggaran %(code)s tahun %(year)s.")
            % {"code": report.region_code, "year": year}
        )
    return report_json(report)


def register(api: NinjaAPI) -> None:
    """Add the router once (URL modules can be imported again in tests)."""
    if not getattr(api, "_sepakat_budgeting", False):
        api.add_router("", router)
        api._sepakat_budgeting = True  # type: ignore[attr-defined]
