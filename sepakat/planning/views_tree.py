"""The problem tree pages: one tree per priority problem of a plan version.

Thin: the version (or node) is found for the user (404 for another region's), the
services in :mod:`sepakat.planning.tree` check the role and the lock and write, the
selectors read. An edit sent by HTMX gets the problem's section back (tree and forms), so
the page is not reloaded; a plain form post is redirected back to the page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sepakat.core.access import get_for_user, role_required
from sepakat.planning import plan_selectors, tree, tree_selectors
from sepakat.planning.models_plan import PlanVersion
from sepakat.planning.models_tree import NodeKind, ProblemTreeNode
from sepakat.planning.plans import may_edit
from sepakat.planning.views import READERS
from sepakat.priorities.models import PriorityIndicator

CAUSE_KINDS = [(k, label) for k, label in NodeKind.choices if k != NodeKind.CORE]


def _may_edit(request: HttpRequest, version: PlanVersion) -> bool:
    return version.editable and may_edit(request.user, version.plan.region)  # type: ignore[arg-type]


@require_GET
@role_required(*READERS)
def tree_page(request: HttpRequest, pk: int) -> HttpResponse:
    version = plan_selectors.version_for_user(request.user, pk)
    context = {
        "version": version,
        "plan": version.plan,
        "trees": tree_selectors.problem_trees(version),
        "editable": _may_edit(request, version),
        "cause_kinds": CAUSE_KINDS,
        "active_module": "planning",
    }
    return render(request, "planning/tree.html", context)


def _problem(code: str) -> PriorityIndicator:
    found = PriorityIndicator.objects.filter(code=code).first()
    if found is None:
        raise ValidationError(_("Masalah prioritas '%(code)s' tidak dikenal.") % {"code": code})
    return found


def _node_in(version: PlanVersion, value: str) -> ProblemTreeNode | None:
    if not value.isdigit():
        return None
    return ProblemTreeNode.objects.filter(version=version, pk=int(value)).first()


def _answer(
    request: HttpRequest,
    version: PlanVersion,
    problem: PriorityIndicator,
    *,
    errors: list[str],
    saved: str,
) -> HttpResponse:
    """The problem's section for HTMX; otherwise a message and back to the page."""
    if getattr(request, "htmx", False):
        context: dict[str, Any] = {
            "version": version,
            "tree": tree_selectors.problem_trees(version, problem)[0],
            "editable": _may_edit(request, version),
            "cause_kinds": CAUSE_KINDS,
            "errors": errors,
            "saved": saved,
            # a refused new cause comes back filled in, so nothing typed is lost
            "posted": request.POST if errors and request.POST.get("form") == "tambah" else {},
        }
        return render(request, "planning/_tree_problem.html", context)
    for message in errors:
        messages.error(request, message)
    if saved:
        messages.success(request, saved)
    url = reverse("planning:tree", args=[version.pk])
    return redirect(f"{url}#pohon-{problem.code}")


def _write(
    request: HttpRequest, version: PlanVersion, problem: PriorityIndicator, action: Any, saved: str
) -> HttpResponse:
    try:
        action()
    except ValidationError as exc:
        return _answer(request, version, problem, errors=list(exc.messages), saved="")
    return _answer(request, version, problem, errors=[], saved=saved)


def _require_editor(request: HttpRequest, version: PlanVersion) -> None:
    # Readers of the region (a viewer, a trainer) may open the page but never write; the
    # services check again, this only answers before any form is read.
    if not may_edit(request.user, version.plan.region):  # type: ignore[arg-type]
        raise PermissionDenied


def _posted_problem(request: HttpRequest, pk: int) -> tuple[PlanVersion, PriorityIndicator | None]:
    """The version of a tree form (the region's, for an editor) and the problem it names;
    no problem when the form names none of the set (said in a message)."""
    version = plan_selectors.version_for_user(request.user, pk)
    _require_editor(request, version)
    try:
        return version, _problem(request.POST.get("masalah", ""))
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return version, None


@require_POST
@role_required(*READERS)
def node_add(request: HttpRequest, pk: int) -> HttpResponse:
    version, problem = _posted_problem(request, pk)
    if problem is None:
        return redirect("planning:tree", pk=version.pk)
    post = request.POST
    return _write(
        request,
        version,
        problem,
        lambda: tree.node_add(
            actor=request.user,  # type: ignore[arg-type]
            version=version,
            problem=problem,
            kind=post.get("jenis", ""),
            parent=_node_in(version, post.get("induk", "")),
            statement=post.get("rumusan", ""),
            indicator_code=post.get("indikator", ""),
            evidence=post.get("bukti", ""),
        ),
        _("Simpul ditambahkan."),
    )


@require_POST
@role_required(*READERS)
def offer_add(request: HttpRequest, pk: int) -> HttpResponse:
    version, problem = _posted_problem(request, pk)
    if problem is None:
        return redirect("planning:tree", pk=version.pk)
    post = request.POST
    return _write(
        request,
        version,
        problem,
        lambda: tree.offer_add(
            actor=request.user,  # type: ignore[arg-type]
            version=version,
            problem=problem,
            key=post.get("tawaran", ""),
            parent=_node_in(version, post.get("induk", "")),
        ),
        _("Simpul dari set prioritas ditambahkan."),
    )


@require_POST
@role_required(*READERS)
def node_change(request: HttpRequest, pk: int) -> HttpResponse:
    node = get_for_user(
        ProblemTreeNode.objects.select_related("version__plan__region", "problem"),
        request.user,
        pk=pk,
    )
    _require_editor(request, node.version)
    post = request.POST
    return _write(
        request,
        node.version,
        node.problem,
        lambda: tree.node_change(
            actor=request.user,  # type: ignore[arg-type]
            node=node,
            statement=post.get("rumusan", ""),
            indicator_code=post.get("indikator", ""),
            evidence=post.get("bukti", ""),
        ),
        _("Simpul diubah."),
    )


@require_POST
@role_required(*READERS)
def node_remove(request: HttpRequest, pk: int) -> HttpResponse:
    node = get_for_user(
        ProblemTreeNode.objects.select_related("version__plan__region", "problem"),
        request.user,
        pk=pk,
    )
    _require_editor(request, node.version)
    return _write(
        request,
        node.version,
        node.problem,
        lambda: tree.node_remove(actor=request.user, node=node),  # type: ignore[arg-type]
        _("Simpul dihapus."),
    )
