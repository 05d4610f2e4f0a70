"""The pages a planner builds a plan with: create it, the chain (tujuan, sasaran, programme
outcomes), the interventions, and the version's steps (submit, approve or return, new draft).

Thin: every object is found through :func:`~sepakat.core.access.get_for_user` (404 for
another region's), every write goes through a service of :mod:`~sepakat.planning.plans` or
:mod:`~sepakat.planning.plan_edits`, which check role, region and the version's state; a
refused write shows the form again with each reason next to its field, nothing saved.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sepakat.core.access import get_for_user, region_of, role_required
from sepakat.core.http import AuthedRequest
from sepakat.planning import plan_edits, plan_forms, plan_selectors, plans, selectors
from sepakat.planning.codes import GovernmentLevel, NomenclatureKind
from sepakat.planning.models import NomenclatureItem
from sepakat.planning.models_plan import (
    Intervention,
    ObjectiveKind,
    PlanObjective,
    PlanVersion,
    ProgrammeOutcome,
    Strategy,
)

EDIT_ROLES = tuple(plans.EDIT_ROLES)
DECIDE_ROLES = tuple(plans.EDIT_ROLES | plans.APPROVE_ROLES)
SEARCH_LIMIT = 20


def _editable(request: AuthedRequest, pk: int) -> PlanVersion:
    """A version of the user's region they may change; 404 for another region's."""
    version = get_for_user(
        PlanVersion.objects.select_related(
            "plan__region", "plan__priority_set", "plan__nomenclature"
        ),
        request.user,
        pk=pk,
    )
    if not plans.may_edit(request.user, version.plan.region):
        raise PermissionDenied
    return version


def _locked_redirect(request: AuthedRequest, version: PlanVersion) -> HttpResponse:
    messages.error(
        request,
        _("Versi %(v)s sudah %(status)s dan terkunci; buat versi baru untuk mengubahnya.")
        % {"v": version.number, "status": version.get_status_display()},
    )
    return redirect("planning:plan_version", pk=version.pk)


# ---------------------------------------------------------------- the plan


@require_http_methods(["GET", "POST"])
@role_required(*EDIT_ROLES)
def plan_create(request: AuthedRequest) -> HttpResponse:
    """A new plan of the user's own province or kab/kota, from its approved priority set."""
    region = region_of(request.user)
    this_year = timezone.localdate().year
    values = {"tahun_awal": str(this_year + 1), "tahun_akhir": str(this_year + 5)}
    errors: list[str] = []
    if request.method == "POST":
        values = {k: request.POST.get(k, "").strip() for k in values}
        start, end = values["tahun_awal"], values["tahun_akhir"]
        if not (start.isdigit() and end.isdigit()):
            errors.append(
                _("Tulis tahun awal dan tahun akhir periode dengan angka, mis. 2025 dan 2029.")
            )
        else:
            try:
                with_draft = plan_edits.plan_start(
                    actor=request.user, region=region, start_year=int(start), end_year=int(end)
                )
            except ValidationError as exc:
                errors = list(exc.messages)
            else:
                messages.success(
                    request, _("Rencana dibuat. Isi tujuan, sasaran dan intervensinya.")
                )
                return redirect("planning:version_edit", pk=with_draft.pk)
    context = {
        "region": region,
        "priority_set": plans.approved_priority_set(region),
        "values": values,
        "errors": errors,
        "active_module": "planning",
    }
    return render(request, "planning/plan_create.html", context, status=400 if errors else 200)


# ---------------------------------------------------------------- the chain


def _edit_context(request: AuthedRequest, version: PlanVersion) -> dict[str, Any]:
    return {
        "version": version,
        "plan": version.plan,
        "tujuan": plan_selectors.objectives_of(version),
        "interventions": plan_selectors.interventions_of(version),
        "missing": plan_selectors.problems_without_intervention(version),
        "active_module": "planning",
    }


@require_GET
@role_required(*EDIT_ROLES)
def version_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    version = _editable(request, pk)
    if not version.editable:
        return _locked_redirect(request, version)
    return render(request, "planning/version_edit.html", _edit_context(request, version))


def _objective_page(
    request: AuthedRequest,
    version: PlanVersion,
    *,
    kind: str,
    parent: PlanObjective | None,
    values: dict[str, Any],
    errors: dict[str, list[str]],
    objective: PlanObjective | None = None,
    programme: bool = False,
    editing: bool = False,
) -> HttpResponse:
    plan = version.plan
    context = {
        "version": version,
        "plan": plan,
        "kind": kind,
        "parent": parent,
        "objective": objective,
        "programme": programme,
        "editing": editing or objective is not None,
        "values": values,
        "errors": errors,
        "years": [
            (y, f"target_{y}", values.get(f"target_{y}", ""), errors.get(f"target_{y}", []))
            for y in plan.years
        ],
        "general_errors": errors.get(plan_edits.GENERAL, []),
        "programmes": list(
            plan.nomenclature.items.filter(
                kind=NomenclatureKind.PROGRAM,
                level__in=[
                    GovernmentLevel.BOTH,
                    selectors.level_of_region(plan.region) or GovernmentLevel.BOTH,
                ],
            ).order_by("code")
        )
        if programme
        else [],
        "active_module": "planning",
    }
    return render(request, "planning/objective_form.html", context, status=400 if errors else 200)


def _chain_form(
    request: AuthedRequest,
    version: PlanVersion,
    *,
    page: dict[str, Any],
    initial: dict[str, Any],
    write: Callable[[plan_forms.ObjectiveIn], object],
    done: str,
) -> HttpResponse:
    """The form of a tujuan, sasaran or programme outcome: GET shows it, POST writes it
    through ``write`` (a service, which checks and audits) and goes back to the chain, or
    shows the form again with each refusal next to its field and nothing saved."""
    if request.method == "GET":
        return _objective_page(request, version, values=initial, errors={}, **page)
    data = plan_forms.objective_in(request.POST, version.plan)
    try:
        write(data)
    except ValidationError as exc:
        values = request.POST.dict()
        return _objective_page(
            request, version, values=values, errors=plan_forms.errors_of(exc), **page
        )
    messages.success(request, done)
    return redirect(reverse("planning:version_edit", args=[version.pk]) + "#rantai")


@require_http_methods(["GET", "POST"])
@role_required(*EDIT_ROLES)
def objective_new(request: AuthedRequest, pk: int) -> HttpResponse:
    """Add a tujuan, or a sasaran under the tujuan named by ``induk``."""
    version = _editable(request, pk)
    if not version.editable:
        return _locked_redirect(request, version)
    source = request.POST if request.method == "POST" else request.GET
    parent_pk = source.get("induk", "")
    parent = (
        version.objectives.filter(pk=int(parent_pk), kind=ObjectiveKind.TUJUAN).first()
        if parent_pk.isdigit()
        else None
    )
    if parent_pk and parent is None:
        raise Http404
    kind = ObjectiveKind.SASARAN if parent is not None else ObjectiveKind.TUJUAN
    return _chain_form(
        request,
        version,
        page={"kind": kind, "parent": parent},
        initial={"polaritas": "1"},
        write=lambda data: plans.objective_add(
            actor=request.user,
            version=version,
            kind=kind,
            parent=parent,
            statement=data.statement,
            indicator=data.indicator,
            unit=data.unit,
            polarity=data.polarity,
            baseline=plan_edits.parse_baseline(data.baseline_text),
            targets=data.targets,
        ),
        done=_("%(kind)s ditambahkan.") % {"kind": kind.label},
    )


@require_http_methods(["GET", "POST"])
@role_required(*EDIT_ROLES)
def objective_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    objective = get_for_user(
        PlanObjective.objects.select_related("version__plan__region", "parent"), request.user, pk=pk
    )
    version = _editable(request, objective.version_id)
    if not version.editable:
        return _locked_redirect(request, version)
    return _chain_form(
        request,
        version,
        page={
            "kind": ObjectiveKind(objective.kind),
            "parent": objective.parent,
            "objective": objective,
        },
        initial=plan_forms.objective_values(objective),
        write=lambda data: plan_edits.objective_change(
            actor=request.user,
            objective=objective,
            statement=data.statement,
            indicator=data.indicator,
            unit=data.unit,
            polarity=data.polarity,
            baseline=plan_edits.parse_baseline(data.baseline_text),
            targets=data.targets,
        ),
        done=_("Perubahan disimpan."),
    )


@require_POST
@role_required(*EDIT_ROLES)
def objective_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    objective = get_for_user(
        PlanObjective.objects.select_related("version__plan__region"), request.user, pk=pk
    )
    version = _editable(request, objective.version_id)
    try:
        plan_edits.objective_remove(actor=request.user, objective=objective)
        messages.success(request, _("Dihapus."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect(reverse("planning:version_edit", args=[version.pk]) + "#rantai")


@require_http_methods(["GET", "POST"])
@role_required(*EDIT_ROLES)
def outcome_new(request: AuthedRequest, pk: int) -> HttpResponse:
    """The outcome indicator of a programme, under the sasaran named by ``sasaran``."""
    version = _editable(request, pk)
    if not version.editable:
        return _locked_redirect(request, version)
    source = request.POST if request.method == "POST" else request.GET
    sasaran_pk = source.get("sasaran", "")
    sasaran = (
        version.objectives.filter(pk=int(sasaran_pk), kind=ObjectiveKind.SASARAN).first()
        if sasaran_pk.isdigit()
        else None
    )
    if sasaran is None:
        raise Http404
    return _chain_form(
        request,
        version,
        page={"kind": ObjectiveKind.SASARAN, "parent": sasaran, "programme": True},
        initial={"polaritas": "1"},
        write=lambda data: plans.programme_outcome_add(
            actor=request.user,
            version=version,
            sasaran=sasaran,
            programme_code=request.POST.get("kode_program", "").strip(),
            indicator=data.indicator,
            unit=data.unit,
            polarity=data.polarity,
            baseline=plan_edits.parse_baseline(data.baseline_text),
            targets=data.targets,
        ),
        done=_("Outcome program ditambahkan."),
    )


@require_http_methods(["GET", "POST"])
@role_required(*EDIT_ROLES)
def outcome_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    outcome = get_for_user(
        ProgrammeOutcome.objects.select_related("version__plan__region", "sasaran"),
        request.user,
        pk=pk,
    )
    version = _editable(request, outcome.version_id)
    if not version.editable:
        return _locked_redirect(request, version)
    return _chain_form(
        request,
        version,
        page={
            "kind": ObjectiveKind.SASARAN,
            "parent": outcome.sasaran,
            "programme": True,
            "editing": True,
        },
        initial=plan_forms.outcome_values(outcome),
        write=lambda data: plan_edits.programme_outcome_change(
            actor=request.user,
            outcome=outcome,
            programme_code=request.POST.get("kode_program", "").strip(),
            indicator=data.indicator,
            unit=data.unit,
            polarity=data.polarity,
            baseline=plan_edits.parse_baseline(data.baseline_text),
            targets=data.targets,
        ),
        done=_("Perubahan disimpan."),
    )


@require_POST
@role_required(*EDIT_ROLES)
def outcome_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    outcome = get_for_user(
        ProgrammeOutcome.objects.select_related("version__plan__region"), request.user, pk=pk
    )
    version = _editable(request, outcome.version_id)
    try:
        plan_edits.programme_outcome_remove(actor=request.user, outcome=outcome)
        messages.success(request, _("Dihapus."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect(reverse("planning:version_edit", args=[version.pk]) + "#rantai")


# ---------------------------------------------------------------- interventions


def _intervention_page(
    request: AuthedRequest,
    version: PlanVersion,
    *,
    intervention: Intervention | None,
    values: dict[str, Any],
    errors: dict[str, list[str]],
    post: Any = None,
) -> HttpResponse:
    plan = version.plan
    registry_count = plan_selectors.registry_target_group(plan.region)
    context = {
        "version": version,
        "plan": plan,
        "intervention": intervention,
        "values": values,
        "errors": errors,
        "general_errors": errors.get(plan_edits.GENERAL, []),
        "year_rows": plan_forms.year_rows(
            plan, intervention=intervention, post=post, errors=errors
        ),
        "problems": plan_selectors.problem_choices(plan),
        "strategies": Strategy.choices,
        "skpds": plan_selectors.skpd_choices(plan),
        "places": plan_selectors.location_choices(plan),
        "registry_count": registry_count,
        "registry_group": plan_forms.REGISTRY_GROUP,
        "active_module": "planning",
    }
    return render(
        request, "planning/intervention_form.html", context, status=400 if errors else 200
    )


def _save_intervention(
    request: AuthedRequest, version: PlanVersion, intervention: Intervention | None
) -> HttpResponse:
    registry_count = plan_selectors.registry_target_group(version.plan.region)
    try:
        data = plan_forms.intervention_in(request.POST, version.plan, registry_count)
        if intervention is None:
            plan_edits.intervention_add(actor=request.user, version=version, data=data)
        else:
            plan_edits.intervention_change(actor=request.user, intervention=intervention, data=data)
    except ValidationError as exc:
        values: dict[str, Any] = {
            **request.POST.dict(),
            "lokasi": request.POST.getlist("lokasi"),
            "tag_stunting": request.POST.get("tag_stunting") == "1",
        }
        return _intervention_page(
            request,
            version,
            intervention=intervention,
            values=values,
            errors=plan_forms.errors_of(exc),
            post=request.POST,
        )
    messages.success(request, _("Intervensi disimpan."))
    return redirect(reverse("planning:version_edit", args=[version.pk]) + "#intervensi")


@require_http_methods(["GET", "POST"])
@role_required(*EDIT_ROLES)
def intervention_new(request: AuthedRequest, pk: int) -> HttpResponse:
    version = _editable(request, pk)
    if not version.editable:
        return _locked_redirect(request, version)
    if request.method == "POST":
        return _save_intervention(request, version, None)
    return _intervention_page(
        request, version, intervention=None, values=plan_forms.intervention_values(None), errors={}
    )


@require_http_methods(["GET", "POST"])
@role_required(*EDIT_ROLES)
def intervention_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    intervention = get_for_user(
        Intervention.objects.select_related("version__plan__region", "problem", "skpd"),
        request.user,
        pk=pk,
    )
    version = _editable(request, intervention.version_id)
    if not version.editable:
        return _locked_redirect(request, version)
    if request.method == "POST":
        return _save_intervention(request, version, intervention)
    return _intervention_page(
        request,
        version,
        intervention=intervention,
        values=plan_forms.intervention_values(intervention),
        errors={},
    )


@require_POST
@role_required(*EDIT_ROLES)
def intervention_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    intervention = get_for_user(
        Intervention.objects.select_related("version__plan__region", "problem"), request.user, pk=pk
    )
    version = _editable(request, intervention.version_id)
    try:
        plan_edits.intervention_remove(actor=request.user, intervention=intervention)
        messages.success(request, _("Intervensi dihapus."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect(reverse("planning:version_edit", args=[version.pk]) + "#intervensi")


@require_GET
@role_required(*EDIT_ROLES)
def sub_kegiatan_search(request: AuthedRequest, pk: int) -> HttpResponse:
    """Search as you type: sub kegiatan of the plan's nomenclature and level of government."""
    version = _editable(request, pk)
    query = request.GET.get("q", "").strip()
    items: list[NomenclatureItem] = []
    if len(query) >= 2:
        items = list(
            selectors.search_items(
                version.plan.nomenclature,
                query=query,
                level=selectors.level_of_region(version.plan.region),
                kind=NomenclatureKind.SUB_KEGIATAN,
            )[:SEARCH_LIMIT]
        )
    return render(
        request,
        "planning/_sub_kegiatan_results.html",
        {"version": version, "items": items, "q": query, "limit": SEARCH_LIMIT},
    )


@require_GET
@role_required(*EDIT_ROLES)
def sub_kegiatan_pick(request: AuthedRequest, pk: int) -> HttpResponse:
    """The sub kegiatan fields filled from the nomenclature: code, name, indicator, unit."""
    version = _editable(request, pk)
    code = request.GET.get("kode", "").strip()
    item = version.plan.nomenclature.items.filter(
        code=code, kind=NomenclatureKind.SUB_KEGIATAN
    ).first()
    values = {"kode_sub_kegiatan": code}
    if item is not None:
        values.update(
            nama_sub_kegiatan=item.name, indikator_keluaran=item.indicator, satuan=item.unit
        )
    return render(
        request,
        "planning/_sub_kegiatan_fields.html",
        {"version": version, "values": values, "errors": {}},
    )


# ---------------------------------------------------------------- the version's steps


@require_POST
@role_required(*DECIDE_ROLES)
def version_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    version = get_for_user(PlanVersion.objects.select_related("plan__region"), request.user, pk=pk)
    target = version
    try:
        if action == "ajukan":
            plans.version_submit(actor=request.user, version=version)
            messages.success(request, _("Versi diajukan kepada admin daerah untuk disetujui."))
        elif action == "setujui":
            plans.version_approve(actor=request.user, version=version)
            messages.success(
                request, _("Versi disetujui dan dikunci; kini menjadi rencana yang berlaku.")
            )
        elif action == "kembalikan":
            plans.version_return(
                actor=request.user, version=version, reason=request.POST.get("alasan", "")
            )
            messages.success(request, _("Versi dikembalikan kepada perencana."))
        elif action == "versi-baru":
            target = plan_edits.version_new_from(actor=request.user, version=version)
            messages.success(
                request,
                _("Versi %(v)s dibuat dari versi %(from)s; ubah lalu ajukan.")
                % {"v": target.number, "from": version.number},
            )
            return redirect("planning:version_edit", pk=target.pk)
        else:
            raise Http404
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("planning:plan_version", pk=target.pk)
