"""Prioritisasi pages: the ranked list of problems and the priority set. Thin: selectors
read, services write, :mod:`~sepakat.priorities.exports` renders.

Who may do what: the central team, regional admins, planners and viewers read; planners,
regional admins and the central team compute the ranking; planners and regional admins
build and submit a set; regional admins approve or return it (not their own submission).
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sepakat.analysis.selectors import Frame, frame_for
from sepakat.core.access import role_required
from sepakat.core.http import AuthedRequest
from sepakat.core.roles import Role
from sepakat.priorities import exports, ranking, selectors, services
from sepakat.priorities.charts import score_chart
from sepakat.priorities.models import PriorityIndicator, PriorityRun, PrioritySet
from sepakat.priorities.services import ItemIn

READ_ROLES = (Role.CENTRAL_ADMIN, Role.REGIONAL_ADMIN, Role.PLANNER, Role.VIEWER)
COMPUTE_ROLES = tuple(ranking.COMPUTE_ROLES)
EDIT_ROLES = tuple(services.EDIT_ROLES)
APPROVE_ROLES = tuple(services.APPROVE_ROLES)
_CODES = re.compile(r"[\s,;]+")


def _year(request: AuthedRequest, frame: Frame) -> str:
    raw = request.GET.get("tahun") or request.POST.get("tahun") or ""
    if re.fullmatch(r"\d{4}", raw):
        return raw
    years = selectors.run_years(request.user, frame.region)
    if years:
        return years[0]
    file = ranking.person_files(frame.region, "").first()
    return file.period[:4] if file is not None else ""


def _context(request: AuthedRequest, frame: Frame, year: str, tab: str) -> dict[str, Any]:
    return {
        "frame": frame,
        "region": frame.region,
        "year": year,
        "tab": tab,
        "active_module": "priorities",
        "query": urlencode({"wilayah": frame.region.code, "tahun": year}),
        "may_compute": request.user.role in COMPUTE_ROLES,
        "may_edit": services.may_edit(request.user, frame.region),
    }


def _ranking(run: PriorityRun | None, code: str) -> dict[str, Any]:
    if run is None:
        return {"run": None}
    rows = ranking.localise_names(ranking.rows_for(run, code))
    ranked = [r for r in rows if r["rank"] is not None]
    return {
        "run": run,
        "method": ranking.method_of(run),
        "ranked": ranked,
        "unranked": [r for r in rows if r["rank"] is None],
        "sectors": _by_sector(ranked),
        "chart": score_chart(ranked),
        "sensitivity": ranking.localise_names(ranking.sensitivity_for(run, code)),
    }


def _by_sector(rows: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    labels = dict(PriorityIndicator._meta.get_field("sector").flatchoices)
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault(r["sector"], []).append(r)
    return [(str(labels.get(s, s)), g) for s, g in groups.items()]


@require_GET
@role_required(*READ_ROLES)
def ranking_view(request: AuthedRequest) -> HttpResponse:
    frame = frame_for(request.user, request.GET.get("wilayah"))
    year = _year(request, frame)
    run = selectors.latest_run(request.user, frame.region, year) if year else None
    return render(
        request,
        "priorities/ranking.html",
        {
            **_context(request, frame, year, "ranking"),
            **_ranking(run, frame.region.code),
            "years": selectors.run_years(request.user, frame.region),
        },
    )


@require_POST
@role_required(*COMPUTE_ROLES)
def compute(request: AuthedRequest) -> HttpResponse:
    frame = frame_for(request.user, request.POST.get("wilayah"))
    year = request.POST.get("tahun", "")
    try:
        run = ranking.priority_run_compute(user=request.user, region=frame.region, period=year)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Peringkat dihitung dari %(title)s (%(n)s indikator).")
            % {"title": run.file.title, "n": len(run.params.get("indicators", []))},
        )
    query = urlencode({"wilayah": frame.region.code, "tahun": year})
    return redirect(f"{reverse('priorities:ranking')}?{query}")


@require_GET
@role_required(*READ_ROLES)
def set_list(request: AuthedRequest) -> HttpResponse:
    frame = frame_for(request.user, request.GET.get("wilayah"))
    year = _year(request, frame)
    # the ranking a new set would start from: its method is shown here as on every page
    run = selectors.latest_run(request.user, frame.region, year) if year else None
    return render(
        request,
        "priorities/set_list.html",
        {
            **_context(request, frame, year, "sets"),
            "sets": selectors.sets_for(request.user, frame.region).order_by("-period", "-version"),
            "run": run,
            "method": ranking.method_of(run) if run else None,
        },
    )


def _items_from(post: Any, rows: list[dict[str, Any]]) -> list[ItemIn]:
    """The picked problems in the order of their position numbers (then their rank)."""
    picked = [c for c in post.getlist("pilih") if c]
    order = {r["code"]: i for i, r in enumerate(rows)}

    def position(code: str) -> tuple[float, int]:
        raw = (post.get(f"urutan_{code}") or "").strip()
        try:
            return (float(raw.replace(",", ".")), order.get(code, 10_000))
        except ValueError:
            return (float(order.get(code, 10_000) + 1), order.get(code, 10_000))

    return [
        ItemIn(
            code=code,
            reason=post.get(f"alasan_{code}", ""),
            determinants_text=post.get(f"determinan_{code}", ""),
            determinant_codes=tuple(post.getlist(f"det_{code}")),
            locations=tuple(c for c in _CODES.split(post.get(f"lokasi_{code}", "")) if c),
        )
        for code in sorted(dict.fromkeys(picked), key=position)
    ]


@require_http_methods(["GET", "POST"])
@role_required(*EDIT_ROLES)
def set_edit(request: AuthedRequest) -> HttpResponse:
    """Build the set from the ranked list: the latest editable version, or the next one."""
    frame = frame_for(request.user, request.GET.get("wilayah") or request.POST.get("wilayah"))
    if not services.may_edit(request.user, frame.region):
        raise Http404
    year = _year(request, frame)
    run = selectors.latest_run(request.user, frame.region, year) if year else None
    if run is None:
        messages.error(request, _("Hitung peringkat masalah tahun ini terlebih dahulu."))
        return redirect(f"{reverse('priorities:ranking')}?wilayah={frame.region.code}")
    rows = ranking.localise_names(ranking.rows_for(run, frame.region.code))
    current = selectors.latest_version(frame.region, year)
    errors: list[str] = []
    given: dict[str, tuple[int, ItemIn]] = {}
    if request.method == "POST":
        items = _items_from(request.POST, rows)
        try:
            saved = services.priority_set_save(
                user=request.user,
                region=frame.region,
                period=year,
                run=run,
                items=items,
                note=request.POST.get("catatan", ""),
            )
        except ValidationError as exc:
            errors = exc.messages
            given = {i.code: (n, i) for n, i in enumerate(items, start=1)}
        else:
            messages.success(
                request, _("Set prioritas versi %(v)s disimpan.") % {"v": saved.version}
            )
            return redirect("priorities:set", pk=saved.pk)
    elif current is not None:
        for item in selectors.items_of(current):
            given[item.indicator.code] = (
                item.position,
                ItemIn(
                    code=item.indicator.code,
                    reason=item.reason,
                    determinants_text=item.determinants_text,
                    determinant_codes=tuple(d.code for d in item.determinants.all()),
                    locations=tuple(item.locations),
                ),
            )
    if request.method == "GET":
        _take_from_locations(request.GET, rows, given)
    catalogue = {
        p.code: p
        for p in PriorityIndicator.objects.filter(
            code__in=[r["code"] for r in rows]
        ).prefetch_related("determinants")
    }
    form_rows = []
    for n, r in enumerate(rows, start=1):
        position, picked = given.get(r["code"], (n, None))
        indicator = catalogue.get(r["code"])
        form_rows.append(
            {
                **r,
                "picked": picked is not None,
                "position": position,
                "item": picked,
                "determinant_choices": list(indicator.determinants.all()) if indicator else [],
                "locations_text": " ".join(picked.locations) if picked else "",
            }
        )
    return render(
        request,
        "priorities/set_form.html",
        {
            **_context(request, frame, year, "sets"),
            "run": run,
            "method": ranking.method_of(run),
            "rows": form_rows,
            "current": current,
            "errors": errors,
            "note": request.POST.get("catatan", current.note if current else ""),
        },
        status=400 if errors else 200,
    )


def _take_from_locations(
    query: Any, rows: list[dict[str, Any]], given: dict[str, tuple[int, ItemIn]]
) -> None:
    """Arriving from a problem's locations page (``?masalah=CODE&lokasi=a,b``): that problem
    is ticked and the places the planner just saw are added to its locations. Nothing is
    saved here; the codes are checked like any typed ones when the planner saves."""
    code = query.get("masalah", "")
    codes = tuple(c for c in _CODES.split(query.get("lokasi", "")) if c)
    position = next((n for n, r in enumerate(rows, start=1) if r["code"] == code), None)
    if position is None:
        return
    old_position, old = given.get(code, (position, ItemIn(code=code)))
    given[code] = (
        old_position,
        ItemIn(
            code=code,
            reason=old.reason,
            determinants_text=old.determinants_text,
            determinant_codes=old.determinant_codes,
            locations=tuple(dict.fromkeys((*old.locations, *codes))),
        ),
    )


def _set_context(request: AuthedRequest, priority_set: PrioritySet) -> dict[str, Any]:
    frame = frame_for(request.user, priority_set.region.code)
    return {
        **_context(request, frame, priority_set.period, "sets"),
        "set": priority_set,
        "items": selectors.items_of(priority_set),
        "diff": selectors.set_diff(priority_set),
        "method": ranking.method_of(priority_set.run),
        "may_edit_set": priority_set.editable
        and services.may_edit(request.user, priority_set.region),
        "may_approve": priority_set.status == "submitted"
        and services.may_approve(request.user, priority_set),
    }


@require_GET
@role_required(*READ_ROLES)
def set_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    priority_set = selectors.set_for_user(request.user, pk)
    return render(request, "priorities/set_detail.html", _set_context(request, priority_set))


@require_POST
@role_required(*EDIT_ROLES, *APPROVE_ROLES)
def set_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    priority_set = selectors.set_for_user(request.user, pk)
    try:
        if action == "ajukan":
            services.priority_set_submit(user=request.user, priority_set=priority_set)
            messages.success(request, _("Set prioritas diajukan untuk disetujui."))
        elif action == "setujui":
            services.priority_set_approve(user=request.user, priority_set=priority_set)
            messages.success(request, _("Set prioritas disetujui dan dikunci."))
        elif action == "kembalikan":
            services.priority_set_return(
                user=request.user,
                priority_set=priority_set,
                reason=request.POST.get("alasan", ""),
            )
            messages.success(request, _("Set prioritas dikembalikan kepada perencana."))
        else:
            raise Http404
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("priorities:set", pk=priority_set.pk)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _stem(priority_set: PrioritySet) -> str:
    return f"set-prioritas-{priority_set.region.code}-{priority_set.period}-v{priority_set.version}"


@require_GET
@role_required(*READ_ROLES)
def set_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    priority_set = selectors.set_for_user(request.user, pk)
    content = exports.set_pdf(priority_set)
    return _download(content, "application/pdf", f"{_stem(priority_set)}.pdf")


@require_GET
@role_required(*READ_ROLES)
def set_xlsx(request: AuthedRequest, pk: int) -> HttpResponse:
    priority_set = selectors.set_for_user(request.user, pk)
    return _download(
        exports.set_xlsx(priority_set),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"{_stem(priority_set)}.xlsx",
    )
