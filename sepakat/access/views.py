from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sepakat.access import selectors, services, worksheets
from sepakat.access.forms import (
    AccessRequestForm,
    ApproveForm,
    ConsultationForm,
    DeclineForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    ReasonForm,
    RegisteredRequestForm,
    ReviewForm,
    WorksheetTemplateForm,
)
from sepakat.access.models import (
    AccessRequest,
    EmbedKind,
    RequestStatus,
    Worksheet,
    WorksheetTemplate,
)
from sepakat.access.pdf import render_pdf
from sepakat.core.access import get_for_user, role_required
from sepakat.core.clientip import client_ip
from sepakat.core.errors import UserError, user_message
from sepakat.core.features import feature_required, has_feature
from sepakat.core.http import AuthedRequest
from sepakat.core.roles import Role
from sepakat.datahub.models import Indicator

CENTRAL = (Role.CENTRAL_ADMIN,)
REGION_READERS = (Role.REGIONAL_ADMIN, Role.PLANNER, Role.VIEWER)
WORKSHEET_READERS = (Role.CENTRAL_ADMIN, Role.TRAINER, *REGION_READERS)


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _apply_errors(form: Form, error: ValidationError) -> None:
    for field, problems in error.message_dict.items():
        target = field if field in form.fields else None
        for problem in problems:
            form.add_error(target, problem)


# Public ----------------------------------------------------------------------------------

REQUEST_FIELDS = (
    "region",
    "signatory",
    "signatory_name",
    "contact_name",
    "contact_position",
    "contact_email",
    "contact_phone",
    "package",
    "training_model",
    "letter",
    "letter_number",
    "letter_date",
)


def _request_fields(data: dict[str, Any]) -> dict[str, Any]:
    """What a request form (public, or registered by the central team) says of the request."""
    return {name: data[name] for name in REQUEST_FIELDS}


@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest) -> HttpResponse:
    """The public request form: the region, its signatory and contact, the package, the letter."""
    form = AccessRequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            access_request = services.request_submit(
                **_request_fields(data),
                base_url=_base_url(request),
                ip_address=client_ip(request),
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        except UserError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _(
                    "Permohonan diterima. Kami mengirim tautan konfirmasi ke %(email)s: buka "
                    "tautan itu untuk menegaskan bahwa surat ini dikirim oleh daerah Anda."
                )
                % {"email": access_request.contact_email},
            )
            return redirect("access:status", token=access_request.token)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "access/request_form.html",
        {"form": form, "max_mb": services.letter_max_bytes() // 2**20},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, signed: str) -> HttpResponse:
    """The link from the e-mail shows a button; confirming is a POST (mail scanners only GET)."""
    if request.method == "POST":
        try:
            access_request = services.request_confirm_by_link(signed=signed)
        except UserError as exc:
            return render(request, "access/confirm.html", {"problem": str(exc)}, status=400)
        messages.success(request, _("Terima kasih, pengiriman surat telah dikonfirmasi."))
        return redirect("access:status", token=access_request.token)
    return render(request, "access/confirm.html", {"signed": signed})


@require_http_methods(["GET", "POST"])
def status(request: HttpRequest, token: str) -> HttpResponse:
    access_request = selectors.request_by_token(token)
    if request.method == "POST":
        try:
            services.request_resend_confirmation(
                request=access_request, base_url=_base_url(request)
            )
        except UserError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Tautan konfirmasi baru telah dikirim."))
        return redirect("access:status", token=token)
    return render(
        request,
        "access/status.html",
        {"req": access_request, "events": access_request.events.all()},
    )


# Central team ----------------------------------------------------------------------------


@role_required(*CENTRAL)
def queue(request: AuthedRequest) -> HttpResponse:
    current = request.GET.get("status", "")
    if current and current not in RequestStatus.values:
        current = ""
    page = Paginator(selectors.requests_for(request.user, current), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "access/queue.html",
        {
            "page": page,
            "current": current,
            "statuses": RequestStatus.choices,
            "counts": selectors.status_counts(),
            "pending_extensions": selectors.pending_extensions().count(),
            "worksheets_to_review": selectors.worksheets_to_review().count(),
        },
    )


@role_required(*CENTRAL)
def request_register(request: AuthedRequest) -> HttpResponse:
    form = RegisteredRequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            access_request = services.request_submit(
                **_request_fields(data),
                base_url=_base_url(request),
                channel=data["channel"],
                registered_by=request.user,
                confirmed=data["confirmed"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        except UserError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Permohonan dicatat."))
            return redirect("access:request", pk=access_request.pk)
    return render(
        request,
        "access/request_register.html",
        {"form": form, "max_mb": services.letter_max_bytes() // 2**20},
        status=400 if request.method == "POST" else 200,
    )


@role_required(*CENTRAL)
def request_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    access_request = get_for_user(
        AccessRequest.objects.select_related("region"), request.user, pk=pk
    )
    return render(
        request,
        "access/request_detail.html",
        {
            "req": access_request,
            "events": access_request.events.select_related("actor"),
            "consultations": selectors.consultations_of(access_request.region),
            "approve_form": ApproveForm(),
            "decline_form": DeclineForm(),
            "consultation_form": ConsultationForm(initial={"held_on": timezone.localdate()}),
            "confirm_form": ReasonForm(),
        },
    )


@role_required(*CENTRAL)
@require_POST
def request_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    access_request = get_for_user(AccessRequest, request.user, pk=pk)
    try:
        if action == "konfirmasi":
            services.request_record_confirmation(
                request=access_request, by=request.user, note=request.POST.get("reason", "")
            )
        elif action == "telaah":
            services.request_start_review(request=access_request, by=request.user)
        elif action == "setujui":
            form = ApproveForm(request.POST)
            form.is_valid()
            services.request_approve(
                request=access_request,
                by=request.user,
                base_url=_base_url(request),
                response_number=form.cleaned_data.get("response_number", ""),
                conditions=form.cleaned_data.get("conditions", ""),
            )
            messages.success(
                request,
                _("Permohonan disetujui; surat tanggapan dan undangan admin daerah dikirim."),
            )
        elif action == "tolak":
            services.request_decline(
                request=access_request,
                by=request.user,
                reason=request.POST.get("reason", ""),
                response_number=request.POST.get("response_number", ""),
            )
            messages.success(request, _("Permohonan ditolak; surat tanggapan dikirim."))
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, user_message(UserError.from_validation(exc)))
    except UserError as exc:
        messages.error(request, str(exc))
    return redirect("access:request", pk=pk)


@role_required(*CENTRAL)
@require_POST
def consultation_add(request: AuthedRequest, pk: int) -> HttpResponse:
    access_request = get_for_user(
        AccessRequest.objects.select_related("region"), request.user, pk=pk
    )
    form = ConsultationForm(request.POST)
    if form.is_valid():
        try:
            services.consultation_record(
                region=access_request.region, by=request.user, **form.cleaned_data
            )
        except (ValidationError, UserError) as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Konsultasi dicatat."))
    else:
        problems = "; ".join(
            f"{form.fields[f].label}: {' '.join(str(m) for m in e)}" for f, e in form.errors.items()
        )
        messages.error(
            request, _("Konsultasi belum dicatat. %(problems)s") % {"problems": problems}
        )
    return redirect("access:request", pk=pk)


@role_required(*CENTRAL)
def expiring(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "access/expiring.html",
        {"accounts": selectors.expiring_accounts(request.user)},
    )


@role_required(*CENTRAL)
def extensions(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "access/extensions.html",
        {
            "pending": selectors.pending_extensions(),
            "form": ExtensionDecisionForm(),
            "reason_form": ReasonForm(),
        },
    )


@role_required(*CENTRAL)
@require_POST
def extension_decide(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    extension = selectors.extension_for_central(request.user, pk)
    try:
        if action == "setujui":
            extension = services.extension_approve(
                extension=extension, by=request.user, commitment=request.POST.get("commitment", "")
            )
            messages.success(
                request,
                _("Akses %(region)s diperpanjang sampai %(date)s.")
                % {
                    "region": extension.access.region.display_name,
                    "date": extension.new_expires_on,
                },
            )
        elif action == "tolak":
            services.extension_decline(
                extension=extension, by=request.user, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("Perpanjangan ditolak."))
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, user_message(UserError.from_validation(exc)))
    except UserError as exc:
        messages.error(request, str(exc))
    return redirect("access:extensions")


# Letters: the central team and the requesting region only ----------------------------------


def _pdf_response(field_file: object, filename: str) -> FileResponse:
    name = getattr(field_file, "name", "")
    if not name:
        raise Http404
    path = Path(getattr(field_file, "path", ""))
    if not path.is_file():
        raise Http404
    return FileResponse(
        path.open("rb"), content_type="application/pdf", as_attachment=True, filename=filename
    )


# The official correspondence of a region is for the central team and the region's admin
# (TKPKD/Bappeda), not for every account of the region.
LETTER_ROLES = (Role.CENTRAL_ADMIN, Role.REGIONAL_ADMIN)


@role_required(*LETTER_ROLES)
@require_GET
def letter(request: AuthedRequest, pk: int) -> FileResponse:
    access_request = get_for_user(
        AccessRequest.objects.select_related("region"), request.user, pk=pk
    )
    return _pdf_response(access_request.letter, f"surat-{access_request.region.code}.pdf")


@role_required(*LETTER_ROLES)
@require_GET
def response_letter(request: AuthedRequest, pk: int) -> FileResponse:
    access_request = get_for_user(
        AccessRequest.objects.select_related("region"), request.user, pk=pk
    )
    return _pdf_response(
        access_request.response_letter, f"surat-tanggapan-{access_request.region.code}.pdf"
    )


# The region ------------------------------------------------------------------------------


@login_required
def materials(request: AuthedRequest) -> HttpResponse:
    """The region's access and the materials the usage policy lists for it."""
    user = request.user
    access = selectors.region_access(user.region)
    extension_form = None
    if access is not None and access.expires_on and user.role == Role.REGIONAL_ADMIN:
        extension_form = ExtensionRequestForm(
            worksheets=selectors.worksheets_for_extension(user.region)
        )
    return render(
        request,
        "access/materials.html",
        {
            "access": access,
            "groups": selectors.materials_for(user),
            "requests": selectors.requests_for(user) if user.region else [],
            "extensions": selectors.extensions_of(access),
            "extension_form": extension_form,
            "worksheets": selectors.worksheets_for(user)[:10]
            if user.role in REGION_READERS
            else [],
            "may_use_worksheet": has_feature(user, "worksheet") and user.role in WORKSHEET_READERS,
        },
    )


@role_required(Role.REGIONAL_ADMIN)
@require_POST
def extension_new(request: AuthedRequest) -> HttpResponse:
    access = selectors.region_access(request.user.region)
    if access is None:
        raise Http404
    form = ExtensionRequestForm(
        request.POST, worksheets=selectors.worksheets_for_extension(request.user.region)
    )
    if not form.is_valid():
        messages.error(request, _("Pilih lembar kerja dari daftar."))
        return redirect("access:materials")
    try:
        services.extension_request(
            access=access,
            requested_by=request.user,
            worksheet=form.cleaned_data["worksheet"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as exc:
        messages.error(request, user_message(UserError.from_validation(exc)))
    except UserError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Permohonan perpanjangan dikirim kepada tim pusat."))
    return redirect("access:materials")


# Worksheets ------------------------------------------------------------------------------


@role_required(*WORKSHEET_READERS)
@feature_required("worksheet")
def worksheet_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "access/worksheet_list.html",
        {
            "worksheets": selectors.worksheets_for(user),
            "templates": selectors.active_templates(),
            "may_fill": user.role in worksheets.FILLER_ROLES,
            "may_author": user.role in worksheets.AUTHOR_ROLES,
            "to_review": selectors.worksheets_to_review()
            if user.role in worksheets.REVIEWER_ROLES
            else [],
        },
    )


@role_required(*CENTRAL)
def worksheet_template_new(request: AuthedRequest) -> HttpResponse:
    form = WorksheetTemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            worksheets.worksheet_template_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        except UserError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Templat lembar kerja disimpan."))
            return redirect("access:worksheets")
    return render(request, "access/worksheet_template_form.html", {"form": form})


@role_required(Role.REGIONAL_ADMIN, Role.PLANNER)
@feature_required("worksheet")
@require_POST
def worksheet_start(request: AuthedRequest, template_pk: int) -> HttpResponse:
    template = get_object_or_404(WorksheetTemplate, pk=template_pk, is_active=True)
    try:
        worksheet = worksheets.worksheet_start(template=template, by=request.user)
    except UserError as exc:
        messages.error(request, str(exc))
        return redirect("access:worksheets")
    return redirect("access:worksheet", pk=worksheet.pk)


def _answers_from_post(
    request: AuthedRequest, worksheet: Worksheet
) -> dict[int, worksheets.AnswerInput]:
    allowed = {i.pk: i for i in selectors.embeddable_indicators(worksheet.region)}
    answers: dict[int, worksheets.AnswerInput] = {}
    for section in selectors.worksheet_content(worksheet):
        for row in section.questions:
            qid = row.question.pk
            raw_indicator = request.POST.get(f"q{qid}-indicator", "")
            indicator: Indicator | None = None
            if raw_indicator:
                indicator = allowed.get(int(raw_indicator)) if raw_indicator.isdigit() else None
                if indicator is None:
                    raise UserError(
                        _(
                            "Indikator yang dipilih tidak memiliki nilai terverifikasi di wilayah Anda."
                        )
                    )
            embed = request.POST.get(f"q{qid}-embed", "")
            answers[qid] = worksheets.AnswerInput(
                text=request.POST.get(f"q{qid}-text", ""),
                indicator=indicator,
                embed=embed if embed in EmbedKind.values else "",
            )
    return answers


@role_required(*WORKSHEET_READERS)
@feature_required("worksheet")
def worksheet_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    worksheet = get_for_user(
        Worksheet.objects.select_related("template", "region"), request.user, pk=pk
    )
    user = request.user
    may_fill = user.role in worksheets.FILLER_ROLES and user.region_id == worksheet.region_id
    if request.method == "POST":
        if not may_fill:
            raise PermissionDenied
        try:
            with transaction.atomic():
                worksheets.worksheet_save(
                    worksheet=worksheet, by=user, answers=_answers_from_post(request, worksheet)
                )
                if "submit" in request.POST:
                    worksheets.worksheet_submit(worksheet=worksheet, by=user)
        except UserError as exc:
            messages.error(request, str(exc))
        except ValidationError as exc:
            messages.error(request, user_message(UserError.from_validation(exc)))
        else:
            if "submit" in request.POST:
                messages.success(request, _("Lembar kerja diajukan untuk ditelaah."))
            else:
                messages.success(request, _("Draf disimpan."))
        return redirect("access:worksheet", pk=pk)
    worksheet.refresh_from_db()
    return render(
        request,
        "access/worksheet_detail.html",
        {
            "ws": worksheet,
            "content": selectors.worksheet_content(worksheet),
            "editable": may_fill and worksheet.is_editable,
            "may_review": user.role in worksheets.REVIEWER_ROLES
            and worksheet.status == "submitted",
            "indicators": selectors.embeddable_indicators(worksheet.region)
            if may_fill and worksheet.is_editable
            else [],
            "embed_kinds": [(k, label) for k, label in EmbedKind.choices if k],
            "review_form": ReviewForm(),
        },
    )


@role_required(Role.CENTRAL_ADMIN, Role.TRAINER)
@require_POST
def worksheet_review(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    worksheet = get_for_user(Worksheet, request.user, pk=pk)
    if action not in ("terima", "kembalikan"):
        raise Http404
    try:
        worksheets.worksheet_review(
            worksheet=worksheet,
            by=request.user,
            accept=action == "terima",
            comment=request.POST.get("comment", ""),
        )
    except ValidationError as exc:
        messages.error(request, user_message(UserError.from_validation(exc)))
    except UserError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Lembar kerja diterima.") if action == "terima" else _("Lembar kerja dikembalikan."),
        )
    return redirect("access:worksheet", pk=pk)


@role_required(*WORKSHEET_READERS)
@feature_required("worksheet")
@require_GET
def worksheet_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    worksheet = get_for_user(
        Worksheet.objects.select_related("template", "region", "created_by"), request.user, pk=pk
    )
    pdf = render_pdf(
        "access/letters/worksheet.html",
        {
            "ws": worksheet,
            "content": selectors.worksheet_content(worksheet),
            "today": timezone.localdate(),
            "support_contact": settings.SEPAKAT_SUPPORT_CONTACT,
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="lembar-kerja-{worksheet.region.code}-{worksheet.pk}.pdf"'
    )
    return response
