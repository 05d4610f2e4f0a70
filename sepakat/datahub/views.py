from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from sepakat.core.access import get_for_user, region_of, role_required
from sepakat.core.errors import UserError
from sepakat.core.features import feature_required, has_feature
from sepakat.core.http import AuthedRequest
from sepakat.core.roles import Role
from sepakat.datahub import selectors, verification
from sepakat.datahub.budget_template import build_budget_template
from sepakat.datahub.catalogue import indicator_create, indicator_update, may_edit
from sepakat.datahub.forms import IndicatorForm, ReasonForm, UploadForm
from sepakat.datahub.models import (
    TEMPLATE_KINDS,
    Area,
    Dataset,
    DatasetKind,
    Submission,
    SubmissionStatus,
    UploadStatus,
)
from sepakat.datahub.templatetags.sepakat_review import is_large_change
from sepakat.datahub.uploads import commit_upload, discard_upload, receive_upload
from sepakat.datahub.xlsx_template import build_template, default_year
from sepakat.regions.models import Region

DATA_ROLES = (Role.CENTRAL_ADMIN, Role.REGIONAL_ADMIN, Role.PLANNER, Role.DATA_OPERATOR)
UPLOAD_ROLES = (Role.CENTRAL_ADMIN, Role.REGIONAL_ADMIN, Role.DATA_OPERATOR)
REVIEW_ROLES = (Role.CENTRAL_ADMIN, Role.REGIONAL_ADMIN)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@role_required(*DATA_ROLES)
def index(request: AuthedRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "datahub/index.html",
        {
            "active_module": "data",
            "readiness": selectors.readiness_for_region(region_of(user)),
            # Only what this account may open is linked from the page.
            "can_upload": user.role in UPLOAD_ROLES and has_feature(user, "data.upload"),
            "can_download_templates": has_feature(user, "data.upload"),
            "can_verify": user.role in REVIEW_ROLES and has_feature(user, "data.verify"),
            "can_microdata": has_feature(user, "data.microdata"),
            "can_api": has_feature(user, "data.api"),
            "datasets": Dataset.objects.filter(kind="indicators"),
            "uploads": selectors.uploads_for(user).filter(uploaded_by=user)[:10],
            "my_submissions": selectors.submissions_for(user).filter(created_by=user)[:10],
            "pending": selectors.pending_review(user)[:20] if user.role in REVIEW_ROLES else [],
        },
    )


@login_required
def catalogue(request: AuthedRequest) -> HttpResponse:
    indicators = selectors.indicators_for(request.user).annotate(n_values=Count("observations"))
    area = request.GET.get("bidang", "")
    if area in Area.values:
        indicators = indicators.filter(area=area)
    return render(
        request,
        "datahub/catalogue.html",
        {"active_module": "data", "indicators": indicators, "areas": Area.choices, "area": area},
    )


@login_required
def indicator_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(selectors.indicators_for(request.user), pk=pk)
    values = (
        selectors.verified_observations(request.user)
        .filter(indicator=indicator)
        .select_related("region")
        .order_by("region__code", "period")
    )
    page = Paginator(values, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "datahub/indicator_detail.html",
        {
            "active_module": "data",
            "indicator": indicator,
            "page": page,
            "may_edit": may_edit(request.user, indicator),
        },
    )


@role_required(Role.CENTRAL_ADMIN, Role.REGIONAL_ADMIN)
@feature_required("data.upload")
def indicator_new(request: AuthedRequest) -> HttpResponse:
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            indicator = indicator_create(user=request.user, **form.cleaned_data)
        except UserError as exc:
            form.add_error("code", str(exc))
        else:
            messages.success(
                request, _("Indikator %(code)s ditambahkan.") % {"code": indicator.code}
            )
            return redirect("datahub:indicator", pk=indicator.pk)
    return render(request, "datahub/indicator_form.html", {"active_module": "data", "form": form})


@role_required(Role.CENTRAL_ADMIN, Role.REGIONAL_ADMIN)
@feature_required("data.upload")
def indicator_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(selectors.indicators_for(request.user), pk=pk)
    if not may_edit(request.user, indicator):
        raise PermissionDenied
    form = IndicatorForm(request.POST or None, instance=indicator)
    form.fields["code"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            indicator_update(user=request.user, indicator=indicator, **form.cleaned_data)
        except UserError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("Indikator %(code)s diperbarui.") % {"code": indicator.code}
            )
            return redirect("datahub:indicator", pk=indicator.pk)
    return render(
        request,
        "datahub/indicator_form.html",
        {"active_module": "data", "form": form, "indicator": indicator},
    )


def _template_response(dataset: Dataset, region: Region | None, rows: list[Region]) -> HttpResponse:
    if dataset.kind == DatasetKind.BUDGET:
        # Budgets are planned for the coming year and realised for the past one; the
        # template starts on this year, the planners change it row by row.
        content = build_budget_template(
            dataset=dataset, region=region, year=timezone.localdate().year
        )
    else:
        content = build_template(dataset=dataset, region=region, rows=rows, year=default_year())
    suffix = region.code.replace(".", "") if region else "kosong"
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="templat-{slugify(dataset.code)}-{suffix}.xlsx"'
    )
    return response


@role_required(*DATA_ROLES)
@feature_required("data.upload")
def template_download(request: AuthedRequest, code: str) -> HttpResponse:
    dataset = get_object_or_404(Dataset, code=code, kind__in=TEMPLATE_KINDS)
    region = region_of(request.user)
    rows = list(Region.objects.within(region).filter(level=dataset.row_level).order_by("code"))
    return _template_response(dataset, region, rows)


@require_GET
def template_blank(request: HttpRequest, code: str) -> HttpResponse:
    """Public: the blank template, linked from the home page."""
    dataset = get_object_or_404(Dataset, code=code, kind__in=TEMPLATE_KINDS)
    return _template_response(dataset, None, [])


@role_required(*UPLOAD_ROLES)
@feature_required("data.upload")
def upload_new(request: AuthedRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        incoming = form.cleaned_data["file"]
        try:
            with transaction.atomic():
                received = receive_upload(
                    user=request.user,
                    dataset=form.cleaned_data["dataset"],
                    region=region_of(request.user),
                    stream=incoming,
                    original_name=incoming.name,
                )
        except UserError as exc:
            form.add_error("file", str(exc))
        else:
            if received.upload is None:
                return render(
                    request,
                    "datahub/upload_form.html",
                    {
                        "active_module": "data",
                        "form": form,
                        "errors": received.errors,
                        "error_count": received.error_count,
                        "file_name": incoming.name,
                    },
                )
            if received.duplicate_of is not None:
                messages.info(
                    request,
                    _(
                        "Berkas yang sama persis sudah diunggah dan disimpan pada %(date)s. Tidak "
                        "ada yang berubah."
                    )
                    % {"date": received.duplicate_of.created_at.strftime("%d-%m-%Y %H:%M")},
                )
            return redirect("datahub:upload", pk=received.upload.pk)
    return render(request, "datahub/upload_form.html", {"active_module": "data", "form": form})


@role_required(*UPLOAD_ROLES)
@feature_required("data.upload")
def upload_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    upload = get_for_user(selectors.uploads_for(request.user), request.user, pk=pk)
    template = "datahub/upload_detail.html"
    if request.htmx and upload.status in (UploadStatus.QUEUED, UploadStatus.PARSING):
        template = "datahub/_upload_progress.html"
    elif request.htmx:
        # Reading finished: the whole page is needed, so HTMX reloads it.
        response = HttpResponse()
        response["HX-Refresh"] = "true"
        return response
    return render(request, template, {"active_module": "data", "upload": upload})


@role_required(*UPLOAD_ROLES)
@require_POST
@feature_required("data.upload")
def upload_commit(request: AuthedRequest, pk: int) -> HttpResponse:
    upload = get_for_user(selectors.uploads_for(request.user), request.user, pk=pk)
    if upload.uploaded_by_id != request.user.pk:
        raise PermissionDenied
    try:
        submission = commit_upload(upload=upload, user=request.user)
    except UserError as exc:
        messages.error(request, str(exc))
        return redirect("datahub:upload", pk=upload.pk)
    messages.success(
        request, _("Nilai disimpan sebagai draf. Periksa lalu ajukan untuk verifikasi.")
    )
    return redirect("datahub:submission", pk=submission.pk)


@role_required(*UPLOAD_ROLES)
@require_POST
@feature_required("data.upload")
def upload_discard(request: AuthedRequest, pk: int) -> HttpResponse:
    upload = get_for_user(selectors.uploads_for(request.user), request.user, pk=pk)
    try:
        discard_upload(upload=upload, user=request.user)
    except UserError as exc:
        messages.error(request, str(exc))
    return redirect("datahub:index")


@role_required(*UPLOAD_ROLES)
@feature_required("data.upload")
def upload_file(request: AuthedRequest, pk: int) -> FileResponse:
    upload = get_for_user(selectors.uploads_for(request.user), request.user, pk=pk)
    path = Path(settings.MEDIA_ROOT) / upload.stored_path
    if not path.exists():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=upload.original_name)


@role_required(*DATA_ROLES)
def submission_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    submission = get_for_user(selectors.submissions_for(request.user), request.user, pk=pk)
    values = submission.values.select_related("indicator", "region").order_by(
        "region__code", "indicator__code", "period"
    )
    page: Page[Any] = Paginator(values, 200).get_page(request.GET.get("page"))
    budget_page = None
    if submission.dataset.kind == DatasetKind.BUDGET:
        page = budget_page = Paginator(submission.budget_lines.all(), 200).get_page(
            request.GET.get("page")
        )
    return render(
        request,
        "datahub/submission_detail.html",
        {
            "active_module": "data",
            "submission": submission,
            "page": page,
            "may_review": verification.may_review(request.user, submission),
            "is_owner": submission.created_by_id == request.user.pk,
            "reason_form": ReasonForm(),
            "budget_page": budget_page,
            "large_changes": sum(1 for v in values if is_large_change(v)),
            # Survey estimates carry standard errors: show them, and their CV flags.
            "has_se": any(v.standard_error is not None for v in values),
            "unreliable": sum(1 for v in values if v.is_unreliable),
        },
    )


@role_required(*DATA_ROLES)
@require_POST
@feature_required("data.verify")
def submission_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    submission: Submission = get_for_user(
        selectors.submissions_for(request.user), request.user, pk=pk
    )
    user = request.user
    try:
        if action == "ajukan":
            verification.submit(submission=submission, user=user)
            messages.success(request, _("Data diajukan untuk verifikasi."))
        elif action == "verifikasi":
            reason = request.POST.get("unreliable_reason", "").strip()
            n = verification.verify(submission=submission, user=user, unreliable_reason=reason)
            messages.success(request, _("%(n)d nilai terverifikasi dan terkunci.") % {"n": n})
            held = 0 if reason else selectors.unreliable_count(submission)
            if held:
                messages.warning(
                    request,
                    ngettext(
                        "%(n)d perkiraan dengan KV di atas 25 persen tidak diterbitkan.",
                        "%(n)d perkiraan dengan KV di atas 25 persen tidak diterbitkan.",
                        held,
                    )
                    % {"n": held},
                )
        elif action in ("kembalikan", "buka"):
            reason = request.POST.get("reason", "")
            if action == "kembalikan":
                verification.return_submission(submission=submission, user=user, reason=reason)
                messages.success(request, _("Pengajuan dikembalikan kepada pengirim."))
            else:
                n = verification.reopen(submission=submission, user=user, reason=reason)
                messages.success(request, _("%(n)d nilai dibuka kembali.") % {"n": n})
        else:
            raise Http404
    except UserError as exc:
        messages.error(request, str(exc))
    return redirect("datahub:submission", pk=submission.pk)


@role_required(*REVIEW_ROLES)
@feature_required("data.verify")
def review_queue(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "datahub/review_queue.html",
        {
            "active_module": "data",
            "pending": selectors.pending_review(request.user),
            "recent": selectors.submissions_for(request.user).exclude(
                status=SubmissionStatus.SUBMITTED
            )[:30],
        },
    )


@role_required(*REVIEW_ROLES)
@feature_required("data.verify")
def readiness(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "datahub/readiness.html",
        {"active_module": "data", "overview": selectors.readiness_overview(request.user)},
    )
