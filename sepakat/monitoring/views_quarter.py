"""The OPD's quarterly report page: the operator fills and submits, the regional admin
verifies or returns, planners and viewers read. Thin: parse, call a service, show."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sepakat.budgeting.absorption import BENCHMARKS
from sepakat.budgeting.vocabulary import parse_amount
from sepakat.core.access import role_required
from sepakat.core.errors import UserError
from sepakat.core.features import has_feature
from sepakat.core.navigation import CYCLE_READERS
from sepakat.core.roles import Role
from sepakat.monitoring import quarter_rules, quarter_selectors, quarter_services
from sepakat.monitoring.views import _region

READERS = (*CYCLE_READERS, Role.DATA_OPERATOR)


def _entries(
    request: HttpRequest, lines: list[quarter_selectors.QuarterLine]
) -> list[quarter_services.Entry]:
    """The filled lines of the form; a line with both numbers empty is left out, a number
    that is no plain number is refused with the sub kegiatan it belongs to."""
    entries, problems = [], []
    for line in lines:
        pk = line.intervention.pk
        raw_output = request.POST.get(f"output-{pk}", "").strip()
        raw_money = request.POST.get(f"financial-{pk}", "").strip()
        if not raw_output and not raw_money:
            continue
        output: Decimal | None = parse_amount(raw_output or "0")
        money: Decimal | None = parse_amount(raw_money or "0")
        if output is None or money is None:
            problems.append(
                _(
                    "%(code)s: realisasi ditulis sebagai angka biasa tanpa pemisah ribuan "
                    "(mis. 1500000 atau 12,5)."
                )
                % {"code": line.intervention.sub_kegiatan_code}
            )
            continue
        entries.append(
            quarter_services.Entry(
                intervention_id=pk,
                output=output,
                financial=money,
                reason=request.POST.get(f"reason-{pk}", ""),
            )
        )
    if problems:
        raise UserError(problems)
    return entries


@require_http_methods(["GET", "POST"])
@role_required(*READERS)
def quarter(request: HttpRequest, code: str, year: int, quarter: int) -> HttpResponse:
    """The Permendagri 86/2017 evaluation table of one quarter, with its actions."""
    region = _region(request, code)
    if quarter not in quarter_rules.QUARTERS:
        raise Http404
    user = request.user
    lines = quarter_selectors.quarter_lines(region=region, year=year, quarter=quarter)
    may_fill = quarter_services.may_fill(user, region)  # type: ignore[arg-type]
    may_verify = quarter_services.may_verify(user, region)  # type: ignore[arg-type]
    if request.method == "POST":
        action = request.POST.get("action", "")
        if not has_feature(user, "monitoring.edit"):
            raise PermissionDenied
        try:
            if action in ("simpan", "ajukan"):
                if not may_fill:
                    raise PermissionDenied
                quarter_services.quarter_save(
                    actor=user,  # type: ignore[arg-type]
                    region=region,
                    year=year,
                    quarter=quarter,
                    entries=_entries(request, lines),
                    submit=action == "ajukan",
                )
                done = (
                    _("Laporan diajukan untuk verifikasi.")
                    if action == "ajukan"
                    else _("Draf laporan disimpan.")
                )
            elif action in ("verifikasi", "kembalikan"):
                if not may_verify:
                    raise PermissionDenied
                quarter_services.quarter_review(
                    actor=user,  # type: ignore[arg-type]
                    region=region,
                    year=year,
                    quarter=quarter,
                    verify=action == "verifikasi",
                    note=request.POST.get("note", ""),
                )
                done = (
                    _("Laporan diverifikasi.")
                    if action == "verifikasi"
                    else _("Laporan dikembalikan kepada operator data.")
                )
            else:
                raise Http404
        except UserError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return render(
                request,
                "monitoring/quarter.html",
                _context(region, year, quarter, lines, may_fill, may_verify, request.POST),
            )
        messages.success(request, done)
        return redirect("monitoring:quarter", code=region.code, year=year, quarter=quarter)
    return render(
        request,
        "monitoring/quarter.html",
        _context(region, year, quarter, lines, may_fill, may_verify, None),
    )


def _context(
    region: object,
    year: int,
    quarter: int,
    lines: list[quarter_selectors.QuarterLine],
    may_fill: bool,
    may_verify: bool,
    posted: Any,
) -> dict[str, object]:
    status = quarter_selectors.quarter_status(lines)
    form = posted if hasattr(posted, "get") else {}
    rows = []
    for line in lines:
        pk, report = line.intervention.pk, line.report
        rows.append(
            {
                "line": line,
                "output": form.get(f"output-{pk}", report.output.normalize() if report else ""),
                "financial": form.get(
                    f"financial-{pk}", report.financial.normalize() if report else ""
                ),
                "reason": form.get(f"reason-{pk}", report.reason if report else ""),
            }
        )
    return {
        "rows": rows,
        "region": region,
        "year": year,
        "quarter": quarter,
        "quarters": quarter_rules.QUARTERS,
        "lines": lines,
        "status": status,
        "posted": posted,
        "benchmark": int(BENCHMARKS[quarter - 1] * 100),
        "may_fill": may_fill and status in ("draft", "returned"),
        "may_verify": may_verify and status == "submitted",
        "active_module": "monitoring",
    }
