"""Pages of the microdata files: list, upload, mapping, confirmation, detail, personal export."""

from __future__ import annotations

import os
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sepakat.core.access import get_for_user, role_required
from sepakat.core.errors import UserError
from sepakat.core.features import feature_required
from sepakat.core.roles import Role
from sepakat.datahub import microdata
from sepakat.datahub.forms import ReasonForm
from sepakat.datahub.microdata_forms import (
    MappingForm,
    MicrodataUploadForm,
    PersonalColumnsForm,
    guess_initial,
    initial_from_profile,
)
from sepakat.datahub.models import MicrodataIncomingStatus, MicrodataKind

READ_ROLES: tuple[str, ...] = (
    Role.CENTRAL_ADMIN,
    Role.REGIONAL_ADMIN,
    Role.PLANNER,
    Role.DATA_OPERATOR,
)
MANAGE_ROLES: tuple[str, ...] = (Role.CENTRAL_ADMIN, Role.REGIONAL_ADMIN)


@role_required(*READ_ROLES)
@feature_required("data.microdata")
def microdata_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    pending = []
    if user.role in MANAGE_ROLES:  # type: ignore[union-attr]
        pending = list(
            microdata.incoming_for(user).filter(
                status__in=[MicrodataIncomingStatus.MAPPING, MicrodataIncomingStatus.CHECKED]
            )
        )
    return render(
        request,
        "datahub/microdata_list.html",
        {
            "active_module": "data",
            "files": microdata.files_for(user).order_by("-period", "title"),
            "pending": pending,
            "may_upload": user.role in MANAGE_ROLES,  # type: ignore[union-attr]
        },
    )


@role_required(*MANAGE_ROLES)
@feature_required("data.microdata")
def microdata_upload(request: HttpRequest) -> HttpResponse:
    form = MicrodataUploadForm(request.POST or None, request.FILES or None, user=request.user)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        incoming_file = data["file"]
        try:
            incoming = microdata.microdata_receive(
                user=request.user,  # type: ignore[arg-type]
                region=data["region"],
                kind=data["kind"],
                title=data["title"],
                period=data["period"],
                source=data["source"],
                stream=incoming_file,
                original_name=incoming_file.name,
            )
        except UserError as exc:
            errors = exc.located()
        else:
            return redirect("datahub:microdata_mapping", pk=incoming.pk)
    return render(
        request,
        "datahub/microdata_upload.html",
        {"active_module": "data", "form": form, "errors": errors},
        status=422 if errors else 200,
    )


def _incoming(request: HttpRequest, pk: int) -> Any:
    incoming = get_for_user(microdata.incoming_for(request.user), request.user, pk=pk)
    return incoming


@role_required(*MANAGE_ROLES)
@feature_required("data.microdata")
def microdata_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    incoming = _incoming(request, pk)
    if incoming.status not in (MicrodataIncomingStatus.MAPPING, MicrodataIncomingStatus.CHECKED):
        return redirect("datahub:microdata_list")
    names = microdata.column_names(incoming)
    profiles = microdata.profiles_for(request.user, kind=incoming.kind)
    errors: list[str] = []
    if request.method == "POST":
        form = MappingForm(
            request.POST, columns=incoming.columns, kind=incoming.kind, profiles=profiles
        )
        if form.is_valid():
            try:
                microdata.microdata_map(
                    incoming=incoming,
                    user=request.user,  # type: ignore[arg-type]
                    mapping=form.mapping(),
                    accept_unknown=form.cleaned_data["accept_unknown"],
                    profile=form.cleaned_data["profile"],
                    save_as_profile=form.cleaned_data["save_as_profile"],
                )
            except UserError as exc:
                errors = exc.located()
            else:
                if form.cleaned_data["save_as_profile"]:
                    messages.success(
                        request,
                        _("Pemetaan disimpan sebagai profil %(name)s.")
                        % {"name": form.cleaned_data["save_as_profile"]},
                    )
                return redirect("datahub:microdata_confirm", pk=incoming.pk)
    else:
        initial: dict[str, Any] = dict(incoming.mapping) or guess_initial(names)
        chosen = request.GET.get("profil")
        if chosen and chosen.isdigit():
            profile = profiles.filter(pk=int(chosen)).first()
            if profile is not None:
                initial = initial_from_profile(profile, names)
        form = MappingForm(
            initial=initial, columns=incoming.columns, kind=incoming.kind, profiles=profiles
        )
    return render(
        request,
        "datahub/microdata_mapping.html",
        {
            "active_module": "data",
            "incoming": incoming,
            "form": form,
            "errors": errors,
            "profiles": profiles,
            "role_fields": [form[role] for role in microdata.ROLE_LABELS],
            "is_survey": incoming.kind == MicrodataKind.SURVEY,
        },
        status=422 if errors else 200,
    )


@role_required(*MANAGE_ROLES)
@feature_required("data.microdata")
def microdata_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    incoming = _incoming(request, pk)
    if incoming.status != MicrodataIncomingStatus.CHECKED:
        return redirect("datahub:microdata_mapping", pk=incoming.pk)
    mapped = {c for r, c in incoming.mapping.items() if r in microdata.ROLE_LABELS}
    free = [c for c in microdata.column_names(incoming) if c not in mapped]
    suggested = {s["name"]: s for s in incoming.suggested_personal}
    errors: list[str] = []
    form = PersonalColumnsForm(
        request.POST or None, columns=free, initial={"personal_columns": list(suggested)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            file = microdata.microdata_commit(
                incoming=incoming,
                user=request.user,  # type: ignore[arg-type]
                personal_columns=form.cleaned_data["personal_columns"],
            )
        except UserError as exc:
            errors = exc.located()
        else:
            messages.success(
                request,
                _("Berkas %(title)s didaftarkan: %(rows)s baris.")
                % {"title": file.title, "rows": file.row_count},
            )
            return redirect("datahub:microdata", pk=file.pk)
    return render(
        request,
        "datahub/microdata_confirm.html",
        {
            "active_module": "data",
            "incoming": incoming,
            "form": form,
            "errors": errors,
            "columns": [(c, suggested.get(c)) for c in free],
            "mapping": _mapping_rows(incoming.mapping),
            "coverage": incoming.report.get("coverage", {}),
            "report": incoming.report,
        },
        status=422 if errors else 200,
    )


@role_required(*MANAGE_ROLES)
@require_POST
@feature_required("data.microdata")
def microdata_discard(request: HttpRequest, pk: int) -> HttpResponse:
    incoming = _incoming(request, pk)
    try:
        microdata.microdata_discard(incoming=incoming, user=request.user)  # type: ignore[arg-type]
    except UserError as exc:
        messages.error(request, str(exc))
    else:
        messages.info(request, _("Unggahan mikrodata dibatalkan; berkasnya dihapus."))
    return redirect("datahub:microdata_list")


def _mapping_rows(mapping: dict[str, str]) -> list[tuple[str, str]]:
    return [
        (str(label), mapping[role])
        for role, label in microdata.ROLE_LABELS.items()
        if mapping.get(role)
    ]


@role_required(*READ_ROLES)
@feature_required("data.microdata")
def microdata_detail(request: HttpRequest, pk: int) -> HttpResponse:
    file = get_for_user(microdata.files_for(request.user), request.user, pk=pk)
    manifest = getattr(file, "manifest", None)
    return render(
        request,
        "datahub/microdata_detail.html",
        {
            "active_module": "data",
            "file": file,
            "manifest": manifest,
            # The column as the uploader named it, not the Kemendagri column SEPAKAT added.
            "mapping": _mapping_rows(
                {**file.columns, "region_code": file.columns.get("source_region_code")}
                if file.columns.get("source_region_code")
                else file.columns
            ),
            "code_system": file.columns.get("source_code_system")
            or file.columns.get("code_system", ""),
            "coverage": manifest.coverage if manifest else {},
            "preview": microdata.preview(file),
            "may_export": microdata.may_export_personal(request.user, file),  # type: ignore[arg-type]
            "reason_form": ReasonForm(),
        },
    )


@role_required(*READ_ROLES)
@require_POST
@feature_required("data.microdata")
def microdata_personal_download(request: HttpRequest, pk: int) -> HttpResponse:
    file = get_for_user(microdata.files_for(request.user), request.user, pk=pk)
    if not microdata.may_export_personal(request.user, file):  # type: ignore[arg-type]
        raise PermissionDenied
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("Tuliskan alasan pengunduhan data pribadi; alasan ini dicatat di jejak audit."),
        )
        return redirect("datahub:microdata", pk=file.pk)
    try:
        export = microdata.personal_export(
            file=file,
            user=request.user,  # type: ignore[arg-type]
            reason=form.cleaned_data["reason"],
        )
    except UserError as exc:
        messages.error(request, str(exc))
        return redirect("datahub:microdata", pk=file.pk)
    handle = export.path.open("rb")
    # The open handle keeps the content; the name goes at once so no copy stays on disk.
    os.unlink(export.path)
    response = FileResponse(
        handle, as_attachment=True, filename=export.filename, content_type="text/csv"
    )
    response["Cache-Control"] = "no-store"
    return response  # type: ignore[return-value]
