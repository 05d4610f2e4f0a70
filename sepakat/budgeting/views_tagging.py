"""The tagging page: a year's budget lines, filtered and paginated, with the plan's
suggestions as a diff and bulk changes on chosen lines or on every line of the filter.

Thin: the region is found through :func:`~sepakat.core.access.get_for_user` (404 for a
region the user may not see), reads go through :mod:`~sepakat.budgeting.tagging_selectors`
and every write through :mod:`~sepakat.budgeting.tagging`, which checks the actor, writes
in one transaction and leaves the audit row. Every reader of the cycle sees the page; only
a planner or regional admin of the region (or of its province) whose package has
``budgeting.edit`` sees the forms, and only they may post.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sepakat.budgeting import tagging, tagging_selectors
from sepakat.budgeting.budget_import import IMPORT_ROLES, may_import
from sepakat.budgeting.models import ApbdLine
from sepakat.budgeting.vocabulary import TAGS
from sepakat.core.access import get_for_user, role_required
from sepakat.core.errors import UserError
from sepakat.core.features import feature_locked_response, has_feature
from sepakat.core.navigation import CYCLE_READERS
from sepakat.regions.models import Level, Region

PAGE_SIZE = 50
# How many suggested changes the diff lists; "terapkan semua" still applies every one.
SUGGESTIONS_SHOWN = 200
FEATURE = "budgeting.edit"
# The mark field: "" leaves each line's mark as it is, "kosong" clears it.
MARKS = {"": None, "langsung": "langsung", "penunjang": "penunjang", "kosong": ""}


def _region(request: HttpRequest, code: str) -> Region:
    return get_for_user(
        Region.objects.filter(level__in=[Level.PROVINCE, Level.REGENCY]), request.user, code=code
    )


def _may_edit(request: HttpRequest, region: Region) -> bool:
    user: Any = request.user
    return may_import(user, region) and has_feature(user, FEATURE)


def _back(code: str, year: int, data: QueryDict) -> HttpResponse:
    """The page again, on the filter and page the form was sent from."""
    line_filter = tagging_selectors.filter_from(data, year)
    query = line_filter.as_query()
    page = str(data.get("page", "")).strip()
    if page.isdigit():
        query["page"] = page
    url = reverse("budgeting:tagging", args=[code, year])
    return redirect(url + ("?" + urlencode(query) if query else ""))


@require_GET
@role_required(*CYCLE_READERS)
def tagging_page(request: HttpRequest, code: str, year: int) -> HttpResponse:
    region = _region(request, code)
    line_filter = tagging_selectors.filter_from(request.GET, year)
    lines = tagging_selectors.matching_lines(region, line_filter)
    page = Paginator(lines, PAGE_SIZE).get_page(request.GET.get("page"))
    suggestions = [s for s in tagging.suggest_tags(region, year) if s.changes]
    if line_filter.stage:
        suggestions = [s for s in suggestions if s.stage == line_filter.stage]
    shown = suggestions[:SUGGESTIONS_SHOWN]
    current = ApbdLine.objects.in_bulk([s.line_id for s in shown])
    problems = tagging.linkable_problems(region, year)
    context = {
        "region": region,
        "year": year,
        "years": tagging_selectors.years_of(region),
        "filter": line_filter,
        "filter_query": urlencode(line_filter.as_query()),
        "choices": tagging_selectors.filter_choices(region, year),
        "tags": TAGS,
        "untagged": tagging_selectors.UNTAGGED,
        "page": page,
        "counts": tagging_selectors.counts(region, line_filter),
        "suggestion_count": len(suggestions),
        "suggestions": [(s, current[s.line_id]) for s in shown if s.line_id in current],
        "problems": problems,
        "has_plan": tagging.plan_in_force(region, year) is not None,
        "may_edit": _may_edit(request, region),
        "active_module": "budgeting",
    }
    return render(request, "budgeting/tagging.html", context)


def _writable(request: HttpRequest, code: str) -> Region | HttpResponseBase:
    """The region, when the user may change its tags; else the 404/403 to answer."""
    region = _region(request, code)
    if not may_import(request.user, region):  # type: ignore[arg-type]
        raise PermissionDenied
    if not has_feature(request.user, FEATURE):
        return feature_locked_response(request, FEATURE)
    return region


def _show_errors(request: HttpRequest, exc: Exception) -> None:
    for message in getattr(exc, "messages", [str(exc)]):
        messages.error(request, message)


@require_POST
@role_required(*IMPORT_ROLES)
def tagging_bulk(request: HttpRequest, code: str, year: int) -> HttpResponseBase:
    """Add/remove tag words, set the mark, link a problem: on the ticked lines, or on every
    line of the filter the form carries (``cakupan=filter``)."""
    region = _writable(request, code)
    if not isinstance(region, Region):
        return region
    data = request.POST
    mark = str(data.get("sifat", ""))
    if mark not in MARKS:
        messages.error(request, _("Pilihan sifat tidak dikenal; pilih dari daftar."))
        return _back(code, year, data)
    change: dict[str, Any] = {
        "add": data.getlist("tambah"),
        "remove": data.getlist("hapus"),
        "service": MARKS[mark],
        "problem": str(data.get("masalah", "")).strip(),
    }
    try:
        if data.get("cakupan") == "filter":
            line_filter = tagging_selectors.filter_from(data, year)
            result = tagging.lines_tag_matching(
                actor=request.user,  # type: ignore[arg-type]
                region=region,
                line_filter=line_filter,
                **change,
            )
            matched, changed = result.matched, result.changed
        else:
            ids = [int(v) for v in data.getlist("baris") if v.isdigit()]
            if not (change["add"] or change["remove"] or mark or change["problem"]):
                raise UserError(
                    _(
                        "Tidak ada perubahan yang diminta. Pilih tag yang ditambah atau "
                        "dihapus, sifat langsung/penunjang, atau masalah prioritas."
                    )
                )
            # Ticked lines of another year are refused as lines of another region are.
            same_year = ApbdLine.objects.filter(region=region, year=year, pk__in=ids)
            stray = sorted(set(ids) - set(same_year.values_list("pk", flat=True)))
            if stray:
                raise UserError(
                    _(
                        "Baris anggaran %(ids)s tidak ada di anggaran %(region)s tahun "
                        "%(year)s. Muat ulang daftar baris, pilih lagi, lalu simpan."
                    )
                    % {
                        "ids": ", ".join(str(i) for i in stray[:10]),
                        "region": region.display_name,
                        "year": year,
                    }
                )
            matched = len(ids)
            changed = tagging.lines_tag(
                actor=request.user,  # type: ignore[arg-type]
                region=region,
                line_ids=ids,
                **change,
            )
    except (ValidationError, UserError) as exc:
        _show_errors(request, exc)
        return _back(code, year, data)
    messages.success(
        request,
        _("%(changed)d dari %(matched)d baris terpilih berubah; sisanya sudah sesuai.")
        % {"changed": changed, "matched": matched},
    )
    return _back(code, year, data)


@require_POST
@role_required(*IMPORT_ROLES)
def tagging_suggestions(request: HttpRequest, code: str, year: int) -> HttpResponseBase:
    """Apply the plan's suggestions: all of the year (``terapkan=semua``) or the ticked."""
    region = _writable(request, code)
    if not isinstance(region, Region):
        return region
    data = request.POST
    chosen: list[int] | None = None
    if data.get("terapkan") != "semua":
        chosen = [int(v) for v in data.getlist("saran") if v.isdigit()]
        if not chosen:
            messages.error(
                request,
                _("Belum ada saran yang dipilih. Centang baris di daftar saran, lalu terapkan."),
            )
            return _back(code, year, data)
    try:
        count = tagging.suggestions_apply(
            actor=request.user,  # type: ignore[arg-type]
            region=region,
            year=year,
            line_ids=chosen,
        )
    except ValidationError as exc:
        _show_errors(request, exc)
        return _back(code, year, data)
    messages.success(
        request,
        _("Saran rencana diterapkan pada %(count)d baris anggaran tahun %(year)s.")
        % {"count": count, "year": year},
    )
    return _back(code, year, data)
